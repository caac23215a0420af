package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

// testRenames renames a user and a group that have relations: relations use IDs, so memberships,
// keys and attachments follow, and the old names are free again.
func testRenames(t *testing.T, s store.Store) {
	update(t, s, world)
	alice := newUser("u1", "Alicia")
	devs := newGroup("g1", "developers")
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.UpdateUser(ctx, alice), tx.UpdateGroup(ctx, devs))
	})
	view(t, s, func(ctx context.Context, r store.Reader) error {
		if _, err := r.GetUserByName(ctx, "alice"); err == nil {
			t.Error("the old user name still finds the user")
		}
		u, err := r.GetUserByName(ctx, "alicia")
		if err != nil {
			return err
		}
		same(t, "renamed user", u.ID, "u1")
		members, _, err := r.ListUsersForGroup(ctx, "g1", store.Page{})
		if err != nil {
			return err
		}
		same(t, "members of the renamed group", members, []store.GroupMember{{User: alice, JoinDate: at(3)}})
		groups, err := r.ListGroupsForUser(ctx, "u1")
		if err != nil {
			return err
		}
		same(t, "groups of the renamed user", groups, []store.UserGroup{{Group: devs, JoinDate: at(3)}})
		n, err := r.CountAccessKeys(ctx, "u1")
		if err != nil {
			return err
		}
		same(t, "keys of the renamed user", n, 1)
		n, err = r.CountAttachments(ctx, store.AttachmentFilter{PrincipalType: store.PrincipalUser, PrincipalID: "u1"})
		if err != nil {
			return err
		}
		same(t, "attachments of the renamed user", n, 1)
		return nil
	})
	// A case-only rename is a rename too, and the freed name can be taken.
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.UpdateUser(ctx, newUser("u1", "ALICIA")), tx.CreateUser(ctx, newUser("u3", "alice")))
	})
	same(t, "case-only rename", get(t, s, func(ctx context.Context, r store.Reader) (string, error) {
		u, err := r.GetUser(ctx, "u1")
		return u.Name, err
	}), "ALICIA")
}
