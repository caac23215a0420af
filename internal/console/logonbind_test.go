package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// bindRequiredUser creates a RAM user whose login profile requires an MFA device.
func (e *env) bindRequiredUser(name, password string, reset bool) {
	e.t.Helper()
	ctx := e.t.Context()
	if _, err := e.svc.CreateUser(ctx, e.root, ram.CreateUserInput{UserName: name}); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.svc.CreateLoginProfile(ctx, e.root, ram.CreateLoginProfileInput{UserName: name,
		Password: secrets.Secret(password), PasswordResetRequired: reset, MFABindRequired: true}); err != nil {
		e.t.Fatal(err)
	}
}

// offer is the device a binding page shows, and the page's form token.
type offer struct{ secret, uri, token, csrf, next string }

var (
	secretRE    = regexp.MustCompile(`id="mfa-secret">([A-Z2-7]+)<`)
	uriRE       = regexp.MustCompile(`id="mfa-uri">(otpauth://[^<]+)<`)
	bindTokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)
	nextRE      = regexp.MustCompile(`name="next" value="([^"]*)"`)
)

func readOffer(t *testing.T, r response) offer {
	t.Helper()
	var o offer
	for _, f := range []struct {
		re  *regexp.Regexp
		out *string
	}{{secretRE, &o.secret}, {uriRE, &o.uri}, {bindTokenRE, &o.token}, {tokenRE, &o.csrf}, {nextRE, &o.next}} {
		m := f.re.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("the binding page lacks %s\n%.3000s", f.re, r.body)
		}
		*f.out = m[1]
	}
	return o
}

