package ram_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

const alicePassword = "Alice-Pa55word!"

// withConsoleUser creates alice with a console password.
func (e *env) withConsoleUser(reset bool) {
	e.t.Helper()
	e.createUsers("alice")
	if _, err := e.svc.CreateLoginProfile(e.t.Context(), e.root, ram.CreateLoginProfileInput{UserName: "alice",
		Password: alicePassword, PasswordResetRequired: reset}); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) logon(name string, pw secrets.Secret, ip string) (ram.Logon, error) {
	return e.svc.VerifyLogonPassword(e.t.Context(), ram.LogonInput{LogonName: name, Password: pw, SourceIP: ip})
}

func TestLogonNames(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.withConsoleUser(false)
	e.createUsers("bob") // no login profile
	if err := e.svc.SetAccountAlias(ctx, e.root, ram.AccountAliasInput{AccountAlias: "acme"}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, logon string
		pw          secrets.Secret
		want        authz.CallerType // 0: InvalidLogon
	}{
		{"root by account ID", e.account, rootPassword, authz.Root},
		{"root by alias", "ACME", rootPassword, authz.Root},
		{"root, wrong password", e.account, "nope-nope-nope", 0},
		{"user at account ID", "alice@" + e.account, alicePassword, authz.User},
		{"user at alias with suffix", "alice@acme.onaliyun.com", alicePassword, authz.User},
		{"user name in another case", "ALICE@acme", alicePassword, authz.User},
		{"user, wrong password", "alice@acme", "Wrong-Pa55word", 0},
		{"user of another account", "alice@1234567890123456", alicePassword, 0},
		{"unknown user", "carol@acme", alicePassword, 0},
		{"user without a login profile", "bob@acme", alicePassword, 0},
		{"user name alone", "alice", alicePassword, 0},
		{"empty", "", rootPassword, 0},
	}
	for _, c := range cases {
		l, err := e.logon(c.logon, c.pw, "192.0.2.1")
		if c.want == 0 {
			wantCode(t, c.name, err, "InvalidLogon")
			continue
		}
		if err != nil || l.Caller.Type != c.want {
			t.Errorf("%s: caller %v, err %v; want a %v", c.name, l.Caller.Type, err, c.want)
		}
	}
	if l, _ := e.logon("alice@acme", alicePassword, ""); l.Caller.ARN != authz.UserARN(e.account, "alice") || l.MFADevice != "" {
		t.Errorf("alice's logon = %+v", l)
	}
	u, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil || !u.LastLoginDate.Equal(e.clock()) {
		t.Errorf("LastLoginDate = %v, %v; want %v", u.LastLoginDate, err, e.clock())
	}
	events, err := e.svc.LookupEvents(ctx, e.root, ram.EventsInput{Action: "ram:ConsoleSignin", Result: "Success"})
	if err != nil || len(events.Events) != 6 {
		t.Errorf("successful sign-ins in the trail = %d, %v; want 6", len(events.Events), err)
	}
}

func TestLogonLockout(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	e.withConsoleUser(false)
	e.lockAfter(3)
	for i, want := range []string{"InvalidLogon", "InvalidLogon", "LogonLocked"} {
		_, err := e.logon("alice@"+e.account, "Wrong-Pa55word", "")
		wantCode(t, "wrong password "+string(rune('1'+i)), err, want)
	}
	_, err := e.logon("alice@"+e.account, alicePassword, "")
	wantCode(t, "right password while locked", err, "LogonLocked")
	e.advance(61 * time.Minute)
	if _, err := e.logon("alice@"+e.account, alicePassword, ""); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	// Success cleared the counter: two more failures do not lock.
	for range 2 {
		e.logon("alice@"+e.account, "Wrong-Pa55word", "")
	}
	if _, err := e.logon("alice@"+e.account, alicePassword, ""); err != nil {
		t.Errorf("two failures after a success: %v", err)
	}
	// The root is not governed by the password policy.
	for range 4 {
		e.logon(e.account, "Wrong-Pa55word", "")
	}
	if _, err := e.logon(e.account, rootPassword, ""); err != nil {
		t.Errorf("root after failures: %v", err)
	}
}

