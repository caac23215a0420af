package activation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/pai/activation"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

// TestEveryRowAuthorizes walks the catalog: every module × dependent service starts
// unauthorized, is authorized by the root, reads as the catalog describes it, and stays
// authorized when authorized again.
func TestEveryRowAuthorizes(t *testing.T) { storetest.Backends(t, testEveryRowAuthorizes) }

func testEveryRowAuthorizes(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	before := e.rows()
	n := 0
	for _, m := range e.Catalog.Modules() {
		for _, s := range m.DependentServices {
			n++
			key := m.Name + "/" + s
			d, _ := e.Catalog.DependentService(s)
			want := activation.DependentService{Module: m.Name, Service: s, Action: "Authorize",
				ActivationPolicy: strings.Join(d.ActivationPolicies, ", "), ActivationPolicies: d.ActivationPolicies,
				UsageAuthorization: d.UsageAuthorization, WorkspaceRole: d.WorkspaceRole, OperationGuide: d.OperationGuide}
			if roles := m.RolesFor(s); len(roles) == 1 {
				r := roles[0]
				want.RoleName, want.RoleType, want.ServiceName, want.RolePolicy = r.RoleName, string(r.Type), r.Service, r.RolePolicy
				want.RoleArn = "acs:ram::" + account + ":role/" + r.RoleName
				if r.Type == catalog.ServiceLinkedRole {
					want.RoleArn = "acs:ram::" + account + ":role/" + strings.ToLower(r.RoleName)
				}
			}
			if diff := cmp.Diff(want, before[key]); diff != "" {
				t.Errorf("%s before Authorize (-want +got):\n%s", key, diff)
			}
			got, err := e.svc.Authorize(ctx, e.root, activation.AuthorizeInput{Module: m.Name, Service: s})
			if err != nil {
				t.Fatalf("Authorize %s: %v", key, err)
			}
			want.Authorized, want.Action = true, "View Authorization"
			want.Activated = got.Activated // activation is the row's own business only when no role serves it
			if want.RoleName == "" && !got.Activated {
				t.Errorf("%s: a row no role serves is authorized by activating %s", key, s)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s after Authorize (-want +got):\n%s", key, diff)
			}
			if again, err := e.svc.Authorize(ctx, e.root, activation.AuthorizeInput{Module: m.Name, Service: s}); err != nil || !cmp.Equal(again, got) {
				t.Errorf("%s authorized again = %+v, %v", key, again, err)
			}
		}
	}
	after := e.rows()
	if len(after) != n || n != 22 {
		t.Errorf("%d rows for %d module × service pairs; the seed's table has 22", len(after), n)
	}
	for key, r := range after {
		if !r.Authorized || r.Action != "View Authorization" {
			t.Errorf("%s after authorizing every row: %+v", key, r)
		}
	}
	// The roles are real: the service principal may assume each; a RAM user may not.
	snap := e.Snaps.Current()
	alice := e.user("alice", "AliyunSTSAssumeRoleAccess")
	for _, m := range e.Catalog.Modules() {
		for _, r := range m.Roles {
			svc := &authz.Caller{Type: authz.Service, AccountID: account, Name: r.Service, ARN: r.Service}
			if d, err := snap.CanAssumeRole(svc, r.RoleName, svc.Context); err != nil || !d.Allowed() {
				t.Errorf("%s may not assume %s: %+v, %v", r.Service, r.RoleName, d, err)
			}
			if d, _ := e.Snaps.Current().CanAssumeRole(alice, r.RoleName, alice.Context); d.Allowed() {
				t.Errorf("a RAM user may assume %s", r.RoleName)
			}
		}
	}
}

func TestAuthorizeErrors(t *testing.T) { storetest.Backends(t, testAuthorizeErrors) }

