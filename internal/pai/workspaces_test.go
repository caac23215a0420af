package pai_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

func TestCreateWorkspace(t *testing.T) { storetest.Backends(t, testCreateWorkspace) }

func testCreateWorkspace(t *testing.T, open storetest.Opener) {
	e := newEnvWith(t, open, pai.Limits{Workspaces: 3, MembersPerWorkspace: 10, ResourcesPerWorkspace: 10, MembersPerCall: 10, ResourcesPerCall: 10, PageSize: 100})
	ctx := t.Context()
	creator := e.user("creator", allow("paiworkspace:CreateWorkspace"))
	nobody := e.user("nobody")
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return tx.CreateResourceGroup(ctx, store.ResourceGroup{ID: "rg-1", Name: "ml", Status: "OK", CreateDate: e.now})
	})
	e.workspace("first")

	tests := []struct {
		name string
		in   pai.CreateWorkspaceInput
		code string
	}{
		{"no name", pai.CreateWorkspaceInput{}, "MissingParameter"},
		{"name too short", pai.CreateWorkspaceInput{WorkspaceName: "ab"}, "InvalidParameter.WorkspaceName"},
		{"name starts with a digit", pai.CreateWorkspaceInput{WorkspaceName: "1abc"}, "InvalidParameter.WorkspaceName"},
		{"name with a hyphen", pai.CreateWorkspaceInput{WorkspaceName: "ab-c"}, "InvalidParameter.WorkspaceName"},
		{"long description", pai.CreateWorkspaceInput{WorkspaceName: "abc", Description: strings.Repeat("x", 81)}, "InvalidParameter.Description"},
		{"control character", pai.CreateWorkspaceInput{WorkspaceName: "abc", DisplayName: "a\x00"}, "InvalidParameter.DisplayName"},
		{"unknown environment", pai.CreateWorkspaceInput{WorkspaceName: "abc", EnvTypes: []string{"test"}}, "InvalidParameter.EnvTypes"},
		{"environment twice", pai.CreateWorkspaceInput{WorkspaceName: "abc", EnvTypes: []string{"dev", "dev"}}, "InvalidParameter.EnvTypes"},
		{"bad resource group ID", pai.CreateWorkspaceInput{WorkspaceName: "abc", ResourceGroupID: "rg/1"}, "InvalidParameter.ResourceGroupId"},
		{"missing resource group", pai.CreateWorkspaceInput{WorkspaceName: "abc", ResourceGroupID: "rg-404"}, "EntityNotExists.ResourceGroup"},
		{"name taken, in another case", pai.CreateWorkspaceInput{WorkspaceName: "FIRST"}, "EntityAlreadyExists.Workspace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.CreateWorkspace(ctx, creator, tt.in)
			wantCode(t, err, tt.code)
		})
	}

	_, err := e.svc.CreateWorkspace(ctx, nobody, pai.CreateWorkspaceInput{WorkspaceName: "mine"})
	wantCode(t, err, "NoPermission")

	w, err := e.svc.CreateWorkspace(ctx, creator, pai.CreateWorkspaceInput{WorkspaceName: "ml_team", Description: "d",
		EnvTypes: []string{"dev", "prod"}, ResourceGroupID: "rg-1"})
	wantCode(t, err, "")
	want := pai.Workspace{ID: w.ID, Name: "ml_team", DisplayName: "ml_team", Description: "d", EnvTypes: []string{"dev", "prod"},
		Status: "ENABLED", Creator: creator.ID, ResourceGroupID: "rg-1", CreateTime: e.now, ModifiedTime: e.now,
		AdminNames: []string{"creator"}, Owner: pai.Principal{ID: creator.ID, Name: "creator", DisplayName: "creator D", Type: "User"}}
	if diff := cmp.Diff(want, w); diff != "" {
		t.Errorf("created workspace (-want +got):\n%s", diff)
	}
	// The creator is the owner, and as the owner may manage the workspace from the next call.
	if err := e.svc.UpdateWorkspace(ctx, creator, pai.UpdateWorkspaceInput{WorkspaceID: w.ID, Description: ptr("new")}); err != nil {
		t.Errorf("the creator cannot update its workspace: %v", err)
	}
	e.workspace("third")
	_, err = e.svc.CreateWorkspace(ctx, creator, pai.CreateWorkspaceInput{WorkspaceName: "fourth"})
	wantCode(t, err, "LimitExceeded.Workspace")
}

