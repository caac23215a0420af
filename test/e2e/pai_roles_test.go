package e2e_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestWorkspaceRolesSDK: what each workspace role may do, through the SDK against rampart serve,
// with every change taking effect on the next call.
func TestWorkspaceRolesSDK(t *testing.T) {
	s := startAPI(t)
	visitor, visitorID := paiUser(t, s, "visitor")
	dev, devID := paiUser(t, s, "developer")
	admin, adminID := paiUser(t, s, "admin")
	_, otherID := paiUser(t, s, "other")
	ws := createWorkspace(t, s, s.root, "ml_team")
	cv := createWorkspace(t, s, s.root, "cv_team")
	addMember(t, s, s.root, ws, visitorID, "PAI.WorkspaceGuest")
	addMember(t, s, s.root, ws, devID, "PAI.AlgoDeveloper")
	addMember(t, s, s.root, ws, adminID, "PAI.WorkspaceAdmin")

	createMember := func(c credentials, ws string) error {
		req := aiworkspace.CreateCreateMemberRequest()
		req.WorkspaceId = ws
		req.Body = mustJSON(t, map[string]any{"Members": []map[string]any{{"UserId": otherID, "Roles": []string{"PAI.WorkspaceGuest"}}}})
		_, err := s.paiClient(t, c).CreateMember(req)
		return err
	}
	listMembers := func(c credentials, ws string) error {
		req := aiworkspace.CreateListMembersRequest()
		req.WorkspaceId = ws
		_, err := s.paiClient(t, c).ListMembers(req)
		return err
	}
	deleteOther := func() {
		req := aiworkspace.CreateDeleteMembersRequest()
		req.WorkspaceId, req.MemberIds = ws, ws+"-"+otherID
		call(t, s.paiClient(t, s.root).DeleteMembers, req)
	}

	t.Run("a visitor can list but not create", func(t *testing.T) {
		if err := listMembers(visitor, ws); err != nil {
			t.Errorf("ListMembers: %v", err)
		}
		se := wantError(t, createMember(visitor, ws), 403, "NoPermission")
		if d := se.AccessDeniedDetail(); d["AuthAction"] != "paiworkspace:CreateMember" || d["PolicyType"] != "ImplicitDeny" {
			t.Errorf("AccessDeniedDetail = %v", d)
		}
		_, err := getPermission(s, t, visitor, ws, "PaiDLC:CreateJob", "", "")
		wantError(t, err, 403, "NoPermission")
		req := aiworkspace.CreateCreateWorkspaceResourceRequest()
		req.WorkspaceId = ws
		req.Body = mustJSON(t, map[string]any{"Resources": []map[string]any{{"Name": "data", "ResourceType": "OSS",
			"Spec": map[string]any{"Path": "oss://bkt/data/"}}}})
		_, err = s.paiClient(t, visitor).CreateWorkspaceResource(req)
		wantError(t, err, 403, "NoPermission")
	})

	t.Run("an algorithm developer creates DLC jobs and DSW instances but does not manage members", func(t *testing.T) {
		for _, code := range []string{"PaiDLC:CreateJob", "PaiDSW:CreatePostPaidInstance"} {
			p, err := getPermission(s, t, dev, ws, code, "", "")
			if err != nil || p.PermissionCode != code || len(p.PermissionRules) == 0 {
				t.Errorf("GetPermission %s = %+v, %v", code, p, err)
			}
			status, out := decide(t, s, s.root, "/authz/v1/check", map[string]any{"principal": "acs:ram::" + s.account + ":user/developer",
				"action": code, "resource": "acs:paidlc:cn-hangzhou:" + s.account + ":workspace/" + ws + "/*", "workspaceId": ws})
			if status != 200 || out["decision"] != "Allow" {
				t.Errorf("decision API on %s: %d %v", code, status, out)
			}
		}
		// Its own private job, and not another member's.
		if _, err := getPermission(s, t, dev, ws, "PaiDLC:StopJob", "PRIVATE", devID); err != nil {
			t.Errorf("StopJob on its own job: %v", err)
		}
		_, err := getPermission(s, t, dev, ws, "PaiDLC:StopJob", "PRIVATE", adminID)
		wantError(t, err, 403, "NoPermission")
		wantError(t, createMember(dev, ws), 403, "NoPermission")
		_, err = getPermission(s, t, dev, ws, "PaiWorkspace:CreateMember", "", "")
		wantError(t, err, 403, "NoPermission")
	})

	t.Run("removing a role takes effect on the next call", func(t *testing.T) {
		if err := createMember(admin, ws); err != nil {
			t.Fatalf("an administrator adds a member: %v", err)
		}
		deleteOther()
		rr := aiworkspace.CreateRemoveMemberRoleRequest()
		ar := aiworkspace.CreateAddMemberRoleRequest()
		rr.WorkspaceId, rr.MemberId, rr.RoleName = ws, ws+"-"+adminID, "PAI.WorkspaceAdmin"
		ar.WorkspaceId, ar.MemberId, ar.RoleName = ws, ws+"-"+adminID, "PAI.WorkspaceGuest"
		call(t, s.paiClient(t, s.root).AddMemberRole, ar)
		call(t, s.paiClient(t, s.root).RemoveMemberRole, rr)
		wantError(t, createMember(admin, ws), 403, "NoPermission")
		if err := listMembers(admin, ws); err != nil {
			t.Errorf("still a visitor: %v", err)
		}
		ar.RoleName = "PAI.WorkspaceAdmin"
		call(t, s.paiClient(t, s.root).AddMemberRole, ar)
		if err := createMember(admin, ws); err != nil {
			t.Errorf("administrator again: %v", err)
		}
		deleteOther()
	})

	t.Run("a workspace administrator cannot act in another workspace", func(t *testing.T) {
		wantError(t, createMember(admin, cv), 403, "NoPermission")
		wantError(t, listMembers(admin, cv), 403, "NoPermission")
		gw := aiworkspace.CreateGetWorkspaceRequest()
		gw.WorkspaceId = cv
		_, err := s.paiClient(t, admin).GetWorkspace(gw)
		wantError(t, err, 403, "NoPermission")
		lw := aiworkspace.CreateListWorkspacesRequest()
		if l := call(t, s.paiClient(t, admin).ListWorkspaces, lw); l.TotalCount != 1 || l.Workspaces[0].WorkspaceId != ws {
			t.Errorf("the administrator lists %+v", l.Workspaces)
		}
	})

	t.Run("an explicit RAM Deny beats a workspace role", func(t *testing.T) {
		createPolicy(t, s, "no-members", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"paiworkspace:CreateMember","Resource":"*"}]}`)
		attach(t, s, "Custom", "no-members", "admin")
		se := wantError(t, createMember(admin, ws), 403, "NoPermission")
		if se.AccessDeniedDetail()["PolicyType"] != "ExplicitDeny" {
			t.Errorf("AccessDeniedDetail = %v", se.AccessDeniedDetail())
		}
		status, out := decide(t, s, s.root, "/authz/v1/check", map[string]any{"principal": "acs:ram::" + s.account + ":user/admin",
			"action": "paiworkspace:CreateMember", "resource": "acs:paiworkspace:cn-hangzhou:" + s.account + ":workspace/" + ws, "workspaceId": ws})
		if status != 200 || out["decision"] != "ExplicitDeny" {
			t.Errorf("decision API: %d %v", status, out)
		}
		if err := listMembers(admin, ws); err != nil {
			t.Errorf("the Deny names CreateMember only: %v", err)
		}
	})

	t.Run("AliyunPAIFullAccess administers every workspace", func(t *testing.T) {
		pfa, _ := paiUser(t, s, "pfa")
		attach(t, s, "System", "AliyunPAIFullAccess", "pfa")
		if err := createMember(pfa, cv); err != nil {
			t.Errorf("CreateMember with AliyunPAIFullAccess: %v", err)
		}
		lw := aiworkspace.CreateListWorkspacesRequest()
		if l := call(t, s.paiClient(t, pfa).ListWorkspaces, lw); l.TotalCount != 2 {
			t.Errorf("a resource administrator lists %d workspaces", l.TotalCount)
		}
	})
}

// TestGetMemberByOneID: GetMember finds a member by its UserId or by its MemberId, and refuses
// both at once, which the API reference forbids, rather than answering for the UserId.
func TestGetMemberByOneID(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	_, aliceID := paiUser(t, s, "alice")
	_, bobID := paiUser(t, s, "bob")
	ws := createWorkspace(t, s, s.root, "one_id")
	addMember(t, s, s.root, ws, aliceID, "PAI.AlgoDeveloper")
	addMember(t, s, s.root, ws, bobID, "PAI.WorkspaceGuest")
	get := func(userID, memberID string) (*aiworkspace.GetMemberResponse, error) {
		req := aiworkspace.CreateGetMemberRequest()
		req.WorkspaceId, req.UserId = ws, userID
		if memberID != "" {
			req.QueryParams["MemberId"] = memberID // documented, not in the v1 request struct
		}
		return c.GetMember(req)
	}
	if m, err := get(aliceID, ""); err != nil || m.UserId != aliceID || m.MemberId != ws+"-"+aliceID {
		t.Errorf("by UserId: %v %+v", err, m)
	}
	if m, err := get("", ws+"-"+bobID); err != nil || m.UserId != bobID || !slices.Equal(m.Roles, []string{"PAI.WorkspaceGuest"}) {
		t.Errorf("by MemberId: %v %+v", err, m)
	}
	_, err := get(aliceID, ws+"-"+bobID)
	wantError(t, err, 400, "InvalidParameter.MemberId")
	_, err = get("", "")
	wantError(t, err, 400, "MissingParameter")
}

// TestDeleteMembersKeepsOwner: DeleteMembers does not remove the workspace's owner (the user who
// created it), as PAI answers "Owner not allowed to delete"; a call naming the owner among
// others removes none of them, and the others can still be removed.
func TestDeleteMembersKeepsOwner(t *testing.T) {
	s := startAPI(t)
	root := s.paiClient(t, s.root)
	ownerCreds, ownerID := paiUser(t, s, "owner")
	_, devID := paiUser(t, s, "dev")
	ap := ram.CreateAttachPolicyToUserRequest()
	ap.PolicyType, ap.PolicyName, ap.UserName = "System", "AliyunPAIFullAccess", "owner"
	call(t, s.ramClient(t, s.root).AttachPolicyToUser, ap)
	ws := createWorkspace(t, s, ownerCreds, "owned")
	addMember(t, s, s.root, ws, devID, "PAI.AlgoDeveloper")
	del := func(ids ...string) error {
		req := aiworkspace.CreateDeleteMembersRequest()
		req.WorkspaceId, req.MemberIds = ws, strings.Join(ids, ",")
		_, err := root.DeleteMembers(req)
		return err
	}
	members := func() (out []string) {
		lm := aiworkspace.CreateListMembersRequest()
		lm.WorkspaceId = ws
		for _, m := range call(t, root.ListMembers, lm).Members {
			out = append(out, m.UserId)
		}
		slices.Sort(out)
		return out
	}
	both := []string{ownerID, devID}
	slices.Sort(both)
	if got := members(); !slices.Equal(got, both) {
		t.Fatalf("members = %v, want the owner and the developer", got)
	}
	se := wantError(t, del(ws+"-"+devID, ws+"-"+ownerID), 409, "DeleteConflict.Workspace.Member.Owner")
	if !strings.Contains(se.Message(), "Owner not allowed to delete") {
		t.Errorf("message %q", se.Message())
	}
	if got := members(); !slices.Equal(got, both) {
		t.Fatalf("after the refused call: %v, want both members kept", got)
	}
	if err := del(ws + "-" + devID); err != nil {
		t.Fatal(err)
	}
	if got := members(); !slices.Equal(got, []string{ownerID}) {
		t.Errorf("after removing the developer: %v", got)
	}
}

// TestListWorkspaceUsersFilters: ListWorkspaceUsers' UserName matches a user's display name, as
// the API reference describes it, as well as its name, and UserId lists that user alone.
func TestListWorkspaceUsersFilters(t *testing.T) {
	s := startAPI(t)
	c := s.paiClient(t, s.root)
	rc := s.ramClient(t, s.root)
	ids := map[string]string{}
	for name, display := range map[string]string{"alice": "Zhang Wei", "bob": "Bob Li"} {
		cu := ram.CreateCreateUserRequest()
		cu.UserName, cu.DisplayName = name, display
		ids[name] = call(t, rc.CreateUser, cu).User.UserId
	}
	ws := createWorkspace(t, s, s.root, "candidates")
	list := func(query map[string]string) []string {
		t.Helper()
		req := aiworkspace.CreateListWorkspaceUsersRequest()
		req.WorkspaceId = ws
		for k, v := range query {
			req.QueryParams[k] = v // documented, not in the v1 request struct
		}
		r := call(t, c.ListWorkspaceUsers, req)
		var out []string
		for _, u := range r.Users {
			out = append(out, u.UserName)
		}
		if r.TotalCount != int64(len(out)) {
			t.Errorf("%v: TotalCount %d for %d users", query, r.TotalCount, len(out))
		}
		slices.Sort(out)
		return out
	}
	for _, tt := range []struct {
		query map[string]string
		want  []string
	}{
		{nil, []string{"alice", "bob"}},
		{map[string]string{"UserName": "zhang"}, []string{"alice"}},
		{map[string]string{"UserName": "bob"}, []string{"bob"}},
		{map[string]string{"UserName": "li"}, []string{"alice", "bob"}}, // alice by name, Bob Li by display name
		{map[string]string{"UserId": ids["bob"]}, []string{"bob"}},
		{map[string]string{"UserId": ids["bob"], "UserName": "zhang"}, nil},
	} {
		if got := list(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("%v: got %v, want %v", tt.query, got, tt.want)
		}
	}
}
