package e2e_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// paiClient is an SDK AIWorkspace client signing with c.
func (s *apiServer) paiClient(t *testing.T, c credentials) *aiworkspace.Client {
	t.Helper()
	var client *aiworkspace.Client
	var err error
	if c.token != "" {
		client, err = aiworkspace.NewClientWithStsToken("cn-hangzhou", c.id, c.secret, c.token)
	} else {
		client, err = aiworkspace.NewClientWithAccessKey("cn-hangzhou", c.id, c.secret)
	}
	if err != nil {
		t.Fatal(err)
	}
	// The SDK writes ROA URLs as scheme://domain:port/path, so a Domain with a port in it makes
	// an invalid URL: name the bare address and let the transport add the port.
	client.Domain = "127.0.0.1"
	client.SetTransport(hostTransport{s.host})
	return client
}

// hostTransport sends every request to host (127.0.0.1:<port>).
type hostTransport struct{ host string }

func (h hostTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Host, r.Host = h.host, h.host
	return http.DefaultTransport.RoundTrip(r)
}

// userID returns a RAM user's ID, the UserId workspaces know it by.
func userID(t *testing.T, s *apiServer, name string) string {
	t.Helper()
	g := ram.CreateGetUserRequest()
	g.UserName = name
	return call(t, s.ramClient(t, s.root).GetUser, g).User.UserId
}

// paiUser creates a RAM user with an AccessKey and returns its credentials and ID.
func paiUser(t *testing.T, s *apiServer, name string) (credentials, string) {
	t.Helper()
	_, c := newUserWithKey(t, s, name)
	return c, userID(t, s, name)
}

// mustJSON is v as a JSON string, for the SDK's Body fields.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// createWorkspace creates a workspace with c and returns its ID.
func createWorkspace(t *testing.T, s *apiServer, c credentials, name string) string {
	t.Helper()
	req := aiworkspace.CreateCreateWorkspaceRequest()
	req.Body = mustJSON(t, map[string]any{"WorkspaceName": name, "Description": "e2e", "EnvTypes": []string{"prod"}})
	return call(t, s.paiClient(t, c).CreateWorkspace, req).WorkspaceId
}

// addMember adds user to workspace ws with roles, as c.
func addMember(t *testing.T, s *apiServer, c credentials, ws, user string, roles ...string) {
	t.Helper()
	req := aiworkspace.CreateCreateMemberRequest()
	req.WorkspaceId = ws
	req.Body = mustJSON(t, map[string]any{"Members": []map[string]any{{"UserId": user, "Roles": roles}}})
	call(t, s.paiClient(t, c).CreateMember, req)
}

// getPermission asks, as c, for a permission code in ws on a resource with these attributes.
func getPermission(s *apiServer, t *testing.T, c credentials, ws, code, accessibility, creator string) (*aiworkspace.GetPermissionResponse, error) {
	req := aiworkspace.CreateGetPermissionRequest()
	req.WorkspaceId, req.PermissionCode, req.Accessibility, req.Creator = ws, code, accessibility, creator
	return s.paiClient(t, c).GetPermission(req)
}

// decide calls the decision API with the SDK's CommonRequest, signed with c, and returns the
// HTTP status and the decoded body (errors included).
func decide(t *testing.T, s *apiServer, c credentials, path string, body any) (int, map[string]any) {
	t.Helper()
	return sendJSON(t, s, c, "POST", path, body)
}

// sendJSON sends body as JSON to path with the SDK's CommonRequest, signed with c, and returns
// the HTTP status and the decoded answer (errors included).
func sendJSON(t *testing.T, s *apiServer, c credentials, method, path string, body any) (int, map[string]any) {
	t.Helper()
	client, err := sdk.NewClientWithAccessKey("cn-hangzhou", c.id, c.secret)
	if err != nil {
		t.Fatal(err)
	}
	req := requests.NewCommonRequest()
	req.Method, req.PathPattern = method, path
	req.Domain, req.Port, _ = strings.Cut(s.host, ":")
	req.SetContent([]byte(mustJSON(t, body)))
	req.SetContentType("application/json")
	resp, err := client.ProcessCommonRequest(req)
	if resp == nil || resp.GetHttpStatus() == 0 {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	var out map[string]any
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &out); err != nil {
		t.Fatalf("%s %s: %d %s", method, path, resp.GetHttpStatus(), resp.GetHttpContentString())
	}
	return resp.GetHttpStatus(), out
}

