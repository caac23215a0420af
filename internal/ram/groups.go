package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// CreateGroupInput holds CreateGroup's parameters.
type CreateGroupInput struct {
	RequestID string
	GroupName string
	Comments  string
}

// UpdateGroupInput holds UpdateGroup's parameters; empty New* fields are left as they are.
type UpdateGroupInput struct {
	RequestID    string
	GroupName    string
	NewGroupName string
	NewComments  string
}

// MembershipInput names a user and a group (AddUserToGroup, RemoveUserFromGroup).
type MembershipInput struct {
	RequestID string
	GroupName string
	UserName  string
}

// ListUsersForGroupInput holds ListUsersForGroup's parameters; see PageInput for paging.
type ListUsersForGroupInput struct {
	RequestID string
	GroupName string
	Marker    string
	MaxItems  int
}

func (s *Service) checkGroupName(param, name string) error {
	return checkName(param, name, s.limits.GroupNameLength, userNameChar)
}

// CreateGroup creates a user group (ram:CreateGroup on group/*).
func (s *Service) CreateGroup(ctx context.Context, c *authz.Caller, in CreateGroupInput) (Group, error) {
	if err := s.checkGroupName("GroupName", in.GroupName); err != nil {
		return Group{}, err
	}
	if err := checkText("Comments", in.Comments, s.limits.CommentsLength); err != nil {
		return Group{}, err
	}
	account, now := s.accountID(), s.clock()
	g := store.Group{ID: s.ids.EntityID(), Name: in.GroupName, Comments: in.Comments, CreateDate: now, UpdateDate: now}
	k := s.begin(c, "ram:CreateGroup", in.RequestID)
	k.Target = groupARN(account, g.Name)
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := k.allow(groupARN(account, "*")); err != nil {
			return err
		}
		if _, err := tx.GetGroupByName(ctx, g.Name); !notFound(err) {
			if err != nil {
				return wrapf(err, "read group %q", g.Name)
			}
			return alreadyExists("EntityAlreadyExists.Group", "The group does already EXIST.")
		}
		n, err := tx.CountGroups(ctx)
		if err != nil {
			return wrapf(err, "count groups")
		}
		if n >= s.limits.Groups {
			return limitExceeded("LimitExceeded.Group", "groups", s.limits.Groups)
		}
		return tx.CreateGroup(ctx, g)
	})
	if err != nil {
		return Group{}, err
	}
	return groupView(g), nil
}

// GetGroup returns a group (ram:GetGroup on group/<name>).
func (s *Service) GetGroup(ctx context.Context, c *authz.Caller, in GroupInput) (Group, error) {
	if err := s.checkGroupName("GroupName", in.GroupName); err != nil {
		return Group{}, err
	}
	k := s.begin(c, "ram:GetGroup", in.RequestID)
	var g store.Group
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) (err error) {
		g, err = k.group(ctx, r, in.GroupName)
		return err
	})
	if err != nil {
		return Group{}, err
	}
	return groupView(g), nil
}

// UpdateGroup renames a group or changes its comments (ram:UpdateGroup on group/<name>).
func (s *Service) UpdateGroup(ctx context.Context, c *authz.Caller, in UpdateGroupInput) (Group, error) {
	if err := s.checkGroupName("GroupName", in.GroupName); err != nil {
		return Group{}, err
	}
	if in.NewGroupName != "" {
		if err := s.checkGroupName("NewGroupName", in.NewGroupName); err != nil {
			return Group{}, err
		}
	}
	if err := checkText("NewComments", in.NewComments, s.limits.CommentsLength); err != nil {
		return Group{}, err
	}
	k := s.begin(c, "ram:UpdateGroup", in.RequestID)
	var g store.Group
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) (err error) {
		if g, err = k.group(ctx, tx, in.GroupName); err != nil {
			return err
		}
		if in.NewGroupName != "" {
			if other, err := tx.GetGroupByName(ctx, in.NewGroupName); err == nil && other.ID != g.ID {
				return alreadyExists("EntityAlreadyExists.Group", "The group does already EXIST.")
			} else if err != nil && !notFound(err) {
				return wrapf(err, "read group %q", in.NewGroupName)
			}
			g.Name = in.NewGroupName
		}
		setIf(&g.Comments, in.NewComments)
		g.UpdateDate = s.clock()
		return tx.UpdateGroup(ctx, g)
	})
	if err != nil {
		return Group{}, err
	}
	return groupView(g), nil
}

// DeleteGroup deletes a group without members or policies (ram:DeleteGroup on group/<name>);
// otherwise DeleteConflict.Group.User or DeleteConflict.Group.Policy.
func (s *Service) DeleteGroup(ctx context.Context, c *authz.Caller, in GroupInput) error {
	if err := s.checkGroupName("GroupName", in.GroupName); err != nil {
		return err
	}
	k := s.begin(c, "ram:DeleteGroup", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		g, err := k.group(ctx, tx, in.GroupName)
		if err != nil {
			return err
		}
		if n, err := tx.CountUsersForGroup(ctx, g.ID); err != nil || n > 0 {
			return conflictOr(err, "DeleteConflict.Group.User", "The group still has users.")
		}
		n, err := tx.CountAttachments(ctx, store.AttachmentFilter{PrincipalType: store.PrincipalGroup, PrincipalID: g.ID})
		if err != nil || n > 0 {
			return conflictOr(err, "DeleteConflict.Group.Policy", "The group still has policies attached.")
		}
		return tx.DeleteGroup(ctx, g.ID)
	})
}

// ListGroups lists groups by name, one page at a time (ram:ListGroups on group/*).
func (s *Service) ListGroups(ctx context.Context, c *authz.Caller, in PageInput) (Page[Group], error) {
	limit, err := pageLimit(in.MaxItems, in.Marker)
	if err != nil {
		return Page[Group]{}, err
	}
	k := s.begin(c, "ram:ListGroups", in.RequestID)
	var out Page[Group]
	err = s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		if err := k.allow(groupARN(s.accountID(), "*")); err != nil || filteredByTags(in.Tags) {
			return err
		}
		groups, next, err := r.ListGroups(ctx, store.Page{Marker: in.Marker, Limit: limit})
		if err != nil {
			return wrapf(err, "list groups")
		}
		out.Marker = next
		for _, g := range groups {
			out.Items = append(out.Items, groupView(g))
		}
		return nil
	})
	if err != nil {
		return Page[Group]{}, err
	}
	return out, nil
}
