package e2e_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/resourcemanager"
)

func (s *apiServer) rmClient(t *testing.T, c credentials) *resourcemanager.Client {
	t.Helper()
	client, err := resourcemanager.NewClientWithAccessKey("cn-hangzhou", c.id, c.secret)
	if err != nil {
		t.Fatal(err)
	}
	client.Domain = s.host
	return client
}

// TestResourceManager drives the Resource Manager subset: resource groups, and grants scoped to
// one, which do not reach resources outside the group.
func TestResourceManager(t *testing.T) {
	s := startAPI(t)
	rm := s.rmClient(t, s.root)

	cg := resourcemanager.CreateCreateResourceGroupRequest()
	cg.Name, cg.DisplayName = "team-a", "Team A"
	g := call(t, rm.CreateResourceGroup, cg).ResourceGroup
	if g.Id == "" || g.Name != "team-a" || g.DisplayName != "Team A" || g.AccountId != s.account || g.Status == "" {
		t.Fatalf("CreateResourceGroup: %+v", g)
	}
	gg := resourcemanager.CreateGetResourceGroupRequest()
	gg.ResourceGroupId = g.Id
	if got := call(t, rm.GetResourceGroup, gg).ResourceGroup; got.Id != g.Id {
		t.Errorf("GetResourceGroup: %+v", got)
	}
	ug := resourcemanager.CreateUpdateResourceGroupRequest()
	ug.ResourceGroupId, ug.NewDisplayName = g.Id, "Team A (ML)"
	if got := call(t, rm.UpdateResourceGroup, ug).ResourceGroup; got.DisplayName != "Team A (ML)" {
		t.Errorf("UpdateResourceGroup: %+v", got)
	}
	lg := resourcemanager.CreateListResourceGroupsRequest()
	lg.PageSize = requests.NewInteger(10)
	l := call(t, rm.ListResourceGroups, lg)
	if l.TotalCount != 1 || len(l.ResourceGroups.ResourceGroup) != 1 || l.PageNumber != 1 || l.PageSize != 10 {
		t.Errorf("ListResourceGroups: %+v", l)
	}

	carol, carolKey := newUserWithKey(t, s, "carol")
	ap := resourcemanager.CreateAttachPolicyRequest()
	ap.ResourceGroupId, ap.PolicyType, ap.PolicyName = g.Id, "System", "AliyunRAMReadOnlyAccess"
	ap.PrincipalType, ap.PrincipalName = "IMSUser", carol+"@"+s.account+".onaliyun.com"
	call(t, rm.AttachPolicy, ap)
	la := resourcemanager.CreateListPolicyAttachmentsRequest()
	la.ResourceGroupId = g.Id
	as := call(t, rm.ListPolicyAttachments, la)
	if as.TotalCount != 1 || len(as.PolicyAttachments.PolicyAttachment) != 1 {
		t.Fatalf("ListPolicyAttachments: %+v", as)
	}
	if a := as.PolicyAttachments.PolicyAttachment[0]; a.PolicyName != "AliyunRAMReadOnlyAccess" || a.PrincipalType != "IMSUser" ||
		a.ResourceGroupId != g.Id || a.AttachDate == "" {
		t.Errorf("attachment: %+v", a)
	}
	// RAM users are account-level resources, outside every resource group: the grant does not
	// reach them.
	get := ram.CreateGetUserRequest()
	get.UserName = carol
	_, err := s.ramClient(t, carolKey).GetUser(get)
	wantError(t, err, 403, "NoPermission")

	// A group with a grant in it cannot be deleted.
	dg := resourcemanager.CreateDeleteResourceGroupRequest()
	dg.ResourceGroupId = g.Id
	if _, err := rm.DeleteResourceGroup(dg); err == nil {
		t.Error("DeleteResourceGroup with a grant in it succeeded")
	}
	dp := resourcemanager.CreateDetachPolicyRequest()
	dp.ResourceGroupId, dp.PolicyType, dp.PolicyName = g.Id, "System", "AliyunRAMReadOnlyAccess"
	dp.PrincipalType, dp.PrincipalName = "IMSUser", carol+"@"+s.account+".onaliyun.com"
	call(t, rm.DetachPolicy, dp)
	call(t, rm.DeleteResourceGroup, dg)
}