// TestAIWorkspaceSDK drives every AIWorkspace action the SDK has for workspaces, members,
// permissions and resources against rampart serve, as the root.
func TestAIWorkspaceSDK(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	_, aliceID := paiUser(t, s, "alice")
	_, bobID := paiUser(t, s, "bob")

	ws := createWorkspace(t, s, s.root, "ml_team")
	gw := aiworkspace.CreateGetWorkspaceRequest()
	gw.WorkspaceId, gw.Verbose = ws, "true"
	w := call(t, c.GetWorkspace, gw)
	if w.WorkspaceName != "ml_team" || w.DisplayName != "ml_team" || w.Description != "e2e" || w.Status != "ENABLED" ||
		!w.IsDefault || w.Creator != s.account || w.Owner.UserName != "root" || !slices.Equal(w.EnvTypes, []string{"prod"}) {
		t.Errorf("GetWorkspace = %+v", w)
	}
	uw := aiworkspace.CreateUpdateWorkspaceRequest()
	uw.WorkspaceId, uw.Body = ws, mustJSON(t, map[string]any{"DisplayName": "ML team"})
	call(t, c.UpdateWorkspace, uw)
	second := createWorkspace(t, s, s.root, "second")
	lw := aiworkspace.CreateListWorkspacesRequest()
	lw.PageSize, lw.Order = "1", "DESC"
	l := call(t, c.ListWorkspaces, lw)
	lw.PageNumber = "2"
	l2 := call(t, c.ListWorkspaces, lw)
	if l.TotalCount != 2 || len(l.Workspaces) != 1 || len(l2.Workspaces) != 1 ||
		!slices.Equal([]string{l.Workspaces[0].WorkspaceId, l2.Workspaces[0].WorkspaceId}, []string{second, ws}) &&
			l.Workspaces[0].GmtCreateTime != l2.Workspaces[0].GmtCreateTime { // created in the same second: either order
		t.Errorf("ListWorkspaces pages = %+v, %+v", l.Workspaces, l2.Workspaces)
	}
	ud := aiworkspace.CreateUpdateDefaultWorkspaceRequest()
	ud.Body = mustJSON(t, map[string]any{"WorkspaceId": second})
	call(t, c.UpdateDefaultWorkspace, ud)
	if d := call(t, c.GetDefaultWorkspace, aiworkspace.CreateGetDefaultWorkspaceRequest()); d.WorkspaceId != second {
		t.Errorf("GetDefaultWorkspace = %s, want %s", d.WorkspaceId, second)
	}

	cm := aiworkspace.CreateCreateMemberRequest()
	cm.WorkspaceId = ws
	cm.Body = mustJSON(t, map[string]any{"Members": []map[string]any{
		{"UserId": aliceID, "Roles": []string{"PAI.AlgoDeveloper"}}, {"UserId": bobID, "Roles": []string{"PAI.WorkspaceGuest"}}}})
	created := call(t, c.CreateMember, cm)
	if len(created.Members) != 2 || created.Members[0].MemberName != "alice" || created.Members[0].MemberId != ws+"-"+aliceID {
		t.Errorf("CreateMember = %+v", created.Members)
	}
	ar := aiworkspace.CreateAddMemberRoleRequest()
	ar.WorkspaceId, ar.MemberId, ar.RoleName = ws, ws+"-"+aliceID, "PAI.LabelManager"
	call(t, c.AddMemberRole, ar)
	gm := aiworkspace.CreateGetMemberRequest()
	gm.WorkspaceId, gm.UserId = ws, aliceID
	if m := call(t, c.GetMember, gm); !slices.Equal(m.Roles, []string{"PAI.AlgoDeveloper", "PAI.LabelManager"}) || m.MemberName != "alice" {
		t.Errorf("GetMember = %+v", m)
	}
	rr := aiworkspace.CreateRemoveMemberRoleRequest()
	rr.WorkspaceId, rr.MemberId, rr.RoleName = ws, ws+"-"+aliceID, "PAI.LabelManager"
	call(t, c.RemoveMemberRole, rr)
	lm := aiworkspace.CreateListMembersRequest()
	lm.WorkspaceId, lm.Roles = ws, "PAI.AlgoDeveloper,PAI.WorkspaceGuest"
	m := call(t, c.ListMembers, lm)
	i := slices.IndexFunc(m.Members, func(m aiworkspace.MembersItem) bool { return m.MemberName == "alice" })
	if m.TotalCount != 2 || i < 0 || !slices.Equal(m.Members[i].Roles, []string{"PAI.AlgoDeveloper"}) {
		t.Errorf("ListMembers = %+v", m)
	}
	lu := aiworkspace.CreateListWorkspaceUsersRequest()
	lu.WorkspaceId = second
	if u := call(t, c.ListWorkspaceUsers, lu); u.TotalCount != 2 {
		t.Errorf("ListWorkspaceUsers = %+v", u)
	}

	gp := aiworkspace.CreateGetPermissionRequest()
	gp.WorkspaceId, gp.PermissionCode, gp.Accessibility, gp.Creator = ws, "PaiDLC:GetJob", "PRIVATE", aliceID
	if p := call(t, c.GetPermission, gp); p.PermissionCode != "PaiDLC:GetJob" || len(p.PermissionRules) != 1 || p.PermissionRules[0].Accessibility != "ANY" {
		t.Errorf("GetPermission (root) = %+v", p)
	}
	lp := aiworkspace.CreateListPermissionsRequest()
	lp.WorkspaceId = ws
	if p := call(t, c.ListPermissions, lp); p.TotalCount < 400 || int(p.TotalCount) != len(p.Permissions) {
		t.Errorf("ListPermissions (root) has %d codes", p.TotalCount)
	}

	cr := aiworkspace.CreateCreateWorkspaceResourceRequest()
	cr.WorkspaceId = ws
	cr.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{
		{"Name": "data", "ResourceType": "OSS", "Spec": map[string]any{"Path": "oss://ml-bucket/data/"}},
		{"Name": "odps_dev", "GroupName": "odps", "ResourceType": "MaxCompute", "EnvType": "dev", "Spec": map[string]any{"odpsProject": "ml_dev"}},
		{"Name": "gpus", "ResourceType": "Lingjun", "Quotas": []map[string]any{{"Id": "quota-1", "Name": "gpu-pool", "QuotaType": "Lingjun",
			"Specs": []map[string]any{{"Name": "gpu", "Value": "8"}}}}},
	}})
	if r := call(t, c.CreateWorkspaceResource, cr); r.TotalCount != 3 || len(r.Resources) != 3 || r.Resources[0].Id == "" {
		t.Errorf("CreateWorkspaceResource = %+v", r)
	}
	lr := aiworkspace.CreateListResourcesRequest()
	lr.WorkspaceId, lr.Verbose = ws, "true"
	res := call(t, c.ListResources, lr)
	if res.TotalCount != 3 || res.Resources[1].Name != "gpus" || len(res.Resources[1].Quotas) != 1 || res.Resources[1].Quotas[0].Id != "quota-1" ||
		res.Resources[2].Spec["odpsProject"] != "ml_dev" || res.Resources[2].EnvType != "dev" {
		t.Errorf("ListResources = %+v", res)
	}
	lq := aiworkspace.CreateListQuotasRequest()
	if q := call(t, c.ListQuotas, lq); q.TotalCount != 1 || q.Quotas[0].Name != "gpu-pool" || q.Quotas[0].Specs[0].Value != "8" {
		t.Errorf("ListQuotas = %+v", q)
	}
	dr := aiworkspace.CreateDeleteWorkspaceResourceRequest()
	dr.WorkspaceId, dr.GroupName, dr.ProductType = ws, "odps", "MaxCompute"
	call(t, c.DeleteWorkspaceResource, dr)
	if res := call(t, c.ListResources, lr); res.TotalCount != 2 {
		t.Errorf("after DeleteWorkspaceResource: %d resources", res.TotalCount)
	}

	dm := aiworkspace.CreateDeleteMembersRequest()
	dm.WorkspaceId, dm.MemberIds = ws, ws+"-"+bobID
	call(t, c.DeleteMembers, dm)
	if m := call(t, c.ListMembers, lm); m.TotalCount != 1 {
		t.Errorf("after DeleteMembers: %d members", m.TotalCount)
	}
	dw := aiworkspace.CreateDeleteWorkspaceRequest()
	dw.WorkspaceId = ws
	call(t, c.DeleteWorkspace, dw)
	_, err := c.GetWorkspace(gw)
	wantError(t, err, 404, "EntityNotExist.Workspace")

	// Parameters the v1 struct lacks (Resource, Option) through a CommonRequest, signed the same way.
	cr2 := requests.NewCommonRequest()
	cr2.Method, cr2.Product, cr2.Version, cr2.ApiName = "GET", "AIWorkSpace", "2021-02-04", "GetPermission"
	cr2.PathPattern = "/api/v1/workspaces/[WorkspaceId]/permissions/[PermissionCode]"
	cr2.PathParams["WorkspaceId"], cr2.PathParams["PermissionCode"] = second, "PaiDLC:GetJob"
	cr2.QueryParams["Resource"], cr2.QueryParams["Option"] = "job/dlc-abc", "ResourceEmpty,DisableRam"
	cr2.Domain, cr2.Port, _ = strings.Cut(s.host, ":")
	_, err = c.ProcessCommonRequest(cr2)
	se := wantError(t, err, 403, "NoPermission") // the root is no member, and RAM is left out
	if se.AccessDeniedDetail()["AuthResource"] != "acs:paidlc:cn-hangzhou:"+s.account+":workspace/"+second+"/job/dlc-abc" {
		t.Errorf("AccessDeniedDetail = %v", se.AccessDeniedDetail())
	}
}

