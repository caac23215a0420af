package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/console"
	"github.com/rampart-iam/rampart/internal/ram"
)

// countingRAM is the RAM domain, counting the sign-in checks that reach it.
type countingRAM struct {
	console.RAM
	passwords, codes, binds, changes atomic.Int32
}

func (c *countingRAM) VerifyLogonPassword(ctx context.Context, in ram.LogonInput) (ram.Logon, error) {
	c.passwords.Add(1)
	return c.RAM.VerifyLogonPassword(ctx, in)
}

func (c *countingRAM) VerifyLogonMFA(ctx context.Context, in ram.LogonMFAInput) (ram.Logon, error) {
	c.codes.Add(1)
	return c.RAM.VerifyLogonMFA(ctx, in)
}

func (c *countingRAM) ChangePassword(ctx context.Context, caller *authz.Caller, in ram.ChangePasswordInput) error {
	c.changes.Add(1)
	return c.RAM.ChangePassword(ctx, caller, in)
}

func (c *countingRAM) BindLogonMFA(ctx context.Context, in ram.BindLogonMFAInput) (ram.Logon, error) {
	c.binds.Add(1)
	return c.RAM.BindLogonMFA(ctx, in)
}

// newLimitedEnv is a console allowing perMinute sign-in attempts per client IP, behind a proxy
// on the loopback (so X-Forwarded-For names the client), with its RAM domain counted.
func newLimitedEnv(t *testing.T, perMinute int) (*env, *countingRAM) {
	t.Helper()
	var counted *countingRAM
	e := newEnvWith(t, func(e *env, o *console.Options) {
		counted = &countingRAM{RAM: o.RAM}
		o.RAM, o.LogonRateLimit = counted, perMinute
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	return e, counted
}

const throttledText = "Too many logon attempts from your address. Try again in a minute."

// logonFrom posts the logon form as the client at ip, through the proxy.
func (b *browser) logonFrom(ip, name, password string) response {
	b.e.t.Helper()
	return b.do(http.MethodPost, "/console/logon", url.Values{"logon_name": {name}, "password": {password}}, "X-Forwarded-For", ip)
}

// TestLogonRateLimit: the 11th attempt within a minute from one address is refused before the
// password is looked at, the right root password included, until a token comes back; another
// address is unaffected.
func TestLogonRateLimit(t *testing.T) {
	e, counted := newLimitedEnv(t, 10)
	b := e.browser()
	const attacker, other = "203.0.113.7", "198.51.100.9"
	for i := range 10 {
		want(t, "wrong root password", b.logonFrom(attacker, e.account, fmt.Sprint("Guess-", i)), http.StatusUnauthorized,
			"The logon name or password is incorrect.")
	}
	r := b.logonFrom(attacker, e.account, rootPassword)
	want(t, "the 11th attempt, with the right password", r, http.StatusTooManyRequests, throttledText, "Throttling.User", `for="logon_name"`)
	if got := r.header.Get("Retry-After"); got != "6" {
		t.Errorf("Retry-After = %q, want 6 (one attempt comes back every 6 s)", got)
	}
	if n := counted.passwords.Load(); n != 10 {
		t.Errorf("%d passwords checked, want 10: a throttled attempt must not reach the check (an argon2id hash)", n)
	}
	if e.sessions.count() != 0 {
		t.Fatalf("%d sessions after a throttled logon", e.sessions.count())
	}

	// Another address has its own bucket.
	if r := b.logonFrom(other, e.account, rootPassword); r.status != http.StatusSeeOther {
		t.Errorf("the right password from another address: %d\n%.2000s", r.status, r.body)
	}

	// The attacker's bucket refills at 10 a minute: nothing after 5 s, one attempt after 6.
	e.advance(5 * time.Second)
	want(t, "after 5 s", b.logonFrom(attacker, e.account, rootPassword), http.StatusTooManyRequests, throttledText)
	e.advance(time.Second)
	if r := b.logonFrom(attacker, e.account, rootPassword); r.status != http.StatusSeeOther {
		t.Errorf("the right password once a token is back: %d\n%.2000s", r.status, r.body)
	}
	want(t, "the attempt after that", b.logonFrom(attacker, e.account, rootPassword), http.StatusTooManyRequests, throttledText)
	if n := counted.passwords.Load(); n != 12 {
		t.Errorf("%d passwords checked in all, want 12", n)
	}
}

// TestLogonRateLimitUsesTheClientAddress: without trusted proxies X-Forwarded-For is the
// client's own say, so a new one per attempt gets no new bucket.
func TestLogonRateLimitUsesTheClientAddress(t *testing.T) {
	var counted *countingRAM
	e := newEnvWith(t, func(e *env, o *console.Options) {
		counted = &countingRAM{RAM: o.RAM}
		o.RAM, o.LogonRateLimit = counted, 3
	})
	b := e.browser()
	for i := range 5 {
		ip := fmt.Sprintf("203.0.113.%d", i+1)
		status := http.StatusUnauthorized
		if i >= 3 {
			status = http.StatusTooManyRequests
		}
		if r := b.logonFrom(ip, e.account, "Wrong-Pa55word"); r.status != status {
			t.Errorf("attempt %d claiming to be %s: %d, want %d", i+1, ip, r.status, status)
		}
	}
	if n := counted.passwords.Load(); n != 3 {
		t.Errorf("%d passwords checked, want 3", n)
	}
}

// TestThrottledLogonDoesNotLockTheUser: attempts refused by the limit are not failed attempts,
// so they cannot spend a RAM user's MaxLoginAttempts (or lock the user out for others).
func TestThrottledLogonDoesNotLockTheUser(t *testing.T) {
	e, counted := newLimitedEnv(t, 1)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	if _, err := e.svc.SetPasswordPolicy(t.Context(), e.root, ram.SetPasswordPolicyInput{PasswordPolicy: ram.PasswordPolicy{
		MinimumPasswordLength: 8, MaxLoginAttempts: 2}}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	const ip = "203.0.113.7"
	want(t, "wrong password 1", b.logonFrom(ip, "alice@"+e.account, "Wrong-Pa55word"), http.StatusUnauthorized, "The logon name or password is incorrect.")
	for range 5 {
		want(t, "throttled wrong password", b.logonFrom(ip, "alice@"+e.account, "Wrong-Pa55word"), http.StatusTooManyRequests, throttledText)
	}
	e.advance(time.Minute)
	if r := b.logonFrom(ip, "alice@"+e.account, "Alice-Pa55word!"); r.status != http.StatusSeeOther {
		t.Errorf("the right password after the throttled ones: %d, want 303 (alice is not locked)\n%.2000s", r.status, r.body)
	}
	if n := counted.passwords.Load(); n != 2 {
		t.Errorf("%d passwords checked, want 2", n)
	}
}

// TestMFACodesShareTheLimit: the codes of the MFA step spend the same attempts as passwords.
func TestMFACodesShareTheLimit(t *testing.T) {
	e, counted := newLimitedEnv(t, 3)
	seed := e.mfaUser("alice", "Alice-Pa55word!", false)
	b := e.browser()
	const ip = "203.0.113.7"
	if r := b.logonFrom(ip, "alice@"+e.account, "Alice-Pa55word!"); !strings.HasPrefix(r.location, "/console/logon/mfa") {
		t.Fatalf("logon with MFA: %d to %q", r.status, r.location)
	}
	csrf := tokenRE.FindStringSubmatch(b.get("/console/logon/mfa").body)[1]
	code := func(c string) response {
		return b.do(http.MethodPost, "/console/logon/mfa", url.Values{"csrf": {csrf}, "code": {c}}, "X-Forwarded-For", ip)
	}
	for range 2 {
		want(t, "a wrong code", code("000000"), http.StatusUnauthorized, "The MFA code is not valid.")
	}
	want(t, "the right code, throttled", code(e.code(seed, 0)), http.StatusTooManyRequests, throttledText, `for="code"`)
	if n := counted.codes.Load(); n != 2 {
		t.Errorf("%d codes checked, want 2", n)
	}
	e.advance(20 * time.Second)
	if r := code(e.code(seed, 0)); r.status != http.StatusSeeOther || r.location != "/console/users" {
		t.Errorf("the right code once an attempt is back: %d to %q\n%.2000s", r.status, r.location, r.body)
	}
}

// TestBindingCodesShareTheLimit: so do the two codes of a device bound at sign-in; the throttled
// page shows the same device, whose codes still do after the wait.
func TestBindingCodesShareTheLimit(t *testing.T) {
	e, counted := newLimitedEnv(t, 2)
	e.bindRequiredUser("alice", "Alice-Pa55word!", false)
	b := e.browser()
	const ip = "203.0.113.7"
	if r := b.logonFrom(ip, "alice@"+e.account, "Alice-Pa55word!"); !strings.HasPrefix(r.location, "/console/logon/bind-mfa") {
		t.Fatalf("logon: %d to %q", r.status, r.location)
	}
	o := readOffer(t, b.get("/console/logon/bind-mfa"))
	bind := func(f url.Values) response {
		return b.do(http.MethodPost, "/console/logon/bind-mfa", f, "X-Forwarded-For", ip)
	}
	want(t, "a wrong code", bind(o.form(e.code(o.secret, -30*time.Second), "000000")), http.StatusForbidden, "The MFA authentication codes are not valid.")
	r := bind(o.form(e.code(o.secret, -30*time.Second), e.code(o.secret, 0)))
	want(t, "the right codes, throttled", r, http.StatusTooManyRequests, throttledText)
	if got := readOffer(t, r); got.secret != o.secret {
		t.Errorf("the throttled page offers another device (%s, first %s)", got.secret, o.secret)
	}
	if n := counted.binds.Load(); n != 1 {
		t.Errorf("%d bindings tried, want 1", n)
	}
	e.advance(30 * time.Second)
	if r := bind(o.form(e.code(o.secret, -30*time.Second), e.code(o.secret, 0))); r.status != http.StatusSeeOther || r.location != "/console/users" {
		t.Errorf("the right codes once an attempt is back: %d to %q\n%.2000s", r.status, r.location, r.body)
	}
}

// TestLogonRateLimitOff: 0 turns the limit off.
func TestLogonRateLimitOff(t *testing.T) {
	e, counted := newLimitedEnv(t, 0)
	b := e.browser()
	for i := range 15 {
		if r := b.logonFrom("203.0.113.7", e.account, "Wrong-Pa55word"); r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d with the limit off: %d", i+1, r.status)
		}
	}
	if r := b.logonFrom("203.0.113.7", e.account, rootPassword); r.status != http.StatusSeeOther {
		t.Errorf("the right password: %d", r.status)
	}
	if n := counted.passwords.Load(); n != 16 {
		t.Errorf("%d passwords checked, want 16", n)
	}
}

// TestPasswordChangeSharesTheLimit: "Change password" checks the current password as a sign-in
// does, so whoever holds a session (a cookie stolen, a screen left unlocked) could otherwise
// guess it there without bound, the root's too, which has no lockout.
func TestPasswordChangeSharesTheLimit(t *testing.T) {
	e, counted := newLimitedEnv(t, 3)
	const attacker = "203.0.113.7"
	b := e.browser()
	b.logonFrom("198.51.100.9", e.account, rootPassword)
	token := b.token()
	change := func(old string) response {
		return b.do(http.MethodPost, "/console/account/password", url.Values{"csrf": {token}, "old_password": {old},
			"new_password": {"Root-New-Pa55!"}, "confirm_password": {"Root-New-Pa55!"}}, "X-Forwarded-For", attacker)
	}
	for i := range 3 {
		want(t, "wrong current password", change(fmt.Sprint("Guess-", i)), http.StatusBadRequest, "The old password is incorrect.")
	}
	want(t, "the 4th, with the right password", change(rootPassword), http.StatusTooManyRequests, throttledText, `for="old_password"`)
	want(t, "a logon from the same address", b.logonFrom(attacker, e.account, rootPassword), http.StatusTooManyRequests, throttledText)
	if n := counted.changes.Load(); n != 3 {
		t.Errorf("%d password changes reached the domain, want 3", n)
	}
	if r := e.browser().logonFrom("198.51.100.10", e.account, rootPassword); r.status != http.StatusSeeOther {
		t.Errorf("the root password after throttled changes: %d", r.status)
	}
}
