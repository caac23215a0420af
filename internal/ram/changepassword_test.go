package ram_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// TestChangePasswordLockout: ChangePassword checks the old password as a sign-in does, so a
// wrong one counts as a failed sign-in. Else whoever holds a user's AccessKey could guess the
// console password through the API without bound. MaxLoginAttempts wrong passwords within the
// hour, here and at sign-in together, lock the user: ChangePassword then answers LogonLocked
// even with the right old password (whose new password would clear the lock), and so does the
// sign-in, until the hour is over.
func TestChangePasswordLockout(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.withConsoleUser(false)
	e.lockAfter(3)
	alice := e.user("alice")
	change := func(old secrets.Secret) error {
		return e.svc.ChangePassword(ctx, alice, ram.ChangePasswordInput{OldPassword: old, NewPassword: "Next-Pa55word!"})
	}
	for i, want := range []string{"InvalidParameter.OldPassword", "InvalidParameter.OldPassword", "LogonLocked"} {
		wantCode(t, fmt.Sprintf("wrong old password %d", i+1), change("Wrong-Pa55word"), want)
	}
	wantCode(t, "the right old password while locked", change(alicePassword), "LogonLocked")
	_, err := e.logon("alice@"+e.account, alicePassword, "")
	wantCode(t, "sign-in while locked by ChangePassword", err, "LogonLocked")
	if e.storedPassword("alice", "Next-Pa55word!") {
		t.Error("a locked user's ChangePassword changed the password")
	}

	// The lock ends after the hour; failures at sign-in and here count together.
	e.advance(61 * time.Minute)
	for range 2 {
		e.logon("alice@"+e.account, "Wrong-Pa55word", "")
	}
	wantCode(t, "a wrong old password after two failed sign-ins", change("Wrong-Pa55word"), "LogonLocked")
	e.advance(61 * time.Minute)
	if err := change(alicePassword); err != nil {
		t.Fatalf("ChangePassword after the lock: %v", err)
	}
	if _, err := e.logon("alice@"+e.account, "Next-Pa55word!", ""); err != nil {
		t.Errorf("sign-in with the new password: %v", err)
	}

	// The root has no lockout, here as at sign-in: nobody can lock the account's owner out.
	for range 4 {
		e.svc.ChangePassword(ctx, e.root, ram.ChangePasswordInput{OldPassword: "Wrong-Pa55word", NewPassword: "Next-Root-Pa55"})
	}
	if err := e.svc.ChangePassword(ctx, e.root, ram.ChangePasswordInput{OldPassword: rootPassword, NewPassword: "Next-Root-Pa55"}); err != nil {
		t.Errorf("the root's ChangePassword after wrong old passwords: %v", err)
	}
}

// A right old password sent at once with wrong ones that lock the user must not change the
// password (and clear their lock) because it was read before they failed.
func TestChangePasswordLockoutConcurrentGuesses(t *testing.T) {
	e := newEnv(t, pausedBackend)
	ctx := t.Context()
	e.withConsoleUser(false)
	e.lockAfter(3)
	alice := e.user("alice")
	p := newPause(1) // after the read of alice's login profile
	done := make(chan error, 1)
	go func() {
		done <- e.svc.ChangePassword(context.WithValue(ctx, pauseKey{}, p), alice,
			ram.ChangePasswordInput{OldPassword: alicePassword, NewPassword: "Next-Pa55word!"})
	}()
	<-p.read
	for range 3 {
		e.svc.ChangePassword(ctx, alice, ram.ChangePasswordInput{OldPassword: "Wrong-Pa55word", NewPassword: "Next-Pa55word!"})
	}
	close(p.resume)
	wantCode(t, "the right old password sent with the wrong ones", <-done, "LogonLocked")
	_, err := e.logon("alice@"+e.account, alicePassword, "")
	wantCode(t, "sign-in afterwards", err, "LogonLocked")
}

// TestChangePasswordRefusalsAreAudited: a wrong OldPassword is a guess at the console password,
// and counts as a failed sign-in; like a failed sign-in and like a denial it is recorded in the
// audit trail (ram:ChangePassword, the error code as the result, the caller and its address),
// and so is an attempt refused because the user is locked, and the root's wrong OldPassword. No
// record carries a password. Other bad input (a weak NewPassword) is not recorded.
func TestChangePasswordRefusalsAreAudited(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.withConsoleUser(false)
	e.lockAfter(2)
	alice := e.user("alice")
	aliceARN, aliceResource := authz.UserARN(e.account, "alice"), "acs:ram:*:"+e.account+":user/alice"
	const guess, next = "Guess-Pa55word-1", "Next-Pa55word!"
	change := func(c *authz.Caller, old secrets.Secret, requestID string) error {
		return e.svc.ChangePassword(ctx, c, ram.ChangePasswordInput{RequestID: requestID, OldPassword: old, NewPassword: next})
	}
	wantCode(t, "a weak new password", e.svc.ChangePassword(ctx, alice, ram.ChangePasswordInput{OldPassword: alicePassword, NewPassword: "short"}), "InvalidParameter.Password.TooWeak")
	wantCode(t, "a wrong old password", change(alice, guess, "req-1"), "InvalidParameter.OldPassword")
	wantCode(t, "the guess that locks", change(alice, guess, "req-2"), "LogonLocked")
	wantCode(t, "the right old password while locked", change(alice, alicePassword, "req-3"), "LogonLocked")
	wantCode(t, "the root's wrong old password", change(e.root, guess, "req-4"), "InvalidParameter.OldPassword")

	var got []store.AuditRecord
	for _, r := range e.audit(store.AuditQuery{Action: "ram:ChangePassword"}) {
		if strings.Contains(r.Detail+r.Target+r.Result, "Pa55") {
			t.Errorf("audit record %+v holds a password", r)
		}
		r.ID, r.Time = 0, time.Time{}
		got = append(got, r)
	}
	rootARN := authz.RootARN(e.account)
	want := []store.AuditRecord{ // newest first
		{RequestID: "req-4", PrincipalARN: rootARN, Action: "ram:ChangePassword", Target: rootARN, Result: "InvalidParameter.OldPassword"},
		{RequestID: "req-3", PrincipalARN: aliceARN, Action: "ram:ChangePassword", Target: aliceResource, Result: "LogonLocked", SourceIP: "192.0.2.10"},
		{RequestID: "req-2", PrincipalARN: aliceARN, Action: "ram:ChangePassword", Target: aliceResource, Result: "LogonLocked", SourceIP: "192.0.2.10"},
		{RequestID: "req-1", PrincipalARN: aliceARN, Action: "ram:ChangePassword", Target: aliceResource, Result: "InvalidParameter.OldPassword", SourceIP: "192.0.2.10"},
	}
	same(t, "ChangePassword's audit records", got, want)
}
