package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ram"
)

func TestGroupsAndRoles(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	b := e.rootBrowser()
	want(t, "bad group name", b.post("/console/groups", url.Values{"name": {"no spaces"}}), http.StatusBadRequest, "InvalidParameter.GroupName")
	r := b.post("/console/groups", url.Values{"name": {"devs"}, "comments": {"Developers"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("create group: %d\n%s", r.status, r.body)
	}
	if r := b.post("/console/groups/devs/members-add", url.Values{"user": {"alice"}}); r.status != http.StatusSeeOther {
		t.Fatalf("add member: %d\n%s", r.status, r.body)
	}
	want(t, "group page", b.get("/console/groups/devs"), http.StatusOK, "Developers", "Members", "alice", "Add Permissions")
	want(t, "groups list", b.get("/console/groups"), http.StatusOK, "devs", "group:devs")
	want(t, "a group's Add Permissions", b.get("/console/grant?principal=group:devs"), http.StatusOK,
		"Identities > User Groups > devs > Add Permissions")

	want(t, "roles list", b.get("/console/roles"), http.StatusOK, "Create Role", `"acs:ram::`+e.account+`:root"`)
	want(t, "bad trust policy", b.post("/console/roles", url.Values{"name": {"ops"}, "trust": {`{"Version":"1"}`}}), http.StatusBadRequest, "MalformedPolicyDocument")
	r = b.post("/console/roles", url.Values{"name": {"ops"}, "description": {"Operators"}, "trust": {
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + e.account + `:root"]}}]}`}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("create role: %d\n%s", r.status, r.body)
	}
	want(t, "role page", b.get("/console/roles/ops"), http.StatusOK, "Trust Policy", "sts:AssumeRole", "acs:ram::"+e.account+":role/ops")
	want(t, "a role's Add Permissions", b.get("/console/grant?principal=role:ops"), http.StatusOK,
		"Identities > Roles > ops > Add Permissions")
	r = b.post("/console/grant", url.Values{"principal": {"role:ops", "group:devs"}, "scope": {"account"}, "policy": {"System:AliyunPAIEASReadOnlyAccess"}})
	want(t, "grant to a role and a group", r, http.StatusOK, "RAM role ops", "RAM user group devs")
	if n := strings.Count(r.body, ">Granted<"); n != 2 {
		t.Errorf("%d grants, want 2", n)
	}
	want(t, "role trust update", b.post("/console/roles/ops/trust", url.Values{"trust": {"{"}}), http.StatusBadRequest, "MalformedPolicyDocument")
}

// An empty trust policy is no document at all: UpdateRole reads it as "no change", so the form
// must say so rather than confirm an update that did not happen.
func TestRoleTrustPolicyEmpty(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + e.account + `:root"]}}]}`
	before, err := e.svc.CreateRole(t.Context(), e.root, ram.CreateRoleInput{RoleName: "ops", AssumeRolePolicyDocument: trust})
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{"", " \n\t "} {
		r := b.post("/console/roles/ops/trust", url.Values{"trust": {doc}})
		want(t, "empty trust policy "+strconv.Quote(doc), r, http.StatusBadRequest, "MissingParameter.TrustPolicy", "acs:ram::"+e.account+":root")
		if strings.Contains(r.location, "updated") {
			t.Errorf("empty trust policy %q: the console confirmed an update", doc)
		}
	}
	if r, err := e.svc.GetRole(t.Context(), e.root, ram.RoleInput{RoleName: "ops"}); err != nil || r.AssumeRolePolicyDocument != before.AssumeRolePolicyDocument {
		t.Errorf("trust policy after empty updates = %q, %v", r.AssumeRolePolicyDocument, err)
	}
}

func TestSimulator(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	if err := e.svc.AttachPolicyToUser(t.Context(), e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunPAIEASReadOnlyAccess", PrincipalName: "alice"}); err != nil {
		t.Fatal(err)
	}
	b := e.rootBrowser()
	want(t, "the form", b.get("/console/simulator"), http.StatusOK, `for="sim-action"`, `for="sim-resource"`, `for="sim-context"`)
	q := url.Values{"run": {"1"}, "principal_type": {"User"}, "principal_name": {"alice"}, "action": {"eas:ListServices"}, "resource": {"*"}}
	want(t, "allowed", b.get("/console/simulator?"+q.Encode()), http.StatusOK, "Decision: ", "Allow", "AliyunPAIEASReadOnlyAccess", "Policies consulted")
	q.Set("action", "eas:DeleteService")
	want(t, "implicitly denied", b.get("/console/simulator?"+q.Encode()), http.StatusOK, "ImplicitDeny", "No statement matched")
	q.Set("context", "not a pair")
	want(t, "bad context", b.get("/console/simulator?"+q.Encode()), http.StatusBadRequest, "Line 1 of the context is not key=value.")
	q.Set("context", "")
	q.Set("principal_name", " alice ") // pasted with spaces, as the other fields may be
	q.Set("action", " eas:ListServices ")
	want(t, "a name with spaces around it", b.get("/console/simulator?"+q.Encode()), http.StatusOK, "Allow", "AliyunPAIEASReadOnlyAccess")
	q.Set("principal_name", "nobody")
	want(t, "unknown user", b.get("/console/simulator?"+q.Encode()), http.StatusNotFound, "EntityNotExist.User")
}

// The simulator decides with the time, as the real decision does: a grant that lasts until a
// date (RAM's documented DateLessThan on acs:CurrentTime) allows in the simulator exactly while
// it allows the user's own requests.
func TestSimulatorKnowsTheTime(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	ctx := t.Context()
	if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "users-until-june", PolicyDocument: `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*","Condition":{"DateLessThan":{"acs:CurrentTime":"2026-06-01T00:00:00Z"}}}]}`}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AttachPolicyToUser(ctx, e.root, ram.AttachmentInput{PolicyType: "Custom", PolicyName: "users-until-june", PrincipalName: "alice"}); err != nil {
		t.Fatal(err)
	}
	alice := e.browser()
	alice.logon("alice@"+e.account, "Alice-Pa55word!")
	want(t, "alice lists users in March", alice.get("/console/users"), http.StatusOK, "alice")
	b := e.rootBrowser()
	q := url.Values{"run": {"1"}, "principal_type": {"User"}, "principal_name": {"alice"}, "action": {"ram:ListUsers"}, "resource": {"*"}}
	want(t, "simulated in March", b.get("/console/simulator?"+q.Encode()), http.StatusOK, `class="decision-Allow"`, "users-until-june")

	e.advance(120 * 24 * time.Hour) // both sessions have expired meanwhile: sign in again
	alice = e.browser()
	alice.logon("alice@"+e.account, "Alice-Pa55word!")
	b = e.rootBrowser()
	if r := alice.get("/console/users"); r.status != http.StatusForbidden {
		t.Errorf("alice lists users in July: %d, want 403", r.status)
	}
	want(t, "simulated in July", b.get("/console/simulator?"+q.Encode()), http.StatusOK, `class="decision-ImplicitDeny"`)
}

func TestAudit(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	alice := e.browser()
	alice.logon("alice@"+e.account, "Alice-Pa55word!")
	alice.get("/console/users") // denied: ram:ListUsers
	b := e.rootBrowser()
	want(t, "everything", b.get("/console/audit"), http.StatusOK, "ram:ConsoleSignin", "ram:CreateUser", "ram:ListUsers", "NoPermission")
	r := b.get("/console/audit?result=NoPermission")
	want(t, "denials", r, http.StatusOK, "ram:ListUsers")
	if strings.Contains(r.body, `class="ok">Success<`) {
		t.Error("the denial filter shows a success")
	}
}

func TestStaticAndHeaders(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	for path, typ := range map[string]string{
		"/console/static/vendor/htmx-2.0.11.min.js": "javascript",
		"/console/static/vendor/pico-2.1.1.min.css": "text/css",
		"/console/static/console.js":                "javascript",
	} {
		r := b.get(path)
		if r.status != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), typ) {
			t.Errorf("GET %s: %d %s", path, r.status, r.header.Get("Content-Type"))
		}
	}
	for _, dir := range []string{"/console/static/", "/console/static/vendor/", "/console/static/vendor"} {
		if r := b.get(dir); r.status != http.StatusNotFound || strings.Contains(r.body, "console.js") || strings.Contains(r.body, "htmx") {
			t.Errorf("GET %s: %d, want 404 and no listing:\n%s", dir, r.status, r.body)
		}
	}
	if cc := b.get("/console/static/vendor/htmx-2.0.11.min.js").header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("vendored file Cache-Control %q", cc)
	}
	r := b.get("/console/logon")
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if strings.Contains(r.body, "http://") || strings.Contains(r.body, "https://") {
		t.Error("the logon page loads something from another origin")
	}
}

