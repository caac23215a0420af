package pai

import (
	"context"
	"slices"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// Workspace is a workspace as the API shows it.
type Workspace struct {
	ID, Name, DisplayName, Description string
	EnvTypes                           []string
	Status                             string
	Creator                            string // the creator's UID
	ResourceGroupID                    string
	IsDefault                          bool
	CreateTime, ModifiedTime           time.Time
	// AdminNames are the names of the members holding PAI.WorkspaceOwner or PAI.WorkspaceAdmin.
	AdminNames []string
	// Owner is the creator.
	Owner Principal
}

// Principal is a RAM identity as workspaces show it.
type Principal struct {
	ID          string // user or role ID; the account ID for the root
	Name        string // user or role name; "root" for the root
	DisplayName string
	Type        string // store.PrincipalUser, store.PrincipalRole, or "Account"
}

// Member is a workspace member.
type Member struct {
	MemberID    string // "<WorkspaceId>-<UserId>"
	WorkspaceID string
	Principal
	Roles      []string
	CreateTime time.Time
}

// Page selects one page of a list: Number from 1, Size items (0: DefaultPageSize).
type Page struct{ Number, Size int }

// DefaultPageSize is the page size of the List* calls when the request gives none.
const DefaultPageSize = 20

// bounds returns the slice bounds of the page in a list of n items.
func (s *Service) bounds(p Page, n int) (lo, hi int, err error) {
	if p.Number == 0 {
		p.Number = 1
	}
	if p.Size == 0 {
		p.Size = DefaultPageSize
	}
	if p.Number < 1 {
		return 0, 0, invalid("PageNumber", "a number from 1")
	}
	if p.Size < 1 || p.Size > s.limits.PageSize {
		return 0, 0, invalid("PageSize", "a number from 1 to %d", s.limits.PageSize)
	}
	// A page past the end is empty; the skip is compared before it is multiplied, so that a
	// PageNumber near the largest int cannot overflow into a negative bound.
	lo = n
	if skip := p.Number - 1; skip <= n/p.Size {
		lo = min(skip*p.Size, n)
	}
	return lo, min(lo+p.Size, n), nil
}

// memberID is the API's MemberId of principal id in workspace ws.
func memberID(ws, id string) string { return ws + "-" + id }

// principal looks up who id is: a user or a role of the account, or the root. ok is false for
// an identity that no longer exists.
func (s *Service) principal(ctx context.Context, r store.Reader, typ, id string) (Principal, bool, error) {
	switch typ {
	case store.PrincipalUser:
		u, err := r.GetUser(ctx, id)
		if notFound(err) {
			return Principal{ID: id, Type: typ}, false, nil
		}
		if err != nil {
			return Principal{}, false, wrapf(err, "read user %s", id)
		}
		return Principal{ID: id, Name: u.Name, DisplayName: u.DisplayName, Type: typ}, true, nil
	case store.PrincipalRole:
		ro, err := r.GetRole(ctx, id)
		if notFound(err) {
			return Principal{ID: id, Type: typ}, false, nil
		}
		if err != nil {
			return Principal{}, false, wrapf(err, "read role %s", id)
		}
		return Principal{ID: id, Name: ro.Name, DisplayName: ro.Name, Type: typ}, true, nil
	}
	return Principal{ID: id, Name: "root", DisplayName: "root", Type: "Account"}, true, nil
}

// creatorPrincipal finds the creator of a workspace from its UID.
func (s *Service) creatorPrincipal(ctx context.Context, r store.Reader, uid string) (Principal, error) {
	if uid == s.accountID() {
		p, _, err := s.principal(ctx, r, "Account", uid)
		p.ID = uid
		return p, err
	}
	p, ok, err := s.principal(ctx, r, store.PrincipalUser, uid)
	if err != nil || ok {
		return p, err
	}
	p, _, err = s.principal(ctx, r, store.PrincipalRole, uid)
	return p, err
}

// workspaceView is a workspace as the API shows it, with its administrators and owner.
func (s *Service) workspaceView(ctx context.Context, r store.Reader, w store.Workspace) (Workspace, error) {
	v := Workspace{ID: w.ID, Name: w.Name, DisplayName: w.DisplayName, Description: w.Description,
		EnvTypes: slices.Clone(w.EnvTypes), Status: w.Status, Creator: w.CreatorID, ResourceGroupID: w.ResourceGroupID,
		IsDefault: w.IsDefault, CreateTime: w.CreateDate, ModifiedTime: w.UpdateDate}
	members, err := s.members(ctx, r, w.ID)
	if err != nil {
		return Workspace{}, err
	}
	for _, m := range members {
		if slices.Contains(m.Roles, RoleOwner) || slices.Contains(m.Roles, RoleAdmin) {
			v.AdminNames = append(v.AdminNames, m.Name)
		}
	}
	if v.Owner, err = s.creatorPrincipal(ctx, r, w.CreatorID); err != nil {
		return Workspace{}, err
	}
	return v, nil
}

// members lists a workspace's members whose identities still exist.
func (s *Service) members(ctx context.Context, r store.Reader, ws string) ([]Member, error) {
	ms, err := r.ListWorkspaceMembers(ctx, ws)
	if err != nil {
		return nil, wrapf(err, "list members of workspace %s", ws)
	}
	out := make([]Member, 0, len(ms))
	for _, m := range ms {
		p, ok, err := s.principal(ctx, r, m.PrincipalType, m.PrincipalID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, Member{MemberID: memberID(ws, m.PrincipalID), WorkspaceID: ws, Principal: p,
				Roles: slices.Clone(m.Roles), CreateTime: m.CreateDate})
		}
	}
	return out, nil
}