func testAuthorizeErrors(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	nobody := e.user("nobody")
	paiAdmin := e.user("paiadmin", "AliyunPAIFullAccess")
	tests := []struct {
		name            string
		caller          *authz.Caller
		module, service string
		code            string
	}{
		{"no module", e.root, "", "OSS", "MissingParameter"},
		{"no service", e.root, "EAS", "", "MissingParameter"},
		{"unknown module", e.root, "Studio", "OSS", "EntityNotExist.Module"},
		{"module names are exact", e.root, "eas", "OSS", "EntityNotExist.Module"},
		{"a service the module does not use", e.root, "EAS", "NAS", "EntityNotExist.DependentService"},
		{"a service-linked role without permission", nobody, "EAS", "OSS", "NoPermission"},
		{"a service role without permission", nobody, "DLC", "OSS", "NoPermission"},
		{"activation without permission", nobody, "AI asset management", "ACR", "NoPermission"},
		// AliyunPAIFullAccess allows ram:CreateServiceLinkedRole for eas.pai.aliyuncs.com only.
		{"AliyunPAIFullAccess, AutoML's role", paiAdmin, "AutoML", "OSS", "NoPermission"},
		{"AliyunPAIFullAccess, a service role", paiAdmin, "DLC", "NAS", "NoPermission"},
		{"AliyunPAIFullAccess, EAS's role", paiAdmin, "EAS", "SLS", ""},
	}
	for _, tt := range tests {
		_, err := e.svc.Authorize(ctx, tt.caller, activation.AuthorizeInput{Module: tt.module, Service: tt.service})
		wantCode(t, tt.name, err, tt.code)
	}
	denial := errs.As(func() error {
		_, err := e.svc.Authorize(ctx, paiAdmin, activation.AuthorizeInput{Module: "AutoML", Service: "MaxCompute"})
		return err
	}()).Denial
	if denial == nil || denial.Action != "ram:CreateServiceLinkedRole" {
		t.Errorf("denial = %+v; want ram:CreateServiceLinkedRole", denial)
	}

	// A role of the module's name that is not the module's is not taken over.
	if _, err := e.ram.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "AliyunServiceRoleForPaiAutoml",
		AssumeRolePolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`}); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.Authorize(ctx, e.root, activation.AuthorizeInput{Module: "AutoML", Service: "OSS"})
	wantCode(t, "a plain role under the service-linked role's name", err, "EntityAlreadyExists.Role")
	if r := e.rows()["AutoML/OSS"]; r.Authorized {
		t.Errorf("AutoML/OSS reads authorized through a plain role: %+v", r)
	}
}

// TestStatusNoticesBrokenRoles: a service role is an ordinary role, so it can lose its policy
// or its trust; the row then reads unauthorized until authorized again.
func TestStatusNoticesBrokenRoles(t *testing.T) { storetest.Backends(t, testStatusNoticesBrokenRoles) }

func testStatusNoticesBrokenRoles(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	if _, err := e.svc.Authorize(ctx, e.root, activation.AuthorizeInput{Module: "DLC", Service: "OSS"}); err != nil {
		t.Fatal(err)
	}
	if err := e.ram.DetachPolicyFromRole(ctx, e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunPAIDLCDefaultRolePolicy",
		PrincipalName: "AliyunPAIDLCDefaultRole"}); err != nil {
		t.Fatal(err)
	}
	if r := e.rows()["DLC/OSS"]; r.Authorized || r.Action != "Authorize" {
		t.Errorf("without its policy: %+v", r)
	}
	if r, err := e.svc.Authorize(ctx, e.root, activation.AuthorizeInput{Module: "DLC", Service: "OSS"}); err != nil || !r.Authorized {
		t.Errorf("Authorize again = %+v, %v", r, err)
	}
	if _, err := e.ram.UpdateRole(ctx, e.root, ram.UpdateRoleInput{RoleName: "AliyunPAIDLCDefaultRole",
		NewAssumeRolePolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`}); err != nil {
		t.Fatal(err)
	}
	if r := e.rows()["DLC/OSS"]; r.Authorized {
		t.Errorf("trusting another service: %+v", r)
	}
	if r := e.rows()["DLC/NAS"]; r.Authorized {
		t.Errorf("the same role serves DLC/NAS: %+v", r)
	}

	// Trusting the service and someone else besides: the role is not the module's, as Authorize
	// says (EntityAlreadyExists.Role), so the row does not read as authorized, and the page
	// offers Authorize, whose answer says what to change.
	if _, err := e.ram.UpdateRole(ctx, e.root, ram.UpdateRoleInput{RoleName: "AliyunPAIDLCDefaultRole",
		NewAssumeRolePolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["pai.aliyuncs.com"],"RAM":["acs:ram::` + account + `:root"]}}]}`}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"DLC/OSS", "DLC/NAS"} {
		if r := e.rows()[key]; r.Authorized || r.Action != "Authorize" {
			t.Errorf("%s through a role others may assume too: %+v", key, r)
		}
	}
	_, err := e.svc.Authorize(ctx, e.root, activation.AuthorizeInput{Module: "DLC", Service: "OSS"})
	wantCode(t, "a role others may assume too", err, "EntityAlreadyExists.Role")
}

func TestDependentServicesNeedsListRoles(t *testing.T) {
	storetest.Backends(t, testDependentServicesNeedsListRoles)
}

func testDependentServicesNeedsListRoles(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	_, err := e.svc.DependentServices(ctx, e.user("nobody"), "")
	wantCode(t, "a user without ram:ListRoles", err, "NoPermission")
	if d := errs.As(err).Denial; d == nil || d.Action != "ram:ListRoles" || d.Resource != "acs:ram:*:"+account+":role/*" {
		t.Errorf("denial = %+v", d)
	}
	rows, err := e.svc.DependentServices(ctx, e.user("reader", "AliyunRAMReadOnlyAccess"), "")
	if err != nil || len(rows) != 22 {
		t.Errorf("AliyunRAMReadOnlyAccess: %d rows, %v", len(rows), err)
	}
	svc := &authz.Caller{Type: authz.Service, AccountID: account, Name: "eas.pai.aliyuncs.com", ARN: "eas.pai.aliyuncs.com"}
	_, err = e.svc.DependentServices(ctx, svc, "")
	wantCode(t, "a service principal", err, "NoPermission")
}

// TestServiceLinkedRoleInUse: a workspace's OSS path keeps the roles that serve OSS; the
// deletion task says where.
func TestServiceLinkedRoleInUse(t *testing.T) { storetest.Backends(t, testServiceLinkedRoleInUse) }

func testServiceLinkedRoleInUse(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	for _, row := range []activation.AuthorizeInput{{Module: "EAS", Service: "OSS"}, {Module: "DSW", Service: "VPC"}} {
		if _, err := e.svc.Authorize(ctx, e.root, row); err != nil {
			t.Fatal(err)
		}
	}
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return all(
			tx.CreateWorkspace(ctx, store.Workspace{ID: "100", Name: "ws", Status: "ENABLED", CreatorID: account, CreateDate: e.now, UpdateDate: e.now}),
			tx.CreateWorkspaceResource(ctx, store.WorkspaceResource{ID: "r-1", WorkspaceID: "100", Name: "data", GroupName: "data",
				Type: "OSS", EnvType: "prod", Spec: `{"Uri":"oss://bucket/path/"}`, Quotas: "[]", CreateDate: e.now}),
		)
	})
	task, err := e.ram.DeleteServiceLinkedRole(ctx, e.root, ram.RoleInput{RoleName: "AliyunServiceRoleForPaiEas"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := e.ram.GetServiceLinkedRoleDeletionStatus(ctx, e.root, ram.DeletionTaskInput{DeletionTaskID: task})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.RoleUsage{{Region: region, Resources: []string{"acs:paiworkspace:" + region + ":" + account + ":workspace/100/resources/r-1"}}}
	if st.Status != "FAILED" || !cmp.Equal(st.Usages, want) {
		t.Errorf("deleting EAS's role while a workspace holds an OSS path: %+v", st)
	}
	if r := e.rows()["EAS/OSS"]; !r.Authorized {
		t.Errorf("EAS/OSS after a failed deletion: %+v", r)
	}
	// DSW's service-linked role serves VPC only: no workspace resource keeps it.
	task, err = e.ram.DeleteServiceLinkedRole(ctx, e.root, ram.RoleInput{RoleName: "AliyunServiceRoleForPAIDSW"})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := e.ram.GetServiceLinkedRoleDeletionStatus(ctx, e.root, ram.DeletionTaskInput{DeletionTaskID: task}); err != nil || st.Status != "SUCCEEDED" {
		t.Errorf("deleting DSW's role: %+v, %v", st, err)
	}
	if r := e.rows()["DSW/VPC"]; r.Authorized || r.Action != "Authorize" {
		t.Errorf("DSW/VPC after its role is deleted: %+v", r)
	}
}

func TestRoleHint(t *testing.T) { storetest.Backends(t, testRoleHint) }

func testRoleHint(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	hint := activation.RoleHint(e.Catalog)
	for _, tt := range []struct{ role, want string }{
		{"AliyunServiceRoleForPaiEas", "AliyunServiceRoleForPaiEas is the service-linked role of PAI EAS and has not been authorized: " +
			"authorize it in Activation & Authorization > Dependent Services (module EAS, services OSS, SLS, VPC), " +
			`or run 'rampart pai authorize --module "EAS" --service "OSS"'.`},
		{"aliyunpaidlcdefaultrole", "AliyunPAIDLCDefaultRole is the service role of PAI DLC and has not been authorized: " +
			"authorize it in Activation & Authorization > Dependent Services (module DLC, services OSS, NAS), " +
			`or run 'rampart pai authorize --module "DLC" --service "OSS"'.`},
		{"admin", ""},
	} {
		if got := hint(tt.role); got != tt.want {
			t.Errorf("RoleHint(%s) =\n %q\nwant\n %q", tt.role, got, tt.want)
		}
	}
}
