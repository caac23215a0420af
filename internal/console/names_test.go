package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
)

// link is where the page's link named text leads, resolved as a browser resolves it: dot
// segments removed.
func (b *browser) link(page response, base, text string) string {
	b.e.t.Helper()
	m := regexp.MustCompile(`<a href="([^"]*)">` + regexp.QuoteMeta(text) + `</a>`).FindStringSubmatch(page.body)
	if m == nil {
		b.e.t.Fatalf("%s has no link %q", base, text)
	}
	return resolve(b.e.t, base, m[1])
}

// resolve is ref as a browser on base requests it.
func resolve(t *testing.T, base, ref string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	r, err := url.Parse(ref)
	if err != nil {
		t.Fatal(err)
	}
	return u.ResolveReference(r).RequestURI()
}

var formActionRE = regexp.MustCompile(`<form method="post" action="([^"]*/groups-add)"`)

// TestNamesThatArePathSegments: RAM's names may be "." or "..", which a browser (and
// http.Redirect) resolves away as dot segments, or "new", the path of "Create User". Such users,
// groups and roles still have pages, reached from their lists and after their creation, and
// the pages' forms act on them.
func TestNamesThatArePathSegments(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	b := e.rootBrowser()
	names := []string{".", "..", "new"}
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + e.account + `:root"]}}]}`
	for _, name := range names {
		if _, err := e.svc.CreateUser(ctx, e.root, ram.CreateUserInput{UserName: name}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: name, AssumeRolePolicyDocument: trust}); err != nil {
			t.Fatal(err)
		}
		r := b.post("/console/groups", url.Values{"name": {name}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("create group %q: %d\n%s", name, r.status, r.body)
		}
		want(t, "group "+name+" just created", b.get(resolve(t, "/console/groups", r.location)), http.StatusOK, "<h1>"+name+"</h1>", "The group has been created.")
	}
	for _, list := range []string{"/console/users", "/console/groups", "/console/roles"} {
		page := b.get(list)
		for _, name := range names {
			want(t, list+": "+name, b.get(b.link(page, list, name)), http.StatusOK, "<h1>"+name+"</h1>")
		}
	}
	for _, name := range names {
		path := b.link(b.get("/console/users"), "/console/users", name)
		m := formActionRE.FindStringSubmatch(b.get(path).body)
		if m == nil {
			t.Fatalf("user %q: no form to add it to a group", name)
		}
		r := b.post(resolve(t, path, m[1]), url.Values{"group": {".."}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("add user %q to group ..: %d\n%s", name, r.status, r.body)
		}
		want(t, "user "+name+" added to a group", b.get(resolve(t, path, r.location)), http.StatusOK, "<h1>"+name+"</h1>", "Added to group ..")
	}
	l, err := e.svc.ListUsersForGroup(ctx, e.root, ram.ListUsersForGroupInput{GroupName: ".."})
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	for _, m := range l.Items {
		members = append(members, m.User.Name)
	}
	slices.Sort(members)
	if !slices.Equal(members, names) {
		t.Errorf("members of group .. = %q, want %q", members, names)
	}
}
