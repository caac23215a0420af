package console_test

import (
	"net/http"
	"net/url"
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
