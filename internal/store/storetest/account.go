package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testAccount(t *testing.T, s store.Store) {
	err := s.View(t.Context(), func(r store.Reader) error {
		_, err := r.GetAccount(t.Context())
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("GetAccount on an empty store: %v, want ErrNotFound", err)
	}

	a := store.Account{
		ID: accountID, Alias: "acme", CreateDate: at(0),
		PasswordPolicy: store.PasswordPolicy{MinimumPasswordLength: 12, RequireLowercaseCharacters: true,
			RequireUppercaseCharacters: true, RequireNumbers: true, RequireSymbols: false, HardExpiry: true,
			MaxPasswordAge: 90, PasswordReusePrevention: 5, MaxLoginAttempts: 5},
		SecurityPreference: store.SecurityPreference{EnableSaveMFATicket: true, AllowUserToChangePassword: true,
			AllowUserToManageAccessKeys: false, AllowUserToManagePublicKeys: true, AllowUserToManageMFADevices: true,
			LoginSessionDuration: 6, LoginNetworkMasks: "10.0.0.0/8;192.168.0.0/16"},
		RootPasswordHash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$cm9vdA",
	}
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateAccount(ctx, a) })
	same(t, "created account", get(t, s, func(ctx context.Context, r store.Reader) (store.Account, error) { return r.GetAccount(ctx) }), a)

	// Every setting flips, so a column that is not written back shows up.
	b := a
	b.Alias = ""
	b.PasswordPolicy = store.PasswordPolicy{MinimumPasswordLength: 8, RequireSymbols: true, MaxPasswordAge: 0,
		PasswordReusePrevention: 0, MaxLoginAttempts: 0}
	b.SecurityPreference = store.SecurityPreference{AllowUserToManageAccessKeys: true, LoginSessionDuration: 1}
	b.RootPasswordHash = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$bmV3"
	b.CreateDate = at(99) // not mutable: ignored
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.UpdateAccount(ctx, b) })
	b.CreateDate = a.CreateDate
	same(t, "updated account", get(t, s, func(ctx context.Context, r store.Reader) (store.Account, error) { return r.GetAccount(ctx) }), b)

	// One account per store, whatever its ID.
	updateFails(t, s, store.ErrExists, func(ctx context.Context, tx store.Tx) error {
		return tx.CreateAccount(ctx, store.Account{ID: "6543210987654321", CreateDate: at(0)})
	})
	updateFails(t, s, store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.UpdateAccount(ctx, store.Account{ID: "6543210987654321"})
	})

	// A root password hash can be removed again.
	c := b
	c.RootPasswordHash = ""
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.UpdateAccount(ctx, c) })
	same(t, "account without a root password", get(t, s, func(ctx context.Context, r store.Reader) (store.Account, error) { return r.GetAccount(ctx) }), c)
}
