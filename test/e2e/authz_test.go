package e2e_test

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestAuthorization: every action is authorized as ram:<Action> by the policies of the caller
// and its groups; a denial says why; changes apply to the very next request.
func TestAuthorization(t *testing.T) {
	s := startAPI(t)
	root := s.ramClient(t, s.root)
	_, alice := newUserWithKey(t, s, "alice")
	_, bob := newUserWithKey(t, s, "bob")
	createPolicy(t, s, "read-users", readUsersPolicy)
	createPolicy(t, s, "deny-bob", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:GetUser","Resource":"acs:ram:*:*:user/bob"}]}`)

	cg := ram.CreateCreateGroupRequest()
	cg.GroupName = "readers"
	call(t, root.CreateGroup, cg)
	ag := ram.CreateAttachPolicyToGroupRequest()
	ag.PolicyType, ag.PolicyName, ag.GroupName = "Custom", "read-users", "readers"
	call(t, root.AttachPolicyToGroup, ag)
	au := ram.CreateAddUserToGroupRequest()
	au.UserName, au.GroupName = "alice", "readers"
	call(t, root.AddUserToGroup, au)

	getUser := func(c credentials, name string) error {
		req := ram.CreateGetUserRequest()
		req.UserName = name
		_, err := s.ramClient(t, c).GetUser(req)
		return err
	}

	// Alice may read through her group; bob has no policy at all.
	if err := getUser(alice, "bob"); err != nil {
		t.Fatalf("alice, granted through her group: %v", err)
	}
	se := wantError(t, getUser(bob, "alice"), 403, "NoPermission")
	want := map[string]any{"AuthAction": "ram:GetUser", "AuthPrincipalType": "SubUser", "AuthPrincipalDisplayName": "bob",
		"AuthPrincipalOwnerId": s.account, "PolicyType": "ImplicitDeny"}
	for k, v := range want {
		if se.AccessDeniedDetail()[k] != v {
			t.Errorf("AccessDeniedDetail[%s] = %v, want %v (%v)", k, se.AccessDeniedDetail()[k], v, se.AccessDeniedDetail())
		}
	}

	// An explicit Deny beats the group's Allow, from the next request on, and only where it says.
	attach(t, s, "Custom", "deny-bob", "alice")
	se = wantError(t, getUser(alice, "bob"), 403, "NoPermission")
	if se.AccessDeniedDetail()["PolicyType"] != "ExplicitDeny" {
		t.Errorf("AccessDeniedDetail: %v", se.AccessDeniedDetail())
	}
	if err := getUser(alice, "alice"); err != nil {
		t.Errorf("the Deny names bob only: %v", err)
	}
	d := ram.CreateDetachPolicyFromUserRequest()
	d.PolicyType, d.PolicyName, d.UserName = "Custom", "deny-bob", "alice"
	call(t, root.DetachPolicyFromUser, d)
	if err := getUser(alice, "bob"); err != nil {
		t.Errorf("after the Deny is detached: %v", err)
	}

	// Leaving the group takes the grant away at once.
	rm := ram.CreateRemoveUserFromGroupRequest()
	rm.UserName, rm.GroupName = "alice", "readers"
	call(t, root.RemoveUserFromGroup, rm)
	wantError(t, getUser(alice, "bob"), 403, "NoPermission")
}
