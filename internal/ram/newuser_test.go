package ram_test

import (
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestCreateUserWithAccess(t *testing.T) { forEachBackend(t, testCreateUserWithAccess) }

// testCreateUserWithAccess: a user is created with its login profile and AccessKey or not at
// all, and audited as the calls it stands for.
func testCreateUserWithAccess(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("admin")
	e.customPolicy("users-no-keys", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:CreateUser","ram:CreateLoginProfile"],"Resource":"*"}]}`)
	e.attach(store.PrincipalUser, "admin", store.PolicyTypeCustom, "users-no-keys")
	admin := e.user("admin")
	in := func(rid, name, password string, key bool) ram.NewUserInput {
		return ram.NewUserInput{CreateUserInput: ram.CreateUserInput{RequestID: rid, UserName: name},
			Password: secrets.Secret(password), PasswordResetRequired: true, AccessKey: key}
	}
	gone := func(name string) {
		t.Helper()
		if _, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: name}); err == nil {
			t.Errorf("the refused creation left the user %s behind", name)
		}
	}

	_, err := e.svc.CreateUserWithAccess(ctx, e.root, in("", "weak", "short", true))
	wantCode(t, "a password the policy refuses", err, "InvalidParameter.Password.TooWeak")
	gone("weak")
	_, err = e.svc.CreateUserWithAccess(ctx, admin, in("R-denied", "dave", "Dave-Pa55word!", true))
	wantCode(t, "an AccessKey the caller may not create", err, "NoPermission")
	gone("dave")

	got, err := e.svc.CreateUserWithAccess(ctx, e.root, in("R-ok", "carol", "Carol-Pa55word!", true))
	wantCode(t, "created", err, "")
	if got.User.Name != "carol" || got.LoginProfile == nil || !got.LoginProfile.PasswordResetRequired ||
		got.AccessKey == nil || got.AccessKey.Secret == "" {
		t.Fatalf("CreateUserWithAccess = %+v", got)
	}
	keys, err := e.svc.ListAccessKeys(ctx, e.root, ram.UserInput{UserName: "carol"})
	if err != nil || len(keys) != 1 || keys[0].ID != got.AccessKey.ID {
		t.Errorf("carol's AccessKeys: %+v, %v", keys, err)
	}
	if lp, err := e.svc.GetLoginProfile(ctx, e.root, ram.UserInput{UserName: "carol"}); err != nil || !lp.PasswordResetRequired {
		t.Errorf("carol's login profile: %+v, %v", lp, err)
	}
	got2, err := e.svc.CreateUserWithAccess(ctx, admin, in("R-nokey", "erin", "Erin-Pa55word!", false))
	wantCode(t, "without an AccessKey", err, "")
	if got2.AccessKey != nil || got2.LoginProfile == nil {
		t.Errorf("CreateUserWithAccess without a key = %+v", got2)
	}

	user := func(name string) string { return "acs:ram:*:" + e.account + ":user/" + name }
	same(t, "audit", e.audit(store.AuditQuery{Limit: 6}), []store.AuditRecord{
		{RequestID: "R-nokey", PrincipalARN: admin.ARN, Action: "ram:CreateLoginProfile", Target: user("erin"), Result: "Success", SourceIP: "192.0.2.10"},
		{RequestID: "R-nokey", PrincipalARN: admin.ARN, Action: "ram:CreateUser", Target: user("erin"), Result: "Success", SourceIP: "192.0.2.10"},
		{RequestID: "R-ok", PrincipalARN: e.root.ARN, Action: "ram:CreateAccessKey", Target: user("carol"), Result: "Success",
			Detail: `{"AccessKeyId":"` + got.AccessKey.ID + `"}`},
		{RequestID: "R-ok", PrincipalARN: e.root.ARN, Action: "ram:CreateLoginProfile", Target: user("carol"), Result: "Success"},
		{RequestID: "R-ok", PrincipalARN: e.root.ARN, Action: "ram:CreateUser", Target: user("carol"), Result: "Success"},
		{RequestID: "R-denied", PrincipalARN: admin.ARN, Action: "ram:CreateAccessKey", Target: user("dave"), Result: "NoPermission", SourceIP: "192.0.2.10"},
	}, cmpopts.IgnoreFields(store.AuditRecord{}, "ID", "Time"))
}
