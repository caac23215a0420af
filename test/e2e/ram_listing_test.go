package e2e_test

import (
	"encoding/json"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestListPoliciesAttachmentCount: ListPolicies shows each policy's AttachmentCount, as RAM's
// ListPolicies documents it (api-ram-2015-05-01-listpolicies), counting users, groups and
// roles alike, for custom and system policies.
func TestListPoliciesAttachmentCount(t *testing.T) {
	s := startAPI(t)
	c := s.ramClient(t, s.root)

	cu := ram.CreateCreateUserRequest()
	cu.UserName = "alice"
	call(t, c.CreateUser, cu)
	cg := ram.CreateCreateGroupRequest()
	cg.GroupName = "dev"
	call(t, c.CreateGroup, cg)
	cr := ram.CreateCreateRoleRequest()
	cr.RoleName, cr.AssumeRolePolicyDocument = "admin", trustAccount(s.account)
	call(t, c.CreateRole, cr)
	for _, name := range []string{"read-users", "unused"} {
		cp := ram.CreateCreatePolicyRequest()
		cp.PolicyName, cp.PolicyDocument = name, readUsersPolicy
		call(t, c.CreatePolicy, cp)
	}
	au := ram.CreateAttachPolicyToUserRequest()
	au.PolicyType, au.PolicyName, au.UserName = "Custom", "read-users", "alice"
	call(t, c.AttachPolicyToUser, au)
	ar := ram.CreateAttachPolicyToRoleRequest()
	ar.PolicyType, ar.PolicyName, ar.RoleName = "Custom", "read-users", "admin"
	call(t, c.AttachPolicyToRole, ar)
	ag := ram.CreateAttachPolicyToGroupRequest()
	ag.PolicyType, ag.PolicyName, ag.GroupName = "System", "AliyunSTSAssumeRoleAccess", "dev"
	call(t, c.AttachPolicyToGroup, ag)

	counts := func(policyType string) map[string]int {
		t.Helper()
		lp := ram.CreateListPoliciesRequest()
		lp.PolicyType, lp.MaxItems = policyType, requests.NewInteger(1000)
		out := map[string]int{}
		for _, p := range call(t, c.ListPolicies, lp).Policies.Policy {
			out[p.PolicyName] = p.AttachmentCount
		}
		return out
	}
	custom := counts("Custom")
	if custom["read-users"] != 2 || custom["unused"] != 0 || len(custom) != 2 {
		t.Errorf("ListPolicies Custom AttachmentCount = %v, want read-users 2, unused 0", custom)
	}
	system := counts("System")
	if system["AliyunSTSAssumeRoleAccess"] != 1 || system["AdministratorAccess"] != 0 {
		t.Errorf("ListPolicies System AttachmentCount: AliyunSTSAssumeRoleAccess %d, AdministratorAccess %d; want 1 and 0",
			system["AliyunSTSAssumeRoleAccess"], system["AdministratorAccess"])
	}
	if all := counts(""); all["read-users"] != 2 || all["AliyunSTSAssumeRoleAccess"] != 1 {
		t.Errorf("ListPolicies AttachmentCount = %v", all)
	}
}

// TestListRolesAndPoliciesTagFilter: ListRoles and ListPolicies take a Tag filter
// (api-ram-2015-05-01-listroles, -listpolicies) that the v1 SDK's structs lack, so it is sent
// through a CommonRequest as the newer SDKs send it (Tag.N.Key, Tag.N.Value). Rampart keeps no
// tags, so a filtered list is empty, not every role or policy.
func TestListRolesAndPoliciesTagFilter(t *testing.T) {
	s := startAPI(t)
	c := s.ramClient(t, s.root)
	cr := ram.CreateCreateRoleRequest()
	cr.RoleName, cr.AssumeRolePolicyDocument = "admin", trustAccount(s.account)
	call(t, c.CreateRole, cr)
	cp := ram.CreateCreatePolicyRequest()
	cp.PolicyName, cp.PolicyDocument = "read-users", readUsersPolicy
	call(t, c.CreatePolicy, cp)

	list := func(action string, query map[string]string) (roles, policies int, truncated bool) {
		t.Helper()
		req := requests.NewCommonRequest()
		req.Product, req.Version, req.ApiName, req.Domain = "Ram", "2015-05-01", action, s.host
		for k, v := range query {
			req.QueryParams[k] = v
		}
		resp, err := c.ProcessCommonRequest(req)
		if err != nil {
			t.Fatalf("%s %v: %v", action, query, err)
		}
		var out struct {
			IsTruncated bool
			Roles       struct{ Role []ram.Role }
			Policies    struct{ Policy []ram.Policy }
		}
		if err := json.Unmarshal(resp.GetHttpContentBytes(), &out); err != nil {
			t.Fatal(err)
		}
		return len(out.Roles.Role), len(out.Policies.Policy), out.IsTruncated
	}
	if n, _, _ := list("ListRoles", nil); n != 1 {
		t.Fatalf("ListRoles without a filter: %d roles, want 1", n)
	}
	if _, n, _ := list("ListPolicies", map[string]string{"PolicyType": "Custom"}); n != 1 {
		t.Fatalf("ListPolicies Custom without a filter: %d policies, want 1", n)
	}
	tag := map[string]string{"Tag.1.Key": "owner", "Tag.1.Value": "alice"}
	if n, _, more := list("ListRoles", tag); n != 0 || more {
		t.Errorf("ListRoles with Tag: %d roles (IsTruncated %v), want none", n, more)
	}
	tag["MaxItems"] = "1"
	if _, n, more := list("ListPolicies", tag); n != 0 || more {
		t.Errorf("ListPolicies with Tag: %d policies (IsTruncated %v), want none", n, more)
	}
}