// TestListResourceGroupsFilters drives ListResourceGroups' documented filters: the IDs, the name
// and display name (fuzzy), the status and the tags each narrow the list, and TotalCount counts
// what passes.
func TestListResourceGroupsFilters(t *testing.T) {
	s := startAPI(t)
	rm := s.rmClient(t, s.root)
	ids := map[string]string{}
	for _, g := range []struct{ name, display string }{{"team-a", "Team A"}, {"team-b", "Team B"}, {"ops", "Operations"}} {
		cg := resourcemanager.CreateCreateResourceGroupRequest()
		cg.Name, cg.DisplayName = g.name, g.display
		ids[g.name] = call(t, rm.CreateResourceGroup, cg).ResourceGroup.Id
	}
	for _, tt := range []struct {
		what string
		set  func(*resourcemanager.ListResourceGroupsRequest)
		want []string
	}{
		{"no filter", func(*resourcemanager.ListResourceGroupsRequest) {}, []string{"ops", "team-a", "team-b"}},
		{"Name, a part of it", func(r *resourcemanager.ListResourceGroupsRequest) { r.Name = "team" }, []string{"team-a", "team-b"}},
		{"Name, whole", func(r *resourcemanager.ListResourceGroupsRequest) { r.Name = "team-b" }, []string{"team-b"}},
		{"DisplayName", func(r *resourcemanager.ListResourceGroupsRequest) { r.DisplayName = "operation" }, []string{"ops"}},
		{"ResourceGroupId", func(r *resourcemanager.ListResourceGroupsRequest) { r.ResourceGroupId = ids["team-a"] }, []string{"team-a"}},
		{"ResourceGroupIds", func(r *resourcemanager.ListResourceGroupsRequest) {
			r.ResourceGroupIds = &[]string{ids["ops"], ids["team-b"]}
		}, []string{"ops", "team-b"}},
		{"Status", func(r *resourcemanager.ListResourceGroupsRequest) { r.Status = "PendingDelete" }, nil},
		{"Name and Status", func(r *resourcemanager.ListResourceGroupsRequest) { r.Name, r.Status = "ops", "OK" }, []string{"ops"}},
		{"Tag (Rampart's groups have none)", func(r *resourcemanager.ListResourceGroupsRequest) {
			r.Tag = &[]resourcemanager.ListResourceGroupsTag{{Key: "env", Value: "prod"}}
		}, nil},
		{"Tag with Name", func(r *resourcemanager.ListResourceGroupsRequest) {
			r.Name, r.Tag = "ops", &[]resourcemanager.ListResourceGroupsTag{{Key: "env"}}
		}, nil},
	} {
		req := resourcemanager.CreateListResourceGroupsRequest()
		tt.set(req)
		resp := call(t, rm.ListResourceGroups, req)
		var got []string
		for _, g := range resp.ResourceGroups.ResourceGroup {
			got = append(got, g.Name)
		}
		if !slices.Equal(got, tt.want) || resp.TotalCount != len(tt.want) {
			t.Errorf("%s: got %v (TotalCount %d), want %v", tt.what, got, resp.TotalCount, tt.want)
		}
	}
}

// TestDeleteResourceGroupWithWorkspace: a PAI workspace created in a resource group is one of
// the group's resources, so the group cannot be deleted until the workspace is.
func TestDeleteResourceGroupWithWorkspace(t *testing.T) {
	s := startAPI(t)
	rm := s.rmClient(t, s.root)
	cg := resourcemanager.CreateCreateResourceGroupRequest()
	cg.Name = "ml-team"
	rg := call(t, rm.CreateResourceGroup, cg).ResourceGroup.Id
	cw := aiworkspace.CreateCreateWorkspaceRequest()
	cw.Body = mustJSON(t, map[string]any{"WorkspaceName": "ml_ws", "Description": "e2e", "EnvTypes": []string{"prod"}, "ResourceGroupId": rg})
	ws := call(t, s.paiClient(t, s.root).CreateWorkspace, cw).WorkspaceId

	dg := resourcemanager.CreateDeleteResourceGroupRequest()
	dg.ResourceGroupId = rg
	_, err := rm.DeleteResourceGroup(dg)
	// The message is DeleteResourceGroup's API reference's, word for word.
	if e := wantError(t, err, 409, "DeleteConflict.ResourceGroup.Resource"); e.Message() != "Failed to delete the resource group because one or more "+
		"cloud resources exist in the resource group. Try again later after you release the cloud resources." {
		t.Errorf("message %q", e.Message())
	}
	gg := resourcemanager.CreateGetResourceGroupRequest()
	gg.ResourceGroupId = rg
	call(t, rm.GetResourceGroup, gg)

	dw := aiworkspace.CreateDeleteWorkspaceRequest()
	dw.WorkspaceId = ws
	call(t, s.paiClient(t, s.root).DeleteWorkspace, dw)
	call(t, rm.DeleteResourceGroup, dg)
}

