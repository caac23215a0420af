package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testGroups(t *testing.T, s store.Store) {
	alice, bob := newUser("u1", "alice"), newUser("u2", "bob")
	devs, ops := newGroup("g1", "devs"), newGroup("g2", "Ops")
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		for _, u := range []store.User{alice, bob} {
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
		}
		for _, g := range []store.Group{devs, ops} {
			if err := tx.CreateGroup(ctx, g); err != nil {
				return err
			}
		}
		for _, m := range []store.Membership{
			{GroupID: "g1", UserID: "u2", JoinDate: at(7)},
			{GroupID: "g1", UserID: "u1", JoinDate: at(8)},
			{GroupID: "g2", UserID: "u1", JoinDate: at(9)},
		} {
			if err := tx.AddUserToGroup(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})

	view(t, s, func(ctx context.Context, r store.Reader) error {
		g, err := r.GetGroup(ctx, "g2")
		if err != nil {
			return err
		}
		same(t, "GetGroup", g, ops)
		g, err = r.GetGroupByName(ctx, "OPS")
		if err != nil {
			return err
		}
		same(t, "GetGroupByName", g, ops)
		groups, _, err := r.ListGroups(ctx, store.Page{})
		if err != nil {
			return err
		}
		same(t, "ListGroups", groups, []store.Group{devs, ops})
		n, err := r.CountGroups(ctx)
		if err != nil {
			return err
		}
		same(t, "CountGroups", n, 2)

		ug, err := r.ListGroupsForUser(ctx, "u1")
		if err != nil {
			return err
		}
		same(t, "ListGroupsForUser", ug, []store.UserGroup{{Group: devs, JoinDate: at(8)}, {Group: ops, JoinDate: at(9)}})
		members, next, err := r.ListUsersForGroup(ctx, "g1", store.Page{})
		if err != nil {
			return err
		}
		same(t, "ListUsersForGroup", members, []store.GroupMember{{User: alice, JoinDate: at(8)}, {User: bob, JoinDate: at(7)}})
		same(t, "ListUsersForGroup next", next, "")
		members, next, err = r.ListUsersForGroup(ctx, "g1", store.Page{Limit: 1})
		if err != nil {
			return err
		}
		same(t, "ListUsersForGroup page 1", members, []store.GroupMember{{User: alice, JoinDate: at(8)}})
		members, next, err = r.ListUsersForGroup(ctx, "g1", store.Page{Marker: next, Limit: 1})
		if err != nil {
			return err
		}
		same(t, "ListUsersForGroup page 2", members, []store.GroupMember{{User: bob, JoinDate: at(7)}})
		same(t, "ListUsersForGroup page 2 next", next, "")

		for _, c := range []struct {
			what string
			fn   func() (int, error)
			want int
		}{
			{"CountGroupsForUser(u1)", func() (int, error) { return r.CountGroupsForUser(ctx, "u1") }, 2},
			{"CountGroupsForUser(u2)", func() (int, error) { return r.CountGroupsForUser(ctx, "u2") }, 1},
			{"CountUsersForGroup(g1)", func() (int, error) { return r.CountUsersForGroup(ctx, "g1") }, 2},
			{"CountUsersForGroup(g2)", func() (int, error) { return r.CountUsersForGroup(ctx, "g2") }, 1},
		} {
			n, err := c.fn()
			if err != nil {
				return err
			}
			same(t, c.what, n, c.want)
		}
		ms, err := r.ListMemberships(ctx)
		if err != nil {
			return err
		}
		same(t, "ListMemberships", ms, []store.Membership{
			{GroupID: "g1", UserID: "u1", JoinDate: at(8)},
			{GroupID: "g1", UserID: "u2", JoinDate: at(7)},
			{GroupID: "g2", UserID: "u1", JoinDate: at(9)},
		})
		return nil
	})

	changed := store.Group{ID: "g2", Name: "ops", Comments: "on call", CreateDate: at(60), UpdateDate: at(11)}
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.UpdateGroup(ctx, changed); err != nil {
			return err
		}
		if err := tx.RemoveUserFromGroup(ctx, "g2", "u1"); err != nil {
			return err
		}
		return tx.DeleteGroup(ctx, "g2")
	})
	view(t, s, func(ctx context.Context, r store.Reader) error {
		groups, _, err := r.ListGroups(ctx, store.Page{})
		if err != nil {
			return err
		}
		same(t, "groups after delete", groups, []store.Group{devs})
		ug, err := r.ListGroupsForUser(ctx, "u1")
		if err != nil {
			return err
		}
		same(t, "groups of u1 after removal", ug, []store.UserGroup{{Group: devs, JoinDate: at(8)}})
		return nil
	})
	// Updating a group that was changed and then deleted in one Update still logged both.
	view(t, s, func(ctx context.Context, r store.Reader) error {
		changes, err := r.Changes(ctx, revision(t, s)-1, 0)
		if err != nil {
			return err
		}
		rev := revision(t, s)
		same(t, "changes of the last Update", changes, []store.Change{
			{Revision: rev, Kind: store.KindGroup, Key: "g2", Op: store.OpPut},
			{Revision: rev, Kind: store.KindGroupMember, Key: "g2/u1", Op: store.OpDelete},
			{Revision: rev, Kind: store.KindGroup, Key: "g2", Op: store.OpDelete},
		})
		return nil
	})
}
