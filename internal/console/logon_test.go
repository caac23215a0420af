package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ram"
)

func TestPagesNeedASession(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	for _, path := range []string{"/console/users", "/console/policies", "/console/grant?principal=user:alice", "/console/audit", "/console/simulator"} {
		r := b.get(path)
		if r.status != http.StatusSeeOther || r.location != "/console/logon?next="+url.QueryEscape(path) {
			t.Errorf("GET %s without a session: %d to %q", path, r.status, r.location)
		}
	}
	r := b.do(http.MethodPost, "/console/users/new", url.Values{"user_name": {"x"}})
	if r.status != http.StatusSeeOther || r.location != "/console/logon" {
		t.Errorf("POST without a session: %d to %q", r.status, r.location)
	}
	r = b.do(http.MethodGet, "/console/grant/policies", nil, "HX-Request", "true")
	if r.status != http.StatusUnauthorized || r.header.Get("HX-Redirect") != "/console/logon" {
		t.Errorf("htmx fragment without a session: %d, HX-Redirect %q", r.status, r.header.Get("HX-Redirect"))
	}
	want(t, "the logon page", b.get("/console/logon"), http.StatusOK, "Log on", `for="logon_name"`, `for="password"`)
}

func TestLogonAndLogout(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	r := b.do(http.MethodPost, "/console/logon", url.Values{"logon_name": {e.account}, "password": {rootPassword}, "next": {"/console/policies"}})
	if r.status != http.StatusSeeOther || r.location != "/console/policies" {
		t.Fatalf("root logon: %d to %q", r.status, r.location)
	}
	cookie := r.header.Get("Set-Cookie")
	for _, attr := range []string{"rampart_console=", "Path=/console/", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, attr) {
			t.Errorf("session cookie %q lacks %s", cookie, attr)
		}
	}
	want(t, "users as root", b.get("/console/users"), http.StatusOK, "Identities > Users", "root (account "+e.account+")", "Log out")
	if e.sessions.count() != 1 {
		t.Fatalf("%d sessions stored, want 1", e.sessions.count())
	}
	for k := range e.sessions.m {
		if strings.Contains(cookie, k) {
			t.Error("the store holds the session ID itself, not its hash")
		}
	}

	r = b.post("/console/logout", nil)
	if r.status != http.StatusSeeOther || r.location != "/console/logon?notice=out" || e.sessions.count() != 0 {
		t.Errorf("logout: %d to %q, %d sessions left", r.status, r.location, e.sessions.count())
	}
	if r := b.get("/console/users"); r.status != http.StatusSeeOther {
		t.Errorf("users after logout: %d", r.status)
	}
	want(t, "after logout", b.get("/console/logon?notice=out"), http.StatusOK, "You have logged out.")

	// The open-redirect guard: next must be a console page.
	r = b.do(http.MethodPost, "/console/logon", url.Values{"logon_name": {e.account}, "password": {rootPassword}, "next": {"//evil.example/"}})
	if r.location != "/console/users" {
		t.Errorf("logon with next=//evil.example/ went to %q", r.location)
	}
}