// newUserWithKey creates a RAM user with an AccessKey, as root, and returns its name and key.
func newUserWithKey(t *testing.T, s *apiServer, name string) (string, credentials) {
	t.Helper()
	c := s.ramClient(t, s.root)
	cu := ram.CreateCreateUserRequest()
	cu.UserName = name
	call(t, c.CreateUser, cu)
	ck := ram.CreateCreateAccessKeyRequest()
	ck.UserName = name
	k := call(t, c.CreateAccessKey, ck).AccessKey
	return name, credentials{id: k.AccessKeyId, secret: k.AccessKeySecret}
}

// attach grants a policy to a user as root; typ is "System" or "Custom".
func attach(t *testing.T, s *apiServer, typ, policy, user string) {
	t.Helper()
	a := ram.CreateAttachPolicyToUserRequest()
	a.PolicyType, a.PolicyName, a.UserName = typ, policy, user
	call(t, s.ramClient(t, s.root).AttachPolicyToUser, a)
}

// createPolicy creates a custom policy as root.
func createPolicy(t *testing.T, s *apiServer, name, doc string) {
	t.Helper()
	p := ram.CreateCreatePolicyRequest()
	p.PolicyName, p.PolicyDocument = name, doc
	call(t, s.ramClient(t, s.root).CreatePolicy, p)
}