// TestLogonLockoutWindow: SetPasswordPolicy's MaxLoginAttemps counts the wrong passwords within
// one hour, and wrong MFA codes count with them. MaxLoginAttempts failures spread so that no hour
// holds them all do not lock; the same number within an hour does.
func TestLogonLockoutWindow(t *testing.T) {
	for _, mfa := range []bool{false, true} {
		t.Run(map[bool]string{false: "passwords", true: "MFA codes"}[mfa], func(t *testing.T) {
			e := newEnv(t, sqliteBackend())
			ctx := t.Context()
			e.withConsoleUser(false)
			e.lockAfter(3)
			name := "alice@" + e.account
			guess := func() error {
				_, err := e.logon(name, "Wrong-Pa55word", "")
				return err
			}
			failed := "InvalidLogon"
			if mfa {
				e.bindAlicesPhone()
				l, err := e.logon(name, alicePassword, "")
				if err != nil {
					t.Fatal(err)
				}
				guess = func() error {
					_, err := e.svc.VerifyLogonMFA(ctx, ram.LogonMFAInput{UserID: l.Caller.ID, Code: "000000"})
					return err
				}
				failed = "CheckAuthenticationCodeFail"
			}

			// Three failures 40 minutes apart: the first and the third are 80 minutes apart.
			for i := range 3 {
				e.advance(40 * time.Minute)
				wantCode(t, fmt.Sprintf("failure %d, 40 minutes after the last", i+1), guess(), failed)
			}
			if _, err := e.logon(name, alicePassword, ""); err != nil {
				t.Errorf("the right password after failures spread over 80 minutes: %v", err)
			}

			// Three failures within 59 minutes, in a new hour: the third locks.
			e.advance(61 * time.Minute)
			for i, want := range []string{failed, failed, "LogonLocked"} {
				if i > 0 {
					e.advance(29*time.Minute + 30*time.Second)
				}
				wantCode(t, fmt.Sprintf("failure %d within the hour", i+1), guess(), want)
			}
			_, err := e.logon(name, alicePassword, "")
			wantCode(t, "the right password after three failures within the hour", err, "LogonLocked")
		})
	}
}

