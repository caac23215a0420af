package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testUsers(t *testing.T, s store.Store) {
	alice, bob := newUser("u1", "alice"), newUser("u2", "Bob")
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateUser(ctx, alice); err != nil {
			return err
		}
		return tx.CreateUser(ctx, bob)
	})

	view(t, s, func(ctx context.Context, r store.Reader) error {
		got, err := r.GetUser(ctx, "u1")
		if err != nil {
			return err
		}
		same(t, "GetUser", got, alice)
		for _, name := range []string{"Bob", "bob", "BOB"} {
			got, err := r.GetUserByName(ctx, name)
			if err != nil {
				return err
			}
			same(t, "GetUserByName("+name+")", got, bob)
		}
		n, err := r.CountUsers(ctx)
		if err != nil {
			return err
		}
		same(t, "CountUsers", n, 2)
		users, next, err := r.ListUsers(ctx, store.Page{})
		if err != nil {
			return err
		}
		same(t, "ListUsers", users, []store.User{alice, bob})
		same(t, "ListUsers next", next, "")
		return nil
	})

	// Update replaces every mutable field but keeps CreateDate and LastLoginDate.
	changed := store.User{ID: "u1", Name: "alice", DisplayName: "Alice A.", Email: "a@example.org",
		MobilePhone: "86-1", Comments: "", CreateDate: at(50), UpdateDate: at(9), LastLoginDate: at(50)}
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.UpdateUser(ctx, changed) })
	want := changed
	want.CreateDate, want.LastLoginDate = alice.CreateDate, alice.LastLoginDate
	same(t, "updated user", get(t, s, func(ctx context.Context, r store.Reader) (store.User, error) { return r.GetUser(ctx, "u1") }), want)

	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.DeleteUser(ctx, "u2") })
	view(t, s, func(ctx context.Context, r store.Reader) error {
		users, _, err := r.ListUsers(ctx, store.Page{})
		if err != nil {
			return err
		}
		same(t, "users after delete", users, []store.User{want})
		return nil
	})
}
