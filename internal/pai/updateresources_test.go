package pai_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

func TestUpdateWorkspaceResource(t *testing.T) { storetest.Backends(t, testUpdateWorkspaceResource) }

func testUpdateWorkspaceResource(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	ws, other := e.workspace("mlw"), e.workspace("cvw")
	owner, admin, dev := e.user("owner"), e.user("admin"), e.user("dev")
	granted := e.user("granted", allow("paiworkspace:UpdateWorkspaceResource"))
	denied := e.user("denied", deny("paiworkspace:UpdateWorkspaceResource"))
	e.member(ws, owner, pai.RoleOwner)
	e.member(ws, admin, pai.RoleAdmin)
	e.member(ws, dev, pai.RoleDeveloper)
	e.member(ws, denied, pai.RoleOwner)

	mc := func(name, group, env, project string) pai.NewResource {
		return pai.NewResource{Name: name, GroupName: group, ResourceType: "MaxCompute", EnvType: env, Spec: map[string]any{"odpsProject": project}}
	}
	rs := []pai.NewResource{
		mc("old_dev", "old", "dev", "old_dev"), mc("old_prod", "old", "prod", "old_prod"),
		mc("new_dev", "new", "dev", "new_dev"), mc("new_prod", "new", "prod", "new_prod"),
		{Name: "gpus", ResourceType: "Lingjun", IsDefault: true},
		{Name: "data", GroupName: "mixed", ResourceType: "OSS", Spec: map[string]any{"Path": "oss://bkt/data/"}},
		{Name: "cpus", GroupName: "mixed", ResourceType: "ECS"},
	}
	rs[0].IsDefault, rs[1].IsDefault = true, true
	if _, err := e.svc.CreateWorkspaceResource(ctx, e.root, pai.CreateWorkspaceResourceInput{WorkspaceID: ws, Resources: rs[:4]}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateWorkspaceResource(ctx, e.root, pai.CreateWorkspaceResourceInput{WorkspaceID: ws, Resources: rs[4:6]}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateWorkspaceResource(ctx, e.root, pai.CreateWorkspaceResourceInput{WorkspaceID: ws, Resources: rs[6:]}); err != nil {
		t.Fatal(err)
	}
	list := func() []pai.Resource {
		t.Helper()
		l, err := e.svc.ListResources(ctx, e.root, pai.ListResourcesInput{WorkspaceID: ws})
		wantCode(t, err, "")
		return l.Resources
	}
	byName := map[string]string{}
	for _, r := range list() {
		byName[r.Name] = r.ID
	}
	defaults := func() []string {
		t.Helper()
		var out []string
		for _, r := range list() {
			if r.IsDefault {
				out = append(out, r.Name)
			}
		}
		return out
	}
	yes, no := true, false
	update := func(c *callerT, in pai.UpdateWorkspaceResourceInput) ([]string, error) {
		if in.WorkspaceID == "" {
			in.WorkspaceID = ws
		}
		return e.svc.UpdateWorkspaceResource(ctx, c, in)
	}

	for _, tt := range []struct {
		name   string
		caller *callerT
		in     pai.UpdateWorkspaceResourceInput
		code   string
	}{
		{"no workspace", granted, pai.UpdateWorkspaceResourceInput{WorkspaceID: "404404", GroupName: "new", IsDefault: &yes}, "EntityNotExist.Workspace"},
		{"a bad workspace ID", owner, pai.UpdateWorkspaceResourceInput{WorkspaceID: "a/b", GroupName: "new"}, "InvalidParameter.WorkspaceId"},
		{"no group nor IDs", owner, pai.UpdateWorkspaceResourceInput{IsDefault: &yes}, "MissingParameter"},
		{"a bad group", owner, pai.UpdateWorkspaceResourceInput{GroupName: "a b", IsDefault: &yes}, "InvalidParameter.GroupName"},
		{"a group without resources", owner, pai.UpdateWorkspaceResourceInput{GroupName: "nothing", IsDefault: &yes}, "EntityNotExist.Workspace.Resource"},
		{"a group of another workspace", owner, pai.UpdateWorkspaceResourceInput{WorkspaceID: other, GroupName: "new", IsDefault: &yes}, "NoPermission"},
		{"a type the group lacks", owner, pai.UpdateWorkspaceResourceInput{GroupName: "new", ResourceType: "ECS", IsDefault: &yes}, "EntityNotExist.Workspace.Resource"},
		{"an unknown type", owner, pai.UpdateWorkspaceResourceInput{GroupName: "new", ProductType: "Floppy", IsDefault: &yes}, "InvalidParameter.ResourceType"},
		{"IsDefault false", owner, pai.UpdateWorkspaceResourceInput{GroupName: "old", IsDefault: &no}, "InvalidParameter.IsDefault"},
		{"an unknown resource ID", owner, pai.UpdateWorkspaceResourceInput{ResourceIDs: []string{"r-404"}, IsDefault: &yes}, "EntityNotExist.Workspace.Resource"},
		{"a resource of another group", owner, pai.UpdateWorkspaceResourceInput{GroupName: "new", ResourceIDs: []string{byName["old_dev"]}, IsDefault: &yes}, "InvalidParameter.ResourceIds"},
		{"a wildcard OSS path", owner, pai.UpdateWorkspaceResourceInput{GroupName: "mixed", Spec: map[string]any{"Path": "oss://bkt/*"}}, "InvalidParameter.Spec.Path"},
		{"a MaxCompute spec without a project", owner, pai.UpdateWorkspaceResourceInput{GroupName: "new", Spec: map[string]any{}}, "InvalidParameter.Spec.odpsProject"},
		{"a developer", dev, pai.UpdateWorkspaceResourceInput{GroupName: "new", IsDefault: &yes}, "NoPermission"},
		{"an owner denied by RAM", denied, pai.UpdateWorkspaceResourceInput{GroupName: "new", IsDefault: &yes}, "NoPermission"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := update(tt.caller, tt.in)
			wantCode(t, err, tt.code)
		})
	}
	if diff := cmp.Diff([]string{"gpus", "old_dev", "old_prod"}, defaults()); diff != "" {
		t.Fatalf("a refused update changed the defaults (-want +got):\n%s", diff)
	}

	// The owner makes the group "new" MaxCompute's default: both halves become it, the group
	// "old" stops being it, Lingjun's default stays.
	ids, err := update(owner, pai.UpdateWorkspaceResourceInput{RequestID: "R-owner", GroupName: "new", IsDefault: &yes})
	wantCode(t, err, "")
	if diff := cmp.Diff([]string{byName["new_dev"], byName["new_prod"]}, ids); diff != "" {
		t.Errorf("updated IDs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"gpus", "new_dev", "new_prod"}, defaults()); diff != "" {
		t.Errorf("defaults after the owner's update (-want +got):\n%s", diff)
	}
	// Again: nothing changes.
	_, err = update(admin, pai.UpdateWorkspaceResourceInput{GroupName: "new", IsDefault: &yes})
	wantCode(t, err, "")
	if diff := cmp.Diff([]string{"gpus", "new_dev", "new_prod"}, defaults()); diff != "" {
		t.Errorf("defaults after the same update (-want +got):\n%s", diff)
	}
	// A RAM grant is enough without a membership; one type of a mixed group by ResourceIds.
	_, err = update(granted, pai.UpdateWorkspaceResourceInput{ResourceIDs: []string{byName["cpus"]}, IsDefault: &yes})
	wantCode(t, err, "")
	if diff := cmp.Diff([]string{"cpus", "gpus", "new_dev", "new_prod"}, defaults()); diff != "" {
		t.Errorf("defaults after the ECS update (-want +got):\n%s", diff)
	}
	// Spec moves an OSS path, and the members' rights with it.
	_, err = update(admin, pai.UpdateWorkspaceResourceInput{GroupName: "mixed", ResourceType: "OSS", Spec: map[string]any{"Path": "oss://bkt/moved/"}})
	wantCode(t, err, "")
	reader := e.user("reader")
	e.member(ws, reader, pai.RoleDeveloper)
	decide := func(resource string) bool {
		return e.Snaps.Current().DecideWorkspace(reader, &authz.WorkspaceRequest{WorkspaceID: ws,
			Request: authz.Request{Action: "oss:GetObject", Resource: "acs:oss:*:" + account + ":bkt/" + resource}}).Allowed()
	}
	if decide("data/x.csv") || !decide("moved/x.csv") {
		t.Errorf("after moving the OSS path: old path %v, new path %v", decide("data/x.csv"), decide("moved/x.csv"))
	}
	for _, r := range list() {
		if r.Name == "data" && r.Spec["Path"] != "oss://bkt/moved/" {
			t.Errorf("data's Spec = %v", r.Spec)
		}
	}

	// A group created as MaxCompute's default takes over from "new", as an update would.
	third := mc("third_dev", "third", "dev", "third_dev")
	third.IsDefault = true
	if _, err := e.svc.CreateWorkspaceResource(ctx, e.root, pai.CreateWorkspaceResourceInput{WorkspaceID: ws, Resources: []pai.NewResource{third}}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"cpus", "gpus", "third_dev"}, defaults()); diff != "" {
		t.Errorf("defaults after creating a default group (-want +got):\n%s", diff)
	}

	var got []store.AuditRecord
	if err := e.Store.View(ctx, func(r store.Reader) (err error) {
		got, err = r.ListAudit(ctx, store.AuditQuery{Action: "paiworkspace:UpdateWorkspaceResource"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := store.AuditRecord{RequestID: "R-owner", PrincipalARN: owner.ARN, Action: "paiworkspace:UpdateWorkspaceResource",
		Target: "acs:paiworkspace:" + region + ":" + account + ":workspace/" + ws, Result: "Success",
		Detail: "group new: resources " + byName["new_dev"] + "," + byName["new_prod"]}
	i := len(got) - 1
	for i >= 0 && got[i].RequestID != "R-owner" {
		i--
	}
	if i < 0 {
		t.Fatalf("no audit record of R-owner in %+v", got)
	}
	if diff := cmp.Diff(want, got[i], cmpopts.IgnoreFields(store.AuditRecord{}, "ID", "Time")); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
}