// TestLogonLockEndsWithNewPassword: RAM's MaxLoginAttemps counts failures until the password is
// reset ("resetting the password clears the count"), so an administrator's new password, or the
// user's own change, lets the user sign in at once and starts the count again.
func TestLogonLockEndsWithNewPassword(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.withConsoleUser(false)
	e.lockAfter(3)
	name := "alice@" + e.account
	lock := func() {
		t.Helper()
		for range 3 {
			e.logon(name, "Wrong-Pa55word", "")
		}
	}
	lock()
	if err := e.svc.UpdateLoginProfile(ctx, e.root, ram.UpdateLoginProfileInput{UserName: "alice", Password: "Reset-Pa55word!"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.logon(name, "Reset-Pa55word!", ""); err != nil {
		t.Errorf("the new password after an administrator's reset: %v", err)
	}

	// Two failures, then the user changes the password: two more do not lock.
	for range 2 {
		e.logon(name, "Wrong-Pa55word", "")
	}
	if err := e.svc.ChangePassword(ctx, e.user("alice"), ram.ChangePasswordInput{OldPassword: "Reset-Pa55word!", NewPassword: "Own-Pa55word!"}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		e.logon(name, "Wrong-Pa55word", "")
	}
	if _, err := e.logon(name, "Own-Pa55word!", ""); err != nil {
		t.Errorf("two failures after the user's own change: %v", err)
	}

	// Changing only the sign-in requirements is no reset: the lock stays.
	lock()
	no := false
	if err := e.svc.UpdateLoginProfile(ctx, e.root, ram.UpdateLoginProfileInput{UserName: "alice", MFABindRequired: &no}); err != nil {
		t.Fatal(err)
	}
	_, err := e.logon(name, "Own-Pa55word!", "")
	wantCode(t, "locked, after an update without a password", err, "LogonLocked")
}

func TestLogonPasswordState(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.withConsoleUser(true)
	l, err := e.logon("alice@"+e.account, alicePassword, "")
	if err != nil || !l.PasswordResetRequired {
		t.Fatalf("reset required: %+v, %v", l, err)
	}
	alice := e.user("alice")
	if err := e.svc.ChangePassword(ctx, alice, ram.ChangePasswordInput{OldPassword: alicePassword, NewPassword: "Alice-New-Pa55!"}); err != nil {
		t.Fatal(err)
	}
	if l, err := e.logon("alice@"+e.account, "Alice-New-Pa55!", ""); err != nil || l.PasswordResetRequired {
		t.Errorf("after the change: %+v, %v", l, err)
	}

	policy := ram.PasswordPolicy{MinimumPasswordLength: 8, MaxPasswordAge: 30}
	if _, err := e.svc.SetPasswordPolicy(ctx, e.root, ram.SetPasswordPolicyInput{PasswordPolicy: policy}); err != nil {
		t.Fatal(err)
	}
	e.advance(31 * 24 * time.Hour)
	if l, err := e.logon("alice@"+e.account, "Alice-New-Pa55!", ""); err != nil || !l.PasswordResetRequired {
		t.Errorf("expired password: %+v, %v; want a forced change", l, err)
	}
	policy.HardExpiry = true
	if _, err := e.svc.SetPasswordPolicy(ctx, e.root, ram.SetPasswordPolicyInput{PasswordPolicy: policy}); err != nil {
		t.Fatal(err)
	}
	_, err = e.logon("alice@"+e.account, "Alice-New-Pa55!", "")
	wantCode(t, "expired password with HardExpiry", err, "PasswordExpired")
}

func TestLogonNetworkMasks(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.withConsoleUser(false)
	masks := "10.0.0.0/8;192.0.2.7"
	if _, err := e.svc.SetSecurityPreference(ctx, e.root, ram.SetSecurityPreferenceInput{LoginNetworkMasks: &masks}); err != nil {
		t.Fatal(err)
	}
	for ip, want := range map[string]string{"10.1.2.3": "", "192.0.2.7": "", "::ffff:10.0.0.1": "",
		"192.0.2.8": "LogonNetworkDenied", "": "LogonNetworkDenied"} {
		_, err := e.logon("alice@"+e.account, alicePassword, ip)
		wantCode(t, "from "+ip, err, want)
	}
	if _, err := e.logon(e.account, rootPassword, "192.0.2.8"); err != nil {
		t.Errorf("root from outside the masks: %v", err)
	}
}

// bindAlicesPhone binds a new virtual MFA device, alice-phone, to alice and returns it with the
// lockAfter sets the password policy to lock a user after n wrong passwords or codes.
func (e *env) lockAfter(n int) {
	e.t.Helper()
	if _, err := e.svc.SetPasswordPolicy(e.t.Context(), e.root, ram.SetPasswordPolicyInput{PasswordPolicy: ram.PasswordPolicy{
		MinimumPasswordLength: 8, MaxLoginAttempts: n}}); err != nil {
		e.t.Fatal(err)
	}
}

// second code that bound it.
func (e *env) bindAlicesPhone() (ram.NewVirtualMFADevice, string) {
	e.t.Helper()
	ctx := e.t.Context()
	dev, err := e.svc.CreateVirtualMFADevice(ctx, e.root, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "alice-phone"})
	if err != nil {
		e.t.Fatal(err)
	}
	prev, cur := e.codes(dev.Base32StringSeed)
	if err := e.svc.BindMFADevice(ctx, e.root, ram.BindMFADeviceInput{UserName: "alice", SerialNumber: dev.SerialNumber,
		AuthenticationCode1: prev, AuthenticationCode2: cur}); err != nil {
		e.t.Fatal(err)
	}
	return dev, cur
}

func TestLogonMFA(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.withConsoleUser(false)
	dev, cur := e.bindAlicesPhone()
	l, err := e.logon("alice@"+e.account, alicePassword, "")
	if err != nil || l.MFADevice != dev.SerialNumber {
		t.Fatalf("logon = %+v, %v; want the MFA step", l, err)
	}
	if u, _ := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"}); !u.LastLoginDate.IsZero() {
		t.Error("LastLoginDate set before the MFA code")
	}
	mfa := func(code string) error {
		got, err := e.svc.VerifyLogonMFA(ctx, ram.LogonMFAInput{UserID: l.Caller.ID, Code: code})
		if err == nil && (!got.Caller.MFA || got.Caller.Name != "alice" || got.SessionDuration != 6*time.Hour) {
			t.Errorf("VerifyLogonMFA = %+v", got)
		}
		return err
	}
	wantCode(t, "the code used to bind", mfa(cur), "CheckAuthenticationCodeFail")
	wantCode(t, "a wrong code", mfa("000000"), "CheckAuthenticationCodeFail")
	e.advance(30 * time.Second)
	_, next := e.codes(dev.Base32StringSeed)
	if err := mfa(next); err != nil {
		t.Fatalf("the next code: %v", err)
	}
	wantCode(t, "the same code again", mfa(next), "CheckAuthenticationCodeFail")
	if u, _ := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"}); !u.LastLoginDate.Equal(e.clock()) {
		t.Errorf("LastLoginDate = %v after the MFA step", u.LastLoginDate)
	}
}