// TestAddOffersOnlyWhoIsNotIn: "Add to group" on a user's page offers the groups the user is
// not in, and "Add Group Members" the users not in the group: picking one already in only
// failed; with nobody left to add, the form is not offered.
func TestAddOffersOnlyWhoIsNotIn(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	e.consoleUser("alice", "Alice-Pa55word!", false)
	e.consoleUser("bob", "Bob-Pa55word!!", false)
	for _, g := range []string{"devs", "ops"} {
		if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: g}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.svc.AddUserToGroup(ctx, e.root, ram.MembershipInput{GroupName: "devs", UserName: "alice"}); err != nil {
		t.Fatal(err)
	}
	b := e.rootBrowser()
	options := func(page, id string) []string {
		t.Helper()
		r := b.get(page)
		m := regexp.MustCompile(`(?s)<select id="` + id + `"[^>]*>(.*?)</select>`).FindStringSubmatch(r.body)
		if m == nil {
			return nil
		}
		var out []string
		for _, o := range regexp.MustCompile(`<option>([^<]*)</option>`).FindAllStringSubmatch(m[1], -1) {
			out = append(out, o[1])
		}
		return out
	}
	if got := options("/console/users/alice", "add-group"); !slices.Equal(got, []string{"ops"}) {
		t.Errorf("alice's page offers the groups %q, want [ops]", got)
	}
	if got := options("/console/groups/devs", "add-member"); !slices.Equal(got, []string{"bob"}) {
		t.Errorf("devs' page offers the users %q, want [bob]", got)
	}
	if err := e.svc.AddUserToGroup(ctx, e.root, ram.MembershipInput{GroupName: "ops", UserName: "alice"}); err != nil {
		t.Fatal(err)
	}
	if r := b.get("/console/users/alice"); strings.Contains(r.body, "Add to Group") {
		t.Error("alice's page offers to add her to a group, though she is in every group")
	}
}
