package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testRoles(t *testing.T, s store.Store) {
	auditor, admin := newRole("r1", "auditor"), newRole("r2", "Admin")
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateRole(ctx, auditor); err != nil {
			return err
		}
		return tx.CreateRole(ctx, admin)
	})
	view(t, s, func(ctx context.Context, r store.Reader) error {
		got, err := r.GetRole(ctx, "r1")
		if err != nil {
			return err
		}
		same(t, "GetRole", got, auditor)
		got, err = r.GetRoleByName(ctx, "admin")
		if err != nil {
			return err
		}
		same(t, "GetRoleByName", got, admin)
		roles, _, err := r.ListRoles(ctx, store.Page{})
		if err != nil {
			return err
		}
		same(t, "ListRoles", roles, []store.Role{admin, auditor})
		n, err := r.CountRoles(ctx)
		if err != nil {
			return err
		}
		same(t, "CountRoles", n, 2)
		return nil
	})

	changed := store.Role{ID: "r1", Name: "Auditor2", Description: "reads logs", TrustPolicy: `{"Version":"1"}`,
		MaxSessionDuration: 43200, CreateDate: at(70), UpdateDate: at(12)}
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.UpdateRole(ctx, changed) })
	want := changed
	want.CreateDate = auditor.CreateDate
	same(t, "updated role", get(t, s, func(ctx context.Context, r store.Reader) (store.Role, error) { return r.GetRoleByName(ctx, "AUDITOR2") }), want)

	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.DeleteRole(ctx, "r2") })
	same(t, "roles after delete", get(t, s, func(ctx context.Context, r store.Reader) ([]store.Role, error) {
		roles, _, err := r.ListRoles(ctx, store.Page{})
		return roles, err
	}), []store.Role{want})
}
