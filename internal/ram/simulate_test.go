package ram_test

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

func TestSimulatePrincipalPolicy(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.createUsers("alice", "bob")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AddUserToGroup(ctx, e.root, ram.MembershipInput{GroupName: "devs", UserName: "alice"}); err != nil {
		t.Fatal(err)
	}
	e.customPolicy("eas-list", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["eas:ListServices"],"Resource":"*"}]}`)
	e.customPolicy("no-eas-from-outside", `{"Version":"1","Statement":[{"Sid":"office","Effect":"Deny","Action":"eas:*","Resource":"*",
		"Condition":{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`)
	e.attach(store.PrincipalGroup, "devs", store.PolicyTypeCustom, "eas-list")
	e.attach(store.PrincipalUser, "alice", store.PolicyTypeCustom, "no-eas-from-outside")

	sim := func(c *authz.Caller, ip string) (ram.Simulation, error) {
		var cx policy.Context
		if ip != "" {
			cx.Set("acs:SourceIp", ip)
		}
		return e.svc.SimulatePrincipalPolicy(ctx, c, ram.SimulateInput{PrincipalType: "User", PrincipalName: "alice",
			Action: "eas:ListServices", Resource: "acs:eas:cn-hangzhou:" + e.account + ":services/*", Context: cx})
	}
	got, err := sim(e.root, "10.1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Decision.Allowed() || len(got.Decision.Matches) != 1 || got.Decision.Matches[0].PolicyName != "eas-list" {
		t.Errorf("from the office: %+v", got.Decision)
	}
	same(t, "consulted", got.Consulted, []ram.ConsultedPolicy{
		{PolicyType: "Custom", PolicyName: "no-eas-from-outside"},
		{PolicyType: "Custom", PolicyName: "eas-list", Via: "devs"},
	})
	got, err = sim(e.root, "192.0.2.1")
	if err != nil || got.Decision.Outcome != policy.ExplicitDeny || len(got.Decision.Matches) != 2 {
		t.Errorf("from outside: %+v, %v; want an explicit deny with both statements", got.Decision, err)
	}

	_, err = sim(e.user("bob"), "")
	wantCode(t, "bob simulates alice", err, "NoPermission")
	// The answer names alice's groups and counts their policies: reading her policies is not
	// enough to see it.
	e.customPolicy("read-alices-policies", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:ListPoliciesForUser","Resource":"*"}]}`)
	e.attach(store.PrincipalUser, "bob", store.PolicyTypeCustom, "read-alices-policies")
	_, err = sim(e.user("bob"), "")
	if err == nil || errs.As(err).Denial == nil || errs.As(err).Denial.Action != "ram:ListGroupsForUser" {
		t.Errorf("bob, who may read alice's policies but not her groups: %v, want ram:ListGroupsForUser refused", err)
	}
	e.customPolicy("read-alices-groups", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:ListGroupsForUser","Resource":"*"}]}`)
	e.attach(store.PrincipalUser, "bob", store.PolicyTypeCustom, "read-alices-groups")
	if _, err = sim(e.user("bob"), "10.1.1.1"); err != nil {
		t.Errorf("bob, who may read alice's policies and groups: %v", err)
	}
	_, err = e.svc.SimulatePrincipalPolicy(ctx, e.root, ram.SimulateInput{PrincipalType: "Group", PrincipalName: "devs", Action: "a:b", Resource: "*"})
	wantCode(t, "a group", err, "InvalidParameter.PrincipalType")
	_, err = e.svc.SimulatePrincipalPolicy(ctx, e.root, ram.SimulateInput{PrincipalType: "User", PrincipalName: "nobody", Action: "a:b", Resource: "*"})
	wantCode(t, "an unknown user", err, "EntityNotExist.User")
	_, err = e.svc.SimulatePrincipalPolicy(ctx, e.root, ram.SimulateInput{PrincipalType: "User", PrincipalName: "alice", Resource: "*"})
	wantCode(t, "no action", err, "MissingParameter")
}

func TestSimulateInAWorkspacesResourceGroup(t *testing.T) {
	// A resource in a workspace is in the workspace's resource group, as the services decide
	// it: the simulator does not let a grant in one group reach another group's workspace
	// because that group was typed in, and it applies the workspace's group when none was.
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.createUsers("alice")
	a, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "team-a"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "team-b"})
	if err != nil {
		t.Fatal(err)
	}
	e.Given(func(ctx context.Context, tx store.Tx) error {
		for id, rg := range map[string]string{"100": a.ID, "200": b.ID} {
			if err := tx.CreateWorkspace(ctx, store.Workspace{ID: id, Name: "ws" + id, DisplayName: "ws" + id, EnvTypes: []string{"prod"},
				Status: "ENABLED", ResourceGroupID: rg, CreateDate: e.clock(), UpdateDate: e.clock()}); err != nil {
				return err
			}
		}
		return nil
	})
	e.customPolicy("pai", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"paiworkspace:*","Resource":"*"}]}`)
	if err := e.svc.AttachPolicy(ctx, e.root, ram.PolicyAttachmentInput{ResourceGroupID: a.ID, PolicyType: "Custom", PolicyName: "pai",
		PrincipalType: "IMSUser", PrincipalName: "alice@" + e.account + ".onaliyun.com"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		what, ws, rg string
		want         policy.Outcome
	}{
		{"its group's workspace, no group typed", "100", "", policy.Allowed},
		{"another group's workspace, its group typed", "200", a.ID, policy.ImplicitDeny},
		{"a resource outside workspaces, its group typed", "", a.ID, policy.Allowed},
	} {
		resource := "*"
		if tt.ws != "" {
			resource = "acs:paiworkspace:cn-hangzhou:" + e.account + ":workspace/" + tt.ws
		}
		got, err := e.svc.SimulatePrincipalPolicy(ctx, e.root, ram.SimulateInput{PrincipalType: "User", PrincipalName: "alice",
			Action: "paiworkspace:GetWorkspace", Resource: resource, ResourceGroupID: tt.rg})
		if err != nil || got.Decision.Outcome != tt.want {
			t.Errorf("%s: %v, %v; want %v", tt.what, got.Decision.Outcome, err, tt.want)
		}
		if consulted := len(got.Consulted) == 1; consulted != (tt.want == policy.Allowed) {
			t.Errorf("%s: consulted %+v", tt.what, got.Consulted)
		}
	}
}