func TestLogonErrors(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	if _, err := e.svc.SetPasswordPolicy(t.Context(), e.root, ram.SetPasswordPolicyInput{PasswordPolicy: ram.PasswordPolicy{
		MinimumPasswordLength: 8, MaxLoginAttempts: 2}}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	cases := []struct {
		name, logon, password string
		status                int
		text                  string
	}{
		{"empty", "", "", http.StatusBadRequest, "Enter your logon name and password."},
		{"wrong root password", e.account, "nope", http.StatusUnauthorized, "The logon name or password is incorrect."},
		{"unknown user", "bob@" + e.account, "Alice-Pa55word!", http.StatusUnauthorized, "The logon name or password is incorrect."},
		{"wrong password 1", "alice@" + e.account, "Wrong-Pa55word", http.StatusUnauthorized, "The logon name or password is incorrect."},
		{"wrong password 2: locked", "alice@" + e.account, "Wrong-Pa55word", http.StatusUnauthorized, "Too many failed logon attempts."},
		{"right password while locked", "alice@" + e.account, "Alice-Pa55word!", http.StatusUnauthorized, "Too many failed logon attempts."},
	}
	for _, c := range cases {
		r := b.do(http.MethodPost, "/console/logon", url.Values{"logon_name": {c.logon}, "password": {c.password}})
		want(t, c.name, r, c.status, c.text)
	}
	if e.sessions.count() != 0 {
		t.Errorf("%d sessions after failed logons", e.sessions.count())
	}
}

func TestMFAThenForcedPasswordChange(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	seed := e.mfaUser("alice", "Alice-Pa55word!", true)

	b := e.browser()
	r := b.logon("alice@"+e.account, "Alice-Pa55word!")
	if !strings.HasPrefix(r.location, "/console/logon/mfa") {
		t.Fatalf("logon with MFA went to %q", r.location)
	}
	if r := b.get("/console/users"); r.status != http.StatusSeeOther || r.location != "/console/logon/mfa?next=%2Fconsole%2Fusers" {
		t.Errorf("users before the MFA code: %d to %q", r.status, r.location)
	}
	page := b.get("/console/logon/mfa")
	want(t, "MFA page", page, http.StatusOK, "Enter the 6-digit code", `for="code"`)
	token := tokenRE.FindStringSubmatch(page.body)[1]
	want(t, "wrong code", b.do(http.MethodPost, "/console/logon/mfa", url.Values{"csrf": {token}, "code": {"000000"}}),
		http.StatusUnauthorized, "The MFA code is not valid.")
	r = b.do(http.MethodPost, "/console/logon/mfa", url.Values{"csrf": {token}, "code": {e.code(seed, 0)}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/logon/password") {
		t.Fatalf("right code: %d to %q\n%s", r.status, r.location, r.body)
	}
	page = b.get("/console/logon/password")
	want(t, "forced change page", page, http.StatusOK, "You must set a new password")
	token = tokenRE.FindStringSubmatch(page.body)[1] // the code renewed the session, and its form token
	form := url.Values{"csrf": {token}, "old_password": {"Alice-Pa55word!"}, "new_password": {"Alice-New-Pa55!"}, "confirm_password": {"Alice-New-Pa55"}}
	want(t, "mismatched new passwords", b.do(http.MethodPost, "/console/logon/password", form), http.StatusBadRequest, "The new passwords do not match.")
	form.Set("confirm_password", "Alice-New-Pa55!")
	r = b.do(http.MethodPost, "/console/logon/password", form)
	if r.status != http.StatusSeeOther || r.location != "/console/users" {
		t.Fatalf("forced change: %d to %q\n%s", r.status, r.location, r.body)
	}
	// The session is complete; alice has no policy, so RAM refuses the list and the page says so.
	want(t, "users as alice", b.get("/console/users"), http.StatusForbidden, "You are not authorized to do this action.", "ram:ListUsers", "NoPermission")
	u, _ := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"})
	if !u.LastLoginDate.Equal(e.clock()) {
		t.Errorf("LastLoginDate = %v", u.LastLoginDate)
	}
}

// TestPendingSignInCanBeCancelled: a person asked for an MFA code or a new password may not have
// them at hand; the page lets them log out, since every other page, the sign-in page too, sends
// the session back to the step (as binding a device already does).
func TestPendingSignInCanBeCancelled(t *testing.T) {
	e := newEnv(t)
	e.mfaUser("alice", "Alice-Pa55word!", false)
	e.consoleUser("bob", "Bob-Pa55word!", true)
	for _, c := range []struct{ name, password, step string }{
		{"alice", "Alice-Pa55word!", "/console/logon/mfa"},
		{"bob", "Bob-Pa55word!", "/console/logon/password"},
	} {
		b := e.browser()
		if r := b.logon(c.name+"@"+e.account, c.password); !strings.HasPrefix(r.location, c.step) {
			t.Fatalf("%s: logon went to %q", c.name, r.location)
		}
		if r := b.get("/console/logon"); r.status != http.StatusSeeOther {
			t.Errorf("%s: the sign-in page during the step: %d", c.name, r.status)
		}
		page := b.get(c.step)
		want(t, c.name+"'s step", page, http.StatusOK, `action="/console/logout"`, "Cancel and log out")
		m := tokenRE.FindStringSubmatch(page.body)
		if m == nil {
			t.Fatalf("%s: no form token", c.name)
		}
		r := b.do(http.MethodPost, "/console/logout", url.Values{"csrf": {m[1]}})
		if r.status != http.StatusSeeOther || r.location != "/console/logon?notice=out" || e.sessions.count() != 0 {
			t.Errorf("%s: cancel: %d to %q, %d sessions left", c.name, r.status, r.location, e.sessions.count())
		}
		want(t, c.name+" after cancelling", b.get("/console/logon"), http.StatusOK, `for="logon_name"`)
	}
}

// TestSessionEndedWhileRead: a session ended between a request's read of it and the update of
// its LastSeen signs the request out rather than failing it.
func TestSessionEndedWhileRead(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	e.advance(2 * time.Minute)
	e.sessions.endOnUpdate = true
	if r := b.get("/console/users"); r.status != http.StatusSeeOther {
		t.Errorf("a session ended meanwhile: %d, want a redirect to log on", r.status)
	}
}

func TestSessionExpiry(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	e.advance(20 * time.Minute)
	want(t, "after 20 idle minutes", b.get("/console/users"), http.StatusOK, "Users")
	e.advance(31 * time.Minute)
	if r := b.get("/console/users"); r.status != http.StatusSeeOther || e.sessions.count() != 0 {
		t.Errorf("after 31 idle minutes: %d, %d sessions", r.status, e.sessions.count())
	}
	// Absolute expiry: the account's LoginSessionDuration (6 hours by default), however active.
	b = e.rootBrowser()
	for range 12 { // 5h48m of activity
		e.advance(29 * time.Minute)
		if r := b.get("/console/users"); r.status != http.StatusOK {
			t.Fatalf("active session at %v: %d", e.clock(), r.status)
		}
	}
	e.advance(29 * time.Minute) // 6h17m after logon
	if r := b.get("/console/users"); r.status != http.StatusSeeOther {
		t.Errorf("after LoginSessionDuration: %d", r.status)
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	form := url.Values{"user_name": {"mallory"}, "console": {"1"}}
	want(t, "no token", b.do(http.MethodPost, "/console/users/new", form), http.StatusForbidden, "did not come from this console")
	form.Set("csrf", strings.Repeat("0", 32))
	want(t, "a wrong token", b.do(http.MethodPost, "/console/users/new", form), http.StatusForbidden)
	form.Set("csrf", b.token())
	// A cross-origin form is refused as a form without its token is: a console page, not Go's
	// plain-text message about a header.
	r := b.do(http.MethodPost, "/console/users/new", form, "Sec-Fetch-Site", "cross-site")
	want(t, "cross-site POST with the right token", r, http.StatusForbidden, "did not come from this console", "Back to the console")
	if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("cross-site POST: Content-Type %q", ct)
	}
	if r := b.do(http.MethodPost, "/console/logout", url.Values{}, "Origin", "https://evil.example"); r.status != http.StatusForbidden || e.sessions.count() != 1 {
		t.Errorf("cross-origin logout: %d, %d sessions", r.status, e.sessions.count())
	}
	want(t, "cross-origin logon", e.browser().do(http.MethodPost, "/console/logon", url.Values{"logon_name": {e.account}, "password": {rootPassword}},
		"Origin", "https://evil.example"), http.StatusForbidden, "did not come from this console")
	if _, err := e.svc.GetUser(t.Context(), e.root, ram.UserInput{UserName: "mallory"}); err == nil {
		t.Error("a forged form created a user")
	}
	want(t, "same-origin POST with the token", b.do(http.MethodPost, "/console/users/new", form, "Sec-Fetch-Site", "same-origin"), http.StatusOK, "User mallory created")
}
