package e2e_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/resourcemanager"
)

// listResources calls ListResources through the SDK's CommonRequest, for the query parameters
// the v1 request struct lacks, and returns the names of the resources listed and TotalCount.
func listResources(t *testing.T, s *apiServer, c *aiworkspace.Client, query map[string]string) ([]string, int64) {
	t.Helper()
	req := requests.NewCommonRequest()
	req.Method, req.Product, req.Version, req.ApiName = "GET", "AIWorkSpace", "2021-02-04", "ListResources"
	req.PathPattern = "/api/v1/resources"
	req.Domain, req.Port, _ = strings.Cut(s.host, ":")
	for k, v := range query {
		req.QueryParams[k] = v
	}
	resp, err := c.ProcessCommonRequest(req)
	if err != nil {
		t.Fatalf("ListResources %v: %v", query, err)
	}
	var out aiworkspace.ListResourcesResponse
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &out); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range out.Resources {
		names = append(names, r.Name)
	}
	return names, out.TotalCount
}

// TestListResourcesQuotaIds: QuotaIds lists only the resources that have every quota named.
func TestListResourcesQuotaIds(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	ws := createWorkspace(t, s, s.root, "quotas")
	quota := func(id string) map[string]any { return map[string]any{"Id": id, "Name": id, "QuotaType": "ACS"} }
	cr := aiworkspace.CreateCreateWorkspaceResourceRequest()
	cr.WorkspaceId = ws
	cr.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{
		{"Name": "acs_a", "ResourceType": "ACS", "Quotas": []map[string]any{quota("quota-a")}},
		{"Name": "acs_ab", "ResourceType": "ACS", "Quotas": []map[string]any{quota("quota-a"), quota("quota-b")}},
		{"Name": "acs_none", "ResourceType": "ACS"},
	}})
	call(t, c.CreateWorkspaceResource, cr)
	for _, tt := range []struct {
		quotaIDs string
		want     []string
	}{
		{"", []string{"acs_a", "acs_ab", "acs_none"}},
		{"quota-a", []string{"acs_a", "acs_ab"}},
		{"quota-b", []string{"acs_ab"}},
		{"quota-a,quota-b", []string{"acs_ab"}},
		{"quota-c", nil},
	} {
		q := map[string]string{"WorkspaceId": ws}
		if tt.quotaIDs != "" {
			q["QuotaIds"] = tt.quotaIDs
		}
		if got, n := listResources(t, s, c, q); !slices.Equal(got, tt.want) || n != int64(len(tt.want)) {
			t.Errorf("QuotaIds=%q: got %v (TotalCount %d), want %v", tt.quotaIDs, got, n, tt.want)
		}
	}
}

