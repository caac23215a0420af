package console_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/console"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// storeSessions keeps the console's sessions in the store, as the server does, so that what the
// domain ends in the store (a password change) ends here too.
type storeSessions struct{ st store.ConsoleSessions }

func (s storeSessions) Create(ctx context.Context, x console.Session) error {
	return s.st.CreateConsoleSession(ctx, store.ConsoleSession(x))
}

func (s storeSessions) Get(ctx context.Context, h string, now time.Time) (console.Session, bool, error) {
	x, err := s.st.GetConsoleSession(ctx, h, now)
	if errors.Is(err, store.ErrNotFound) {
		return console.Session{}, false, nil
	}
	return console.Session(x), err == nil, err
}

func (s storeSessions) Update(ctx context.Context, x console.Session) error {
	return s.st.UpdateConsoleSession(ctx, store.ConsoleSession(x))
}

func (s storeSessions) Delete(ctx context.Context, h string) error {
	return s.st.DeleteConsoleSession(ctx, h)
}

func newStoreSessionEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, func(e *env, o *console.Options) { o.Sessions = storeSessions{e.Store.(store.ConsoleSessions)} })
}

// signedIn reports whether the browser's session still opens a page.
func (b *browser) signedIn() bool {
	b.e.t.Helper()
	r := b.get("/console/account/password")
	return r.status == http.StatusOK
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	e := newStoreSessionEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	e.consoleUser("bob", "Bob-Pa55word!", false)
	laptop, phone, bob, root := e.browser(), e.browser(), e.browser(), e.rootBrowser()
	for _, b := range []*browser{laptop, phone} {
		b.logon("alice@"+e.account, "Alice-Pa55word!")
	}
	bob.logon("bob@"+e.account, "Bob-Pa55word!")

	form := url.Values{"old_password": {"Alice-Pa55word!"}, "new_password": {"Alice-New-Pa55!"}, "confirm_password": {"Alice-New-Pa55!"}}
	if r := laptop.post("/console/account/password", form); r.status != http.StatusSeeOther {
		t.Fatalf("change on the laptop: %d\n%.2000s", r.status, r.body)
	}
	for _, c := range []struct {
		name string
		b    *browser
		want bool
	}{{"the laptop that changed it", laptop, true}, {"alice's phone", phone, false}, {"bob", bob, true}, {"the root", root, true}} {
		if got := c.b.signedIn(); got != c.want {
			t.Errorf("%s signed in after alice's change: %v, want %v", c.name, got, c.want)
		}
	}
	if r := phone.get("/console/users"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/logon") {
		t.Errorf("alice's phone after the change: %d to %q", r.status, r.location)
	}

	// An administrator's new password ends every session of the user, the laptop's too.
	if err := e.svc.UpdateLoginProfile(t.Context(), e.root, ram.UpdateLoginProfileInput{UserName: "alice", Password: "Admin-Set-Pa55!"}); err != nil {
		t.Fatal(err)
	}
	if laptop.signedIn() || !bob.signedIn() {
		t.Errorf("after UpdateLoginProfile: laptop signed in %v (want false), bob %v (want true)", laptop.signedIn(), bob.signedIn())
	}
}

// The forced change at sign-in keeps the session making it and ends the others.
func TestForcedPasswordChangeEndsOtherSessions(t *testing.T) {
	e := newStoreSessionEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", true)
	waiting, changing := e.browser(), e.browser()
	for _, b := range []*browser{waiting, changing} {
		if r := b.logon("alice@"+e.account, "Alice-Pa55word!"); !strings.HasPrefix(r.location, "/console/logon/password") {
			t.Fatalf("logon went to %q", r.location)
		}
	}
	csrf := tokenRE.FindStringSubmatch(changing.get("/console/logon/password").body)[1]
	r := changing.do(http.MethodPost, "/console/logon/password", url.Values{"csrf": {csrf},
		"old_password": {"Alice-Pa55word!"}, "new_password": {"Alice-New-Pa55!"}, "confirm_password": {"Alice-New-Pa55!"}})
	if r.status != http.StatusSeeOther || r.location != "/console/users" {
		t.Fatalf("forced change: %d to %q\n%.2000s", r.status, r.location, r.body)
	}
	if !changing.signedIn() {
		t.Error("the session that changed the password was ended")
	}
	if r := waiting.get("/console/logon/password"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/logon") {
		t.Errorf("the other pending session after the change: %d to %q", r.status, r.location)
	}
}

// A password changed on "Change password" answers with a redirect to the page and its notice,
// so that reloading the page does not post the form again: the old password, now wrong, would
// count as a failed attempt towards the user's lockout.
func TestPasswordChangeIsNotPostedAgainOnReload(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	form := url.Values{"old_password": {"Alice-Pa55word!"}, "new_password": {"Alice-New-Pa55!"}, "confirm_password": {"Alice-New-Pa55!"}}
	r := b.post("/console/account/password", form)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/account/password?") {
		t.Fatalf("the change: %d to %q, want a redirect to the page\n%.2000s", r.status, r.location, r.body)
	}
	want(t, "the page after the change", b.get(r.location), http.StatusOK, `<p role="status" class="ok">Your password has been changed.</p>`)
	if got := b.get("/console/account/password"); strings.Contains(got.body, "Your password has been changed.") {
		t.Error("the page opened afresh says the password has been changed")
	}
	want(t, "a wrong current password", b.post("/console/account/password", form), http.StatusBadRequest, "InvalidParameter.OldPassword")
}
