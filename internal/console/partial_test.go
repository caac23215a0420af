package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/pai"
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
	e.allow("gus", "ram:GetGroup", "ram:GetRole", "ram:GetUser", "ram:GetPolicy", "paiworkspace:GetWorkspace")
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
		{"/console/users", http.StatusForbidden, []string{"ram:ListUsers"}, []string{"No users yet.", "Page 0 of 0", "0 users"}},
		{"/console/users/carol", http.StatusOK, []string{"ram:ListPoliciesForUser", "ram:ListGroupsForUser", "ram:ListAccessKeys", "ram:GetUserMFAInfo", "ram:GetLoginProfile"},
			[]string{"No permissions granted to this user directly.", "Not in any group.", "No AccessKeys.", "No MFA device."}},
		{"/console/groups", http.StatusForbidden, []string{"ram:ListGroups"}, []string{"No user groups yet."}},
		{"/console/groups/devs", http.StatusOK, []string{"ram:ListUsersForGroup", "ram:ListPoliciesForGroup"}, []string{"No members.", "No permissions."}},
		{"/console/roles", http.StatusForbidden, []string{"ram:ListRoles"}, []string{"No roles yet."}},
		{"/console/roles/ops", http.StatusOK, []string{"ram:ListPoliciesForRole"}, []string{"No permissions."}},
		{"/console/policies", http.StatusForbidden, []string{"ram:ListPolicies"}, []string{"No policies match."}},
		{"/console/policies/System/AliyunOSSReadOnlyAccess", http.StatusOK, []string{"ram:ListEntitiesForPolicy"}, []string{"Not granted to anyone"}},
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

// A refused action is reported as itself, even when the page around it may not be shown either:
// a person who may not read the role, group, user, policy or workspace sees which action was refused and why,
// not a denial of the read that would have drawn the page.
func TestARefusedActionNamesItself(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	ws := e.workspace("vision")
	e.consoleUser("carol", "Carol-Pa55word!", false)
	e.consoleUser("nia", "Nia-Pa55word!!", false)
	e.allow("nia", "ram:UpdateRole")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	trust := strings.ReplaceAll(trustRoot, "%s", e.account)
	if _, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "ops", AssumeRolePolicyDocument: trust}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.logon("nia@"+e.account, "Nia-Pa55word!!")
	for _, c := range []struct {
		what, path string
		form       url.Values
		status     int
		texts      []string
	}{
		{"a malformed trust policy", "/console/roles/ops/trust", url.Values{"trust": {"{"}}, http.StatusBadRequest, []string{"MalformedPolicyDocument"}},
		{"a member added", "/console/groups/devs/members-add", url.Values{"user": {"carol"}}, http.StatusForbidden, []string{"ram:AddUserToGroup"}},
		{"a group policy revoked", "/console/groups/devs/detach", url.Values{"policy": {"System:AliyunOSSReadOnlyAccess"}}, http.StatusForbidden, []string{"ram:DetachPolicyFromGroup"}},
		{"a policy version made the default", "/console/policies/Custom/nia-grants/set-default", url.Values{"version": {"v1"}},
			http.StatusForbidden, []string{"ram:SetDefaultPolicyVersion"}},
		{"a policy document modified", "/console/policies/Custom/nia-grants/document", url.Values{"document": {`{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}]}`}},
			http.StatusForbidden, []string{"ram:CreatePolicyVersion"}},
		{"a user added to a group", "/console/users/carol/groups-add", url.Values{"group": {"devs"}}, http.StatusForbidden, []string{"ram:AddUserToGroup"}},
		{"a workspace member added", "/console/pai/workspaces/" + ws + "/members-add", url.Values{"member": {e.userID("carol")}, "role": {pai.RoleGuest}},
			http.StatusForbidden, []string{"paiworkspace:CreateMember"}},
	} {
		r := b.post(c.path, c.form)
		want(t, c.what, r, c.status, c.texts...)
		for _, read := range []string{"ram:GetRole", "ram:GetGroup", "ram:GetUser", "ram:GetPolicy", "paiworkspace:GetWorkspace"} {
			if strings.Contains(r.body, read) {
				t.Errorf("%s: the page reports %s refused, not the action", c.what, read)
			}
		}
	}
	if r, _ := e.svc.GetRole(ctx, e.root, ram.RoleInput{RoleName: "ops"}); r.AssumeRolePolicyDocument != trust {
		t.Errorf("the trust policy is now %s", r.AssumeRolePolicyDocument)
	}
}

