package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/store"
)

// RunConsoleSessions is the conformance suite of store.ConsoleSessions. newStore returns a
// fresh, empty store for each subtest, as for Run.
func RunConsoleSessions(t *testing.T, newStore func(t *testing.T) store.ConsoleSessions) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.ConsoleSessions)
	}{
		{"Lifecycle", testConsoleSessionLifecycle},
		{"Expiry", testConsoleSessionExpiry},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, newStore(t))
		})
	}
}

func testConsoleSessionLifecycle(t *testing.T, s store.ConsoleSessions) {
	ctx := t.Context()
	root := store.ConsoleSession{IDHash: "aa01", Stage: "", CreateDate: at(0), LastSeen: at(0), Expires: at(6)}
	user := store.ConsoleSession{IDHash: "bb02", UserID: "200000000000001", Stage: "mfa", CreateDate: at(1), LastSeen: at(1), Expires: at(2)}
	for _, sess := range []store.ConsoleSession{root, user} {
		if err := s.CreateConsoleSession(ctx, sess); err != nil {
			t.Fatalf("CreateConsoleSession(%s): %v", sess.IDHash, err)
		}
	}
	if err := s.CreateConsoleSession(ctx, store.ConsoleSession{IDHash: "aa01", CreateDate: at(0), LastSeen: at(0), Expires: at(1)}); !errors.Is(err, store.ErrExists) {
		t.Errorf("CreateConsoleSession with a taken hash = %v, want ErrExists", err)
	}
	for _, want := range []store.ConsoleSession{root, user} {
		got, err := s.GetConsoleSession(ctx, want.IDHash, at(1))
		if err != nil {
			t.Fatalf("GetConsoleSession(%s): %v", want.IDHash, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetConsoleSession(%s) mismatch (-want +got):\n%s", want.IDHash, diff)
		}
	}

	user.Stage, user.MFA, user.LastSeen, user.Expires = "", true, at(1).Add(time.Minute), at(5)
	if err := s.UpdateConsoleSession(ctx, user); err != nil {
		t.Fatalf("UpdateConsoleSession: %v", err)
	}
	if got, err := s.GetConsoleSession(ctx, user.IDHash, at(3)); err != nil || !cmp.Equal(got, user) {
		t.Errorf("after the update: %+v, %v; want %+v", got, err, user)
	}
	if err := s.UpdateConsoleSession(ctx, store.ConsoleSession{IDHash: "missing", LastSeen: at(1), Expires: at(2)}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateConsoleSession of a missing session = %v, want ErrNotFound", err)
	}

	for range 2 { // deleting twice is not an error: a second sign-out
		if err := s.DeleteConsoleSession(ctx, root.IDHash); err != nil {
			t.Fatalf("DeleteConsoleSession: %v", err)
		}
	}
	if _, err := s.GetConsoleSession(ctx, root.IDHash, at(1)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetConsoleSession after the sign-out = %v, want ErrNotFound", err)
	}
	if _, err := s.GetConsoleSession(ctx, user.IDHash, at(1)); err != nil {
		t.Errorf("another session after one sign-out: %v", err)
	}
}

func testConsoleSessionExpiry(t *testing.T, s store.ConsoleSessions) {
	ctx := t.Context()
	for i, h := range []string{"01", "02", "03"} {
		if err := s.CreateConsoleSession(ctx, store.ConsoleSession{IDHash: h, CreateDate: at(0), LastSeen: at(0), Expires: at(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.GetConsoleSession(ctx, "01", at(1)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a session at its expiry = %v, want ErrNotFound", err)
	}
	if _, err := s.GetConsoleSession(ctx, "02", at(1)); err != nil {
		t.Errorf("a session before its expiry: %v", err)
	}
	n, err := s.PruneConsoleSessions(ctx, at(2))
	if err != nil || n != 2 {
		t.Errorf("PruneConsoleSessions = %d, %v; want 2", n, err)
	}
	if _, err := s.GetConsoleSession(ctx, "03", at(2)); err != nil {
		t.Errorf("the live session after pruning: %v", err)
	}
	if n, err := s.PruneConsoleSessions(ctx, at(2)); err != nil || n != 0 {
		t.Errorf("second PruneConsoleSessions = %d, %v; want 0", n, err)
	}
}
