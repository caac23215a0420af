package ram_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

const (
	easService = "eas.pai.aliyuncs.com"
	easRole    = "AliyunServiceRoleForPaiEas"
	easPolicy  = "AliyunServiceRolePolicyForPaiEas"
)

func TestServiceLinkedRoles(t *testing.T) { forEachBackend(t, testServiceLinkedRoles) }

func testServiceLinkedRoles(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()

	got, err := e.svc.CreateServiceLinkedRole(ctx, e.root, ram.CreateServiceLinkedRoleInput{RequestID: "r1", ServiceName: easService})
	if err != nil {
		t.Fatal(err)
	}
	trust := `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["eas.pai.aliyuncs.com"]}}],"Version":"1"}`
	want := ram.Role{ID: got.ID, Name: easRole, ARN: "acs:ram::" + e.account + ":role/aliyunserviceroleforpaieas",
		PrincipalName: easRole + "@role." + e.account + ".onaliyunservice.com", AssumeRolePolicyDocument: trust,
		Description: "Service-linked role of PAI EAS: eas.pai.aliyuncs.com assumes it to access OSS, SLS, VPC.",
		ServiceName: easService, MaxSessionDuration: 3600, CreateDate: e.clock(), UpdateDate: e.clock()}
	same(t, "CreateServiceLinkedRole", got, want)
	if r, err := e.svc.GetRole(ctx, e.root, ram.RoleInput{RoleName: easRole}); err != nil || r != want {
		t.Errorf("GetRole = %+v, %v", r, err)
	}
	policies, err := e.svc.ListPoliciesForRole(ctx, e.root, ram.RoleInput{RoleName: easRole})
	if err != nil || len(policies) != 1 || policies[0].Policy.Name != easPolicy || policies[0].Policy.Type != "System" {
		t.Errorf("policies of the service-linked role = %+v, %v; want %s", policies, err, easPolicy)
	}
	recs := e.audit(store.AuditQuery{Action: "ram:CreateServiceLinkedRole"})
	if len(recs) != 1 || recs[0].Result != "Success" || recs[0].Target != "acs:ram:*:"+e.account+":role/"+easRole ||
		!strings.Contains(recs[0].Detail, easService) {
		t.Errorf("audit = %+v", recs)
	}

	// Errors: RAM's and Resource Manager's codes, each leaving the store as it was.
	e.createUsers("nobody")
	cases := []struct {
		name string
		in   ram.CreateServiceLinkedRoleInput
		code string
	}{
		{"no service name", ram.CreateServiceLinkedRoleInput{}, "MissingParameter"},
		{"unknown service", ram.CreateServiceLinkedRoleInput{ServiceName: "polardb.aliyuncs.com"}, "EntityNotExist.Service"},
		{"service names are exact", ram.CreateServiceLinkedRoleInput{ServiceName: "EAS.pai.aliyuncs.com"}, "EntityNotExist.Service"},
		{"custom suffix", ram.CreateServiceLinkedRoleInput{ServiceName: "automl.pai.aliyuncs.com", CustomSuffix: "x"}, "InvalidParameter.CustomSuffix.NotAllowed"},
		{"long custom suffix", ram.CreateServiceLinkedRoleInput{ServiceName: "automl.pai.aliyuncs.com", CustomSuffix: strings.Repeat("x", 65)}, "InvalidParameter.CustomSuffix.Length"},
		{"custom description", ram.CreateServiceLinkedRoleInput{ServiceName: "automl.pai.aliyuncs.com", Description: "d"}, "InvalidParameter.Description.NotAllowed"},
		{"long description", ram.CreateServiceLinkedRoleInput{ServiceName: "automl.pai.aliyuncs.com", Description: strings.Repeat("d", 1025)}, "InvalidParameter.Description.Length"},
		{"exists", ram.CreateServiceLinkedRoleInput{ServiceName: easService}, "EntityAlreadyExists.Role"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() {
			_, err := e.svc.CreateServiceLinkedRole(ctx, e.root, c.in)
			wantCode(t, c.name, err, c.code)
		})
	}
	e.deniedUnchanged("a user without a policy", func() {
		_, err := e.svc.CreateServiceLinkedRole(ctx, e.user("nobody"), ram.CreateServiceLinkedRoleInput{ServiceName: "automl.pai.aliyuncs.com"})
		wantCode(t, "a user without a policy", err, "NoPermission")
	})

	// AliyunPAIFullAccess allows ram:CreateServiceLinkedRole only for eas.pai.aliyuncs.com: the
	// condition on ram:ServiceName decides.
	e.createUsers("admin")
	e.attach(store.PrincipalUser, "admin", store.PolicyTypeSystem, "AliyunPAIFullAccess")
	e.deniedUnchanged("AliyunPAIFullAccess for AutoML's role", func() {
		_, err := e.svc.CreateServiceLinkedRole(ctx, e.user("admin"), ram.CreateServiceLinkedRoleInput{ServiceName: "automl.pai.aliyuncs.com"})
		wantCode(t, "AliyunPAIFullAccess for AutoML's role", err, "NoPermission")
	})
	if _, err := e.svc.DeleteServiceLinkedRole(ctx, e.root, ram.RoleInput{RoleName: easRole}); err != nil {
		t.Fatal(err)
	}
	r, created, err := e.svc.EnsureServiceLinkedRole(ctx, e.user("admin"), ram.CreateServiceLinkedRoleInput{ServiceName: easService})
	if err != nil || !created || r.Name != easRole {
		t.Fatalf("EnsureServiceLinkedRole by a holder of AliyunPAIFullAccess = %+v, %v, %v", r, created, err)
	}
	again, created, err := e.svc.EnsureServiceLinkedRole(ctx, e.user("admin"), ram.CreateServiceLinkedRoleInput{ServiceName: easService})
	if err != nil || created || again != r {
		t.Errorf("EnsureServiceLinkedRole again = %+v, %v, %v; want the same role, not created", again, created, err)
	}

	// A plain role under a service-linked role's name is not taken over.
	if _, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "AliyunServiceRoleForPaiAutoml", AssumeRolePolicyDocument: trustRoot(e.account)}); err != nil {
		t.Fatal(err)
	}
	e.unchanged("a plain role of that name", func() {
		_, _, err := e.svc.EnsureServiceLinkedRole(ctx, e.root, ram.CreateServiceLinkedRoleInput{ServiceName: "automl.pai.aliyuncs.com"})
		wantCode(t, "a plain role of that name", err, "EntityAlreadyExists.Role")
	})

	// Plain RAM operations refuse a service-linked role.
	refused := []struct {
		name string
		op   func() error
	}{
		{"UpdateRole", func() error {
			_, err := e.svc.UpdateRole(ctx, e.root, ram.UpdateRoleInput{RoleName: easRole, NewDescription: "mine"})
			return err
		}},
		{"DeleteRole", func() error { return e.svc.DeleteRole(ctx, e.root, ram.RoleInput{RoleName: easRole}) }},
		{"AttachPolicyToRole", func() error {
			return e.svc.AttachPolicyToRole(ctx, e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AdministratorAccess", PrincipalName: easRole})
		}},
		{"DetachPolicyFromRole", func() error {
			return e.svc.DetachPolicyFromRole(ctx, e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: easPolicy, PrincipalName: easRole})
		}},
		{"Resource Manager AttachPolicy", func() error {
			return e.svc.AttachPolicy(ctx, e.root, ram.PolicyAttachmentInput{ResourceGroupID: e.account, PolicyType: "System",
				PolicyName: "AdministratorAccess", PrincipalType: "ServiceRole", PrincipalName: easRole + "@role." + e.account + ".onaliyunservice.com"})
		}},
	}
	for _, c := range refused {
		e.unchanged(c.name, func() { wantCode(t, c.name, c.op(), "OperationDenied.ServiceLinkedRole") })
	}
	e.deniedUnchanged("UpdateRole without permission", func() {
		_, err := e.svc.UpdateRole(ctx, e.user("nobody"), ram.UpdateRoleInput{RoleName: easRole, NewDescription: "mine"})
		wantCode(t, "UpdateRole without permission: authorization comes first", err, "NoPermission")
	})
}

