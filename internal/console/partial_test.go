package console_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
)

// Pages seen by RAM users who hold only some permissions.

// allow gives RAM user name a custom policy allowing actions on every resource.
func (e *env) allow(name string, actions ...string) {
	e.t.Helper()
	ctx := e.t.Context()
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":["` + strings.Join(actions, `","`) + `"],"Resource":"*"}]}`
	if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: name + "-grants", PolicyDocument: doc}); err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.AttachPolicyToUser(ctx, e.root, ram.AttachmentInput{PolicyType: "Custom", PolicyName: name + "-grants", PrincipalName: name}); err != nil {
		e.t.Fatal(err)
	}
}

const trustRoot = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::%s:root"]}}]}`

// A list the caller may not read is not an empty list: the page shows the denial and does not
// say there is nothing.
func TestAListRefusedIsNotEmpty(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	ws := e.workspace("vision")
	e.consoleUser("carol", "Carol-Pa55word!", false)
	e.consoleUser("gus", "Gus-Pa55word!!", false)
	e.allow("gus", "ram:GetGroup", "ram:GetRole", "paiworkspace:GetWorkspace")
	if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "no-workspace-list",
		PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Deny","Action":"paiworkspace:ListWorkspaces","Resource":"*"}]}`}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AttachPolicyToUser(ctx, e.root, ram.AttachmentInput{PolicyType: "Custom", PolicyName: "no-workspace-list", PrincipalName: "gus"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AddUserToGroup(ctx, e.root, ram.MembershipInput{GroupName: "devs", UserName: "carol"}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AttachPolicyToGroup(ctx, e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunOSSReadOnlyAccess", PrincipalName: "devs"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "ops", AssumeRolePolicyDocument: strings.ReplaceAll(trustRoot, "%s", e.account)}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AttachPolicyToRole(ctx, e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunOSSReadOnlyAccess", PrincipalName: "ops"}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.logon("gus@"+e.account, "Gus-Pa55word!!")
	for _, c := range []struct {
		path   string
		status int
		denied []string
		lies   []string
	}{
		{"/console/groups", http.StatusForbidden, []string{"ram:ListGroups"}, []string{"No user groups yet."}},
		{"/console/groups/devs", http.StatusOK, []string{"ram:ListUsersForGroup", "ram:ListPoliciesForGroup"}, []string{"No members.", "No permissions."}},
		{"/console/roles", http.StatusForbidden, []string{"ram:ListRoles"}, []string{"No roles yet."}},
		{"/console/roles/ops", http.StatusOK, []string{"ram:ListPoliciesForRole"}, []string{"No permissions."}},
		{"/console/audit", http.StatusForbidden, []string{"actiontrail:LookupEvents"}, []string{"No matching events."}},
		{"/console/pai/workspaces", http.StatusForbidden, []string{"paiworkspace:ListWorkspaces"}, []string{"No workspaces you may see."}},
		{"/console/pai/workspaces/" + ws, http.StatusOK, []string{"paiworkspace:ListMembers"}, []string{"No members yet."}},
	} {
		r := b.get(c.path)
		want(t, c.path, r, c.status, c.denied...)
		for _, s := range c.lies {
			if strings.Contains(r.body, s) {
				t.Errorf("%s says %q, though gus may not read the list", c.path, s)
			}
		}
	}
}
