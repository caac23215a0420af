package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// sessionCookie is the browser's console session ID.
func (b *browser) sessionCookie() string {
	u, _ := url.Parse(b.e.srv.URL + "/console/")
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "rampart_console" {
			return c.Value
		}
	}
	return ""
}

// withCookie is another browser holding the session ID id, as one that planted it in the
// person's browser, or read it there, before a step of the sign-in would.
func (e *env) withCookie(id string) *browser {
	b := e.browser()
	u, _ := url.Parse(e.srv.URL + "/console/")
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "rampart_console", Value: id, Path: "/console/"}})
	return b
}

// TestSessionRenewedAtSignInSteps: each step of the sign-in that proves something (the MFA
// code, a new password) moves the session to a new ID and ends the old one, so an ID fixed in
// the browser after the password, or read from it before the code, never becomes signed in.
func TestSessionRenewedAtSignInSteps(t *testing.T) {
	e := newEnv(t)
	seed := e.mfaUser("alice", "Alice-Pa55word!", true)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	atPassword := b.sessionCookie()
	planted := e.withCookie(atPassword)
	csrf := tokenRE.FindStringSubmatch(b.get("/console/logon/mfa").body)[1]
	r := b.do(http.MethodPost, "/console/logon/mfa", url.Values{"csrf": {csrf}, "code": {e.code(seed, 0)}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/logon/password") {
		t.Fatalf("the MFA code: %d to %q\n%.2000s", r.status, r.location, r.body)
	}
	atMFA := b.sessionCookie()
	if atMFA == atPassword {
		t.Error("the session kept its ID when the MFA code was proved")
	}
	if r := planted.get("/console/logon/password"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/logon") {
		t.Errorf("the ID from before the MFA code: %d to %q, want it ended", r.status, r.location)
	}

	planted = e.withCookie(atMFA)
	csrf = tokenRE.FindStringSubmatch(b.get("/console/logon/password").body)[1]
	r = b.do(http.MethodPost, "/console/logon/password", url.Values{"csrf": {csrf},
		"old_password": {"Alice-Pa55word!"}, "new_password": {"Alice-New-Pa55!"}, "confirm_password": {"Alice-New-Pa55!"}})
	if r.status != http.StatusSeeOther || r.location != "/console/users" {
		t.Fatalf("the new password: %d to %q\n%.2000s", r.status, r.location, r.body)
	}
	if b.sessionCookie() == atMFA {
		t.Error("the session kept its ID when the new password was set")
	}
	if planted.signedIn() {
		t.Error("the ID from before the new password is signed in")
	}
	if !b.signedIn() || e.sessions.count() != 1 {
		t.Errorf("after the sign-in: signed in %v, %d sessions stored, want true and 1", b.signedIn(), e.sessions.count())
	}
}

// TestSessionEndedWhileRenewed: a session ended (by a password change elsewhere) while a step
// of the sign-in renews it leaves no session behind.
func TestSessionEndedWhileRenewed(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", true)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	csrf := tokenRE.FindStringSubmatch(b.get("/console/logon/password").body)[1]
	e.sessions.endOnUpdate = true
	r := b.do(http.MethodPost, "/console/logon/password", url.Values{"csrf": {csrf},
		"old_password": {"Alice-Pa55word!"}, "new_password": {"Alice-New-Pa55!"}, "confirm_password": {"Alice-New-Pa55!"}})
	if r.status != http.StatusSeeOther || r.location != "/console/logon?notice=expired" || e.sessions.count() != 0 {
		t.Errorf("a session ended while renewed: %d to %q, %d sessions left", r.status, r.location, e.sessions.count())
	}
}
