package snapshot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// maxPatch is the most change-log entries the follower turns into a delta; past it a rebuild
// costs about as much as re-reading every entity named, and holds no lock on the store for longer.
const maxPatch = 512

var (
	// errLargeBatch: more than maxPatch changes to catch up with.
	errLargeBatch = errors.New("more changes than a patch takes")
	// errUnpatchable: a change the follower cannot turn into a delta (a kind it does not know, a
	// key it cannot parse), so it rebuilds instead of guessing.
	errUnpatchable = errors.New("a change cannot be patched")
)

// readDelta reads, in one View, the changes after a revision and every entity they name, whole,
// as of the View's revision: the delta that takes a snapshot at after to that revision. A
// delta whose Revision is after itself carries nothing new. It fails with store.ErrCompacted
// when the log no longer reaches back to after, errLargeBatch when more changes follow after
// than maxPatch entries hold in whole revisions, and errUnpatchable when a change names
// something it cannot re-read.
func readDelta(ctx context.Context, st store.Store, after store.Revision) (*authz.Delta, int, error) {
	var d *authz.Delta
	var n int
	err := st.View(ctx, func(r store.Reader) error {
		changes, err := r.Changes(ctx, after, maxPatch)
		if err != nil {
			return err
		}
		if n = len(changes); n >= maxPatch {
			return errLargeBatch
		}
		// Changes never splits a revision, so fewer entries than asked for can still be a log
		// cut short: the revision that did not fit was left out whole. Only when nothing follows
		// the last revision read is the log read to its end, and the View's revision the one the
		// delta reaches.
		if n > 0 {
			more, err := r.Changes(ctx, changes[n-1].Revision, 1)
			if err != nil {
				return err
			}
			if len(more) > 0 {
				return errLargeBatch
			}
		}
		rev, err := r.Revision(ctx)
		if err != nil {
			return err
		}
		var names named
		for _, c := range changes {
			if err := names.add(c); err != nil {
				return err
			}
		}
		d = &authz.Delta{Revision: int64(rev)}
		return names.read(ctx, r, d)
	})
	if err != nil {
		return nil, n, fmt.Errorf("read changes after revision %d: %w", after, err)
	}
	return d, n, nil
}

// named collects the entities a run of changes names, each once.
type named struct {
	users, groups, roles, policies, workspaces set[string]
	principals                                 set[principal]
}

type principal struct {
	typ authz.PrincipalType
	id  string
}

// set is an insertion-ordered set, so that a delta does not depend on map order.
type set[K comparable] struct {
	seen  map[K]bool
	order []K
}

func (s *set[K]) add(k K) {
	if s.seen == nil {
		s.seen = make(map[K]bool)
	}
	if !s.seen[k] {
		s.seen[k] = true
		s.order = append(s.order, k)
	}
}

// add notes what change c makes the delta re-read.
func (n *named) add(c store.Change) error {
	parts := func(k int) ([]string, error) {
		p := strings.SplitN(c.Key, "/", k)
		if len(p) != k {
			return nil, fmt.Errorf("%w: %s key %q", errUnpatchable, c.Kind, c.Key)
		}
		return p, nil
	}
	switch c.Kind {
	case store.KindUser:
		n.users.add(c.Key)
	case store.KindGroupMember: // a user's groups are part of the user
		p, err := parts(2)
		if err != nil {
			return err
		}
		n.users.add(p[1])
	case store.KindGroup:
		n.groups.add(c.Key)
	case store.KindRole:
		n.roles.add(c.Key)
	case store.KindPolicy:
		n.policies.add(c.Key)
	case store.KindPolicyVersion: // the default version's document is part of the policy
		p, err := parts(2)
		if err != nil {
			return err
		}
		n.policies.add(p[0])
	case store.KindAttachment:
		p, err := parts(5)
		if err != nil {
			return err
		}
		n.principals.add(principal{authz.PrincipalType(p[2]), p[3]})
	case store.KindWorkspace:
		n.workspaces.add(c.Key)
	case store.KindWorkspaceMember, store.KindWorkspaceResource: // part of their workspace
		p, err := parts(2)
		if err != nil {
			return err
		}
		n.workspaces.add(p[0])
	case store.KindAccount, store.KindAccessKey, store.KindLoginProfile, store.KindMFADevice,
		store.KindResourceGroup, store.KindResourceGroupMember, store.KindActivation,
		store.KindServiceCredential, store.KindRoleDeletionTask:
		// Not part of a snapshot: only the revision moves.
	default:
		return fmt.Errorf("%w: kind %q", errUnpatchable, c.Kind)
	}
	return nil
}