func ptr[T any](v T) *T { return &v }

func TestWorkspaceAccess(t *testing.T) { storetest.Backends(t, testWorkspaceAccess) }

func testWorkspaceAccess(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	ws := e.workspace("mlw")
	other := e.workspace("cvw")
	owner, dev, guest := e.user("owner"), e.user("dev"), e.user("guest")
	pfa := e.user("pfa", "AliyunPAIFullAccess")
	nobody := e.user("nobody")
	denied := e.user("denied", "AliyunPAIFullAccess", deny("paiworkspace:UpdateWorkspace"))
	e.member(ws, owner, pai.RoleOwner)
	e.member(ws, dev, pai.RoleDeveloper)
	e.member(ws, guest, pai.RoleGuest)
	e.member(other, denied, pai.RoleAdmin)

	get := func(c *callerT, id string) error {
		_, err := e.svc.GetWorkspace(ctx, c, pai.WorkspaceInput{WorkspaceID: id})
		return err
	}
	update := func(c *callerT, id string) error {
		return e.svc.UpdateWorkspace(ctx, c, pai.UpdateWorkspaceInput{WorkspaceID: id, DisplayName: ptr("New name")})
	}
	tests := []struct {
		name   string
		op     func(c *callerT, id string) error
		caller *callerT
		ws     string
		code   string
	}{
		{"a visitor reads its workspace", get, guest, ws, ""},
		{"a stranger may not", get, nobody, ws, "NoPermission"},
		{"nor learn that a workspace does not exist", get, nobody, "404", "NoPermission"},
		{"a resource administrator learns it", get, pfa, "404", "EntityNotExist.Workspace"},
		{"a resource administrator reads any workspace", get, pfa, other, ""},
		{"a bad ID", get, pfa, "a/b", "InvalidParameter.WorkspaceId"},
		{"a developer may not update", update, dev, ws, "NoPermission"},
		{"the owner may", update, owner, ws, ""},
		{"an explicit Deny beats the administrator role", update, denied, other, "NoPermission"},
		{"the owner of one workspace may not update another", update, owner, other, "NoPermission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.op(tt.caller, tt.ws), tt.code) })
	}
	err := e.svc.UpdateWorkspace(ctx, owner, pai.UpdateWorkspaceInput{WorkspaceID: ws, DisplayName: ptr("")})
	wantCode(t, err, "InvalidParameter.DisplayName")
	got, err := e.svc.GetWorkspace(ctx, guest, pai.WorkspaceInput{WorkspaceID: ws})
	wantCode(t, err, "")
	if got.DisplayName != "New name" || got.Owner.Name != "root" || !got.IsDefault || !cmp.Equal(got.AdminNames, []string{"owner"}) {
		t.Errorf("GetWorkspace = %+v", got)
	}
}

func TestDeleteWorkspace(t *testing.T) { storetest.Backends(t, testDeleteWorkspace) }

func testDeleteWorkspace(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	ws, other := e.workspace("mlw"), e.workspace("cvw")
	admin, otherAdmin := e.user("admin"), e.user("other")
	e.member(ws, admin, pai.RoleAdmin)
	e.member(other, otherAdmin, pai.RoleAdmin)
	_, err := e.svc.CreateWorkspaceResource(ctx, admin, pai.CreateWorkspaceResourceInput{WorkspaceID: ws,
		Resources: []pai.NewResource{{Name: "data", ResourceType: "OSS", Spec: map[string]any{"Path": "oss://bkt/data/"}}}})
	wantCode(t, err, "")

	wantCode(t, e.svc.DeleteWorkspace(ctx, otherAdmin, pai.WorkspaceInput{WorkspaceID: ws}), "NoPermission")
	wantCode(t, e.svc.DeleteWorkspace(ctx, admin, pai.WorkspaceInput{WorkspaceID: ws}), "")
	// The administrator's rights went with the workspace.
	_, err = e.svc.GetWorkspace(ctx, admin, pai.WorkspaceInput{WorkspaceID: ws})
	wantCode(t, err, "NoPermission")
	_, err = e.svc.GetWorkspace(ctx, e.root, pai.WorkspaceInput{WorkspaceID: ws})
	wantCode(t, err, "EntityNotExist.Workspace")
	wantCode(t, e.svc.DeleteWorkspace(ctx, e.root, pai.WorkspaceInput{WorkspaceID: ws}), "EntityNotExist.Workspace")
	if e.Snaps.Current().HasWorkspace(ws) {
		t.Error("the snapshot still has the deleted workspace")
	}
}

func TestListWorkspaces(t *testing.T) { storetest.Backends(t, testListWorkspaces) }

func testListWorkspaces(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	var ids []string
	for _, name := range []string{"alpha", "beta", "gamma", "delta"} {
		ids = append(ids, e.workspace(name))
		e.now = e.now.Add(60e9)
	}
	dev := e.user("dev")
	e.member(ids[1], dev, pai.RoleDeveloper)
	e.member(ids[3], dev, pai.RoleGuest)
	pfa := e.user("pfa", "AliyunPAIFullAccess")
	hidden := e.user("hidden", "AliyunPAIFullAccess",
		`{"Version":"1","Statement":[{"Effect":"Deny","Action":"paiworkspace:ListWorkspaces","Resource":"acs:paiworkspace:*:*:workspace/`+ids[0]+`"}]}`)
	blind := e.user("blind", deny("paiworkspace:ListWorkspaces"))

	names := func(l pai.WorkspaceList) []string {
		var out []string
		for _, w := range l.Workspaces {
			out = append(out, w.Name)
		}
		return out
	}
	tests := []struct {
		name   string
		caller *callerT
		in     pai.ListWorkspacesInput
		want   []string
		total  int
		code   string
	}{
		{"a member sees its workspaces", dev, pai.ListWorkspacesInput{}, []string{"beta", "delta"}, 2, ""},
		{"a resource administrator sees all", pfa, pai.ListWorkspacesInput{}, []string{"alpha", "beta", "gamma", "delta"}, 4, ""},
		{"newest first", pfa, pai.ListWorkspacesInput{Order: "DESC"}, []string{"delta", "gamma", "beta", "alpha"}, 4, ""},
		{"a page", pfa, pai.ListWorkspacesInput{Page: pai.Page{Number: 2, Size: 3}}, []string{"delta"}, 4, ""},
		{"by name", pfa, pai.ListWorkspacesInput{WorkspaceName: "TA"}, []string{"beta", "delta"}, 2, ""},
		{"by IDs", pfa, pai.ListWorkspacesInput{WorkspaceIDs: []string{ids[2]}}, []string{"gamma"}, 1, ""},
		{"a Deny hides one", hidden, pai.ListWorkspacesInput{}, []string{"beta", "gamma", "delta"}, 3, ""},
		{"a Deny on all refuses", blind, pai.ListWorkspacesInput{}, nil, 0, "NoPermission"},
		{"a stranger sees none", e.user("stranger"), pai.ListWorkspacesInput{}, nil, 0, ""},
		{"by status", pfa, pai.ListWorkspacesInput{Status: "enabled"}, []string{"alpha", "beta", "gamma", "delta"}, 4, ""},
		{"by another status", pfa, pai.ListWorkspacesInput{Status: "FROZEN"}, nil, 0, ""},
		{"bad status", pfa, pai.ListWorkspacesInput{Status: "ACTIVE"}, nil, 0, "InvalidParameter.Status"},
		{"PAI's module", pfa, pai.ListWorkspacesInput{Modules: []string{"FeatureStore", "PAI"}}, []string{"alpha", "beta", "gamma", "delta"}, 4, ""},
		{"another module", pfa, pai.ListWorkspacesInput{Modules: []string{"FeatureStore"}}, nil, 0, ""},
		{"bad sort", pfa, pai.ListWorkspacesInput{SortBy: "Name"}, nil, 0, "InvalidParameter.SortBy"},
		{"bad order", pfa, pai.ListWorkspacesInput{Order: "UP"}, nil, 0, "InvalidParameter.Order"},
		{"bad page size", pfa, pai.ListWorkspacesInput{Page: pai.Page{Size: 101}}, nil, 0, "InvalidParameter.PageSize"},
		{"bad page number", pfa, pai.ListWorkspacesInput{Page: pai.Page{Number: -1}}, nil, 0, "InvalidParameter.PageNumber"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := e.svc.ListWorkspaces(ctx, tt.caller, tt.in)
			wantCode(t, err, tt.code)
			if diff := cmp.Diff(tt.want, names(l)); diff != "" || l.TotalCount != tt.total {
				t.Errorf("workspaces (-want +got):\n%s\nTotalCount %d, want %d", diff, l.TotalCount, tt.total)
			}
		})
	}
	l, err := e.svc.ListWorkspaces(ctx, pfa, pai.ListWorkspacesInput{ResourceLimits: true})
	wantCode(t, err, "")
	if l.ResourceLimits["Workspace"] != pai.DefaultLimits().Workspaces-4 || l.Workspaces != nil {
		t.Errorf("resource limits: %+v", l)
	}
}

