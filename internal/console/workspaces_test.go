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

// workspace creates a workspace as the root and returns its ID.
func (e *env) workspace(name string) string {
	e.t.Helper()
	w, err := e.pai.CreateWorkspace(e.t.Context(), e.root, pai.CreateWorkspaceInput{WorkspaceName: name})
	if err != nil {
		e.t.Fatal(err)
	}
	return w.ID
}

// userID is the ID of RAM user name.
func (e *env) userID(name string) string {
	e.t.Helper()
	u, err := e.svc.GetUser(e.t.Context(), e.root, ram.UserInput{UserName: name})
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

func TestPAIPagesNeedASignIn(t *testing.T) {
	e := newEnv(t)
	ws := e.workspace("ws_one")
	b := e.browser()
	for _, path := range []string{"/console/pai/workspaces", "/console/pai/workspaces/" + ws, "/console/pai/roles"} {
		r := b.get(path)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/logon?next=") {
			t.Errorf("GET %s without a session: %d %q, want a redirect to the logon page", path, r.status, r.location)
		}
	}
	r := b.do(http.MethodPost, "/console/pai/workspaces", url.Values{"name": {"ws_two"}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/logon") {
		t.Errorf("POST without a session: %d %q", r.status, r.location)
	}
}

func TestPAIFormsNeedTheFormToken(t *testing.T) {
	e := newEnv(t)
	ws := e.workspace("ws_one")
	e.consoleUser("alice", "Alice-Pa55word!", false)
	b := e.rootBrowser()
	posts := []struct {
		path string
		form url.Values
	}{
		{"/console/pai/workspaces", url.Values{"name": {"ws_two"}}},
		{"/console/pai/workspaces/" + ws + "/members-add", url.Values{"member": {e.userID("alice")}, "role": {pai.RoleDeveloper}}},
	}
	for _, p := range posts {
		p.form.Set("csrf", "0123")
		want(t, "wrong token "+p.path, b.post(p.path, p.form), http.StatusForbidden, "The form has expired")
		p.form.Set("csrf", b.token())
		want(t, "cross-site "+p.path, b.do(http.MethodPost, p.path, p.form, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden)
	}
	if l, err := e.pai.ListWorkspaces(t.Context(), e.root, pai.ListWorkspacesInput{}); err != nil || l.TotalCount != 1 {
		t.Errorf("workspaces after refused forms: %+v, %v", l, err)
	}
	if l, err := e.pai.ListMembers(t.Context(), e.root, pai.ListMembersInput{WorkspaceID: ws}); err != nil || l.TotalCount != 0 {
		t.Errorf("members after refused forms: %+v, %v", l, err)
	}
}

func TestCreateWorkspace(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	want(t, "the empty list", b.get("/console/pai/workspaces"), http.StatusOK, "PAI > Workspaces", "Create Workspace",
		`for="ws-name"`, "No workspaces you may see.", "Resource Administrator is granted through RAM, not membership.", "AliyunPAIFullAccess")
	cases := []struct {
		name   string
		form   url.Values
		status int
		texts  []string
	}{
		{"no name", url.Values{}, http.StatusBadRequest, []string{"MissingParameter", "WorkspaceName"}},
		{"bad name", url.Values{"name": {"9 lives"}, "description": {"kept"}}, http.StatusBadRequest,
			[]string{"InvalidParameter.WorkspaceName", `value="9 lives"`, `value="kept"`, "<details open>"}},
		{"description too long", url.Values{"name": {"ws_long"}, "description": {strings.Repeat("x", 81)}}, http.StatusBadRequest,
			[]string{"InvalidParameter.Description"}},
	}
	for _, c := range cases {
		want(t, c.name, b.post("/console/pai/workspaces", c.form), c.status, c.texts...)
	}
	r := b.post("/console/pai/workspaces", url.Values{"name": {"vision_team"}, "display_name": {"Vision Team"}, "description": {"Image models"}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/pai/workspaces/") {
		t.Fatalf("create: %d %q\n%s", r.status, r.location, r.body)
	}
	want(t, "the new workspace", b.get(r.location), http.StatusOK, "The workspace vision_team has been created.",
		"Vision Team", "vision_team", "Image models", "Default workspace", "Owner", "root", "No members yet.", "Add Member")
	want(t, "the list", b.get("/console/pai/workspaces"), http.StatusOK, "Vision Team", "(vision_team)", "1 workspace", "Page 1 of 1")
	want(t, "a taken name", b.post("/console/pai/workspaces", url.Values{"name": {"vision_team"}}), http.StatusConflict, "EntityAlreadyExists.Workspace")
	want(t, "search", b.get("/console/pai/workspaces?q=nothing"), http.StatusOK, `No workspaces match "nothing".`)
	want(t, "a workspace that does not exist", b.get("/console/pai/workspaces/404"), http.StatusNotFound, "EntityNotExist.Workspace")
}

func TestWorkspacesPaging(t *testing.T) {
	e := newEnv(t)
	for i := range 21 {
		e.workspace("ws_" + string(rune('a'+i)) + "_x")
	}
	b := e.rootBrowser()
	rows := func(r response) int { return strings.Count(r.body, `#members-h">Members</a>`) }
	r := b.get("/console/pai/workspaces")
	want(t, "page 1", r, http.StatusOK, "21 workspaces", "Page 1 of 2", "Next")
	if n := rows(r); n != 20 {
		t.Errorf("page 1 has %d rows, want 20", n)
	}
	r = b.get("/console/pai/workspaces?page=7")
	want(t, "a page beyond the last", r, http.StatusOK, "Page 2 of 2", "Previous")
	if n := rows(r); n != 1 {
		t.Errorf("page 2 has %d rows, want 1", n)
	}
	want(t, "a search", b.get("/console/pai/workspaces?q=WS_C"), http.StatusOK, "ws_c_x", "1 workspace")
}

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

func TestRolePermissionList(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	r := b.get("/console/pai/roles")
	want(t, "the list", r, http.StatusOK, "Role and Permission List", "Resource Administrator is granted through RAM",
		"Workspace Owner", "Algorithm Developer", "Algorithm O&M Engineer", "Labeling Administrator", "Visitor",
		"Deep Learning Containers (DLC)", "PaiDLC:CreateJob", "private, created by me; public", "everyone", `href="#module-DLC"`)
	// Every module of the catalog has its table.
	if n := strings.Count(r.body, `<section aria-labelledby="module-`); n < 10 {
		t.Errorf("%d module tables", n)
	}
}
