package e2e_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
)

// TestUpdateWorkspaceResourceSDK: the workspace owner makes another resource group the default
// through the SDK's UpdateWorkspaceResource, ListResources shows the switch, and the calls a
// developer may not make or that name nothing are refused with errors the SDK decodes.
func TestUpdateWorkspaceResourceSDK(t *testing.T) {
	s := startAPI(t)
	owner, ownerID := paiUser(t, s, "owner")
	dev, devID := paiUser(t, s, "developer")
	ws := createWorkspace(t, s, s.root, "ml_team")
	addMember(t, s, s.root, ws, ownerID, "PAI.WorkspaceOwner")
	addMember(t, s, s.root, ws, devID, "PAI.AlgoDeveloper")

	mc := func(name, group, env string, isDefault bool) map[string]any {
		return map[string]any{"Name": name, "GroupName": group, "ResourceType": "MaxCompute", "EnvType": env, "IsDefault": isDefault,
			"Spec": map[string]any{"odpsProject": name}}
	}
	cr := aiworkspace.CreateCreateWorkspaceResourceRequest()
	cr.WorkspaceId = ws
	cr.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{
		mc("old_dev", "old", "dev", true), mc("old_prod", "old", "prod", true), mc("new_dev", "new", "dev", false), mc("new_prod", "new", "prod", false)}})
	call(t, s.paiClient(t, s.root).CreateWorkspaceResource, cr)
	defaults := func() []string {
		t.Helper()
		lr := aiworkspace.CreateListResourcesRequest()
		lr.WorkspaceId = ws
		var out []string
		for _, r := range call(t, s.paiClient(t, owner).ListResources, lr).Resources {
			if r.IsDefault {
				out = append(out, r.Name)
			}
		}
		return out
	}
	if d := defaults(); !slices.Equal(d, []string{"old_dev", "old_prod"}) {
		t.Fatalf("defaults before = %v", d)
	}
	update := func(c credentials, ws, group, body string) (*aiworkspace.UpdateWorkspaceResourceResponse, error) {
		req := aiworkspace.CreateUpdateWorkspaceResourceRequest()
		req.WorkspaceId, req.GroupName, req.Body = ws, group, body
		return s.paiClient(t, c).UpdateWorkspaceResource(req)
	}

	t.Run("a developer may not", func(t *testing.T) {
		_, err := update(dev, ws, "new", `{"IsDefault":true}`)
		se := wantError(t, err, 403, "NoPermission")
		if d := se.AccessDeniedDetail(); d["AuthAction"] != "paiworkspace:UpdateWorkspaceResource" || d["PolicyType"] != "ImplicitDeny" {
			t.Errorf("AccessDeniedDetail = %v", d)
		}
	})
	t.Run("errors", func(t *testing.T) {
		_, err := update(s.root, "404404", "new", `{"IsDefault":true}`)
		wantError(t, err, 404, "EntityNotExist.Workspace")
		_, err = update(owner, ws, "", `{"IsDefault":true}`)
		wantError(t, err, 400, "MissingParameter")
		_, err = update(owner, ws, "nothing", `{"IsDefault":true}`)
		wantError(t, err, 404, "EntityNotExist.Workspace.Resource")
		_, err = update(owner, ws, "new", `{"IsDefault":false}`)
		wantError(t, err, 400, "InvalidParameter.IsDefault")
		_, err = update(owner, ws, "new", `{"IsDefault":`)
		wantError(t, err, 400, "InvalidParameter.body")
	})
	if d := defaults(); !slices.Equal(d, []string{"old_dev", "old_prod"}) {
		t.Fatalf("defaults after refused calls = %v", d)
	}

	resp, err := update(owner, ws, "new", `{"IsDefault":true}`)
	if err != nil {
		t.Fatalf("UpdateWorkspaceResource as the owner: %v", err)
	}
	checkRequestID(t, resp)
	if d := defaults(); !slices.Equal(d, []string{"new_dev", "new_prod"}) {
		t.Errorf("defaults after the update = %v, want the group new's", d)
	}
}

