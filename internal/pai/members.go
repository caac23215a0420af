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
	err := s.write(ctx, k, func(tx store.Tx) error {
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
		k.detail = "members " + strings.Join(memberIDs(out), ",")
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

// ListMembersInput holds ListMembers' query.
type ListMembersInput struct {
	RequestID   string
	WorkspaceID string
	Roles       []string // only members holding one of these roles
	MemberName  string   // only members whose name contains it, ignoring case
	Page
}

// MemberList is one page of members.
type MemberList struct {
	TotalCount int
	Members    []Member
}

// ListMembers lists a workspace's members (paiworkspace:ListMembers; every workspace role).
func (s *Service) ListMembers(ctx context.Context, c *authz.Caller, in ListMembersInput) (MemberList, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return MemberList{}, err
	}
	for _, r := range in.Roles {
		if err := s.checkRole("Roles", r); err != nil {
			return MemberList{}, err
		}
	}
	if err := checkText("MemberName", in.MemberName, maxMemberName); err != nil {
		return MemberList{}, err
	}
	k := s.begin(c, "ListMembers", in.RequestID)
	var out MemberList
	err := s.read(ctx, k, func(r store.Reader) error {
		w, err := s.workspace(ctx, k, r, in.WorkspaceID)
		if err != nil {
			return err
		}
		all, err := s.members(ctx, r, w.ID)
		if err != nil {
			return err
		}
		var ms []Member
		for _, m := range all {
			if len(in.Roles) > 0 && !slices.ContainsFunc(m.Roles, func(r string) bool { return slices.Contains(in.Roles, r) }) {
				continue
			}
			if in.MemberName != "" && !strings.Contains(strings.ToLower(m.Name), strings.ToLower(in.MemberName)) {
				continue
			}
			ms = append(ms, m)
		}
		lo, hi, err := s.bounds(in.Page, len(ms))
		if err != nil {
			return err
		}
		out = MemberList{TotalCount: len(ms), Members: ms[lo:hi]}
		return nil
	})
	return out, err
}

// GetMemberInput names a member by its UserId (or its MemberId).
type GetMemberInput struct {
	RequestID   string
	WorkspaceID string
	UserID      string
	MemberID    string
}

// GetMember returns one member (paiworkspace:GetMember; every workspace role).
func (s *Service) GetMember(ctx context.Context, c *authz.Caller, in GetMemberInput) (Member, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return Member{}, err
	}
	id := in.UserID
	if id == "" && in.MemberID != "" {
		id = principalOf(in.WorkspaceID, in.MemberID)
	}
	if err := checkID("UserId", id); err != nil {
		return Member{}, err
	}
	k := s.begin(c, "GetMember", in.RequestID)
	var out Member
	err := s.read(ctx, k, func(r store.Reader) error {
		w, err := s.workspace(ctx, k, r, in.WorkspaceID)
		if err != nil {
			return err
		}
		out, err = s.member(ctx, r, w.ID, id)
		return err
	})
	return out, err
}

// member reads one member whose identity still exists.
func (s *Service) member(ctx context.Context, r store.Reader, ws, id string) (Member, error) {
	m, err := r.GetWorkspaceMember(ctx, ws, id)
	if notFound(err) {
		return Member{}, errNoMember()
	}
	if err != nil {
		return Member{}, wrapf(err, "read member %s", id)
	}
	p, ok, err := s.principal(ctx, r, m.PrincipalType, m.PrincipalID)
	if err != nil {
		return Member{}, err
	}
	if !ok {
		return Member{}, errNoMember()
	}
	return Member{MemberID: memberID(ws, id), WorkspaceID: ws, Principal: p, Roles: m.Roles, CreateTime: m.CreateDate}, nil
}

// principalOf is the principal ID in a MemberId ("<WorkspaceId>-<UserId>"); a bare UserId is
// accepted too.
func principalOf(ws, memberID string) string {
	if id, ok := strings.CutPrefix(memberID, ws+"-"); ok {
		return id
	}
	return memberID
}

// DeleteMembersInput holds DeleteMembers' parameters.
type DeleteMembersInput struct {
	RequestID   string
	WorkspaceID string
	MemberIDs   []string
}