// read re-reads every entity noted into d: what exists whole, what does not as deleted.
func (n *named) read(ctx context.Context, r store.Reader, d *authz.Delta) error {
	for _, id := range n.users.order {
		u, err := userState(ctx, r, id)
		switch {
		case gone(err):
			d.DeletedUsers = append(d.DeletedUsers, id)
		case err != nil:
			return err
		default:
			d.Users = append(d.Users, u)
		}
	}
	for _, id := range n.groups.order {
		g, err := r.GetGroup(ctx, id)
		switch {
		case gone(err):
			d.DeletedGroups = append(d.DeletedGroups, id)
		case err != nil:
			return err
		default:
			d.Groups = append(d.Groups, authz.GroupData{ID: g.ID, Name: g.Name})
		}
	}
	for _, id := range n.roles.order {
		ro, err := r.GetRole(ctx, id)
		switch {
		case gone(err):
			d.DeletedRoles = append(d.DeletedRoles, id)
		case err != nil:
			return err
		default:
			d.Roles = append(d.Roles, roleData(ro))
		}
	}
	for _, name := range n.policies.order {
		p, err := policyData(ctx, r, name)
		switch {
		case gone(err):
			d.DeletedPolicies = append(d.DeletedPolicies, name)
		case err != nil:
			return err
		default:
			d.Policies = append(d.Policies, p)
		}
	}
	for _, p := range n.principals.order {
		atts, err := r.ListAttachments(ctx, store.AttachmentFilter{PrincipalType: string(p.typ), PrincipalID: p.id})
		if err != nil {
			return err
		}
		pa := authz.PrincipalAttachments{PrincipalType: p.typ, PrincipalID: p.id}
		for _, a := range atts {
			pa.Attachments = append(pa.Attachments, attachmentData(a))
		}
		d.Attachments = append(d.Attachments, pa)
	}
	for _, id := range n.workspaces.order {
		w, err := workspaceState(ctx, r, id)
		switch {
		case gone(err):
			d.DeletedWorkspaces = append(d.DeletedWorkspaces, id)
		case err != nil:
			return err
		default:
			d.Workspaces = append(d.Workspaces, w)
		}
	}
	return nil
}

func gone(err error) bool { return errors.Is(err, store.ErrNotFound) }

func userState(ctx context.Context, r store.Reader, id string) (authz.UserState, error) {
	u, err := r.GetUser(ctx, id)
	if err != nil {
		return authz.UserState{}, err
	}
	groups, err := r.ListGroupsForUser(ctx, id)
	if err != nil {
		return authz.UserState{}, err
	}
	s := authz.UserState{UserData: authz.UserData{ID: u.ID, Name: u.Name}}
	for _, g := range groups {
		s.Groups = append(s.Groups, g.Group.ID)
	}
	return s, nil
}

// policyData reads a custom policy with the document of its default version.
func policyData(ctx context.Context, r store.Reader, name string) (authz.PolicyData, error) {
	p, err := r.GetPolicy(ctx, name)
	if err != nil {
		return authz.PolicyData{}, err
	}
	v, err := r.GetPolicyVersion(ctx, p.Name, p.DefaultVersion)
	if err != nil {
		// Not "gone": a policy without its default version is no deletion to patch in.
		return authz.PolicyData{}, fmt.Errorf("%w: default version %s of policy %q: %v", errUnpatchable, p.DefaultVersion, p.Name, err)
	}
	return authz.PolicyData{Name: p.Name, Document: v.Document}, nil
}

func roleData(ro store.Role) authz.RoleData {
	return authz.RoleData{ID: ro.ID, Name: ro.Name, TrustPolicy: ro.TrustPolicy}
}

func attachmentData(a store.Attachment) authz.Attachment {
	return authz.Attachment{
		PolicyType:      authz.PolicyType(a.PolicyType),
		PolicyName:      a.PolicyName,
		PrincipalType:   authz.PrincipalType(a.PrincipalType),
		PrincipalID:     a.PrincipalID,
		ResourceGroupID: a.ResourceGroupID,
	}
}

// workspaceState reads a workspace with its members and the resources that carry rights.
func workspaceState(ctx context.Context, r store.Reader, id string) (authz.WorkspaceState, error) {
	w, err := r.GetWorkspace(ctx, id)
	if err != nil {
		return authz.WorkspaceState{}, err
	}
	s := authz.WorkspaceState{WorkspaceData: authz.WorkspaceData{ID: w.ID, ResourceGroupID: w.ResourceGroupID}}
	members, err := r.ListWorkspaceMembers(ctx, id)
	if err != nil {
		return authz.WorkspaceState{}, err
	}
	for _, m := range members {
		s.Members = append(s.Members, workspaceMemberData(m))
	}
	resources, err := r.ListWorkspaceResources(ctx, id)
	if err != nil {
		return authz.WorkspaceState{}, err
	}
	for _, res := range resources {
		if target, ok := dependentTarget(res); ok {
			s.Resources = append(s.Resources, authz.WorkspaceResourceData{WorkspaceID: res.WorkspaceID, Type: res.Type, Target: target})
		}
	}
	return s, nil
}

func workspaceMemberData(m store.WorkspaceMember) authz.WorkspaceMemberData {
	return authz.WorkspaceMemberData{WorkspaceID: m.WorkspaceID, PrincipalType: authz.PrincipalType(m.PrincipalType),
		PrincipalID: m.PrincipalID, Roles: m.Roles}
}
