package console_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/console"
	"github.com/rampart-iam/rampart/internal/domaintest"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

const rootPassword = "Root-Pa55word!"

// memSessions is a hand-written Sessions in memory.
type memSessions struct {
	mu sync.Mutex
	m  map[string]console.Session
	// endOnUpdate ends a session as it is updated, as a password change on another node
	// could between a request's read of its session and the update.
	endOnUpdate bool
}

func (s *memSessions) Create(_ context.Context, x console.Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[x.IDHash] = x
	return nil
}

func (s *memSessions) Get(_ context.Context, h string, now time.Time) (console.Session, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.m[h]
	if !ok || !now.Before(x.Expires) {
		return console.Session{}, false, nil
	}
	return x, true, nil
}

func (s *memSessions) Update(_ context.Context, x console.Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.endOnUpdate {
		delete(s.m, x.IDHash)
	}
	if _, ok := s.m[x.IDHash]; !ok {
		return console.ErrNoSession
	}
	s.m[x.IDHash] = x
	return nil
}

func (s *memSessions) Delete(_ context.Context, h string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, h)
	return nil
}

func (s *memSessions) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// env is a console over a real RAM domain on a fresh SQLite store.
type env struct {
	*domaintest.Env
	t        *testing.T
	srv      *httptest.Server
	svc      *ram.Service
	pai      *pai.Service
	sessions *memSessions
	account  string
	root     *authz.Caller

	mu  sync.Mutex
	now time.Time
}

func newEnv(t *testing.T) *env { t.Helper(); return newEnvWith(t, nil) }

// newEnvWith is newEnv with the console's options changed by set (nil: none) before New.
func newEnvWith(t *testing.T, set func(e *env, o *console.Options)) *env {
	t.Helper()
	ctx := t.Context()
	e := &env{t: t, now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), sessions: &memSessions{m: map[string]console.Session{}}}
	st := storetest.SQLite(t)
	sec := domaintest.NewSecrets(t, 1)
	log := slog.New(slog.DiscardHandler)
	root, err := bootstrap.Run(ctx, st, bootstrap.Options{CredentialsFile: filepath.Join(t.TempDir(), "root.json"),
		Provided: bootstrap.Credentials{Password: rootPassword}, Box: sec.Box, IDs: sec.IDs, Passwords: sec.Passwords, Now: e.clock, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	e.Env = domaintest.New(t, st)
	e.account = root.AccountID
	rc := authz.RootCaller(e.account)
	e.root = &rc
	cat := e.Catalog
	if e.svc, err = ram.New(st, e.Snaps, cat, sec.Box, sec.Passwords, sec.IDs, e.clock, ram.DefaultLimits()); err != nil {
		t.Fatal(err)
	}
	if e.pai, err = pai.New(pai.Options{Store: st, Snapshots: e.Snaps, Catalog: cat, IDs: sec.IDs, Now: e.clock, Region: "cn-hangzhou"}); err != nil {
		t.Fatal(err)
	}
	o := console.Options{RAM: e.svc, PAI: e.pai, Sessions: e.sessions, Catalog: cat,
		AccountID: func() string { return e.account }, Logger: log, Now: e.clock, IdleTimeout: 30 * time.Minute}
	if set != nil {
		set(e, &o)
	}
	h, err := console.New(o)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// browser is one person's client: a cookie jar, and no automatic redirects so tests see them.
type browser struct {
	e *env
	c *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// response is what a request got back.
type response struct {
	status   int
	location string
	body     string // HTML-unescaped, so tests read what a person would
	header   http.Header
}

func (b *browser) do(method, path string, form url.Values, header ...string) response {
	b.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.srv.URL+path, body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, location: resp.Header.Get("Location"), body: html.UnescapeString(string(raw)), header: resp.Header}
}

func (b *browser) get(path string) response { b.e.t.Helper(); return b.do(http.MethodGet, path, nil) }

// post submits a form with the session's form token, as the page's own form would.
func (b *browser) post(path string, form url.Values) response {
	b.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf") == "" {
		form.Set("csrf", b.token())
	}
	return b.do(http.MethodPost, path, form)
}

var tokenRE = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// token reads the form token from a page, as a browser holds it.
func (b *browser) token() string {
	b.e.t.Helper()
	page := b.get("/console/account/password")
	m := tokenRE.FindStringSubmatch(page.body)
	if m == nil {
		return ""
	}
	return m[1]
}

// logon signs in and fails the test unless it worked.
func (b *browser) logon(name, password string) response {
	b.e.t.Helper()
	r := b.do(http.MethodPost, "/console/logon", url.Values{"logon_name": {name}, "password": {password}})
	if r.status != http.StatusSeeOther {
		b.e.t.Fatalf("logon %s: status %d\n%s", name, r.status, r.body)
	}
	return r
}

func (e *env) rootBrowser() *browser {
	b := e.browser()
	b.logon(e.account, rootPassword)
	return b
}

// consoleUser creates a RAM user with a console password.
func (e *env) consoleUser(name, password string, reset bool) {
	e.t.Helper()
	ctx := e.t.Context()
	if _, err := e.svc.CreateUser(ctx, e.root, ram.CreateUserInput{UserName: name}); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.svc.CreateLoginProfile(ctx, e.root, ram.CreateLoginProfileInput{UserName: name,
		Password: secrets.Secret(password), PasswordResetRequired: reset}); err != nil {
		e.t.Fatal(err)
	}
}

// mfaUser is consoleUser with an MFA device bound; it returns the device's seed (for e.code).
func (e *env) mfaUser(name, password string, reset bool) string {
	e.t.Helper()
	ctx := e.t.Context()
	e.consoleUser(name, password, reset)
	dev, err := e.svc.CreateVirtualMFADevice(ctx, e.root, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: name})
	if err != nil {
		e.t.Fatal(err)
	}
	seed := dev.Base32StringSeed.Reveal()
	if err := e.svc.BindMFADevice(ctx, e.root, ram.BindMFADeviceInput{UserName: name, SerialNumber: dev.SerialNumber,
		AuthenticationCode1: e.code(seed, -60*time.Second), AuthenticationCode2: e.code(seed, -30*time.Second)}); err != nil {
		e.t.Fatal(err)
	}
	return seed
}

// want fails unless the response has the status and every text.
func want(t *testing.T, what string, r response, status int, texts ...string) {
	t.Helper()
	if r.status != status {
		t.Errorf("%s: status %d, want %d (location %q)\n%.3000s", what, r.status, status, r.location, r.body)
		return
	}
	for _, s := range texts {
		if !strings.Contains(r.body, s) {
			t.Errorf("%s: the page lacks %q\n%.4000s", what, s, r.body)
		}
	}
}
