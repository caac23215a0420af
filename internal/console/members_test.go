package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/ram"
)

var optionRE = regexp.MustCompile(`<option value="([^"]+)"[^>]*>([^<]+)</option>`)

func TestWorkspaceMembers(t *testing.T) {
	e := newEnv(t)
	ws := e.workspace("vision_team")
	path := "/console/pai/workspaces/" + ws
	e.consoleUser("alice", "Alice-Pa55word!", false)
	e.consoleUser("bob", "Bob-Pa55word!!", false)
	ops, err := e.svc.CreateRole(t.Context(), e.root, ram.CreateRoleInput{RoleName: "ops", AssumeRolePolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + e.account + `:root"]}}]}`})
	if err != nil {
		t.Fatal(err)
	}
	alice := e.userID("alice")
	b := e.rootBrowser()

	r := b.get(path)
	want(t, "the add form", r, http.StatusOK, `for="member"`, "RAM users", "RAM roles", "Algorithm Developer", "Visitor", "Labeling Administrator")
	options := map[string]string{}
	for _, m := range optionRE.FindAllStringSubmatch(r.body, -1) {
		options[m[2]] = m[1]
	}
	if options["alice"] != alice || options["ops"] != ops.ID || options["bob"] == "" {
		t.Fatalf("the candidates are %v, want alice, bob and the role ops by ID", options)
	}

	steps := []struct {
		name   string
		op     string
		form   url.Values
		status int
		texts  []string
	}{
		{"no member", "members-add", url.Values{"role": {pai.RoleDeveloper}}, http.StatusBadRequest, []string{"Select a RAM user or role to add."}},
		{"no role", "members-add", url.Values{"member": {alice}}, http.StatusBadRequest,
			[]string{"Select at least one role for the member.", `<option value="` + alice + `" selected>`}},
		{"no such principal", "members-add", url.Values{"member": {"12345"}, "role": {pai.RoleDeveloper}}, http.StatusNotFound, []string{"EntityNotExist.User"}},
		{"not a role", "members-add", url.Values{"member": {alice}, "role": {"PAI.Nobody"}}, http.StatusBadRequest, []string{"InvalidParameter.Members.Roles"}},
		{"add alice", "members-add", url.Values{"member": {alice}, "role": {pai.RoleDeveloper}}, http.StatusSeeOther, nil},
		{"add alice again", "members-add", url.Values{"member": {alice}, "role": {pai.RoleGuest}}, http.StatusConflict, []string{"EntityAlreadyExists.Workspace.Member"}},
		{"add the role ops", "members-add", url.Values{"member": {ops.ID}, "role": {pai.RoleOperator, pai.RoleGuest}}, http.StatusSeeOther, nil},
		{"change to none", "members-roles", url.Values{"member": {alice}}, http.StatusBadRequest, []string{"to take every role away, remove the member"}},
		{"change", "members-roles", url.Values{"member": {alice}, "role": {pai.RoleGuest, pai.RoleDeveloper, pai.RoleLabeler}}, http.StatusSeeOther, nil},
		{"change to one", "members-roles", url.Values{"member": {alice}, "role": {pai.RoleLabeler}}, http.StatusSeeOther, nil},
		{"remove a stranger", "members-remove", url.Values{"member": {e.userID("bob")}}, http.StatusNotFound, []string{"EntityNotExist.Workspace.Member"}},
		{"no such action", "members-promote", url.Values{"member": {alice}}, http.StatusNotFound, []string{"There is no action"}},
	}
	for _, s := range steps {
		r := b.post(path+"/"+s.op, s.form)
		want(t, s.name, r, s.status, s.texts...)
	}

	r = b.get(path + "?done=x")
	want(t, "the members", r, http.StatusOK, "alice", "RAM user", "ops", "RAM role", "Algorithm O&M Engineer", "Change Roles", "Remove")
	m, err := e.pai.GetMember(t.Context(), e.root, pai.GetMemberInput{WorkspaceID: ws, UserID: alice})
	if err != nil || len(m.Roles) != 1 || m.Roles[0] != pai.RoleLabeler {
		t.Errorf("alice after the changes: %+v, %v", m, err)
	}
	if o := optionRE.FindAllStringSubmatch(r.body, -1); len(o) != 1 || o[0][2] != "bob" {
		t.Errorf("after adding alice and ops the candidates are %v, want bob alone", o)
	}

	r = b.post(path+"/members-add", url.Values{"member": {e.userID("bob")}, "role": {pai.RoleDeveloper, pai.RoleGuest}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("add bob: %d\n%s", r.status, r.body)
	}
	loc, _ := url.Parse(r.location)
	if got := loc.Query().Get("done"); got != "bob has been added as Algorithm Developer and Visitor." {
		t.Errorf("the message after adding bob is %q", got)
	}
	want(t, "every user a member", b.get(path), http.StatusOK, "Every RAM user of the account is a member of this workspace already.")
	r = b.post(path+"/members-remove", url.Values{"member": {alice}})
	if loc, _ := url.Parse(r.location); r.status != http.StatusSeeOther || loc.Query().Get("done") != "alice has been removed from the workspace." {
		t.Fatalf("remove alice: %d %q", r.status, r.location)
	}
	if _, err := e.pai.GetMember(t.Context(), e.root, pai.GetMemberInput{WorkspaceID: ws, UserID: alice}); err == nil {
		t.Error("alice is still a member")
	}
}

// A member sees the workspace and what its roles allow, and no form it may not use; a form
// posted anyway, and a workspace it is not in, show RAM's NoPermission.
func TestWorkspaceAsMembers(t *testing.T) {
	e := newEnv(t)
	ws := e.workspace("vision_team")
	e.workspace("other_team")
	path := "/console/pai/workspaces/" + ws
	for _, u := range []string{"alice", "bob", "carol"} {
		e.consoleUser(u, strings.ToUpper(u[:1])+u[1:]+"-Pa55word!", false)
	}
	add := func(user string, roles ...string) {
		if _, err := e.pai.CreateMember(t.Context(), e.root, pai.CreateMemberInput{WorkspaceID: ws,
			Members: []pai.NewMember{{UserID: e.userID(user), Roles: roles}}}); err != nil {
			t.Fatal(err)
		}
	}
	add("alice", pai.RoleDeveloper)
	add("carol", pai.RoleAdmin)

	alice := e.browser()
	alice.logon("alice@"+e.account, "Alice-Pa55word!")
	r := alice.get("/console/pai/workspaces")
	want(t, "alice's list", r, http.StatusOK, "vision_team", "1 workspace")
	if strings.Contains(r.body, "other_team") {
		t.Error("alice sees a workspace she is not a member of")
	}
	r = alice.get(path)
	want(t, "alice's workspace", r, http.StatusOK, `Your member roles in this workspace: <strong class="my-roles">Algorithm Developer</strong>.`,
		"<code>PaiDLC</code>", "CreateJob", "Only the workspace's Owner and Administrators", "alice", "carol")
	for _, absent := range []string{"Add Member", "members-add", "Change Roles", "members-remove", "CreateMember"} {
		if strings.Contains(r.body, absent) {
			t.Errorf("alice, an Algorithm Developer, is shown %q", absent)
		}
	}
	want(t, "alice adds a member anyway", alice.post(path+"/members-add", url.Values{"member": {e.userID("bob")}, "role": {pai.RoleGuest}}),
		http.StatusForbidden, "You are not authorized to do this action.", "NoPermission", "paiworkspace:CreateMember")
	want(t, "alice promotes herself", alice.post(path+"/members-roles", url.Values{"member": {e.userID("alice")}, "role": {pai.RoleAdmin}}),
		http.StatusForbidden, "NoPermission", "paiworkspace:AddMemberRole")
	want(t, "alice removes carol", alice.post(path+"/members-remove", url.Values{"member": {e.userID("carol")}}),
		http.StatusForbidden, "NoPermission", "paiworkspace:DeleteMembers")
	want(t, "alice creates a workspace", alice.post("/console/pai/workspaces", url.Values{"name": {"alice_ws"}}),
		http.StatusForbidden, "NoPermission", "paiworkspace:CreateWorkspace")

	bob := e.browser()
	bob.logon("bob@"+e.account, "Bob-Pa55word!")
	want(t, "bob's list", bob.get("/console/pai/workspaces"), http.StatusOK, "No workspaces you may see.")
	want(t, "bob opens the workspace", bob.get(path), http.StatusForbidden, "You are not authorized to do this action.", "paiworkspace:GetWorkspace")

	carol := e.browser()
	carol.logon("carol@"+e.account, "Carol-Pa55word!")
	want(t, "carol, an administrator", carol.get(path), http.StatusOK, "Workspace Administrator", "Add Member", "Change Roles")
	if r := carol.post(path+"/members-add", url.Values{"member": {e.userID("bob")}, "role": {pai.RoleGuest}}); r.status != http.StatusSeeOther {
		t.Errorf("carol adds bob: %d\n%.2000s", r.status, r.body)
	}
	want(t, "bob, now a Visitor", bob.get(path), http.StatusOK, `Your member roles in this workspace: <strong class="my-roles">Visitor</strong>.`)
}

// TestChangeRolesRefusedChangesNothing: a change of roles that is refused in part (a role
// that does not exist) leaves the member's roles as they were.
func TestChangeRolesRefusedChangesNothing(t *testing.T) {
	e := newEnv(t)
	ws := e.workspace("vision_team")
	path := "/console/pai/workspaces/" + ws
	e.consoleUser("alice", "Alice-Pa55word!", false)
	alice := e.userID("alice")
	if _, err := e.pai.CreateMember(t.Context(), e.root, pai.CreateMemberInput{WorkspaceID: ws,
		Members: []pai.NewMember{{UserID: alice, Roles: []string{pai.RoleDeveloper}}}}); err != nil {
		t.Fatal(err)
	}
	b := e.rootBrowser()
	r := b.post(path+"/members-roles", url.Values{"member": {alice}, "role": {pai.RoleGuest, pai.RoleAdmin, "PAI.Nobody"}})
	want(t, "a role that does not exist", r, http.StatusBadRequest, "PAI.Nobody")
	m, err := e.pai.GetMember(t.Context(), e.root, pai.GetMemberInput{WorkspaceID: ws, UserID: alice})
	if err != nil || len(m.Roles) != 1 || m.Roles[0] != pai.RoleDeveloper {
		t.Errorf("after the refused change alice holds %v (%v), want only %s", m.Roles, err, pai.RoleDeveloper)
	}
}

// A person whom a RAM policy allows to manage members, but not to call ListPermissions, is
// offered the member forms, and the page does not say that only the Owner and Administrators
// may add members: the page cannot know what the person may do, and the domain decides.
func TestMemberManagerWithoutListPermissions(t *testing.T) {
	e := newEnv(t)
	ws := e.workspace("vision_team")
	path := "/console/pai/workspaces/" + ws
	e.consoleUser("alice", "Alice-Pa55word!", false)
	e.consoleUser("mia", "Mia-Pa55word!!", false)
	e.allow("mia", "paiworkspace:GetWorkspace", "paiworkspace:ListMembers", "paiworkspace:ListWorkspaceUsers", "paiworkspace:GetMember",
		"paiworkspace:CreateMember", "paiworkspace:AddMemberRole", "paiworkspace:RemoveMemberRole", "paiworkspace:DeleteMembers")
	b := e.browser()
	b.logon("mia@"+e.account, "Mia-Pa55word!!")
	r := b.get(path)
	want(t, "mia's workspace", r, http.StatusOK, "paiworkspace:ListPermissions", "Add Member", `for="member"`)
	if strings.Contains(r.body, "Only the workspace's Owner and Administrators") {
		t.Error("the page says only the Owner and Administrators may add members, though mia may")
	}
	if r := b.post(path+"/members-add", url.Values{"member": {e.userID("alice")}, "role": {pai.RoleDeveloper}}); r.status != http.StatusSeeOther {
		t.Fatalf("mia adds alice: %d\n%.2000s", r.status, r.body)
	}
	want(t, "with a member", b.get(path), http.StatusOK, "Change Roles", "members-remove")
}

// Under the NoPermission of ListWorkspaceUsers the add form shows the denial and does not say
// that every RAM user is a member already: the page did not read who is not.
func TestWorkspaceUsersRefusedAreNotAllMembers(t *testing.T) {
	e := newEnv(t)
	ws := e.workspace("vision_team")
	e.consoleUser("alice", "Alice-Pa55word!", false)
	e.consoleUser("uma", "Uma-Pa55word!!", false)
	e.allow("uma", "paiworkspace:GetWorkspace", "paiworkspace:ListMembers", "paiworkspace:ListPermissions", "paiworkspace:CreateMember")
	b := e.browser()
	b.logon("uma@"+e.account, "Uma-Pa55word!!")
	r := b.get("/console/pai/workspaces/" + ws)
	want(t, "uma's workspace", r, http.StatusOK, "Add Member", "paiworkspace:ListWorkspaceUsers")
	if strings.Contains(r.body, "Every RAM user of the account is a member") {
		t.Error("the page says every RAM user is a member, though uma may not list them and alice is not one")
	}
}