// code is the TOTP code of seed for the time step d after now.
func (e *env) code(seed string, d time.Duration) string {
	e.t.Helper()
	c, err := totp.GenerateCodeCustom(seed, e.clock().Add(d), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (o offer) form(code1, code2 string) url.Values {
	return url.Values{"csrf": {o.csrf}, "next": {o.next}, "secret": {o.secret}, "uri": {o.uri}, "token": {o.token}, "code1": {code1}, "code2": {code2}}
}

func TestBindMFAOnLogon(t *testing.T) {
	e := newEnv(t)
	e.bindRequiredUser("alice", "Alice-Pa55word!", false)
	b := e.browser()
	r := b.do(http.MethodPost, "/console/logon", url.Values{"logon_name": {"alice@" + e.account}, "password": {"Alice-Pa55word!"}, "next": {"/console/policies"}})
	if r.status != http.StatusSeeOther || r.location != "/console/logon/bind-mfa?next=%2Fconsole%2Fpolicies" {
		t.Fatalf("logon: %d to %q", r.status, r.location)
	}

	// Until a device is bound, every other page of the console leads back here (and, once it
	// is, on to the page asked for; the other sign-in steps' pages would only lead to Users).
	for path, to := range map[string]string{
		"/console/users":            "/console/logon/bind-mfa?next=%2Fconsole%2Fusers",
		"/console/account/password": "/console/logon/bind-mfa?next=%2Fconsole%2Faccount%2Fpassword",
		"/console/logon/mfa":        "/console/logon/bind-mfa",
		"/console/logon/password":   "/console/logon/bind-mfa",
		"/console/audit":            "/console/logon/bind-mfa?next=%2Fconsole%2Faudit",
	} {
		if r := b.get(path); r.status != http.StatusSeeOther || r.location != to {
			t.Errorf("GET %s before binding: %d to %q, want %q", path, r.status, r.location, to)
		}
	}
	page := b.get("/console/logon/bind-mfa?next=%2Fconsole%2Fpolicies")
	want(t, "binding page", page, http.StatusOK, "Bind an MFA device", `for="code1"`, `for="code2"`, "Cancel and log out")
	if cc := page.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control of a page with a secret = %q", cc)
	}
	o := readOffer(t, page)
	if !strings.Contains(o.uri, "secret="+o.secret) || !strings.Contains(o.uri, "alice@"+e.account) {
		t.Errorf("the URI %q does not name the seed and the user", o.uri)
	}
	if r := b.do(http.MethodPost, "/console/users/new", url.Values{"csrf": {o.csrf}, "user_name": {"mallory"}}); r.status != http.StatusSeeOther || r.location != "/console/logon/bind-mfa" {
		t.Errorf("POST elsewhere before binding: %d to %q", r.status, r.location)
	}

	prev, cur := e.code(o.secret, -30*time.Second), e.code(o.secret, 0)
	cases := []struct {
		name   string
		form   url.Values
		status int
		text   string
		same   bool // the page shows the same device again
	}{
		{"a wrong code", o.form(prev, "000000"), http.StatusForbidden, "The MFA authentication codes are not valid.", true},
		{"codes swapped", o.form(cur, prev), http.StatusForbidden, "The MFA authentication codes are not valid.", true},
		{"a short code", o.form(prev, "123"), http.StatusBadRequest, "must be 6 digits", true},
		{"a token of nobody", func() url.Values { f := o.form(prev, cur); f.Set("token", "AAAA"); return f }(), http.StatusUnauthorized, "has expired", false},
	}
	for _, c := range cases {
		r := b.do(http.MethodPost, "/console/logon/bind-mfa", c.form)
		want(t, c.name, r, c.status, c.text)
		if got := readOffer(t, r); (got.secret == o.secret) != c.same {
			t.Errorf("%s: the page shows secret %s, first offered %s", c.name, got.secret, o.secret)
		}
	}
	if _, err := e.svc.GetUserMFAInfo(t.Context(), e.root, ram.UserInput{UserName: "alice"}); err == nil {
		t.Fatal("a device was bound by failed attempts")
	}

	r = b.do(http.MethodPost, "/console/logon/bind-mfa", o.form(prev, cur))
	if r.status != http.StatusSeeOther || r.location != "/console/policies" {
		t.Fatalf("binding: %d to %q\n%.2000s", r.status, r.location, r.body)
	}
	for _, s := range e.sessions.m {
		if !s.MFA || s.Stage != "" {
			t.Errorf("session after binding: %+v", s)
		}
	}
	want(t, "the console after binding", b.get("/console/account/password"), http.StatusOK, "Change password")
	d, err := e.svc.GetUserMFAInfo(t.Context(), e.root, ram.UserInput{UserName: "alice"})
	if err != nil || d.SerialNumber != "acs:ram::"+e.account+":mfa/alice" {
		t.Errorf("GetUserMFAInfo = %+v, %v", d, err)
	}
	if r := b.get("/console/logon/bind-mfa"); r.status != http.StatusSeeOther || r.location != "/console/users" {
		t.Errorf("the binding page once signed in: %d to %q", r.status, r.location)
	}

	// Signed out and in again, alice gives a code of the device she bound.
	b.post("/console/logout", nil)
	r = b.logon("alice@"+e.account, "Alice-Pa55word!")
	if !strings.HasPrefix(r.location, "/console/logon/mfa") {
		t.Fatalf("the next logon went to %q", r.location)
	}
	e.advance(30 * time.Second)
	csrf := tokenRE.FindStringSubmatch(b.get("/console/logon/mfa").body)[1]
	r = b.do(http.MethodPost, "/console/logon/mfa", url.Values{"csrf": {csrf}, "code": {e.code(o.secret, 0)}})
	if r.status != http.StatusSeeOther || r.location != "/console/users" {
		t.Errorf("the code of the bound device: %d to %q\n%.2000s", r.status, r.location, r.body)
	}
}

// A user who must bind a device and choose a new password does both, the device first.
func TestBindMFAThenForcedPasswordChange(t *testing.T) {
	e := newEnv(t)
	e.bindRequiredUser("alice", "Alice-Pa55word!", true)
	b := e.browser()
	if r := b.logon("alice@"+e.account, "Alice-Pa55word!"); !strings.HasPrefix(r.location, "/console/logon/bind-mfa") {
		t.Fatalf("logon went to %q", r.location)
	}
	o := readOffer(t, b.get("/console/logon/bind-mfa"))
	r := b.do(http.MethodPost, "/console/logon/bind-mfa", o.form(e.code(o.secret, -30*time.Second), e.code(o.secret, 0)))
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/logon/password") {
		t.Fatalf("binding: %d to %q", r.status, r.location)
	}
	if r := b.get("/console/logon/bind-mfa"); r.location != "/console/logon/password" {
		t.Errorf("the binding page after binding: %d to %q", r.status, r.location)
	}
}

// A sign-in left at the binding step ends after ten minutes.
func TestBindMFAPendingExpires(t *testing.T) {
	e := newEnv(t)
	e.bindRequiredUser("alice", "Alice-Pa55word!", false)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	o := readOffer(t, b.get("/console/logon/bind-mfa"))
	e.advance(11 * time.Minute)
	r := b.do(http.MethodPost, "/console/logon/bind-mfa", o.form(e.code(o.secret, -30*time.Second), e.code(o.secret, 0)))
	if r.status != http.StatusSeeOther || r.location != "/console/logon?notice=expired" || e.sessions.count() != 0 {
		t.Errorf("binding after 11 minutes: %d to %q, %d sessions", r.status, r.location, e.sessions.count())
	}
}

