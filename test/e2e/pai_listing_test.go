package e2e_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
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