func TestDefaultWorkspace(t *testing.T) { storetest.Backends(t, testDefaultWorkspace) }

func testDefaultWorkspace(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	guest := e.user("guest")
	pfa := e.user("pfa", "AliyunPAIFullAccess")
	_, err := e.svc.GetDefaultWorkspace(ctx, guest, pai.DefaultWorkspaceInput{})
	wantCode(t, err, "NoPermission")
	_, err = e.svc.GetDefaultWorkspace(ctx, pfa, pai.DefaultWorkspaceInput{})
	wantCode(t, err, "EntityNotExist.DefaultWorkspace")

	first, second := e.workspace("first"), e.workspace("second")
	e.member(first, guest, pai.RoleGuest)
	admin := e.user("admin")
	e.member(second, admin, pai.RoleAdmin)
	w, err := e.svc.GetDefaultWorkspace(ctx, guest, pai.DefaultWorkspaceInput{})
	wantCode(t, err, "")
	if w.ID != first || !w.IsDefault {
		t.Errorf("the first workspace is not the default: %+v", w)
	}
	wantCode(t, e.svc.UpdateDefaultWorkspace(ctx, guest, pai.WorkspaceInput{WorkspaceID: second}), "NoPermission")
	wantCode(t, e.svc.UpdateDefaultWorkspace(ctx, admin, pai.WorkspaceInput{WorkspaceID: second}), "")
	wantCode(t, e.svc.UpdateDefaultWorkspace(ctx, admin, pai.WorkspaceInput{WorkspaceID: second}), "")
	_, err = e.svc.GetDefaultWorkspace(ctx, guest, pai.DefaultWorkspaceInput{})
	wantCode(t, err, "NoPermission") // the guest is not a member of the new default
	w, err = e.svc.GetDefaultWorkspace(ctx, admin, pai.DefaultWorkspaceInput{})
	wantCode(t, err, "")
	if w.ID != second {
		t.Errorf("default = %s, want %s", w.ID, second)
	}
	old, err := e.svc.GetWorkspace(ctx, e.root, pai.WorkspaceInput{WorkspaceID: first})
	wantCode(t, err, "")
	if old.IsDefault {
		t.Error("the old default is still marked default")
	}
}