func TestConsoleCaller(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.withConsoleUser(false)
	l, err := e.logon("alice@"+e.account, alicePassword, "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.svc.ConsoleCaller(ctx, l.Caller.ID, true)
	if err != nil || c.Name != "alice" || !c.MFA || c.Type != authz.User {
		t.Errorf("ConsoleCaller = %+v, %v", c, err)
	}
	if c, err := e.svc.ConsoleCaller(ctx, "", false); err != nil || c.Type != authz.Root {
		t.Errorf("root's ConsoleCaller = %+v, %v", c, err)
	}
	if err := e.svc.DeleteLoginProfile(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.ConsoleCaller(ctx, l.Caller.ID, false)
	wantCode(t, "after DeleteLoginProfile", err, "InvalidLogon")
}

// pausedStore pauses, once, a request whose context carries a *pause, right after the View
// numbered pause.after of that request has read: it stands for a sign-in attempt whose reads
// are done while other attempts, sent at the same moment, race ahead of it.
type pausedStore struct{ store.Store }

type pauseKey struct{}

type pause struct {
	after  int32
	views  atomic.Int32
	read   chan struct{}
	resume chan struct{}
}

func newPause(after int32) *pause {
	return &pause{after: after, read: make(chan struct{}), resume: make(chan struct{})}
}

func (s pausedStore) View(ctx context.Context, fn func(store.Reader) error) error {
	err := s.Store.View(ctx, fn)
	if p, ok := ctx.Value(pauseKey{}).(*pause); ok && p.views.Add(1) == p.after {
		close(p.read)
		<-p.resume
	}
	return err
}

func pausedBackend(t testing.TB) store.Store { return pausedStore{sqliteBackend()(t)} }

// An attacker who sends many guesses at once must not get past MaxLoginAttempts: a right guess
// whose check started before the wrong ones locked the user is refused too, and does not clear
// the lock.
func TestLogonLockoutConcurrentGuesses(t *testing.T) {
	e := newEnv(t, pausedBackend)
	ctx := t.Context()
	e.withConsoleUser(false)
	e.lockAfter(3)
	p := newPause(1) // after the read of alice's login profile
	done := make(chan error, 1)
	go func() {
		_, err := e.svc.VerifyLogonPassword(context.WithValue(ctx, pauseKey{}, p),
			ram.LogonInput{LogonName: "alice@" + e.account, Password: alicePassword})
		done <- err
	}()
	<-p.read
	for range 3 {
		e.logon("alice@"+e.account, "Wrong-Pa55word", "")
	}
	close(p.resume)
	wantCode(t, "the right guess sent with the wrong ones", <-done, "LogonLocked")
	_, err := e.logon("alice@"+e.account, alicePassword, "")
	wantCode(t, "the right password afterwards", err, "LogonLocked")
}

// The same for MFA codes: wrong codes sent at once with the right one lock the user before the
// right one is accepted.
func TestLogonMFALockoutConcurrentGuesses(t *testing.T) {
	e := newEnv(t, pausedBackend)
	ctx := t.Context()
	e.withConsoleUser(false)
	e.lockAfter(3)
	dev, _ := e.bindAlicesPhone()
	l, err := e.logon("alice@"+e.account, alicePassword, "")
	if err != nil {
		t.Fatal(err)
	}
	e.advance(30 * time.Second)
	_, next := e.codes(dev.Base32StringSeed)
	p := newPause(2) // after the read of alice's lock
	done := make(chan error, 1)
	go func() {
		_, err := e.svc.VerifyLogonMFA(context.WithValue(ctx, pauseKey{}, p), ram.LogonMFAInput{UserID: l.Caller.ID, Code: next})
		done <- err
	}()
	<-p.read
	for range 3 {
		e.svc.VerifyLogonMFA(ctx, ram.LogonMFAInput{UserID: l.Caller.ID, Code: "000000"})
	}
	close(p.resume)
	wantCode(t, "the right code sent with the wrong ones", <-done, "LogonLocked")
}

// A person who types a password into the logon name field must not leave it in the audit trail:
// a name that is not a logon name of this account is recorded as such, not as typed.
func TestLogonAuditKeepsNoMistypedPassword(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	e.withConsoleUser(false)
	for _, name := range []string{"Correct-Horse@Battery9", "Correct-Horse-Battery9"} {
		_, err := e.logon(name, alicePassword, "")
		wantCode(t, name, err, "InvalidLogon")
	}
	_, err := e.logon("carol@"+e.account, alicePassword, "")
	wantCode(t, "unknown user", err, "InvalidLogon")
	recs := e.audit(store.AuditQuery{Action: "ram:ConsoleSignin"})
	if len(recs) != 3 {
		t.Fatalf("%d sign-ins in the trail, want 3", len(recs))
	}
	for _, r := range recs {
		if strings.Contains(r.Target+r.PrincipalARN+r.Detail, "Correct-Horse") {
			t.Errorf("the trail holds what was typed as the logon name: %+v", r)
		}
	}
	if recs[0].Target != "carol@"+e.account {
		t.Errorf("target of an unknown user of the account = %q, want the logon name", recs[0].Target)
	}
}
