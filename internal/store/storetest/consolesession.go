package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/store"
)

// ConsoleStore is a store that keeps console sessions too, as *sqlstore.DB does.
type ConsoleStore interface {
	store.Store
	store.ConsoleSessions
}

// RunConsoleSessions is the conformance suite of store.ConsoleSessions and of
// store.ConsoleSessionWriter. newStore returns a fresh, empty store for each subtest, as for Run.
func RunConsoleSessions(t *testing.T, newStore func(t *testing.T) ConsoleStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s ConsoleStore)
	}{
		{"Lifecycle", func(t *testing.T, s ConsoleStore) { testConsoleSessionLifecycle(t, s) }},
		{"Expiry", func(t *testing.T, s ConsoleStore) { testConsoleSessionExpiry(t, s) }},
		{"DeleteForUser", testDeleteUserConsoleSessions},
		{"DeleteForUserRollsBack", testDeleteUserConsoleSessionsRollback},
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

func testDeleteUserConsoleSessions(t *testing.T, s ConsoleStore) {
	ctx := t.Context()
	const alice, bob = "200000000000001", "200000000000002"
	sessions := []store.ConsoleSession{
		{IDHash: "a1", UserID: alice}, {IDHash: "a2", UserID: alice}, {IDHash: "a3", UserID: alice, Stage: "mfa"},
		{IDHash: "b1", UserID: bob}, {IDHash: "r1"}, {IDHash: "r2"},
	}
	for _, sess := range sessions {
		sess.CreateDate, sess.LastSeen, sess.Expires = at(0), at(0), at(6)
		if err := s.CreateConsoleSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	rev, err := s.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		user, keep string
		ended      int
	}{
		{alice, "a2", 2}, // all but the session that asked
		{alice, "a2", 0}, // again: nothing left to end
		{alice, "", 1},   // keep none
		{"", "r1", 1},    // the root's sessions, keeping one
		{"200000000000009", "", 0},
	}
	for _, tc := range tests {
		var n int
		update(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			n, err = tx.DeleteUserConsoleSessions(ctx, tc.user, tc.keep)
			return err
		})
		if n != tc.ended {
			t.Errorf("DeleteUserConsoleSessions(%q, keep %q) ended %d, want %d", tc.user, tc.keep, n, tc.ended)
		}
	}
	var live []string
	for _, sess := range sessions {
		if _, err := s.GetConsoleSession(ctx, sess.IDHash, at(1)); err == nil {
			live = append(live, sess.IDHash)
		} else if !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]string{"b1", "r1"}, live); diff != "" {
		t.Errorf("live sessions (-want +got):\n%s", diff)
	}
	changes, err := s.Changes(ctx, rev, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 0 {
		t.Errorf("ending sessions logged changes: %+v", changes)
	}
}

// testDeleteUserConsoleSessionsRollback: sessions ended in an Update that fails are not ended, so
// a password change that does not commit signs nobody out.
func testDeleteUserConsoleSessionsRollback(t *testing.T, s ConsoleStore) {
	ctx := t.Context()
	sess := store.ConsoleSession{IDHash: "a1", UserID: "200000000000001", CreateDate: at(0), LastSeen: at(0), Expires: at(6)}
	if err := s.CreateConsoleSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	updateFails(t, s, boom, func(ctx context.Context, tx store.Tx) error {
		if _, err := tx.DeleteUserConsoleSessions(ctx, sess.UserID, ""); err != nil {
			return err
		}
		return boom
	})
	if _, err := s.GetConsoleSession(ctx, sess.IDHash, at(1)); err != nil {
		t.Errorf("the session after a rolled-back end: %v", err)
	}
}
