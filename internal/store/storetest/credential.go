package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testAccessKeys(t *testing.T, s store.Store) {
	k1, k2, root := newAccessKey("k1", "u1"), newAccessKey("k2", "u1"), newAccessKey("k0", "")
	k2.CreateDate = at(4)
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateUser(ctx, newUser("u1", "alice")); err != nil {
			return err
		}
		for _, k := range []store.AccessKey{k2, root, k1} {
			if err := tx.CreateAccessKey(ctx, k); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(ctx context.Context, r store.Reader) error {
		got, err := r.GetAccessKey(ctx, "k1")
		if err != nil {
			return err
		}
		same(t, "GetAccessKey", got, k1)
		keys, err := r.ListAccessKeys(ctx, "u1")
		if err != nil {
			return err
		}
		same(t, "ListAccessKeys(u1), oldest first", keys, []store.AccessKey{k1, k2})
		keys, err = r.ListAccessKeys(ctx, "")
		if err != nil {
			return err
		}
		same(t, "ListAccessKeys(root)", keys, []store.AccessKey{root})
		n, err := r.CountAccessKeys(ctx, "u1")
		if err != nil {
			return err
		}
		same(t, "CountAccessKeys(u1)", n, 2)
		n, err = r.CountAccessKeys(ctx, "")
		if err != nil {
			return err
		}
		same(t, "CountAccessKeys(root)", n, 1)
		return nil
	})

	changed := k1
	changed.Status, changed.LastUsedDate = store.AccessKeyInactive, at(20)
	changed.SecretCiphertext, changed.UserID, changed.CreateDate = []byte("other"), "", at(90) // not mutable
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.UpdateAccessKey(ctx, changed) })
	want := k1
	want.Status, want.LastUsedDate = store.AccessKeyInactive, at(20)
	same(t, "updated key", get(t, s, func(ctx context.Context, r store.Reader) (store.AccessKey, error) { return r.GetAccessKey(ctx, "k1") }), want)

	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.DeleteAccessKey(ctx, "k2") })
	same(t, "keys after delete", get(t, s, func(ctx context.Context, r store.Reader) ([]store.AccessKey, error) {
		return r.ListAccessKeys(ctx, "u1")
	}),
		[]store.AccessKey{want})
}

func testLoginProfiles(t *testing.T, s store.Store) {
	p := newLoginProfile("u1")
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateUser(ctx, newUser("u1", "alice")); err != nil {
			return err
		}
		return tx.CreateLoginProfile(ctx, p)
	})
	same(t, "created profile", get(t, s, func(ctx context.Context, r store.Reader) (store.LoginProfile, error) {
		return r.GetLoginProfile(ctx, "u1")
	}), p)

	changed := store.LoginProfile{UserID: "u1", PasswordHash: "$argon2id$new", PasswordResetRequired: false,
		MFABindRequired: true, CreateDate: at(80), UpdateDate: at(10), PasswordChangeDate: at(10),
		FailedAttempts: 2, FailedSince: at(9), LockedUntil: at(11), PasswordHistory: []string{"$argon2id$old2", "$argon2id$old1"}}
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.UpdateLoginProfile(ctx, changed) })
	want := changed
	want.CreateDate = p.CreateDate
	same(t, "updated profile", get(t, s, func(ctx context.Context, r store.Reader) (store.LoginProfile, error) {
		return r.GetLoginProfile(ctx, "u1")
	}), want)

	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.DeleteLoginProfile(ctx, "u1") })
	updateFails(t, s, store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.GetLoginProfile(ctx, "u1")
		return err
	})
}

func testMFADevices(t *testing.T, s store.Store) {
	a, b := newMFADevice("a-device"), newMFADevice("b-device")
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateUser(ctx, newUser("u1", "alice")); err != nil {
			return err
		}
		if err := tx.CreateMFADevice(ctx, b); err != nil {
			return err
		}
		return tx.CreateMFADevice(ctx, a)
	})
	view(t, s, func(ctx context.Context, r store.Reader) error {
		got, err := r.GetMFADevice(ctx, b.SerialNumber)
		if err != nil {
			return err
		}
		same(t, "GetMFADevice", got, b)
		ds, _, err := r.ListMFADevices(ctx, store.Page{})
		if err != nil {
			return err
		}
		same(t, "ListMFADevices", ds, []store.VirtualMFADevice{a, b})
		n, err := r.CountMFADevices(ctx)
		if err != nil {
			return err
		}
		same(t, "CountMFADevices", n, 2)
		return nil
	})

	bound := b
	bound.UserID, bound.ActivateDate, bound.LastTimeStep = "u1", at(30), 12345
	bound.SeedCiphertext, bound.CreateDate = []byte("other"), at(99) // not mutable
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.UpdateMFADevice(ctx, bound) })
	want := b
	want.UserID, want.ActivateDate, want.LastTimeStep = "u1", at(30), 12345
	same(t, "bound device", get(t, s, func(ctx context.Context, r store.Reader) (store.VirtualMFADevice, error) {
		return r.GetMFADeviceForUser(ctx, "u1")
	}), want)

	// Unbind, then delete.
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.UpdateMFADevice(ctx, store.VirtualMFADevice{SerialNumber: b.SerialNumber})
	})
	updateFails(t, s, store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.GetMFADeviceForUser(ctx, "u1")
		return err
	})
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.DeleteMFADevice(ctx, b.SerialNumber) })
	same(t, "devices after delete", get(t, s, func(ctx context.Context, r store.Reader) ([]store.VirtualMFADevice, error) {
		ds, _, err := r.ListMFADevices(ctx, store.Page{})
		return ds, err
	}), []store.VirtualMFADevice{a})
}