// A person who may manage groups but not list users adds a member by typing the user's name:
// the group's page offered no way to add one.
func TestGroupManagerAddsAMemberByName(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	e.consoleUser("carol", "Carol-Pa55word!", false)
	e.consoleUser("gina", "Gina-Pa55word!", false)
	e.allow("gina", "ram:ListGroups", "ram:GetGroup", "ram:ListUsersForGroup", "ram:ListPoliciesForGroup", "ram:AddUserToGroup", "ram:RemoveUserFromGroup")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.logon("gina@"+e.account, "Gina-Pa55word!")
	want(t, "the group's page", b.get("/console/groups/devs"), http.StatusOK, `<input id="add-member" name="user"`, "Add Group Members", "type the name of the user to add")
	r := b.post("/console/groups/devs/members-add", url.Values{"user": {" carol "}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("gina adds carol: %d\n%s", r.status, r.body)
	}
	m, err := e.svc.ListUsersForGroup(ctx, e.root, ram.ListUsersForGroupInput{GroupName: "devs"})
	if err != nil || len(m.Items) != 1 || m.Items[0].User.Name != "carol" {
		t.Errorf("the members of devs: %+v, %v", m.Items, err)
	}
	want(t, "after", b.get(r.location), http.StatusOK, "Added carol.", ">carol</a> (joined")
	want(t, "the root still picks from the list", e.rootBrowser().get("/console/groups/devs"), http.StatusOK, `<select id="add-member" name="user">`)
}

// A page that cannot be shown leads back to the list it belongs to: a person allowed only PAI
// who may not open a workspace is sent back to Workspaces, not to Users, which they may not read.
func TestAFailedPageLeadsBackToItsList(t *testing.T) {
	e := newEnv(t)
	ws := e.workspace("vision")
	e.consoleUser("pia", "Pia-Pa55word!!", false)
	b := e.browser()
	b.logon("pia@"+e.account, "Pia-Pa55word!!")
	for _, c := range []struct{ path, back string }{
		{"/console/users/nobody", `<a href="/console/users">Back to Users</a>`},
		{"/console/groups/nobody", `<a href="/console/groups">Back to User Groups</a>`},
		{"/console/roles/nobody", `<a href="/console/roles">Back to Roles</a>`},
		{"/console/policies/Custom/nobody", `<a href="/console/policies">Back to Policies</a>`},
		{"/console/pai/workspaces/" + ws, `<a href="/console/pai/workspaces">Back to Workspaces</a>`},
	} {
		r := b.get(c.path)
		want(t, c.path, r, http.StatusForbidden, c.back)
	}
}

// A person who may manage a user's groups but not list the account's groups adds the user to a
// group by typing its name: the user's page offered no way to add one.
func TestUserManagerAddsToAGroupByName(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	e.consoleUser("carol", "Carol-Pa55word!", false)
	e.consoleUser("uma", "Uma-Pa55word!!", false)
	e.allow("uma", "ram:GetUser", "ram:ListGroupsForUser", "ram:AddUserToGroup", "ram:RemoveUserFromGroup")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.logon("uma@"+e.account, "Uma-Pa55word!!")
	want(t, "carol's page", b.get("/console/users/carol"), http.StatusOK, `<input id="add-group" name="group"`, "Add to Group", "type the name of the group")
	r := b.post("/console/users/carol/groups-add", url.Values{"group": {" devs "}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("uma adds carol to devs: %d\n%s", r.status, r.body)
	}
	gs, err := e.svc.ListGroupsForUser(ctx, e.root, ram.UserInput{UserName: "carol"})
	if err != nil || len(gs) != 1 || gs[0].Group.Name != "devs" {
		t.Errorf("carol's groups: %+v, %v", gs, err)
	}
	want(t, "after", b.get(r.location), http.StatusOK, "Added to group devs.", ">devs</a> (joined")
	want(t, "a group that does not exist", b.post("/console/users/carol/groups-add", url.Values{"group": {"nobody"}}), http.StatusNotFound, "EntityNotExist.Group")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "ops"}); err != nil {
		t.Fatal(err)
	}
	want(t, "the root still picks from the list", e.rootBrowser().get("/console/users/carol"), http.StatusOK, `<select id="add-group" name="group"><option>ops</option></select>`)
}

