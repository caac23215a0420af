package openapi_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/openapi"
)

func TestCatalog(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range openapi.Catalog() {
		if p.Name == "" || p.Command == "" || p.Version == "" || len(p.Actions) == 0 {
			t.Errorf("product %+v is incomplete", p)
		}
		for _, a := range p.Actions {
			if a.Summary == "" {
				t.Errorf("%s.%s has no summary", p.Name, a.Name)
			}
			seen[p.Command+" "+a.Name] = true
		}
	}
	want := map[string]bool{}
	for _, a := range sdkRAMActions {
		want["ram "+a] = true
	}
	for _, a := range []string{"sts AssumeRole", "sts GetCallerIdentity", "resourcemanager CreateResourceGroup",
		"resourcemanager GetResourceGroup", "resourcemanager ListResourceGroups", "resourcemanager UpdateResourceGroup",
		"resourcemanager DeleteResourceGroup", "resourcemanager AttachPolicy", "resourcemanager DetachPolicy",
		"resourcemanager ListPolicyAttachments", "resourcemanager CreateServiceLinkedRole", "resourcemanager DeleteServiceLinkedRole",
		"resourcemanager GetServiceLinkedRoleDeletionStatus"} {
		want[a] = true
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("served actions (-SDK's +served):\n%s", diff)
	}
}

// sdkRAMActions are the 62 actions of the SDK's services/ram (shared/reference/ram.md §3.2).
var sdkRAMActions = []string{
	"CreateUser", "GetUser", "UpdateUser", "DeleteUser", "ListUsers",
	"CreateLoginProfile", "GetLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ChangePassword",
	"CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "ListAccessKeys", "GetAccessKeyLastUsed",
	"CreateVirtualMFADevice", "ListVirtualMFADevices", "DeleteVirtualMFADevice", "BindMFADevice", "UnbindMFADevice", "GetUserMFAInfo",
	"CreateGroup", "GetGroup", "UpdateGroup", "DeleteGroup", "ListGroups", "AddUserToGroup", "RemoveUserFromGroup",
	"ListGroupsForUser", "ListUsersForGroup",
	"CreateRole", "GetRole", "UpdateRole", "DeleteRole", "ListRoles",
	"CreatePolicy", "GetPolicy", "DeletePolicy", "ListPolicies", "UpdatePolicyDescription", "CreatePolicyVersion",
	"GetPolicyVersion", "DeletePolicyVersion", "ListPolicyVersions", "SetDefaultPolicyVersion",
	"AttachPolicyToUser", "DetachPolicyFromUser", "AttachPolicyToGroup", "DetachPolicyFromGroup", "AttachPolicyToRole",
	"DetachPolicyFromRole", "ListPoliciesForUser", "ListPoliciesForGroup", "ListPoliciesForRole", "ListEntitiesForPolicy",
	"SetPasswordPolicy", "GetPasswordPolicy", "SetSecurityPreference", "GetSecurityPreference",
	"SetAccountAlias", "GetAccountAlias", "ClearAccountAlias",
}
