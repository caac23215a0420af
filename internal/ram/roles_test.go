package ram_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestRoles(t *testing.T) { forEachBackend(t, testRoles) }

func testRoles(t *testing.T, b backend) {
	limits := ram.DefaultLimits()
	limits.Roles = 2
	e := newEnvWith(t, b, limits)
	ctx := t.Context()
	trust := trustRoot(e.account)

	got, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RequestID: "r1", RoleName: "ECS.Admin-1", AssumeRolePolicyDocument: trust, Description: "admins"})
	if err != nil {
		t.Fatal(err)
	}
	want := ram.Role{ID: got.ID, Name: "ECS.Admin-1", ARN: "acs:ram::" + e.account + ":role/ECS.Admin-1",
		PrincipalName: "ECS.Admin-1@role." + e.account + ".onaliyunservice.com", Description: "admins",
		AssumeRolePolicyDocument: trust, MaxSessionDuration: 3600, CreateDate: e.clock(), UpdateDate: e.clock()}
	same(t, "CreateRole", got, want)
	if r, err := e.svc.GetRole(ctx, e.root, ram.RoleInput{RoleName: "ecs.admin-1"}); err != nil || r != want {
		t.Errorf("GetRole = %+v, %v", r, err)
	}
	assumable, err := e.svc.RoleForAssume(ctx, "ECS.ADMIN-1")
	same(t, "RoleForAssume", assumable, ram.AssumableRole{ID: got.ID, Name: "ECS.Admin-1", ARN: want.ARN, MaxSessionDuration: 3600})
	wantCode(t, "RoleForAssume", err, "")
	_, err = e.svc.RoleForAssume(ctx, "nope")
	wantCode(t, "RoleForAssume of an unknown role", err, "EntityNotExist.Role")

	cases := []struct {
		name string
		in   ram.CreateRoleInput
		code string
	}{
		{"underscore in the name", ram.CreateRoleInput{RoleName: "ecs_admin", AssumeRolePolicyDocument: trust}, "InvalidParameter.RoleName.InvalidChars"},
		{"line separator in the name", ram.CreateRoleInput{RoleName: "ecs\u2028", AssumeRolePolicyDocument: trust}, "InvalidParameter.RoleName.InvalidChars"},
		{"65-character name", ram.CreateRoleInput{RoleName: strings.Repeat("r", 65), AssumeRolePolicyDocument: trust}, "InvalidParameter.RoleName.Length"},
		{"no trust policy", ram.CreateRoleInput{RoleName: "x"}, "MissingParameter"},
		{"an identity policy as trust policy", ram.CreateRoleInput{RoleName: "x", AssumeRolePolicyDocument: readUsers}, "MalformedPolicyDocument"},
		{"1025-character description", ram.CreateRoleInput{RoleName: "x", AssumeRolePolicyDocument: trust, Description: strings.Repeat("d", 1025)}, "InvalidParameter.Description.Length"},
		{"session of 3599 s", ram.CreateRoleInput{RoleName: "x", AssumeRolePolicyDocument: trust, MaxSessionDuration: 3599}, "InvalidParameter.MaxSessionDuration.Range"},
		{"session of 43201 s", ram.CreateRoleInput{RoleName: "x", AssumeRolePolicyDocument: trust, MaxSessionDuration: 43201}, "InvalidParameter.MaxSessionDuration.Range"},
		{"name taken", ram.CreateRoleInput{RoleName: "ECS.ADMIN-1", AssumeRolePolicyDocument: trust}, "EntityAlreadyExists.Role"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() {
			_, err := e.svc.CreateRole(ctx, e.root, c.in)
			wantCode(t, c.name, err, c.code)
		})
	}
	if _, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "second", AssumeRolePolicyDocument: trust, MaxSessionDuration: 43200}); err != nil {
		t.Fatal(err)
	}
	e.unchanged("role quota", func() {
		_, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "third", AssumeRolePolicyDocument: trust})
		wantCode(t, "a third role with a quota of 2", err, "LimitExceeded.Role")
	})

	e.advance(time.Minute)
	pai := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["pai.aliyuncs.com"]}}]}`
	up, err := e.svc.UpdateRole(ctx, e.root, ram.UpdateRoleInput{RoleName: "ECS.Admin-1", NewAssumeRolePolicyDocument: pai, NewMaxSessionDuration: 7200})
	if err != nil {
		t.Fatal(err)
	}
	want.AssumeRolePolicyDocument, want.MaxSessionDuration, want.UpdateDate = pai, 7200, e.clock()
	same(t, "UpdateRole keeps the description", up, want)
	updates := []struct {
		name string
		in   ram.UpdateRoleInput
		code string
	}{
		{"unknown role", ram.UpdateRoleInput{RoleName: "nope", NewDescription: "x"}, "EntityNotExist.Role"},
		{"malformed trust policy", ram.UpdateRoleInput{RoleName: "second", NewAssumeRolePolicyDocument: `{"Version":"1"}`}, "MalformedPolicyDocument"},
		{"session too long", ram.UpdateRoleInput{RoleName: "second", NewMaxSessionDuration: 50000}, "InvalidParameter.NewMaxSessionDuration.Range"},
		{"description too long", ram.UpdateRoleInput{RoleName: "second", NewDescription: strings.Repeat("d", 1025)}, "InvalidParameter.NewDescription.Length"},
	}
	for _, c := range updates {
		e.unchanged(c.name, func() {
			_, err := e.svc.UpdateRole(ctx, e.root, c.in)
			wantCode(t, c.name, err, c.code)
		})
	}

	// The trust policy changes who may assume the role at once.
	e.createUsers("alice")
	e.attach(store.PrincipalUser, "alice", "System", "AliyunSTSAssumeRoleAccess")
	if d, err := e.Snaps.Current().CanAssumeRole(e.user("alice"), "ECS.Admin-1", e.user("alice").Context); err != nil || d.Allowed() {
		t.Errorf("alice may assume a role that trusts only PAI: %+v, %v", d, err)
	}
	if _, err := e.svc.UpdateRole(ctx, e.root, ram.UpdateRoleInput{RoleName: "ECS.Admin-1", NewAssumeRolePolicyDocument: trust}); err != nil {
		t.Fatal(err)
	}
	if d, err := e.Snaps.Current().CanAssumeRole(e.user("alice"), "ECS.Admin-1", e.user("alice").Context); err != nil || !d.Allowed() {
		t.Errorf("alice may not assume a role that trusts the account: %+v, %v", d, err)
	}

	list, err := e.svc.ListRoles(ctx, e.root, ram.PageInput{MaxItems: 1})
	if err != nil || len(list.Items) != 1 || list.Items[0].Name != "ECS.Admin-1" || !list.Truncated() {
		t.Errorf("ListRoles first page = %+v, %v", list, err)
	}
	e.attach(store.PrincipalRole, "second", "System", "AliyunOSSReadOnlyAccess")
	e.unchanged("delete a role with a policy", func() {
		wantCode(t, "DeleteRole", e.svc.DeleteRole(ctx, e.root, ram.RoleInput{RoleName: "second"}), "DeleteConflict.Role.Policy")
	})
	if err := e.svc.DeleteRole(ctx, e.root, ram.RoleInput{RoleName: "ecs.admin-1"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.GetRole(ctx, e.root, ram.RoleInput{RoleName: "ECS.Admin-1"})
	wantCode(t, "GetRole after DeleteRole", err, "EntityNotExist.Role")
}
