package authz

import (
	"slices"
	"sync"

	"github.com/rampart-iam/rampart/policy"
)

// workspaceEntry is one PAI workspace in a snapshot: its members' roles and what the roles'
// dependent-service grants reach.
type workspaceEntry struct {
	id      string
	rg      string
	members map[principalKey]roleSet
	// roles keeps each member's role IDs as stored, for explanations and ListPermissions.
	roles   map[principalKey][]string
	targets workspaceTargets

	grantsCache sync.Map // roleSet → *memberGrants
}

// memberGrants are the compiled dependent-service grants of one set of roles in a workspace.
type memberGrants struct {
	policy *policy.Policy // nil: the roles grant nothing there
	eval   *policy.Evaluator
}

// newWorkspaceEntry indexes one workspace with its members and resources. A workspace is always
// written whole, so its compiled member grants (grantsCache) start afresh whenever its members or
// resources change, and are shared by every snapshot until then.
func newWorkspaceEntry(rp *RolePermissions, ws WorkspaceState) *workspaceEntry {
	w := &workspaceEntry{id: ws.ID, rg: ws.ResourceGroupID,
		members: make(map[principalKey]roleSet, len(ws.Members)), roles: make(map[principalKey][]string, len(ws.Members))}
	for _, m := range ws.Members {
		k := principalKey{m.PrincipalType, m.PrincipalID}
		w.members[k] = rp.set(m.Roles)
		w.roles[k] = slices.Clone(m.Roles)
	}
	for _, r := range ws.Resources {
		switch r.Type {
		case ResourceOSSPath:
			if bucket, stem, ok := ossTarget(r.Target); ok {
				if !slices.Contains(w.targets.buckets, bucket) {
					w.targets.buckets = append(w.targets.buckets, bucket)
				}
				w.targets.objects = append(w.targets.objects, stem)
			}
		case ResourceMaxComputeProject:
			if r.Target != "" {
				w.targets.projects = append(w.targets.projects, r.Target)
			}
		}
	}
	return w
}

// HasWorkspace reports whether the snapshot knows workspace id.
func (s *Snapshot) HasWorkspace(id string) bool {
	_, ok := s.workspaces.get(id)
	return ok
}

// WorkspaceRoles returns the workspace roles caller holds in workspace id as a member (a RAM
// user, or a role session acting as its role); none when it is not a member.
func (s *Snapshot) WorkspaceRoles(caller *Caller, id string) []string {
	w := s.workspaces.at(id)
	k, ok := memberKey(caller)
	if w == nil || !ok {
		return nil
	}
	return slices.Clone(w.roles[k])
}

// RolePermissions returns the role-permission list the snapshot decides with; nil when it has
// none.
func (s *Snapshot) RolePermissions() *RolePermissions { return s.rolePerms }

// memberKey is how a caller appears among workspace members.
func memberKey(c *Caller) (principalKey, bool) {
	switch c.Type {
	case User:
		return principalKey{UserPrincipal, c.ID}, true
	case RoleSession:
		return principalKey{RolePrincipal, c.ID}, true
	}
	return principalKey{}, false
}

// memberGrants returns the compiled dependent-service grants of roles in w.
func (s *Snapshot) memberGrants(w *workspaceEntry, roles roleSet) *memberGrants {
	if g, ok := w.grantsCache.Load(roles); ok {
		return g.(*memberGrants)
	}
	var ids []string
	for i, id := range s.rolePerms.roles {
		if roles&(1<<i) != 0 {
			ids = append(ids, id)
		}
	}
	g := &memberGrants{}
	if doc := grantDocument(s.accountID, MemberServiceGrants(), ids, w.targets); doc != "" {
		// The document is generated from a fixed table and validated names; a failure would be
		// a bug in the table, and grants nothing rather than something unintended.
		if p, err := policy.Parse([]byte(doc), policy.WithName("workspace "+w.id+" member grants"), policy.WithMaxLength(0)); err == nil {
			g.policy, g.eval = p, policy.NewEvaluator(p)
		}
	}
	actual, _ := w.grantsCache.LoadOrStore(roles, g)
	return actual.(*memberGrants)
}