// TestResourceManagerActionNames: Resource Manager's resource-group operations are authorized as
// ram: actions, as their API references name them (ram:DeleteResourceGroup, ram:AttachPolicy),
// so the policy Alibaba gives for managing resource groups, ram:*ResourceGroup* on "*", lets a
// RAM user create, list, change and delete them, and ram:AttachPolicy lets one grant in a group.
func TestResourceManagerActionNames(t *testing.T) {
	s := startAPI(t)
	admin, key := newUserWithKey(t, s, "rgadmin")
	createPolicy(t, s, "ManageResourceGroups", `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"ram:*ResourceGroup*","Resource":"*"},
		{"Effect":"Allow","Action":["ram:AttachPolicy","ram:DetachPolicy","ram:ListPolicyAttachments"],"Resource":"*"}]}`)
	attach(t, s, "Custom", "ManageResourceGroups", admin)
	rm := s.rmClient(t, key)

	cg := resourcemanager.CreateCreateResourceGroupRequest()
	cg.Name = "team-a"
	g := call(t, rm.CreateResourceGroup, cg).ResourceGroup
	call(t, rm.ListResourceGroups, resourcemanager.CreateListResourceGroupsRequest())
	ug := resourcemanager.CreateUpdateResourceGroupRequest()
	ug.ResourceGroupId, ug.NewDisplayName = g.Id, "Team A"
	call(t, rm.UpdateResourceGroup, ug)

	carol, _ := newUserWithKey(t, s, "carol")
	ap := resourcemanager.CreateAttachPolicyRequest()
	ap.ResourceGroupId, ap.PolicyType, ap.PolicyName = g.Id, "System", "AliyunRAMReadOnlyAccess"
	ap.PrincipalType, ap.PrincipalName = "IMSUser", carol+"@"+s.account+".onaliyun.com"
	call(t, rm.AttachPolicy, ap)
	la := resourcemanager.CreateListPolicyAttachmentsRequest()
	la.ResourceGroupId = g.Id
	if n := call(t, rm.ListPolicyAttachments, la).TotalCount; n != 1 {
		t.Errorf("ListPolicyAttachments: %d attachments", n)
	}
	dp := resourcemanager.CreateDetachPolicyRequest()
	dp.ResourceGroupId, dp.PolicyType, dp.PolicyName, dp.PrincipalType, dp.PrincipalName = ap.ResourceGroupId, ap.PolicyType, ap.PolicyName, ap.PrincipalType, ap.PrincipalName
	call(t, rm.DetachPolicy, dp)
	dg := resourcemanager.CreateDeleteResourceGroupRequest()
	dg.ResourceGroupId = g.Id
	call(t, rm.DeleteResourceGroup, dg)

	// The old resourcemanager: names grant nothing.
	other, otherKey := newUserWithKey(t, s, "other")
	createPolicy(t, s, "OldNames", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"resourcemanager:*","Resource":"*"}]}`)
	attach(t, s, "Custom", "OldNames", other)
	_, err := s.rmClient(t, otherKey).CreateResourceGroup(cg)
	if e := wantError(t, err, 403, "NoPermission"); e.AccessDeniedDetail()["AuthAction"] != "ram:CreateResourceGroup" {
		t.Errorf("AuthAction: %v", e.AccessDeniedDetail())
	}
}

// TestResourceGroupGrantReachesItsWorkspacesOnly: a policy attached in a resource group allows
// what it says on the workspaces of that group, through the API and the decision API alike, and
// on nothing else: not another group's workspaces (whatever group or workspace a check names),
// not a workspace in no group, not account-level actions such as creating a workspace outside
// the group or RAM's.
func TestResourceGroupGrantReachesItsWorkspacesOnly(t *testing.T) {
	s := startAPI(t)
	rm := s.rmClient(t, s.root)
	group := func(name string) string {
		cg := resourcemanager.CreateCreateResourceGroupRequest()
		cg.Name = name
		return call(t, rm.CreateResourceGroup, cg).ResourceGroup.Id
	}
	rgA, rgB := group("team-a"), group("team-b")
	workspace := func(name, rg string) string {
		cw := aiworkspace.CreateCreateWorkspaceRequest()
		cw.Body = mustJSON(t, map[string]any{"WorkspaceName": name, "EnvTypes": []string{"prod"}, "ResourceGroupId": rg})
		return call(t, s.paiClient(t, s.root).CreateWorkspace, cw).WorkspaceId
	}
	wsA, wsB, wsNone := workspace("ws_a", rgA), workspace("ws_b", rgB), createWorkspace(t, s, s.root, "ws_none")

	createPolicy(t, s, "AllOfPAI", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["paiworkspace:*","paidlc:*","ram:*"],"Resource":"*"}]}`)
	bob, bobKey := newUserWithKey(t, s, "bob")
	ap := resourcemanager.CreateAttachPolicyRequest()
	ap.ResourceGroupId, ap.PolicyType, ap.PolicyName = rgA, "Custom", "AllOfPAI"
	ap.PrincipalType, ap.PrincipalName = "IMSUser", bob+"@"+s.account+".onaliyun.com"
	call(t, rm.AttachPolicy, ap)

	pai := s.paiClient(t, bobKey)
	for ws, allowed := range map[string]bool{wsA: true, wsB: false, wsNone: false} {
		g := aiworkspace.CreateGetWorkspaceRequest()
		g.WorkspaceId = ws
		if _, err := pai.GetWorkspace(g); allowed && err != nil {
			t.Errorf("GetWorkspace %s: %v", ws, err)
		} else if !allowed {
			wantError(t, err, 403, "NoPermission")
		}
	}
	cw := aiworkspace.CreateCreateWorkspaceRequest()
	cw.Body = mustJSON(t, map[string]any{"WorkspaceName": "bobs", "EnvTypes": []string{"prod"}})
	_, err := pai.CreateWorkspace(cw)
	wantError(t, err, 403, "NoPermission")
	_, err = s.ramClient(t, bobKey).ListUsers(ram.CreateListUsersRequest())
	wantError(t, err, 403, "NoPermission")

	gw := gateway(t, s)
	arn := func(ws string) string { return "acs:paiworkspace:cn-hangzhou:" + s.account + ":workspace/" + ws }
	jobs := "acs:paidlc:cn-hangzhou:" + s.account + ":workspace/" + wsB + "/jobs/*"
	for _, tt := range []struct {
		what  string
		check map[string]any
		want  string
	}{
		{"its group's workspace", map[string]any{"action": "paiworkspace:GetWorkspace", "resource": arn(wsA), "workspaceId": wsA}, "Allow"},
		{"its group's workspace, named by the ARN only", map[string]any{"action": "paiworkspace:GetWorkspace", "resource": arn(wsA)}, "Allow"},
		{"another group's workspace", map[string]any{"action": "paiworkspace:GetWorkspace", "resource": arn(wsB), "workspaceId": wsB}, "ImplicitDeny"},
		{"another group's workspace, said to be in the grant's group",
			map[string]any{"action": "paiworkspace:GetWorkspace", "resource": arn(wsB), "workspaceId": wsB, "resourceGroupId": rgA}, "ImplicitDeny"},
		{"a workspace in no group, said to be in the grant's group",
			map[string]any{"action": "paiworkspace:GetWorkspace", "resource": arn(wsNone), "resourceGroupId": rgA}, "ImplicitDeny"},
		{"another group's jobs, asked in the grant's group's workspace",
			map[string]any{"action": "paidlc:CreateJob", "resource": jobs, "workspaceId": wsA}, "ImplicitDeny"},
	} {
		tt.check["principal"] = "acs:ram::" + s.account + ":user/bob"
		if status, out := decide(t, s, gw, "/authz/v1/check", tt.check); status != 200 || out["decision"] != tt.want {
			t.Errorf("%s: %d %v, want %s", tt.what, status, out, tt.want)
		}
	}
}