// DeleteMembers removes members from a workspace, all or none
// (paiworkspace:DeleteMembers; owners and administrators).
func (s *Service) DeleteMembers(ctx context.Context, c *authz.Caller, in DeleteMembersInput) error {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return err
	}
	switch {
	case len(in.MemberIDs) == 0:
		return missing("MemberIds")
	case len(in.MemberIDs) > s.limits.MembersPerCall:
		return invalid("MemberIds", "at most %d members per call", s.limits.MembersPerCall)
	}
	for _, id := range in.MemberIDs {
		if err := checkID("MemberIds", id); err != nil {
			return err
		}
	}
	k := s.begin(c, "DeleteMembers", in.RequestID)
	k.detail = "members " + strings.Join(in.MemberIDs, ",")
	return s.write(ctx, k, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		for _, mid := range in.MemberIDs {
			id := principalOf(w.ID, mid)
			if _, err := s.member(ctx, tx, w.ID, id); err != nil {
				return err
			}
			if err := tx.DeleteWorkspaceMember(ctx, w.ID, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// MemberRoleInput names a member and a role.
type MemberRoleInput struct {
	RequestID   string
	WorkspaceID string
	MemberID    string
	RoleName    string
}

// AddMemberRole gives a member one more role; giving a role it holds changes nothing
// (paiworkspace:AddMemberRole; owners and administrators).
func (s *Service) AddMemberRole(ctx context.Context, c *authz.Caller, in MemberRoleInput) error {
	return s.changeRole(ctx, c, "AddMemberRole", in, func(roles []string) ([]string, error) {
		if slices.Contains(roles, in.RoleName) {
			return roles, nil
		}
		return s.sortRoles(append(roles, in.RoleName)), nil
	})
}

// RemoveMemberRole takes a role from a member; a member keeps at least one
// (paiworkspace:RemoveMemberRole; owners and administrators).
func (s *Service) RemoveMemberRole(ctx context.Context, c *authz.Caller, in MemberRoleInput) error {
	return s.changeRole(ctx, c, "RemoveMemberRole", in, func(roles []string) ([]string, error) {
		i := slices.Index(roles, in.RoleName)
		switch {
		case i < 0:
			return nil, errNoMemberRole(in.RoleName)
		case len(roles) == 1:
			return nil, errLastRole()
		}
		return slices.Delete(roles, i, i+1), nil
	})
}

func (s *Service) changeRole(ctx context.Context, c *authz.Caller, action string, in MemberRoleInput, change func([]string) ([]string, error)) error {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return err
	}
	if err := checkID("MemberId", in.MemberID); err != nil {
		return err
	}
	if err := s.checkRole("RoleName", in.RoleName); err != nil {
		return err
	}
	k := s.begin(c, action, in.RequestID)
	k.detail = "member " + in.MemberID + " role " + in.RoleName
	return s.write(ctx, k, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		m, err := s.member(ctx, tx, w.ID, principalOf(w.ID, in.MemberID))
		if err != nil {
			return err
		}
		roles, err := change(slices.Clone(m.Roles))
		if err != nil {
			return err
		}
		return tx.UpdateWorkspaceMember(ctx, store.WorkspaceMember{WorkspaceID: w.ID, PrincipalType: m.Type,
			PrincipalID: m.ID, Roles: roles, CreateDate: m.CreateTime})
	})
}

// ListWorkspaceUsersInput holds ListWorkspaceUsers' parameters.
type ListWorkspaceUsersInput struct {
	RequestID   string
	WorkspaceID string
	UserName    string // only users whose name contains it, ignoring case
}

// ListWorkspaceUsers lists the account's RAM users that are not members of the workspace, the
// candidates for CreateMember (paiworkspace:ListWorkspaceUsers; every workspace role).
func (s *Service) ListWorkspaceUsers(ctx context.Context, c *authz.Caller, in ListWorkspaceUsersInput) ([]Principal, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return nil, err
	}
	if err := checkText("UserName", in.UserName, maxMemberName); err != nil {
		return nil, err
	}
	k := s.begin(c, "ListWorkspaceUsers", in.RequestID)
	var out []Principal
	err := s.read(ctx, k, func(r store.Reader) error {
		w, err := s.workspace(ctx, k, r, in.WorkspaceID)
		if err != nil {
			return err
		}
		members, err := r.ListWorkspaceMembers(ctx, w.ID)
		if err != nil {
			return wrapf(err, "list members of workspace %s", w.ID)
		}
		member := map[string]bool{}
		for _, m := range members {
			member[m.PrincipalID] = true
		}
		users, _, err := r.ListUsers(ctx, store.Page{})
		if err != nil {
			return wrapf(err, "list users")
		}
		for _, u := range users {
			if !member[u.ID] {
				out = append(out, Principal{ID: u.ID, Name: u.Name, DisplayName: u.DisplayName, Type: store.PrincipalUser})
			}
		}
		return nil
	})
	if in.UserName != "" {
		out = slices.DeleteFunc(out, func(p Principal) bool {
			return !strings.Contains(strings.ToLower(p.Name), strings.ToLower(in.UserName))
		})
	}
	return out, err
}
