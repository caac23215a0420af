// Package domaintest sets up what the tests of the domain packages (RAM, PAI, activation, the
// decision and AIWorkspace APIs, the console) share: the real catalog and a snapshot holder over
// a test's store, writes made straight to the store with the snapshot moved along, and
// test-grade secrets.
package domaintest

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/snapshot"
	"github.com/rampart-iam/rampart/internal/store"
)

// Env is a store with the real catalog and a snapshot holder following it.
type Env struct {
	T       testing.TB
	Store   store.Store
	Catalog *catalog.Catalog
	Snaps   *snapshot.Holder
}

// New loads the catalog and builds a holder over st, as `rampart serve` does.
func New(t testing.TB, st store.Store) *Env {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := snapshot.FromCatalog(t.Context(), st, cat, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return &Env{T: t, Store: st, Catalog: cat, Snaps: snaps}
}

// WithAccount creates the account id on st, which holds none yet, then does what New does.
func WithAccount(t testing.TB, st store.Store, id string, created time.Time) *Env {
	t.Helper()
	ctx := t.Context()
	if _, err := st.Update(ctx, func(tx store.Tx) error {
		return tx.CreateAccount(ctx, store.Account{ID: id, CreateDate: created})
	}); err != nil {
		t.Fatal(err)
	}
	return New(t, st)
}

// Given writes to the store directly (test setup that does not go through the operation under
// test) and moves the snapshot to the write.
func (e *Env) Given(fn func(ctx context.Context, tx store.Tx) error) {
	e.T.Helper()
	ctx := e.T.Context()
	rev, err := e.Store.Update(ctx, func(tx store.Tx) error { return fn(ctx, tx) })
	if err != nil {
		e.T.Fatalf("setup: %v", err)
	}
	if err := e.Snaps.Sync(ctx, rev); err != nil {
		e.T.Fatal(err)
	}
}

// Secrets are what the domain services are given to protect and name things, at test strength:
// a fixed master key, password hashing cheap enough for tests, and IDs from a seeded generator.
type Secrets struct {
	Box       *secrets.Box
	Passwords *secrets.PasswordHasher
	IDs       *secrets.IDGen
}

// NewSecrets returns test-grade secrets whose IDs follow from seed.
func NewSecrets(t testing.TB, seed byte) Secrets {
	t.Helper()
	key, err := secrets.NewMasterKey(bytes.Repeat([]byte{7}, secrets.MasterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	box, err := secrets.NewBox(key)
	if err != nil {
		t.Fatal(err)
	}
	passwords, err := secrets.NewPasswordHasher(secrets.TestPasswordParams(), 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Secrets{Box: box, Passwords: passwords, IDs: secrets.NewIDGen(rand.NewChaCha8([32]byte{seed}))}
}
