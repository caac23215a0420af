package pai

import (
	"context"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
)

// DeleteMembersInput holds DeleteMembers' parameters.
type DeleteMembersInput struct {
	RequestID   string
	WorkspaceID string
	MemberIDs   []string
}

// DeleteMembers removes members from a workspace, all or none
// (paiworkspace:DeleteMembers; owners and administrators). The workspace's owner, its creator,
// is not removed: PAI answers "Owner not allowed to delete" (the API reference's example).
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
	seen := map[string]bool{}
	for _, id := range in.MemberIDs {
		if err := checkID("MemberIds", id); err != nil {
			return err
		}
		// A MemberId and the bare UserId name the same member.
		p := principalOf(in.WorkspaceID, id)
		if seen[p] {
			return invalid("MemberIds", "%s is listed twice", id)
		}
		seen[p] = true
	}
	k := s.begin(c, "DeleteMembers", in.RequestID)
	k.Detail = "members " + strings.Join(in.MemberIDs, ",")
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		for _, mid := range in.MemberIDs {
			id := principalOf(w.ID, mid)
			if _, err := s.member(ctx, tx, w.ID, id); err != nil {
				return err
			}
			if id == w.CreatorID {
				return errOwnerMember()
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
	k.Detail = "member " + in.MemberID + " role " + in.RoleName
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
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

// MemberRolesInput names a member and every role it is to hold.
type MemberRolesInput struct {
	RequestID   string
	WorkspaceID string
	MemberID    string
	Roles       []string
}

// SetMemberRoles gives a member exactly the roles listed, all or nothing: what AddMemberRole
// and RemoveMemberRole would do one role at a time (the console's "Change Roles"), in one
// transaction, so a role refused or not allowed leaves the member as it was. It is authorized
// and audited as the calls it stands for: paiworkspace:AddMemberRole for each role it gives,
// paiworkspace:RemoveMemberRole for each it takes away. A member keeps at least one role.
func (s *Service) SetMemberRoles(ctx context.Context, c *authz.Caller, in MemberRolesInput) error {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return err
	}
	if err := checkID("MemberId", in.MemberID); err != nil {
		return err
	}
	if len(in.Roles) == 0 {
		return missing("Roles")
	}
	want, err := s.roleList("Roles", in.Roles)
	if err != nil {
		return err
	}
	// k probes the workspace and the member as AddMemberRole (or RemoveMemberRole, which
	// lets the caller learn as much); then it is each change in turn (operation.Op.Then), so
	// that a denial is audited as the change refused and a success as every change, or as the
	// probe when nothing changes (as AddMemberRole of a role held).
	k := s.begin(c, "AddMemberRole", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if errs.KindOf(err) == errs.Denied {
			remove := s.begin(c, "RemoveMemberRole", in.RequestID)
			if w2, rerr := s.workspace(ctx, remove, tx, in.WorkspaceID); errs.KindOf(rerr) != errs.Denied {
				w, err, k.Op = w2, rerr, remove.Op
			}
		}
		if err != nil {
			return err
		}
		m, err := s.member(ctx, tx, w.ID, principalOf(w.ID, in.MemberID))
		if err != nil {
			return err
		}
		type change struct{ action, role string }
		var changes []change
		for _, r := range want {
			if !slices.Contains(m.Roles, r) {
				changes = append(changes, change{"AddMemberRole", r})
			}
		}
		for _, r := range m.Roles {
			if !slices.Contains(want, r) {
				changes = append(changes, change{"RemoveMemberRole", r})
			}
		}
		if len(changes) == 0 {
			k.Detail = "member " + in.MemberID + " roles unchanged"
			return nil
		}
		for i, ch := range changes {
			one := s.begin(c, ch.action, in.RequestID).Op
			one.Detail = "member " + in.MemberID + " role " + ch.role
			if i == 0 {
				k.Op = one // the probe is none of the calls
			} else {
				k.Then(one)
			}
			if err := k.allowIn(w.ID, w.ResourceGroupID); err != nil {
				return err
			}
		}
		return tx.UpdateWorkspaceMember(ctx, store.WorkspaceMember{WorkspaceID: w.ID, PrincipalType: m.Type,
			PrincipalID: m.ID, Roles: want, CreateDate: m.CreateTime})
	})
}