// TestChangeResourceGroup moves a workspace from one resource group to another with
// AIWorkspace's ChangeResourceGroup (newer than the SDK's v1 client, so sent as a
// CommonRequest): the grants of the new group then reach it, those of the old one no longer
// do, and the old group, empty, can be deleted.
func TestChangeResourceGroup(t *testing.T) {
	s := startAPI(t)
	rm := s.rmClient(t, s.root)
	group := func(name string) string {
		cg := resourcemanager.CreateCreateResourceGroupRequest()
		cg.Name, cg.DisplayName = name, name
		return call(t, rm.CreateResourceGroup, cg).ResourceGroup.Id
	}
	from, to := group("team-a"), group("team-b")
	pai := s.paiClient(t, s.root)
	cw := aiworkspace.CreateCreateWorkspaceRequest()
	cw.Body = mustJSON(t, map[string]any{"WorkspaceName": "moving", "Description": "e2e", "ResourceGroupId": from})
	ws := call(t, pai.CreateWorkspace, cw).WorkspaceId

	carol, carolKey := newUserWithKey(t, s, "carol")
	ap := resourcemanager.CreateAttachPolicyRequest()
	ap.ResourceGroupId, ap.PolicyType, ap.PolicyName = to, "System", "AliyunPAIFullAccess"
	ap.PrincipalType, ap.PrincipalName = "IMSUser", carol+"@"+s.account+".onaliyun.com"
	call(t, rm.AttachPolicy, ap)
	getWorkspace := func(c credentials) (*aiworkspace.GetWorkspaceResponse, error) {
		gw := aiworkspace.CreateGetWorkspaceRequest()
		gw.WorkspaceId = ws
		return s.paiClient(t, c).GetWorkspace(gw)
	}
	_, err := getWorkspace(carolKey)
	wantError(t, err, 403, "NoPermission")

	move := func(c credentials, body map[string]any) (int, map[string]any) {
		return sendJSON(t, s, c, "PUT", "/resourcegroups/action/changeresourcegroup", body)
	}
	for _, tt := range []struct {
		name   string
		c      credentials
		body   map[string]any
		status int
		code   string
	}{
		{"no body", s.root, nil, 400, "MissingParameter"},
		{"another resource type", s.root, map[string]any{"ResourceId": ws, "NewResourceGroupId": to, "ResourceType": "dataset"}, 400, "InvalidParameter.ResourceType"},
		{"a group that does not exist", s.root, map[string]any{"ResourceId": ws, "NewResourceGroupId": "rg-404", "ResourceType": "workspace"}, 404, "EntityNotExists.ResourceGroup"},
		// carol's grant is in the destination group, not in the workspace's own.
		{"a caller without the action", carolKey, map[string]any{"ResourceId": ws, "NewResourceGroupId": to, "ResourceType": "workspace"}, 403, "NoPermission"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if status, out := move(tt.c, tt.body); status != tt.status || out["Code"] != tt.code {
				t.Errorf("ChangeResourceGroup = %d %v, want %d %s", status, out, tt.status, tt.code)
			}
		})
	}
	groupOf := func() string { // the v1 SDK's GetWorkspaceResponse has no ResourceGroupId
		t.Helper()
		var w struct{ ResourceGroupId string }
		if err := json.Unmarshal(call(t, getWorkspace, s.root).GetHttpContentBytes(), &w); err != nil {
			t.Fatal(err)
		}
		return w.ResourceGroupId
	}
	if got := groupOf(); got != from {
		t.Fatalf("after refused moves the workspace is in %q, want %q", got, from)
	}

	status, out := move(s.root, map[string]any{"ResourceId": ws, "NewResourceGroupId": to, "ResourceType": "workspace"})
	if status != 200 || out["requestId"] == "" || out["requestId"] == nil {
		t.Fatalf("ChangeResourceGroup = %d %v", status, out)
	}
	if got := groupOf(); got != to {
		t.Errorf("after the move the workspace is in %q, want %q", got, to)
	}
	if _, err := getWorkspace(carolKey); err != nil {
		t.Errorf("GetWorkspace with a grant in the new group: %v", err)
	}
	// The old group is empty now and can go; the new one holds the workspace.
	dg := resourcemanager.CreateDeleteResourceGroupRequest()
	dg.ResourceGroupId = to
	_, err = rm.DeleteResourceGroup(dg)
	wantError(t, err, 409, "DeleteConflict.ResourceGroup.Resource")
	dg.ResourceGroupId = from
	call(t, rm.DeleteResourceGroup, dg)
}
