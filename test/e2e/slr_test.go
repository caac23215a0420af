package e2e_test

import (
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/resourcemanager"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// TestServiceLinkedRolesSDK drives Resource Manager's service-linked-role actions with the SDK's
// services/resourcemanager: create, the RAM operations that refuse such a role, the usage check
// that keeps a role a workspace still needs, deletion and its status.
func TestServiceLinkedRolesSDK(t *testing.T) {
	s := startAPI(t)
	rm := s.rmClient(t, s.root)
	rc := s.ramClient(t, s.root)

	cr := resourcemanager.CreateCreateServiceLinkedRoleRequest()
	cr.ServiceName = "eas.pai.aliyuncs.com"
	role := call(t, rm.CreateServiceLinkedRole, cr).Role
	if role.RoleName != "AliyunServiceRoleForPaiEas" || role.Arn != "acs:ram::"+s.account+":role/aliyunserviceroleforpaieas" ||
		!role.IsServiceLinkedRole || role.MaxSessionDuration != 3600 || role.RoleId == "" || role.CreateDate == "" ||
		role.RolePrincipalName != "AliyunServiceRoleForPaiEas@role."+s.account+".onaliyunservice.com" ||
		role.AssumeRolePolicyDocument != `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["eas.pai.aliyuncs.com"]}}],"Version":"1"}` {
		t.Fatalf("CreateServiceLinkedRole: %+v", role)
	}
	_, err := rm.CreateServiceLinkedRole(cr)
	wantError(t, err, 409, "EntityAlreadyExists.Role")
	unknown := resourcemanager.CreateCreateServiceLinkedRoleRequest()
	unknown.ServiceName = "polardb.aliyuncs.com"
	_, err = rm.CreateServiceLinkedRole(unknown)
	wantError(t, err, 404, "EntityNotExist.Service")
	suffix := resourcemanager.CreateCreateServiceLinkedRoleRequest()
	suffix.ServiceName, suffix.CustomSuffix = "automl.pai.aliyuncs.com", "x"
	_, err = rm.CreateServiceLinkedRole(suffix)
	wantError(t, err, 400, "InvalidParameter.CustomSuffix.NotAllowed")

	gr := ram.CreateGetRoleRequest()
	gr.RoleName = "AliyunServiceRoleForPaiEas"
	if got := call(t, rc.GetRole, gr).Role; got.Arn != role.Arn || got.RoleId != role.RoleId {
		t.Errorf("RAM GetRole: %+v", got)
	}
	lp := ram.CreateListPoliciesForRoleRequest()
	lp.RoleName = "AliyunServiceRoleForPaiEas"
	if ps := call(t, rc.ListPoliciesForRole, lp).Policies.Policy; len(ps) != 1 || ps[0].PolicyName != "AliyunServiceRolePolicyForPaiEas" {
		t.Errorf("policies of the service-linked role: %+v", ps)
	}

	// RAM refuses to change or delete it.
	dr := ram.CreateDeleteRoleRequest()
	dr.RoleName = "AliyunServiceRoleForPaiEas"
	_, err = rc.DeleteRole(dr)
	wantError(t, err, 409, "OperationDenied.ServiceLinkedRole")
	ur := ram.CreateUpdateRoleRequest()
	ur.RoleName, ur.NewDescription = "AliyunServiceRoleForPaiEas", "mine now"
	_, err = rc.UpdateRole(ur)
	wantError(t, err, 409, "OperationDenied.ServiceLinkedRole")
	ar := ram.CreateAttachPolicyToRoleRequest()
	ar.PolicyType, ar.PolicyName, ar.RoleName = "System", "AdministratorAccess", "AliyunServiceRoleForPaiEas"
	_, err = rc.AttachPolicyToRole(ar)
	wantError(t, err, 409, "OperationDenied.ServiceLinkedRole")
	dp := ram.CreateDetachPolicyFromRoleRequest()
	dp.PolicyType, dp.PolicyName, dp.RoleName = "System", "AliyunServiceRolePolicyForPaiEas", "AliyunServiceRoleForPaiEas"
	_, err = rc.DetachPolicyFromRole(dp)
	wantError(t, err, 409, "OperationDenied.ServiceLinkedRole")

	// Resource-group grants still work for users, and still refuse the service-linked role.
	cg := resourcemanager.CreateCreateResourceGroupRequest()
	cg.Name, cg.DisplayName = "ml-team", "ML"
	rg := call(t, rm.CreateResourceGroup, cg).ResourceGroup
	dana, danaKey := newUserWithKey(t, s, "dana")
	ap := resourcemanager.CreateAttachPolicyRequest()
	ap.ResourceGroupId, ap.PolicyType, ap.PolicyName = rg.Id, "System", "AliyunOSSFullAccess"
	ap.PrincipalType, ap.PrincipalName = "IMSUser", dana+"@"+s.account+".onaliyun.com"
	call(t, rm.AttachPolicy, ap)
	la := resourcemanager.CreateListPolicyAttachmentsRequest()
	la.ResourceGroupId = rg.Id
	if as := call(t, rm.ListPolicyAttachments, la); as.TotalCount != 1 || as.PolicyAttachments.PolicyAttachment[0].PrincipalType != "IMSUser" {
		t.Errorf("ListPolicyAttachments: %+v", as)
	}
	ap.PrincipalType, ap.PrincipalName = "ServiceRole", "AliyunServiceRoleForPaiEas@role."+s.account+".onaliyunservice.com"
	_, err = rm.AttachPolicy(ap)
	wantError(t, err, 409, "OperationDenied.ServiceLinkedRole")

	// AliyunPAIFullAccess lets a user create EAS's service-linked role and no other.
	attach(t, s, "System", "AliyunPAIFullAccess", dana)
	auto := resourcemanager.CreateCreateServiceLinkedRoleRequest()
	auto.ServiceName = "automl.pai.aliyuncs.com"
	_, err = s.rmClient(t, danaKey).CreateServiceLinkedRole(auto)
	se := wantError(t, err, 403, "NoPermission")
	if d := se.AccessDeniedDetail(); d["AuthAction"] != "ram:CreateServiceLinkedRole" {
		t.Errorf("denial: %v", d)
	}

	// A RAM user may not assume a service-linked role, even with sts:AssumeRole on everything.
	attach(t, s, "System", "AliyunSTSAssumeRoleAccess", dana)
	as := sts.CreateAssumeRoleRequest()
	as.RoleArn, as.RoleSessionName = role.Arn, "dana"
	_, err = s.stsClient(t, danaKey).AssumeRole(as)
	wantError(t, err, 403, "NoPermission")

	// A workspace's OSS path keeps EAS's role: the deletion task fails and says why.
	ws := createWorkspace(t, s, s.root, "slr_ws")
	cwr := aiworkspace.CreateCreateWorkspaceResourceRequest()
	cwr.WorkspaceId = ws
	cwr.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{
		{"Name": "data", "ResourceType": "OSS", "Spec": map[string]any{"Path": "oss://ml-bucket/data/"}}}})
	call(t, s.paiClient(t, s.root).CreateWorkspaceResource, cwr)

	del := resourcemanager.CreateDeleteServiceLinkedRoleRequest()
	del.RoleName = "AliyunServiceRoleForPaiEas"
	task := call(t, rm.DeleteServiceLinkedRole, del).DeletionTaskId
	if !strings.HasPrefix(task, "task/acs-service-role/eas.pai.aliyuncs.com/AliyunServiceRoleForPaiEas/") {
		t.Errorf("DeletionTaskId = %q", task)
	}
	st := resourcemanager.CreateGetServiceLinkedRoleDeletionStatusRequest()
	st.DeletionTaskId = task
	status := call(t, rm.GetServiceLinkedRoleDeletionStatus, st)
	usages := status.Reason.RoleUsages.RoleUsage
	if status.Status != "FAILED" || !strings.Contains(status.Reason.Message, "cannot be deleted as it is in use by eas.pai.aliyuncs.com") ||
		len(usages) != 1 || usages[0].Region != "cn-hangzhou" || len(usages[0].Resources.Resource) != 1 ||
		!strings.HasPrefix(usages[0].Resources.Resource[0], "acs:paiworkspace:cn-hangzhou:"+s.account+":workspace/"+ws+"/resources/") {
		t.Errorf("status of a deletion while in use: %+v", status)
	}
	call(t, rc.GetRole, gr)

	dwr := aiworkspace.CreateDeleteWorkspaceResourceRequest()
	dwr.WorkspaceId, dwr.GroupName, dwr.ProductType = ws, "data", "OSS"
	call(t, s.paiClient(t, s.root).DeleteWorkspaceResource, dwr)
	st.DeletionTaskId = call(t, rm.DeleteServiceLinkedRole, del).DeletionTaskId
	if status := call(t, rm.GetServiceLinkedRoleDeletionStatus, st); status.Status != "SUCCEEDED" || status.Reason.Message != "" {
		t.Errorf("status of a deletion: %+v", status)
	}
	_, err = rc.GetRole(gr)
	wantError(t, err, 404, "EntityNotExist.Role")
	_, err = rm.DeleteServiceLinkedRole(del)
	wantError(t, err, 404, "EntityNotExist.Role")

	cp := ram.CreateCreateRoleRequest()
	cp.RoleName, cp.AssumeRolePolicyDocument = "plain", trustAccount(s.account)
	call(t, rc.CreateRole, cp)
	del.RoleName = "plain"
	_, err = rm.DeleteServiceLinkedRole(del)
	wantError(t, err, 404, "EntityNotExist.ServiceLinkedRole")
	st.DeletionTaskId = "task/acs-service-role/eas.pai.aliyuncs.com/AliyunServiceRoleForPaiEas/0"
	_, err = rm.GetServiceLinkedRoleDeletionStatus(st)
	wantError(t, err, 404, "EntityNotExist.ServiceLinkedRole.DeletionTask")
}