// TestAIWorkspaceUnknownAction: an AIWorkspace action Rampart does not serve, or a path under
// /authz/v1 called with the wrong method, answers with an error the SDK decodes (a code and a
// RequestId), not a plain-text page.
func TestAIWorkspaceUnknownAction(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	ws := createWorkspace(t, s, s.root, "ml_team")
	cr := requests.NewCommonRequest() // GET on a path served for POST, PUT and DELETE
	cr.Method, cr.Product, cr.Version, cr.ApiName = "GET", "AIWorkSpace", "2021-02-04", "GetWorkspaceResource"
	cr.PathPattern = "/api/v1/workspaces/[WorkspaceId]/resources"
	cr.PathParams["WorkspaceId"] = ws
	cr.Domain, cr.Port, _ = strings.Cut(s.host, ":")
	_, err := c.ProcessCommonRequest(cr)
	wantError(t, err, 404, "InvalidAction.NotFound")
	_, err = c.ListImages(aiworkspace.CreateListImagesRequest()) // a path not served at all
	wantError(t, err, 404, "InvalidAction.NotFound")
	status, body := authzCall(t, s, s.root, "GET", "/authz/v1/check", nil)
	var e struct{ RequestId, Code string }
	if err := json.Unmarshal(body, &e); status != 404 || err != nil || e.Code != "InvalidAction.NotFound" || !requestIDRE.MatchString(e.RequestId) {
		t.Errorf("GET /authz/v1/check = %d %s", status, body)
	}
}