// TestBindMFAKeepsNext: a user sent to bind a device from a page she opened (signed in up to
// the binding step, or opening the sign-in page again) lands on that page once the device is
// bound; a next that is not a console page leads to Users, as the sign-in's does.
func TestBindMFAKeepsNext(t *testing.T) {
	e := newEnv(t)
	bind := func(t *testing.T, b *browser, page string) response {
		t.Helper()
		p := b.get(page)
		want(t, "binding page "+page, p, http.StatusOK, "Bind an MFA device")
		o := readOffer(t, p)
		e.advance(30 * time.Second) // the codes of each bind below are new to the domain
		return b.do(http.MethodPost, "/console/logon/bind-mfa", o.form(e.code(o.secret, -30*time.Second), e.code(o.secret, 0)))
	}
	for i, c := range []struct {
		name, open, sentTo, lands string
	}{
		{"a page opened at the binding step", "/console/policies?q=Aliyun",
			"/console/logon/bind-mfa?next=%2Fconsole%2Fpolicies%3Fq%3DAliyun", "/console/policies?q=Aliyun"},
		{"the sign-in page opened again, with a next", "/console/logon?next=%2Fconsole%2Froles",
			"/console/roles", "/console/roles"},
		{"a next that is another site", "/console/logon/bind-mfa?next=%2F%2Fevil.example%2F", "", "/console/users"},
	} {
		t.Run(c.name, func(t *testing.T) {
			name := fmt.Sprintf("alice%d", i)
			e.bindRequiredUser(name, "Alice-Pa55word!", false)
			b := e.browser()
			b.logon(name+"@"+e.account, "Alice-Pa55word!")
			page := c.open
			if c.sentTo != "" {
				r := b.get(c.open)
				if r.status != http.StatusSeeOther || r.location != c.sentTo {
					t.Fatalf("GET %s at the binding step: %d to %q, want %q", c.open, r.status, r.location, c.sentTo)
				}
				for r.location != "" && !strings.HasPrefix(r.location, "/console/logon/bind-mfa") {
					r = b.get(r.location)
				}
				page = r.location
			}
			if r := bind(t, b, page); r.status != http.StatusSeeOther || r.location != c.lands {
				t.Errorf("binding: %d to %q, want %q", r.status, r.location, c.lands)
			}
		})
	}
}

// TestBindMFAPageShowsTheSameKeyAgain: the binding page opened again (a reload, or a page opened
// meanwhile that leads back to it) shows the key it showed first, already in the person's
// authenticator app, and codes of that key bind the device; before, each opening offered a new
// key and the codes of the first were refused. Another user's browser is offered a key of its own.
func TestBindMFAPageShowsTheSameKeyAgain(t *testing.T) {
	e := newEnv(t)
	e.bindRequiredUser("alice", "Alice-Pa55word!", false)
	e.bindRequiredUser("bob", "Bob-Pa55word!!", false)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	first := readOffer(t, b.get("/console/logon/bind-mfa?next=%2Fconsole%2Fusers"))
	b.get("/console/roles") // leads back to the binding page
	again := readOffer(t, b.get("/console/logon/bind-mfa?next=%2Fconsole%2Froles"))
	if again.secret != first.secret || again.uri != first.uri {
		t.Fatalf("the page opened again shows key %s, first %s", again.secret, first.secret)
	}
	r := b.do(http.MethodPost, "/console/logon/bind-mfa", again.form(e.code(first.secret, -30*time.Second), e.code(first.secret, 0)))
	if r.status != http.StatusSeeOther || r.location != "/console/roles" {
		t.Fatalf("binding with codes of the first key: %d to %q\n%.2000s", r.status, r.location, r.body)
	}

	// bob, signing in in the same browser after alice, is not shown alice's key.
	b.post("/console/logout", nil)
	b.logon("bob@"+e.account, "Bob-Pa55word!!")
	if bob := readOffer(t, b.get("/console/logon/bind-mfa")); bob.secret == "" || bob.secret == first.secret {
		t.Errorf("bob is offered key %q, alice's was %q", bob.secret, first.secret)
	}
}
