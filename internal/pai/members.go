package pai

import (
	"context"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/store"
)

// NewMember is one entry of CreateMember's Members: a RAM user's or role's ID (several,
// comma-separated, get the same roles) and the roles to give.
type NewMember struct {
	UserID string
	Roles  []string
}

// CreateMemberInput holds CreateMember's parameters.
type CreateMemberInput struct {
	RequestID   string
	WorkspaceID string
	Members     []NewMember
}

// CreateMember adds RAM users or roles to a workspace with one or more roles each
// (paiworkspace:CreateMember; owners and administrators).
func (s *Service) CreateMember(ctx context.Context, c *authz.Caller, in CreateMemberInput) ([]Member, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return nil, err
	}
	type entry struct {
		id    string
		roles []string
	}
	var entries []entry
	seen := map[string]bool{}
	for _, m := range in.Members {
		ids := splitList(m.UserID)
		if len(ids) == 0 {
			return nil, missing("Members.UserId")
		}
		if len(m.Roles) == 0 {
			return nil, missing("Members.Roles")
		}
		roles, err := s.roleList("Members.Roles", m.Roles)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if err := checkID("Members.UserId", id); err != nil {
				return nil, err
			}
			if seen[id] {
				return nil, invalid("Members.UserId", "%s is listed twice", id)
			}
			seen[id] = true
			entries = append(entries, entry{id, roles})
		}
	}
	switch {
	case len(entries) == 0:
		return nil, missing("Members")
	case len(entries) > s.limits.MembersPerCall:
		return nil, invalid("Members", "at most %d members per call", s.limits.MembersPerCall)
	}
	k := s.begin(c, "CreateMember", in.RequestID)
	var out []Member
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		n, err := tx.CountWorkspaceMembers(ctx, w.ID)
		if err != nil {
			return wrapf(err, "count members of workspace %s", w.ID)
		}
		if n+len(entries) > s.limits.MembersPerWorkspace {
			return limitExceeded("LimitExceeded.Workspace.Member", "members of a workspace", s.limits.MembersPerWorkspace)
		}
		now := s.clock()
		for _, e := range entries {
			p, err := s.findPrincipal(ctx, tx, e.id)
			if err != nil {
				return err
			}
			if _, err := tx.GetWorkspaceMember(ctx, w.ID, e.id); !notFound(err) {
				if err != nil {
					return wrapf(err, "read member %s", e.id)
				}
				return errMemberExists(e.id)
			}
			m := store.WorkspaceMember{WorkspaceID: w.ID, PrincipalType: p.Type, PrincipalID: e.id, Roles: e.roles, CreateDate: now}
			if err := tx.CreateWorkspaceMember(ctx, m); err != nil {
				return err
			}
			out = append(out, Member{MemberID: memberID(w.ID, e.id), WorkspaceID: w.ID, Principal: p, Roles: slices.Clone(e.roles), CreateTime: now})
		}
		k.Detail = "members " + strings.Join(memberIDs(out), ",")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func memberIDs(ms []Member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.MemberID
	}
	return out
}

// roleList validates role IDs and returns them without repeats, in the catalog's order.
func (s *Service) roleList(param string, roles []string) ([]string, error) {
	var out []string
	for _, r := range roles {
		if err := s.checkRole(param, r); err != nil {
			return nil, err
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return s.sortRoles(out), nil
}

// sortRoles orders role IDs as the catalog lists them.
func (s *Service) sortRoles(roles []string) []string {
	order := s.catalog.WorkspaceRoles()
	rank := func(id string) int {
		return slices.IndexFunc(order, func(r catalog.WorkspaceRole) bool { return r.ID == id })
	}
	slices.SortStableFunc(roles, func(a, b string) int { return rank(a) - rank(b) })
	return roles
}

// findPrincipal finds the RAM user or role with this ID.
func (s *Service) findPrincipal(ctx context.Context, r store.Reader, id string) (Principal, error) {
	p, ok, err := s.principal(ctx, r, store.PrincipalUser, id)
	if err != nil || ok {
		return p, err
	}
	p, ok, err = s.principal(ctx, r, store.PrincipalRole, id)
	if err != nil || ok {
		return p, err
	}
	return Principal{}, errNoPrincipal(id)
}