// A person who may grant policies but not list them is not told that no policy matches: the
// panel shows the denial once and asks for the policy's type and name instead. A form's own
// error shows once too.
func TestGrantWithoutListingPolicies(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	e.consoleUser("carol", "Carol-Pa55word!", false)
	e.consoleUser("gus", "Gus-Pa55word!!", false)
	e.allow("gus", "ram:AttachPolicyToUser", "ram:ListUsers")
	b := e.browser()
	b.logon("gus@"+e.account, "Gus-Pa55word!!")
	once := func(what string, r response, text string) {
		t.Helper()
		if n := strings.Count(r.body, text); n != 1 {
			t.Errorf("%s: the page shows %q %d times, want once", what, text, n)
		}
	}
	panel := b.get("/console/grant?principal=user:carol")
	want(t, "the panel", panel, http.StatusOK, `name="policy_name"`, "You may not list the policies: enter the type and name of the policy to grant.")
	if strings.Contains(panel.body, "No policies match.") {
		t.Error("the panel says no policy matches a list it could not read")
	}
	once("the panel", panel, "<code>ram:ListPolicies</code>")
	// The resource groups refused name their action and why, as every refusal does.
	want(t, "the panel's resource groups", panel, http.StatusOK, "Resource groups cannot be listed: You are not authorized to do this action. (<code>ram:ListResourceGroups</code>: No policy allows it (ImplicitDeny))")
	search := b.get("/console/grant/policies?q=OSS")
	want(t, "the search", search, http.StatusOK, `<code>ram:ListPolicies</code>`)
	if strings.Contains(search.body, "No policies match.") {
		t.Error("the search says no policy matches a list it could not read")
	}

	r := b.post("/console/grant", url.Values{"principal": {"user:carol"}, "scope": {"account"}, "op": {"grant"},
		"policy_type": {"System"}, "policy_name": {" AliyunOSSReadOnlyAccess "}})
	want(t, "grant by name", r, http.StatusOK, "Granted")
	r = b.post("/console/grant", url.Values{"principal": {"user:carol"}, "scope": {"account"}, "op": {"grant"},
		"policy_type": {"Custom"}, "policy_name": {"nothing-here"}})
	want(t, "a policy that does not exist", r, http.StatusOK, "Failed", "EntityNotExist.Policy")
	ps, err := e.svc.ListPoliciesForUser(ctx, e.root, ram.UserInput{UserName: "carol"})
	if err != nil || len(ps) != 1 || ps[0].Policy.Name != "AliyunOSSReadOnlyAccess" {
		t.Errorf("carol's policies: %+v, %v", ps, err)
	}

	none := e.rootBrowser().post("/console/grant", url.Values{"principal": {"user:carol"}, "op": {"grant"}})
	want(t, "no policy", none, http.StatusBadRequest, "Select at least one policy.")
	once("no policy", none, "Select at least one policy.")
}
