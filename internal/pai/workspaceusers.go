package pai

import (
	"context"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// ListWorkspaceUsersInput holds ListWorkspaceUsers' parameters.
type ListWorkspaceUsersInput struct {
	RequestID   string
	WorkspaceID string
	// UserName lists only users whose display name (as the API reference describes it) or
	// name contains it, ignoring case.
	UserName string
	UserID   string // only the user with this ID
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
	if in.UserID != "" {
		if err := checkID("UserId", in.UserID); err != nil {
			return nil, err
		}
	}
	k := s.begin(c, "ListWorkspaceUsers", in.RequestID)
	var out []Principal
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
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
	name := strings.ToLower(in.UserName)
	out = slices.DeleteFunc(out, func(p Principal) bool {
		return (in.UserID != "" && p.ID != in.UserID) ||
			(name != "" && !strings.Contains(strings.ToLower(p.DisplayName), name) && !strings.Contains(strings.ToLower(p.Name), name))
	})
	return out, err
}