func TestDeleteServiceLinkedRole(t *testing.T) { forEachBackend(t, testDeleteServiceLinkedRole) }

func testDeleteServiceLinkedRole(t *testing.T, b backend) {
	inUse := true
	usage := func(_ context.Context, _ store.Reader, role store.Role) ([]store.RoleUsage, error) {
		if !inUse || role.ServiceName != easService {
			return nil, nil
		}
		return []store.RoleUsage{{Region: "cn-hangzhou", Resources: []string{"acs:paiworkspace:cn-hangzhou:1:workspace/7"}}}, nil
	}
	e := newEnvWith(t, b, ram.DefaultLimits(), ram.WithRoleUsage(usage))
	ctx := t.Context()
	e.createUsers("nobody")
	if _, err := e.svc.CreateServiceLinkedRole(ctx, e.root, ram.CreateServiceLinkedRoleInput{ServiceName: easService}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "plain", AssumeRolePolicyDocument: trustRoot(e.account)}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, role, code string
		as               func() error
	}{
		{"no role name", "", "MissingParameter", nil},
		{"unknown role", "nope", "EntityNotExist.Role", nil},
		{"a plain role", "plain", "EntityNotExist.ServiceLinkedRole", nil},
		{"a user without permission", easRole, "NoPermission", nil},
	} {
		caller := e.root
		if c.code == "NoPermission" {
			caller = e.user("nobody")
		}
		e.deniedUnchanged(c.name, func() {
			_, err := e.svc.DeleteServiceLinkedRole(ctx, caller, ram.RoleInput{RoleName: c.role})
			wantCode(t, c.name, err, c.code)
		})
	}

	// In use: the task fails and the role stays.
	failed, err := e.svc.DeleteServiceLinkedRole(ctx, e.root, ram.RoleInput{RoleName: "aliyunserviceroleforpaieas"})
	if err != nil || !strings.HasPrefix(failed, "task/acs-service-role/eas.pai.aliyuncs.com/AliyunServiceRoleForPaiEas/") {
		t.Fatalf("DeleteServiceLinkedRole = %q, %v", failed, err)
	}
	st, err := e.svc.GetServiceLinkedRoleDeletionStatus(ctx, e.root, ram.DeletionTaskInput{DeletionTaskID: failed})
	same(t, "status of a deletion of a role in use", st, ram.DeletionStatus{Status: "FAILED",
		Message: "Service-Linked Role acs:ram::" + e.account + ":role/aliyunserviceroleforpaieas cannot be deleted as it is in use by eas.pai.aliyuncs.com.",
		Usages:  []store.RoleUsage{{Region: "cn-hangzhou", Resources: []string{"acs:paiworkspace:cn-hangzhou:1:workspace/7"}}}})
	wantCode(t, "status", err, "")
	if _, err := e.svc.GetRole(ctx, e.root, ram.RoleInput{RoleName: easRole}); err != nil {
		t.Errorf("the role in use is gone: %v", err)
	}

	// Unused: deleted with its policy.
	inUse = false
	done, err := e.svc.DeleteServiceLinkedRole(ctx, e.root, ram.RoleInput{RoleName: easRole})
	if err != nil || done == failed {
		t.Fatalf("DeleteServiceLinkedRole = %q, %v", done, err)
	}
	st, err = e.svc.GetServiceLinkedRoleDeletionStatus(ctx, e.root, ram.DeletionTaskInput{DeletionTaskID: done})
	same(t, "status of a deletion", st, ram.DeletionStatus{Status: "SUCCEEDED"})
	wantCode(t, "status", err, "")
	_, err = e.svc.GetRole(ctx, e.root, ram.RoleInput{RoleName: easRole})
	wantCode(t, "GetRole after the deletion", err, "EntityNotExist.Role")
	e.Given(func(ctx context.Context, tx store.Tx) error {
		n, err := tx.CountAttachments(ctx, store.AttachmentFilter{PolicyName: easPolicy})
		if err == nil && n != 0 {
			t.Errorf("%d attachments of %s remain", n, easPolicy)
		}
		return err
	})
	if recs := e.audit(store.AuditQuery{Action: "ram:DeleteServiceLinkedRole", Result: "Success"}); len(recs) != 2 {
		t.Errorf("audit records of the two deletions: %+v", recs)
	}

	for _, c := range []struct {
		name, id, code string
	}{
		{"no task", "", "MissingParameter"},
		{"short", "task/acs-service-role/x", "InvalidParameter.DeletionTaskId.Length"},
		{"long", "task/acs-service-role/" + strings.Repeat("x", 240), "InvalidParameter.DeletionTaskId.Length"},
		{"not a task", "job/acs-service-role/eas.pai.aliyuncs.com/R/1", "InvalidParameter.DeletionTaskId"},
		{"missing part", "task/acs-service-role/eas.pai.aliyuncs.com//1", "InvalidParameter.DeletionTaskId"},
		{"unknown task", "task/acs-service-role/eas.pai.aliyuncs.com/AliyunServiceRoleForPaiEas/0", "EntityNotExist.ServiceLinkedRole.DeletionTask"},
	} {
		_, err := e.svc.GetServiceLinkedRoleDeletionStatus(ctx, e.root, ram.DeletionTaskInput{DeletionTaskID: c.id})
		wantCode(t, c.name, err, c.code)
	}
	_, err = e.svc.GetServiceLinkedRoleDeletionStatus(ctx, e.user("nobody"), ram.DeletionTaskInput{DeletionTaskID: done})
	wantCode(t, "status for a user without permission", err, "NoPermission")
}

