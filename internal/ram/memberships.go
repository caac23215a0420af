package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// membership finds the user and the group of a MembershipInput and authorizes the call on both
// (RAM authorizes AddUserToGroup and RemoveUserFromGroup on the user and on the group).
func (k *call) membership(ctx context.Context, r store.Reader, in MembershipInput) (store.User, store.Group, error) {
	account := k.s.accountID()
	u, userARN, err := findUser(ctx, r, account, in.UserName)
	if err != nil {
		return store.User{}, store.Group{}, err
	}
	g, groupARN, err := findGroup(ctx, r, account, in.GroupName)
	if err != nil {
		return store.User{}, store.Group{}, err
	}
	if err := k.allow(userARN, groupARN); err != nil {
		return store.User{}, store.Group{}, err
	}
	if g.ID == "" {
		return store.User{}, store.Group{}, errNoGroup()
	}
	if u.ID == "" {
		return store.User{}, store.Group{}, errNoUser()
	}
	return u, g, nil
}

func (s *Service) checkMembership(in MembershipInput) error {
	if err := s.checkGroupName("GroupName", in.GroupName); err != nil {
		return err
	}
	return checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar)
}

// AddUserToGroup adds a user to a group (ram:AddUserToGroup on the user and the group). A user
// belongs to at most Limits.GroupsPerUser groups (LimitExceeded.User.Group).
func (s *Service) AddUserToGroup(ctx context.Context, c *authz.Caller, in MembershipInput) error {
	if err := s.checkMembership(in); err != nil {
		return err
	}
	k := s.begin(c, "ram:AddUserToGroup", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		u, g, err := k.membership(ctx, tx, in)
		if err != nil {
			return err
		}
		k.Target = groupARN(s.accountID(), g.Name)
		joined, err := tx.ListGroupsForUser(ctx, u.ID)
		if err != nil {
			return wrapf(err, "list groups of user %s", u.ID)
		}
		for _, j := range joined {
			if j.Group.ID == g.ID {
				return alreadyExists("EntityAlreadyExists.User.Group", "The user is already in the group.")
			}
		}
		if len(joined) >= s.limits.GroupsPerUser {
			return limitExceeded("LimitExceeded.User.Group", "groups a user can join", s.limits.GroupsPerUser)
		}
		return tx.AddUserToGroup(ctx, store.Membership{GroupID: g.ID, UserID: u.ID, JoinDate: s.clock()})
	})
}

// RemoveUserFromGroup removes a user from a group (ram:RemoveUserFromGroup on the user and the
// group); EntityNotExist.User.Group when the user is not in it.
func (s *Service) RemoveUserFromGroup(ctx context.Context, c *authz.Caller, in MembershipInput) error {
	if err := s.checkMembership(in); err != nil {
		return err
	}
	k := s.begin(c, "ram:RemoveUserFromGroup", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		u, g, err := k.membership(ctx, tx, in)
		if err != nil {
			return err
		}
		k.Target = groupARN(s.accountID(), g.Name)
		if err := tx.RemoveUserFromGroup(ctx, g.ID, u.ID); notFound(err) {
			return notExist("EntityNotExist.User.Group", "The user is not in the group.")
		} else if err != nil {
			return err
		}
		return nil
	})
}

// ListGroupsForUser lists the groups a user belongs to (ram:ListGroupsForUser on the user).
func (s *Service) ListGroupsForUser(ctx context.Context, c *authz.Caller, in UserInput) ([]UserGroup, error) {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return nil, err
	}
	k := s.begin(c, "ram:ListGroupsForUser", in.RequestID)
	var out []UserGroup
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		u, err := k.user(ctx, r, in.UserName)
		if err != nil {
			return err
		}
		joined, err := r.ListGroupsForUser(ctx, u.ID)
		if err != nil {
			return wrapf(err, "list groups of user %s", u.ID)
		}
		for _, j := range joined {
			out = append(out, UserGroup{Group: groupView(j.Group), JoinDate: j.JoinDate})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListUsersForGroup lists a group's users by name, one page at a time (ram:ListUsersForGroup
// on the group).
func (s *Service) ListUsersForGroup(ctx context.Context, c *authz.Caller, in ListUsersForGroupInput) (Page[GroupMember], error) {
	if err := s.checkGroupName("GroupName", in.GroupName); err != nil {
		return Page[GroupMember]{}, err
	}
	limit, err := pageLimit(in.MaxItems, in.Marker)
	if err != nil {
		return Page[GroupMember]{}, err
	}
	k := s.begin(c, "ram:ListUsersForGroup", in.RequestID)
	var out Page[GroupMember]
	err = s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		g, err := k.group(ctx, r, in.GroupName)
		if err != nil {
			return err
		}
		members, next, err := r.ListUsersForGroup(ctx, g.ID, store.Page{Marker: in.Marker, Limit: limit})
		if err != nil {
			return wrapf(err, "list users of group %s", g.ID)
		}
		out.Marker = next
		for _, m := range members {
			out.Items = append(out.Items, GroupMember{User: userView(m.User), JoinDate: m.JoinDate})
		}
		return nil
	})
	if err != nil {
		return Page[GroupMember]{}, err
	}
	return out, nil
}
