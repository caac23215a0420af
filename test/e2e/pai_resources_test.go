package e2e_test

import (
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
