package console_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
)

// TestUnroutedRequestsGetTheConsolesPage: a method a console path does not take answers the
// console's own error page, 405 with an Allow header, and a path the console does not have its
// 404 page, not Go's plain text; neither changes anything.
func TestUnroutedRequestsGetTheConsolesPage(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	csrf := b.token()
	for _, c := range []struct {
		method, path string
		status       int
		allow, text  string
	}{
		{"PATCH", "/console/users", 405, "GET, HEAD", "does not take a PATCH request"},
		{"OPTIONS", "/console/users", 405, "GET, HEAD", "does not take an OPTIONS request"},
		{"PUT", "/console/users/new", 405, "GET, HEAD, POST", "does not take a PUT request"},
		{"DELETE", "/console/users/alice", 405, "GET, HEAD", "does not take a DELETE request"},
		{"GET", "/console/logout", 405, "POST", "does not take a GET request"},
		{"PUT", "/console/logon", 405, "GET, HEAD, POST", "does not take a PUT request"},
		{"GET", "/console/no-such-page", 404, "", "There is no such page in the console."},
		{"POST", "/console/users/alice/op/more", 404, "", "There is no such page in the console."},
	} {
		form := url.Values{"csrf": {csrf}, "user_name": {"mallory"}}
		r := b.do(c.method, c.path, form, "Origin", e.srv.URL)
		want(t, c.method+" "+c.path, r, c.status, c.text, "Back to the console")
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s %s: Content-Type %q, want the console's HTML", c.method, c.path, ct)
		}
		if got := r.header.Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
		if r.header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s %s: the page lacks the console's security headers", c.method, c.path)
		}
	}
	if _, err := e.svc.GetUser(t.Context(), e.root, ram.UserInput{UserName: "mallory"}); err == nil {
		t.Error("a refused request created a user")
	}
	// A path the mux cleans still redirects to its clean form.
	if r := b.get("/console//users"); r.status/100 != 3 || r.location != "/console/users" {
		t.Errorf("GET /console//users: %d to %q, want a redirect to /console/users", r.status, r.location)
	}
}
