package ram_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// A new password ends the console sessions begun with the old one: the user's own change all but
// the session that made it, an administrator's reset all of them.
func TestPasswordChangeEndsConsoleSessions(t *testing.T) {
	forEachBackend(t, testPasswordChangeEndsConsoleSessions)
}

func testPasswordChangeEndsConsoleSessions(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	sessions, ok := e.Store.(store.ConsoleSessions)
	if !ok {
		t.Fatalf("%T keeps no console sessions", e.Store)
	}
	e.createUsers("alice", "bob")
	for _, u := range []string{"alice", "bob"} {
		if _, err := e.svc.CreateLoginProfile(ctx, e.root, ram.CreateLoginProfileInput{UserName: u, Password: "Start-Pa55word"}); err != nil {
			t.Fatal(err)
		}
	}
	alice, bob := e.user("alice"), e.user("bob")
	owner := map[string]string{"a1": alice.ID, "a2": alice.ID, "a3": alice.ID, "b1": bob.ID, "r1": "", "r2": ""}
	signIn := func() {
		t.Helper()
		for h, user := range owner {
			now := e.clock()
			if err := sessions.DeleteConsoleSession(ctx, h); err != nil {
				t.Fatal(err)
			}
			if err := sessions.CreateConsoleSession(ctx, store.ConsoleSession{IDHash: h, UserID: user, CreateDate: now, LastSeen: now, Expires: now.Add(6 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	live := func() []string {
		t.Helper()
		var out []string
		for _, h := range []string{"a1", "a2", "a3", "b1", "r1", "r2"} {
			if _, err := sessions.GetConsoleSession(ctx, h, e.clock()); err == nil {
				out = append(out, h)
			} else if !errors.Is(err, store.ErrNotFound) {
				t.Fatal(err)
			}
		}
		return out
	}
	yes := true
	tests := []struct {
		name string
		run  func() error
		code string // the error the call must fail with; "" for success
		live []string
	}{
		{"the user's own change keeps the session that made it", func() error {
			return e.svc.ChangePassword(ctx, alice, ram.ChangePasswordInput{OldPassword: "Start-Pa55word", NewPassword: "Next-Pa55word", KeepConsoleSession: "a2"})
		}, "", []string{"a2", "b1", "r1", "r2"}},
		{"a change through the API keeps none", func() error {
			return e.svc.ChangePassword(ctx, bob, ram.ChangePasswordInput{OldPassword: "Start-Pa55word", NewPassword: "Next-Pa55word"})
		}, "", []string{"a1", "a2", "a3", "r1", "r2"}},
		{"a failed change ends nothing", func() error {
			return e.svc.ChangePassword(ctx, alice, ram.ChangePasswordInput{OldPassword: "Wrong-Pa55word", NewPassword: "Other-Pa55word"})
		}, "InvalidParameter.OldPassword", []string{"a1", "a2", "a3", "b1", "r1", "r2"}},
		{"an administrator's new password ends them all", func() error {
			return e.svc.UpdateLoginProfile(ctx, e.root, ram.UpdateLoginProfileInput{UserName: "alice", Password: "Reset-Pa55word"})
		}, "", []string{"b1", "r1", "r2"}},
		{"an administrator's other changes end none", func() error {
			return e.svc.UpdateLoginProfile(ctx, e.root, ram.UpdateLoginProfileInput{UserName: "alice", MFABindRequired: &yes})
		}, "", []string{"a1", "a2", "a3", "b1", "r1", "r2"}},
		{"the root's change keeps its session", func() error {
			return e.svc.ChangePassword(ctx, e.root, ram.ChangePasswordInput{OldPassword: rootPassword, NewPassword: "Next-Root-Pa55word", KeepConsoleSession: "r1"})
		}, "", []string{"a1", "a2", "a3", "b1", "r1"}},
		{"deleting the login profile ends them all, so one made again does not revive them", func() error {
			if err := e.svc.DeleteLoginProfile(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil {
				return err
			}
			_, err := e.svc.CreateLoginProfile(ctx, e.root, ram.CreateLoginProfileInput{UserName: "alice", Password: "Fresh-Pa55word"})
			return err
		}, "", []string{"b1", "r1", "r2"}},
	}
	for _, tc := range tests {
		signIn()
		err := tc.run()
		if tc.code == "" && err != nil {
			t.Errorf("%s: %v", tc.name, err)
		} else if tc.code != "" {
			wantCode(t, tc.name, err, tc.code)
		}
		if diff := cmp.Diff(tc.live, live()); diff != "" {
			t.Errorf("%s: live sessions (-want +got):\n%s", tc.name, diff)
		}
	}
}