// TestListWorkspacesFilters: ListWorkspaces' Status, ModuleList, ResourceGroupId and Fields
// change what is listed, and values they do not take are refused rather than ignored.
func TestListWorkspacesFilters(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	a, b := createWorkspace(t, s, s.root, "filter_a"), createWorkspace(t, s, s.root, "filter_b")
	if a > b {
		a, b = b, a
	}
	list := func(set func(*aiworkspace.ListWorkspacesRequest)) (*aiworkspace.ListWorkspacesResponse, error) {
		req := aiworkspace.CreateListWorkspacesRequest()
		set(req)
		return c.ListWorkspaces(req)
	}
	ids := func(r *aiworkspace.ListWorkspacesResponse) []string {
		var out []string
		for _, w := range r.Workspaces {
			out = append(out, w.WorkspaceId)
		}
		slices.Sort(out) // created in the same second, they are ordered by ID
		return out
	}
	for _, tt := range []struct {
		name string
		set  func(*aiworkspace.ListWorkspacesRequest)
		want []string
	}{
		{"Status ENABLED", func(r *aiworkspace.ListWorkspacesRequest) { r.Status = "ENABLED" }, []string{a, b}},
		{"Status FROZEN", func(r *aiworkspace.ListWorkspacesRequest) { r.Status = "FROZEN" }, nil},
		{"ModuleList PAI", func(r *aiworkspace.ListWorkspacesRequest) { r.ModuleList = "PAI" }, []string{a, b}},
		{"ModuleList without PAI", func(r *aiworkspace.ListWorkspacesRequest) { r.ModuleList = "FeatureStore" }, nil},
	} {
		r, err := list(tt.set)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := ids(r); !slices.Equal(got, tt.want) || r.TotalCount != int64(len(tt.want)) {
			t.Errorf("%s: got %v (TotalCount %d), want %v", tt.name, got, r.TotalCount, tt.want)
		}
	}
	r, err := list(func(r *aiworkspace.ListWorkspacesRequest) { r.Fields = "Id" })
	if err != nil {
		t.Fatal(err)
	}
	var raw struct{ Workspaces []map[string]any }
	if err := json.Unmarshal(r.GetHttpContentBytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if got := ids(r); !slices.Equal(got, []string{a, b}) || len(raw.Workspaces) != 2 || len(raw.Workspaces[0]) != 1 {
		t.Errorf("Fields=Id: got %s, want the IDs alone", r.GetHttpContentString())
	}
	for _, tt := range []struct {
		name, code string
		set        func(*aiworkspace.ListWorkspacesRequest)
	}{
		{"bad Status", "InvalidParameter.Status", func(r *aiworkspace.ListWorkspacesRequest) { r.Status = "ACTIVE" }},
		{"bad Fields", "InvalidParameter.Fields", func(r *aiworkspace.ListWorkspacesRequest) { r.Fields = "Name" }},
	} {
		_, err := list(tt.set)
		var se *sdkerrors.ServerError
		if !errors.As(err, &se) || se.HttpStatus() != 400 || se.ErrorCode() != tt.code {
			t.Errorf("%s: %v, want 400 %s", tt.name, err, tt.code)
		}
	}

	// ResourceGroupId (documented, not in the v1 request struct) lists the workspaces of one
	// resource group.
	crg := resourcemanager.CreateCreateResourceGroupRequest()
	crg.Name, crg.DisplayName = "team-g", "Team G"
	rg := call(t, s.rmClient(t, s.root).CreateResourceGroup, crg).ResourceGroup.Id
	cw := aiworkspace.CreateCreateWorkspaceRequest()
	cw.Body = mustJSON(t, map[string]any{"WorkspaceName": "filter_g", "Description": "e2e", "EnvTypes": []string{"prod"}, "ResourceGroupId": rg})
	g := call(t, c.CreateWorkspace, cw).WorkspaceId
	inGroup := func(id string) func(*aiworkspace.ListWorkspacesRequest) {
		return func(r *aiworkspace.ListWorkspacesRequest) { r.QueryParams["ResourceGroupId"] = id }
	}
	for _, tt := range []struct {
		rg   string
		want []string
	}{{rg, []string{g}}, {"rg-acfmnothing0000", nil}} {
		r, err := list(inGroup(tt.rg))
		if err != nil {
			t.Fatalf("ResourceGroupId=%s: %v", tt.rg, err)
		}
		if got := ids(r); !slices.Equal(got, tt.want) || r.TotalCount != int64(len(tt.want)) {
			t.Errorf("ResourceGroupId=%s: got %v (TotalCount %d), want %v", tt.rg, got, r.TotalCount, tt.want)
		}
	}
	_, err = list(inGroup("rg/../x"))
	wantError(t, err, 400, "InvalidParameter.ResourceGroupId")

	// The group is "resourceGroupId" in ListWorkspaces' items and "ResourceGroupId" in
	// GetWorkspace, as the API reference and the Tea SDKs (which match keys exactly) name it.
	r, err = list(inGroup(rg))
	if err != nil {
		t.Fatal(err)
	}
	var listed struct{ Workspaces []map[string]any }
	if err := json.Unmarshal(r.GetHttpContentBytes(), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed.Workspaces) != 1 || listed.Workspaces[0]["resourceGroupId"] != rg || listed.Workspaces[0]["ResourceGroupId"] != nil {
		t.Errorf("ListWorkspaces item: %s, want resourceGroupId %s", r.GetHttpContentString(), rg)
	}
	gw := aiworkspace.CreateGetWorkspaceRequest()
	gw.WorkspaceId = g
	var got map[string]any
	if err := json.Unmarshal(call(t, c.GetWorkspace, gw).GetHttpContentBytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["ResourceGroupId"] != rg || got["resourceGroupId"] != nil {
		t.Errorf("GetWorkspace: %v, want ResourceGroupId %s", got, rg)
	}
}

// TestListQuotasName: ListQuotas' Name is a fuzzy search, as the API reference says: quotas
// whose name contains it, in any case, not only the one of that exact name.
func TestListQuotasName(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	ws := createWorkspace(t, s, s.root, "quota_names")
	quota := func(id, name string) map[string]any {
		return map[string]any{"Id": id, "Name": name, "QuotaType": "Lingjun"}
	}
	cr := aiworkspace.CreateCreateWorkspaceResourceRequest()
	cr.WorkspaceId = ws
	cr.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{
		{"Name": "pools", "ResourceType": "Lingjun", "Quotas": []map[string]any{
			quota("quota-1", "gpu-pool"), quota("quota-2", "cpu-pool"), quota("quota-3", "GPU-Reserved")}}}})
	call(t, c.CreateWorkspaceResource, cr)
	for _, tt := range []struct {
		name string
		want []string
	}{
		{"", []string{"quota-1", "quota-2", "quota-3"}},
		{"gpu-pool", []string{"quota-1"}},
		{"gpu", []string{"quota-1", "quota-3"}},
		{"POOL", []string{"quota-1", "quota-2"}},
		{"tpu", nil},
	} {
		lq := aiworkspace.CreateListQuotasRequest()
		lq.Name = tt.name
		r := call(t, c.ListQuotas, lq)
		var got []string
		for _, q := range r.Quotas {
			got = append(got, q.Id)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) || r.TotalCount != int64(len(tt.want)) {
			t.Errorf("Name=%q: got %v (TotalCount %d), want %v", tt.name, got, r.TotalCount, tt.want)
		}
	}
}

