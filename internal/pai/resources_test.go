package pai_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

func TestWorkspaceResources(t *testing.T) { storetest.Backends(t, testWorkspaceResources) }

func testWorkspaceResources(t *testing.T, open storetest.Opener) {
	e := newEnvWith(t, open, pai.Limits{Workspaces: 10, MembersPerWorkspace: 10, ResourcesPerWorkspace: 3, MembersPerCall: 10, ResourcesPerCall: 2, PageSize: 100})
	ctx := t.Context()
	ws, other := e.workspace("mlw"), e.workspace("cvw")
	admin, dev, guest, mc := e.user("admin"), e.user("dev"), e.user("guest"), e.user("mc")
	e.member(ws, admin, pai.RoleAdmin)
	e.member(ws, dev, pai.RoleDeveloper)
	e.member(ws, guest, pai.RoleGuest)
	e.member(ws, mc, pai.RoleMaxCompute)

	gpu := pai.Quota{ID: "quota-1", Name: "gpu", QuotaType: "Lingjun", Specs: []pai.QuotaSpec{{Name: "gpu", Value: "8"}}}
	attach := func(c *callerT, ws string, rs ...pai.NewResource) error {
		_, err := e.svc.CreateWorkspaceResource(ctx, c, pai.CreateWorkspaceResourceInput{WorkspaceID: ws, Resources: rs})
		return err
	}
	oss := func(name, path string) pai.NewResource {
		return pai.NewResource{Name: name, ResourceType: "OSS", Spec: map[string]any{"Path": path}}
	}
	tests := []struct {
		name      string
		caller    *callerT
		resources []pai.NewResource
		code      string
	}{
		{"none", admin, nil, "MissingParameter"},
		{"too many at once", admin, []pai.NewResource{oss("a1a", "oss://b/x"), oss("a2a", "oss://b/y"), oss("a3a", "oss://b/z")}, "InvalidParameter.Resources"},
		{"no name", admin, []pai.NewResource{{ResourceType: "OSS"}}, "MissingParameter"},
		{"bad name", admin, []pai.NewResource{oss("-x", "oss://bkt/x")}, "InvalidParameter.Resources.Name"},
		{"no type", admin, []pai.NewResource{{Name: "data"}}, "MissingParameter"},
		{"unknown type", admin, []pai.NewResource{{Name: "data", ResourceType: "Floppy"}}, "InvalidParameter.Resources.ResourceType"},
		{"bad environment", admin, []pai.NewResource{{Name: "data", ResourceType: "ECS", EnvType: "qa"}}, "InvalidParameter.Resources.EnvType"},
		{"an OSS path with a wildcard", admin, []pai.NewResource{oss("data", "oss://bkt/*")}, "InvalidParameter.Resources.Spec.Path"},
		{"not an OSS path", admin, []pai.NewResource{oss("data", "s3://bkt/x")}, "InvalidParameter.Resources.Spec.Path"},
		{"a MaxCompute resource without a project", admin, []pai.NewResource{{Name: "proj", ResourceType: "MaxCompute"}}, "InvalidParameter.Resources.Spec.odpsProject"},
		{"a quota without an ID", admin, []pai.NewResource{{Name: "gpus", ResourceType: "Lingjun", Quotas: []pai.Quota{{Name: "x"}}}}, "MissingParameter"},
		{"the same name twice", admin, []pai.NewResource{oss("data", "oss://bkt/a/"), oss("DATA", "oss://bkt/b/")}, "EntityAlreadyExists.Workspace.Resource"},
		{"a developer may not attach", dev, []pai.NewResource{oss("data", "oss://bkt/a/")}, "NoPermission"},
		{"nor an administrator of another workspace", admin, []pai.NewResource{oss("data", "oss://bkt/a/")}, "NoPermission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := ws
			if tt.name == "nor an administrator of another workspace" {
				target = other
			}
			wantCode(t, attach(tt.caller, target, tt.resources...), tt.code)
		})
	}
	wantCode(t, attach(admin, ws, oss("data", "oss://ws-bucket/data/"),
		pai.NewResource{Name: "proj", ResourceType: "MaxCompute", EnvType: "dev", Spec: map[string]any{"odpsProject": "proj_dev"}}), "")
	wantCode(t, attach(admin, ws, pai.NewResource{Name: "gpus", GroupName: "pool", ResourceType: "Lingjun", Quotas: []pai.Quota{gpu}}), "")
	wantCode(t, attach(e.root, other, pai.NewResource{Name: "gpus", ResourceType: "Lingjun", Quotas: []pai.Quota{gpu, {ID: "quota-2", Name: "cpu"}}}), "")
	wantCode(t, attach(admin, ws, oss("more", "oss://ws-bucket/more/")), "LimitExceeded.Workspace.Resource")

	// Members reach the attached OSS path and MaxCompute project through their roles.
	decide := func(c *callerT, action, resource string) bool {
		return e.Snaps.Current().DecideWorkspace(c, &authz.WorkspaceRequest{WorkspaceID: ws, Request: authz.Request{Action: action, Resource: resource}}).Allowed()
	}
	for _, tc := range []struct {
		caller           *callerT
		action, resource string
		want             bool
	}{
		{dev, "oss:GetObject", "acs:oss:*:" + account + ":ws-bucket/data/train.csv", true},
		{guest, "oss:GetObject", "acs:oss:*:" + account + ":ws-bucket/data/train.csv", false},
		{guest, "oss:ListObjects", "acs:oss:*:" + account + ":ws-bucket", true},
		{mc, "odps:CreateTable", "acs:odps:*:" + account + ":projects/proj_dev/tables/t", true},
		{dev, "odps:CreateTable", "acs:odps:*:" + account + ":projects/proj_dev/tables/t", false},
	} {
		if got := decide(tc.caller, tc.action, tc.resource); got != tc.want {
			t.Errorf("%s %s %s = %v, want %v", tc.caller.Name, tc.action, tc.resource, got, tc.want)
		}
	}

	names := func(l pai.ResourceList) []string {
		var out []string
		for _, r := range l.Resources {
			out = append(out, r.Name)
		}
		return out
	}
	l, err := e.svc.ListResources(ctx, guest, pai.ListResourcesInput{WorkspaceID: ws})
	wantCode(t, err, "")
	if diff := cmp.Diff([]string{"data", "gpus", "proj"}, names(l)); diff != "" || l.TotalCount != 3 {
		t.Errorf("ListResources (-want +got):\n%s", diff)
	}
	if r := l.Resources[2]; r.Type != "MaxCompute" || r.EnvType != "dev" || r.GroupName != "proj" || r.Spec["odpsProject"] != "proj_dev" {
		t.Errorf("resource = %+v", r)
	}
	if diff := cmp.Diff([]pai.Quota{gpu}, l.Resources[1].Quotas); diff != "" {
		t.Errorf("quotas (-want +got):\n%s", diff)
	}
	l, err = e.svc.ListResources(ctx, guest, pai.ListResourcesInput{WorkspaceID: ws, ResourceTypes: []string{"OSS", "Lingjun"}, ResourceName: "A"})
	wantCode(t, err, "")
	if diff := cmp.Diff([]string{"data"}, names(l)); diff != "" {
		t.Errorf("filtered (-want +got):\n%s", diff)
	}
	l, err = e.svc.ListResources(ctx, guest, pai.ListResourcesInput{AllWorkspaces: true})
	wantCode(t, err, "")
	if l.TotalCount != 3 {
		t.Errorf("a member of one workspace sees %d resources across workspaces, want 3", l.TotalCount)
	}
	_, err = e.svc.ListResources(ctx, guest, pai.ListResourcesInput{WorkspaceID: other})
	wantCode(t, err, "NoPermission")
	_, err = e.svc.ListResources(ctx, guest, pai.ListResourcesInput{})
	wantCode(t, err, "MissingParameter")

	quotas, err := e.svc.ListQuotas(ctx, e.user("stranger"), pai.ListQuotasInput{})
	wantCode(t, err, "")
	if len(quotas) != 2 || quotas[0].ID != "quota-1" || quotas[1].ID != "quota-2" {
		t.Errorf("ListQuotas = %+v", quotas)
	}
	quotas, err = e.svc.ListQuotas(ctx, dev, pai.ListQuotasInput{Name: "cpu"})
	wantCode(t, err, "")
	if len(quotas) != 1 || quotas[0].ID != "quota-2" {
		t.Errorf("ListQuotas by name = %+v", quotas)
	}
	_, err = e.svc.ListQuotas(ctx, e.user("noquotas", deny("pai:ListQuotas")), pai.ListQuotasInput{})
	wantCode(t, err, "NoPermission")

	del := func(c *callerT, group, typ string) error {
		_, err := e.svc.DeleteWorkspaceResource(ctx, c, pai.DeleteWorkspaceResourceInput{WorkspaceID: ws, GroupName: group, ResourceType: typ})
		return err
	}
	wantCode(t, del(admin, "", ""), "MissingParameter")
	wantCode(t, del(dev, "data", ""), "NoPermission")
	wantCode(t, del(admin, "data", "MaxCompute"), "EntityNotExist.Workspace.Resource")
	wantCode(t, del(admin, "data", "OSS"), "")
	wantCode(t, del(admin, "data", ""), "EntityNotExist.Workspace.Resource")
	if decide(dev, "oss:GetObject", "acs:oss:*:"+account+":ws-bucket/data/train.csv") {
		t.Error("the OSS path's rights outlived the resource")
	}
}