// TestDeleteWorkspaceResourceSelection: DeleteWorkspaceResource detaches only what its
// documented query selects, ResourceType (not only the deprecated ProductType) and ResourceIds
// included, and answers the IDs it detached; a type it does not know or a Labels filter it
// cannot apply is refused and detaches nothing.
func TestDeleteWorkspaceResourceSelection(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	ws := createWorkspace(t, s, s.root, "detach")
	res := func(name, group, typ string) map[string]any {
		return map[string]any{"Name": name, "GroupName": group, "ResourceType": typ, "EnvType": "prod"}
	}
	cr := aiworkspace.CreateCreateWorkspaceResourceRequest()
	cr.WorkspaceId = ws
	cr.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{
		res("ecs_a", "mixed", "ECS"), res("acs_a", "mixed", "ACS"), res("ecs_b", "other", "ECS"), res("ecs_c", "other", "ECS")}})
	call(t, c.CreateWorkspaceResource, cr)
	names := func() (out []string) {
		t.Helper()
		lr := aiworkspace.CreateListResourcesRequest()
		lr.WorkspaceId = ws
		for _, r := range call(t, c.ListResources, lr).Resources {
			out = append(out, r.Name)
		}
		slices.Sort(out)
		return out
	}
	idOf := func(name string) string {
		t.Helper()
		lr := aiworkspace.CreateListResourcesRequest()
		lr.WorkspaceId, lr.ResourceName = ws, name
		rs := call(t, c.ListResources, lr).Resources
		if len(rs) != 1 {
			t.Fatalf("ListResources ResourceName=%s: %v", name, rs)
		}
		return rs[0].Id
	}
	del := func(query map[string]string) ([]string, error) {
		req := aiworkspace.CreateDeleteWorkspaceResourceRequest()
		req.WorkspaceId = ws
		for k, v := range query {
			req.QueryParams[k] = v
		}
		resp, err := c.DeleteWorkspaceResource(req)
		if err != nil {
			return nil, err
		}
		checkRequestID(t, resp)
		var body struct{ ResourceIds []string }
		if err := json.Unmarshal(resp.GetHttpContentBytes(), &body); err != nil {
			t.Fatal(err)
		}
		return body.ResourceIds, nil
	}
	all := []string{"acs_a", "ecs_a", "ecs_b", "ecs_c"}

	_, err := del(map[string]string{"GroupName": "mixed", "ResourceType": "GPU"})
	wantError(t, err, 400, "InvalidParameter.ResourceType")
	_, err = del(map[string]string{"GroupName": "mixed", "Labels": "system.supported.eas=true"})
	wantError(t, err, 400, "InvalidParameter.Labels")
	_, err = del(map[string]string{"ResourceIds": idOf("ecs_b"), "GroupName": "mixed"})
	wantError(t, err, 400, "InvalidParameter.ResourceIds")
	if got := names(); !slices.Equal(got, all) {
		t.Fatalf("after refused calls: %v, want %v", got, all)
	}

	acs := idOf("acs_a")
	ids, err := del(map[string]string{"GroupName": "mixed", "ResourceType": "ACS"})
	if err != nil || !slices.Equal(ids, []string{acs}) {
		t.Errorf("GroupName=mixed ResourceType=ACS: %v %v, want ResourceIds [%s]", ids, err, acs)
	}
	if got := names(); !slices.Equal(got, []string{"ecs_a", "ecs_b", "ecs_c"}) {
		t.Errorf("after detaching mixed's ACS: %v, want mixed's ECS resource kept", got)
	}
	b := idOf("ecs_b")
	ids, err = del(map[string]string{"ResourceIds": b})
	if err != nil || !slices.Equal(ids, []string{b}) {
		t.Errorf("ResourceIds=%s: %v %v", b, ids, err)
	}
	if got := names(); !slices.Equal(got, []string{"ecs_a", "ecs_c"}) {
		t.Errorf("after detaching ecs_b by ID: %v", got)
	}
}

// TestCreateWorkspaceResourceNamesAndLabels: CreateWorkspaceResource takes a Name of letters,
// digits and underscores only, as documented, refuses Labels rather than attaching the
// resource without them, and refuses an entry whose WorkspaceId names another workspace than
// the path's; ListResources refuses a Labels filter rather than listing resources it would
// exclude. Each refusal attaches nothing.
func TestCreateWorkspaceResourceNamesAndLabels(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	ws := createWorkspace(t, s, s.root, "labels")
	other := createWorkspace(t, s, s.root, "other")
	create := func(r map[string]any) error {
		req := aiworkspace.CreateCreateWorkspaceResourceRequest()
		req.WorkspaceId = ws
		req.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{r}})
		_, err := c.CreateWorkspaceResource(req)
		return err
	}
	err := create(map[string]any{"Name": "ecs-pool", "ResourceType": "ECS", "EnvType": "prod"})
	wantError(t, err, 400, "InvalidParameter.Resources.Name")
	err = create(map[string]any{"Name": "ecs_pool", "ResourceType": "ECS", "EnvType": "prod",
		"Labels": []map[string]string{{"Key": "system.supported.eas", "Value": "true"}}})
	wantError(t, err, 400, "InvalidParameter.Labels")
	err = create(map[string]any{"Name": "ecs_pool", "ResourceType": "ECS", "EnvType": "prod", "WorkspaceId": other})
	wantError(t, err, 400, "InvalidParameter.Resources.WorkspaceId")
	for _, id := range []string{ws, other} {
		lr := aiworkspace.CreateListResourcesRequest()
		lr.WorkspaceId = id
		if r := call(t, c.ListResources, lr); r.TotalCount != 0 {
			t.Fatalf("after refused calls, workspace %s: %s", id, r.GetHttpContentString())
		}
	}
	if err := create(map[string]any{"Name": "ecs_pool", "ResourceType": "ECS", "EnvType": "prod", "WorkspaceId": ws}); err != nil {
		t.Fatal(err)
	}
	lr := aiworkspace.CreateListResourcesRequest()
	lr.WorkspaceId = ws
	if r := call(t, c.ListResources, lr); r.TotalCount != 1 || r.Resources[0].WorkspaceId != ws {
		t.Fatalf("after attaching ecs_pool: %s", r.GetHttpContentString())
	}
	lr = aiworkspace.CreateListResourcesRequest()
	lr.WorkspaceId = ws
	lr.QueryParams["Labels"] = "system.supported.eas=true" // documented, not in the v1 request struct
	_, err = c.ListResources(lr)
	wantError(t, err, 400, "InvalidParameter.Labels")
}