// TestGetDefaultWorkspaceConditions: GetDefaultWorkspace with Verbose=true shows the creation
// stages the default workspace has passed, up to ENABLED, each with Code 200 and the empty
// Message the API reference gives a 200; without Verbose it shows none.
func TestGetDefaultWorkspaceConditions(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	ws := createWorkspace(t, s, s.root, "first") // an account's first workspace is its default
	req := aiworkspace.CreateGetDefaultWorkspaceRequest()
	req.Verbose = "true"
	r := call(t, c.GetDefaultWorkspace, req)
	want := []aiworkspace.ConditionsItem{{Type: "WORKSPACE_CREATED", Code: 200}, {Type: "MEMBERS_ADDED", Code: 200}, {Type: "ENABLED", Code: 200}}
	if r.WorkspaceId != ws || !slices.Equal(r.Conditions, want) {
		t.Errorf("Verbose=true: %s, want workspace %s with Conditions %+v", r.GetHttpContentString(), ws, want)
	}
	r = call(t, c.GetDefaultWorkspace, aiworkspace.CreateGetDefaultWorkspaceRequest())
	if r.WorkspaceId != ws || len(r.Conditions) != 0 {
		t.Errorf("without Verbose: %s", r.GetHttpContentString())
	}
}

// TestListResourcesTypes: ListResources' ResourceTypes takes the documented types only (a type
// it does not know is refused, not answered with an empty list), and the deprecated
// ProductTypes still filters when ResourceTypes is absent.
func TestListResourcesTypes(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	ws := createWorkspace(t, s, s.root, "types")
	cr := aiworkspace.CreateCreateWorkspaceResourceRequest()
	cr.WorkspaceId = ws
	cr.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{
		{"Name": "ecs_a", "ResourceType": "ECS"}, {"Name": "acs_a", "ResourceType": "ACS"}}})
	call(t, c.CreateWorkspaceResource, cr)
	for _, tt := range []struct {
		query map[string]string
		want  []string
	}{
		{map[string]string{"ResourceTypes": "ECS"}, []string{"ecs_a"}},
		{map[string]string{"ResourceTypes": "ECS,ACS"}, []string{"ecs_a", "acs_a"}},
		{map[string]string{"ProductTypes": "ACS"}, []string{"acs_a"}},
		{map[string]string{"ProductTypes": "DLC"}, nil},
	} {
		tt.query["WorkspaceId"] = ws
		got, _ := listResources(t, s, c, tt.query)
		slices.Sort(got)
		slices.Sort(tt.want)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%v: got %v, want %v", tt.query, got, tt.want)
		}
	}
	lr := aiworkspace.CreateListResourcesRequest()
	lr.WorkspaceId = ws
	lr.QueryParams["ResourceTypes"] = "Maxcompute" // documented, not in the v1 request struct
	_, err := c.ListResources(lr)
	wantError(t, err, 400, "InvalidParameter.ResourceTypes")
}
