package console_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/ram"
)

// payload is markup a person may type into a display name, a description, a comment or a
// policy document; every page must show it as text.
const payload = `"></textarea><script>alert(1)</script><img src=x onerror=alert(2)>`

// raw is the body of a page as the browser gets it, not unescaped.
func (b *browser) raw(path string) (int, string) {
	b.e.t.Helper()
	resp, err := b.c.Get(b.e.srv.URL + path)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestUserTextIsEscaped: names, display names, comments, descriptions and policy documents
// that hold markup are shown as text on every page that shows them, never run.
func TestUserTextIsEscaped(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := e.svc.CreateUser(ctx, e.root, ram.CreateUserInput{UserName: "alice", DisplayName: payload[:12], Comments: payload})
	must(err)
	_, err = e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs", Comments: payload})
	must(err)
	must(e.svc.AddUserToGroup(ctx, e.root, ram.MembershipInput{GroupName: "devs", UserName: "alice"}))
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + e.account + `:root"]},` +
		`"Condition":{"StringEquals":{"acs:UserAgent":"` + strings.ReplaceAll(payload, `"`, `\"`) + `"}}}]}`
	_, err = e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "ops", AssumeRolePolicyDocument: trust, Description: payload})
	must(err)
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*",` +
		`"Condition":{"StringEquals":{"acs:UserAgent":"` + strings.ReplaceAll(payload, `"`, `\"`) + `"}}}]}`
	_, err = e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "odd", PolicyDocument: doc, Description: payload})
	must(err)
	must(e.svc.AttachPolicyToUser(ctx, e.root, ram.AttachmentInput{PolicyType: "Custom", PolicyName: "odd", PrincipalName: "alice"}))
	ws, err := e.pai.CreateWorkspace(ctx, e.root, pai.CreateWorkspaceInput{WorkspaceName: "ws1", DisplayName: payload[:12], Description: payload})
	must(err)

	b := e.rootBrowser()
	for _, path := range []string{
		"/console/users", "/console/users/alice", "/console/groups", "/console/groups/devs",
		"/console/roles", "/console/roles/ops", "/console/policies", "/console/policies?type=Custom",
		"/console/policies/Custom/odd", "/console/grant?principal=user:alice", "/console/grant/policies?q=odd",
		"/console/pai/workspaces", "/console/pai/workspaces/" + ws.ID, "/console/audit",
		"/console/simulator?run=1&principal_name=alice&action=ram:GetUser&resource=*&context=acs:UserAgent%3D" + url.QueryEscape(payload),
		"/console/users?q=" + url.QueryEscape(payload), "/console/policies?q=" + url.QueryEscape(payload),
	} {
		status, body := b.raw(path)
		if status != http.StatusOK {
			t.Errorf("GET %s: %d\n%.2000s", path, status, body)
			continue
		}
		// The lists of users and the audit trail show no comment or description; every other
		// page shows the text, escaped, so the check below is not vacuous.
		if path != "/console/users" && path != "/console/audit" && !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("GET %s does not show the text at all", path)
		}
		for _, markup := range []string{"<script>alert", "<img src=x", "</textarea><script"} {
			if strings.Contains(body, markup) {
				i := strings.Index(body, markup)
				t.Errorf("GET %s shows %q as markup: …%s…", path, markup, body[max(0, i-200):min(len(body), i+100)])
			}
		}
	}
}