func TestEnsureServiceRole(t *testing.T) { forEachBackend(t, testEnsureServiceRole) }

func testEnsureServiceRole(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	in := ram.ServiceRoleInput{RequestID: "r", RoleName: "AliyunPAIDLCDefaultRole", ServiceName: "pai.aliyuncs.com",
		PolicyName: "AliyunPAIDLCDefaultRolePolicy", Description: "DLC"}

	e.createUsers("creator", "both")
	e.customPolicy("CreateRoles", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:CreateRole","Resource":"*"}]}`)
	e.customPolicy("CreateAndAttach", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:CreateRole","ram:AttachPolicyToRole"],"Resource":"*"}]}`)
	e.attach(store.PrincipalUser, "creator", store.PolicyTypeCustom, "CreateRoles")
	e.attach(store.PrincipalUser, "both", store.PolicyTypeCustom, "CreateAndAttach")
	e.deniedUnchanged("ram:CreateRole alone", func() {
		_, _, err := e.svc.EnsureServiceRole(ctx, e.user("creator"), in)
		wantCode(t, "ram:CreateRole alone", err, "NoPermission")
	})
	if recs := e.audit(store.AuditQuery{Result: "NoPermission"}); len(recs) != 1 || recs[0].Action != "ram:AttachPolicyToRole" {
		t.Errorf("audit of the denial = %+v; want one ram:AttachPolicyToRole record", recs)
	}

	r, changed, err := e.svc.EnsureServiceRole(ctx, e.user("both"), in)
	if err != nil || !changed {
		t.Fatalf("EnsureServiceRole = %+v, %v, %v", r, changed, err)
	}
	same(t, "service role", r, ram.Role{ID: r.ID, Name: in.RoleName, ARN: "acs:ram::" + e.account + ":role/AliyunPAIDLCDefaultRole",
		PrincipalName: in.RoleName + "@role." + e.account + ".onaliyunservice.com", Description: "DLC",
		AssumeRolePolicyDocument: `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["pai.aliyuncs.com"]}}],"Version":"1"}`,
		MaxSessionDuration:       3600, CreateDate: e.clock(), UpdateDate: e.clock()})
	if _, changed, err := e.svc.EnsureServiceRole(ctx, e.root, in); err != nil || changed {
		t.Errorf("EnsureServiceRole again: changed %v, %v; want nothing to do", changed, err)
	}
	// A service role is an ordinary role: its policy may be detached, and Ensure attaches it again.
	if err := e.svc.DetachPolicyFromRole(ctx, e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: in.PolicyName, PrincipalName: in.RoleName}); err != nil {
		t.Fatal(err)
	}
	if _, changed, err := e.svc.EnsureServiceRole(ctx, e.root, in); err != nil || !changed {
		t.Errorf("EnsureServiceRole after a detach: changed %v, %v; want the policy attached again", changed, err)
	}
	policies, err := e.svc.ListPoliciesForRole(ctx, e.root, ram.RoleInput{RoleName: in.RoleName})
	if err != nil || len(policies) != 1 || policies[0].Policy.Name != in.PolicyName {
		t.Errorf("policies = %+v, %v", policies, err)
	}

	// A role of that name that the service may not assume is left alone.
	if _, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "AliyunPAIDSWDefaultRole", AssumeRolePolicyDocument: trustRoot(e.account)}); err != nil {
		t.Fatal(err)
	}
	dsw := ram.ServiceRoleInput{RoleName: "AliyunPAIDSWDefaultRole", ServiceName: "pai.aliyuncs.com", PolicyName: "AliyunPAIDSWDefaultRolePolicy"}
	e.unchanged("a role that does not trust the service", func() {
		_, _, err := e.svc.EnsureServiceRole(ctx, e.root, dsw)
		wantCode(t, "a role that does not trust the service", err, "EntityAlreadyExists.Role")
	})
	// So is one that the service may assume but others may too: attaching the service's policy
	// to it would hand the policy to whoever else the trust policy names (someone allowed only
	// ram:CreateRole could prepare such a role for an administrator's "Authorize" to arm).
	for _, trust := range []string{
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["pai.aliyuncs.com"],"RAM":["acs:ram::` + e.account + `:root"]}}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["pai.aliyuncs.com"]}},` +
			`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*"}]}`,
	} {
		if _, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "AliyunPAILangStudioDefaultRole", AssumeRolePolicyDocument: trust}); err != nil {
			t.Fatal(err)
		}
		ls := ram.ServiceRoleInput{RoleName: "AliyunPAILangStudioDefaultRole", ServiceName: "pai.aliyuncs.com", PolicyName: "AliyunPAILangStudioDefaultRolePolicy"}
		e.unchanged("a role that others may assume too", func() {
			_, _, err := e.svc.EnsureServiceRole(ctx, e.root, ls)
			wantCode(t, "a role that others may assume too: "+trust, err, "EntityAlreadyExists.Role")
		})
		if err := e.svc.DeleteRole(ctx, e.root, ram.RoleInput{RoleName: ls.RoleName}); err != nil {
			t.Fatal(err)
		}
	}
	dsw.PolicyName = "NoSuchPolicy"
	_, _, err = e.svc.EnsureServiceRole(ctx, e.root, dsw)
	wantCode(t, "unknown policy", err, "EntityNotExist.Policy")
}

// deniedUnchanged is unchanged for an operation that may be denied: a denial adds its audit
// record and nothing else.
func (e *env) deniedUnchanged(what string, fn func()) {
	e.t.Helper()
	before := e.state()
	fn()
	after := e.state()
	before.Audit, after.Audit = nil, nil
	same(e.t, what+": store after a failed operation", after, before)
}
