package e2e_test

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
)

// TestAIWorkspacePagingPastTheEnd: a PageNumber far past the last page, up to the largest
// 64-bit number, lists nothing and still reports TotalCount on each List action that pages
// (ListWorkspaces, ListMembers, ListResources), rather than failing with an InternalError.
func TestAIWorkspacePagingPastTheEnd(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	_, devID := paiUser(t, s, "dev")
	ws := createWorkspace(t, s, s.root, "paging")
	addMember(t, s, s.root, ws, devID, "PAI.AlgoDeveloper")
	cr := aiworkspace.CreateCreateWorkspaceResourceRequest()
	cr.WorkspaceId = ws
	cr.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{
		{"Name": "ecs_one", "GroupName": "g", "ResourceType": "ECS", "EnvType": "prod"}}})
	call(t, c.CreateWorkspaceResource, cr)

	for _, page := range []string{"2", "92233720368547758", "9223372036854775807"} {
		lw := aiworkspace.CreateListWorkspacesRequest()
		lw.PageNumber, lw.PageSize = page, "100"
		if r, err := c.ListWorkspaces(lw); err != nil || len(r.Workspaces) != 0 || r.TotalCount != 1 {
			t.Errorf("ListWorkspaces PageNumber=%s: %v %+v, want no workspaces of TotalCount 1", page, err, r)
		}
		lm := aiworkspace.CreateListMembersRequest()
		lm.WorkspaceId, lm.PageNumber, lm.PageSize = ws, page, "100"
		if r, err := c.ListMembers(lm); err != nil || len(r.Members) != 0 || r.TotalCount != 1 {
			t.Errorf("ListMembers PageNumber=%s: %v %+v, want no members of TotalCount 1", page, err, r)
		}
		lr := aiworkspace.CreateListResourcesRequest()
		lr.WorkspaceId, lr.PageNumber, lr.PageSize = ws, page, "100"
		if r, err := c.ListResources(lr); err != nil || len(r.Resources) != 0 || r.TotalCount != 1 {
			t.Errorf("ListResources PageNumber=%s: %v %+v, want no resources of TotalCount 1", page, err, r)
		}
	}
}
