package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/pai"
)

// Each change's redirect shows its notice on the page it leads to.
func TestNoticeAfterEachChange(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	ws := e.workspace("vision_team")
	b := e.rootBrowser()
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + e.account + `:root"]}}]}`
	steps := []struct {
		name, path string
		form       url.Values
		notice     string
	}{
		{"create a group", "/console/groups", url.Values{"name": {"devs"}}, "The group has been created."},
		{"add a member to it", "/console/groups/devs/members-add", url.Values{"user": {"alice"}}, "Added alice."},
		{"remove a user from a group", "/console/users/alice/groups-remove", url.Values{"group": {"devs"}}, "Removed from group devs."},
		{"create a role", "/console/roles", url.Values{"name": {"ops"}, "trust": {trust}}, "The role has been created."},
		{"update its trust policy", "/console/roles/ops/trust", url.Values{"trust": {trust}}, "The trust policy has been updated."},
		{"create a policy", "/console/policies/new", url.Values{"tab": {"json"}, "name": {"eas-list"}, "document": {seedDocument}}, "The policy has been created."},
		{"create a workspace", "/console/pai/workspaces", url.Values{"name": {"nlp_team"}}, "The workspace nlp_team has been created."},
		{"add a workspace member", "/console/pai/workspaces/" + ws + "/members-add", url.Values{"member": {e.userID("alice")}, "role": {pai.RoleDeveloper}},
			"alice has been added as Algorithm Developer."},
		{"delete a policy", "/console/policies/Custom/eas-list/delete", nil, "The policy eas-list has been deleted."},
	}
	for _, s := range steps {
		r := b.post(s.path, s.form)
		if r.status != http.StatusSeeOther {
			t.Errorf("%s: status %d\n%.2000s", s.name, r.status, r.body)
			continue
		}
		want(t, s.name, b.get(r.location), http.StatusOK, `<p role="status" class="ok">`+s.notice+`</p>`)
	}
}

// Only the console can set a page's notice: a link carrying text of its own, a notice made for
// another session, a notice whose text was changed and an old one all show nothing.
func TestNoticeCannotBeForged(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	const lie = "Your account is locked, call +86 555 0100."
	r := b.get("/console/policies/System/AliyunPAIFullAccess?done=" + url.QueryEscape(lie))
	want(t, "a forged notice", r, http.StatusOK, "AliyunPAIFullAccess")
	if strings.Contains(r.body, lie) || strings.Contains(r.body, `class="ok"`) {
		t.Errorf("a link's own text shows as the console's notice:\n%.3000s", r.body)
	}

	r = b.post("/console/groups", url.Values{"name": {"devs"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("create a group: %d\n%.2000s", r.status, r.body)
	}
	real := r.location
	loc, _ := url.Parse(real)
	q := loc.Query()
	q.Set("done", lie)
	loc.RawQuery = q.Encode()
	other := e.rootBrowser()
	for _, c := range []struct {
		name string
		b    *browser
		path string
	}{
		{"another session's notice", other, real},
		{"a notice with other text", b, loc.String()},
	} {
		r := c.b.get(c.path)
		want(t, c.name, r, http.StatusOK, "devs")
		if strings.Contains(r.body, `class="ok"`) {
			t.Errorf("%s is shown:\n%.3000s", c.name, r.body)
		}
	}
	want(t, "the notice itself", b.get(real), http.StatusOK, "The group has been created.")
	e.advance(2 * time.Minute)
	if r := b.get(real); r.status != http.StatusOK || strings.Contains(r.body, "The group has been created.") {
		t.Errorf("an old notice: %d\n%.3000s", r.status, r.body)
	}
}
