package ram_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// storedPassword reports whether the user's stored login profile hash verifies pw.
func (e *env) storedPassword(user string, pw secrets.Secret) bool {
	e.t.Helper()
	hasher, err := secrets.NewPasswordHasher(secrets.TestPasswordParams(), 1, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	var hash string
	e.Given(func(ctx context.Context, tx store.Tx) error {
		u, err := tx.GetUserByName(ctx, user)
		if err != nil {
			return err
		}
		p, err := tx.GetLoginProfile(ctx, u.ID)
		hash = p.PasswordHash
		return err
	})
	if strings.Contains(hash, pw.Reveal()) {
		e.t.Errorf("the stored hash contains the password")
	}
	ok, err := hasher.Verify(e.t.Context(), pw, hash)
	if err != nil {
		e.t.Fatal(err)
	}
	return ok
}

func TestLoginProfiles(t *testing.T) { forEachBackend(t, testLoginProfiles) }

func testLoginProfiles(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob")
	e.settings(func(a *store.Account) {
		a.PasswordPolicy = store.PasswordPolicy{MinimumPasswordLength: 10, RequireUppercaseCharacters: true,
			RequireNumbers: true, RequireSymbols: true, PasswordReusePrevention: 2}
	})

	got, err := e.svc.CreateLoginProfile(ctx, e.root, ram.CreateLoginProfileInput{RequestID: "r1", UserName: "alice",
		Password: "Start-Pa55word", PasswordResetRequired: true})
	if err != nil {
		t.Fatal(err)
	}
	want := ram.LoginProfile{UserName: "alice", PasswordResetRequired: true, CreateDate: e.clock()}
	same(t, "CreateLoginProfile", got, want)
	if !e.storedPassword("alice", "Start-Pa55word") {
		t.Error("the stored hash does not verify the password")
	}
	if p, err := e.svc.GetLoginProfile(ctx, e.root, ram.UserInput{UserName: "ALICE"}); err != nil || p != want {
		t.Errorf("GetLoginProfile = %+v, %v", p, err)
	}
	for _, r := range e.audit(store.AuditQuery{}) {
		if strings.Contains(r.Detail+r.Target, "Start-Pa55word") {
			t.Errorf("the audit trail holds the password: %+v", r)
		}
	}

	create := func(user string, pw secrets.Secret) func() error {
		return func() error {
			_, err := e.svc.CreateLoginProfile(ctx, e.root, ram.CreateLoginProfileInput{UserName: user, Password: pw})
			return err
		}
	}
	update := func(pw secrets.Secret) func() error {
		return func() error {
			return e.svc.UpdateLoginProfile(ctx, e.root, ram.UpdateLoginProfileInput{UserName: "alice", Password: pw})
		}
	}
	cases := []struct {
		name string
		run  func() error
		code string
	}{
		{"shorter than the policy's 10", create("bob", "Sh0rt-pw!"), "InvalidParameter.Password.TooWeak"},
		{"shorter than 8", create("bob", "A1-b"), "InvalidParameter.Password.TooWeak"},
		{"no symbol", create("bob", "NoSymbols123"), "InvalidParameter.Password.TooWeak"},
		{"no upper-case letter", create("bob", "lower-case-123"), "InvalidParameter.Password.TooWeak"},
		{"longer than 32", create("bob", secrets.Secret("A1-"+strings.Repeat("x", 30))), "InvalidParameter.Password.Length"},
		{"control character", create("bob", "Tab\tPa55word!"), "InvalidParameter.Password.InvalidChars"},
		{"non-ASCII", create("bob", "Pässwort-1234"), "InvalidParameter.Password.InvalidChars"},
		{"no password", create("bob", ""), "MissingParameter"},
		{"a second profile", create("alice", "Other-Pa55word"), "EntityAlreadyExists.User.LoginProfile"},
		{"unknown user", create("carol", "Other-Pa55word"), "EntityNotExist.User"},
		{"get a missing profile", func() error {
			_, err := e.svc.GetLoginProfile(ctx, e.root, ram.UserInput{UserName: "bob"})
			return err
		}, "EntityNotExist.User.LoginProfile"},
		{"update a missing profile", func() error {
			return e.svc.UpdateLoginProfile(ctx, e.root, ram.UpdateLoginProfileInput{UserName: "bob", Password: "Other-Pa55word"})
		}, "EntityNotExist.User.LoginProfile"},
		{"reuse the current password", update("Start-Pa55word"), "InvalidParameter.Password.TooWeak"},
		{"weak new password", update("weak"), "InvalidParameter.Password.TooWeak"},
		{"delete a user with a profile", func() error { return e.svc.DeleteUser(ctx, e.root, ram.UserInput{UserName: "alice"}) }, "DeleteConflict.User.LoginProfile"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() { wantCode(t, c.name, c.run(), c.code) })
	}
	// A password shorter than RAM's floor of 8 is told the policy's minimum, the one that applies.
	if err := create("bob", "A1-b")(); err == nil || !strings.Contains(err.Error(), "at least 10 characters") {
		t.Errorf("a 4-character password under a policy of 10: %v, want it told at least 10 characters", err)
	}

	// PasswordReusePrevention 2: the current and the previous password are refused, older ones not.
	for _, pw := range []secrets.Secret{"Second-Pa55word", "Third-Pa55word"} {
		e.advance(time.Hour)
		if err := update(pw)(); err != nil {
			t.Fatalf("UpdateLoginProfile to %s: %v", pw.Reveal(), err)
		}
	}
	wantCode(t, "the previous password", update("Second-Pa55word")(), "InvalidParameter.Password.TooWeak")
	if err := update("Start-Pa55word")(); err != nil {
		t.Errorf("a password three changes ago: %v", err)
	}
	if !e.storedPassword("alice", "Start-Pa55word") {
		t.Error("UpdateLoginProfile did not store the new password")
	}

	no, yes := false, true
	if err := e.svc.UpdateLoginProfile(ctx, e.root, ram.UpdateLoginProfileInput{UserName: "alice", PasswordResetRequired: &no, MFABindRequired: &yes}); err != nil {
		t.Fatal(err)
	}
	if p, err := e.svc.GetLoginProfile(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil || p.PasswordResetRequired || !p.MFABindRequired {
		t.Errorf("flags after UpdateLoginProfile = %+v, %v", p, err)
	}
	if !e.storedPassword("alice", "Start-Pa55word") {
		t.Error("changing flags changed the password")
	}

	if err := e.svc.DeleteLoginProfile(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "delete twice", e.svc.DeleteLoginProfile(ctx, e.root, ram.UserInput{UserName: "alice"}), "EntityNotExist.User.LoginProfile")
}

func TestChangePassword(t *testing.T) { forEachBackend(t, testChangePassword) }

func testChangePassword(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob")
	if _, err := e.svc.CreateLoginProfile(ctx, e.root, ram.CreateLoginProfileInput{UserName: "alice", Password: "Start-Pa55word", PasswordResetRequired: true}); err != nil {
		t.Fatal(err)
	}
	e.settings(func(a *store.Account) { a.PasswordPolicy.PasswordReusePrevention = 1 })
	alice, bob := e.user("alice"), e.user("bob")
	change := func(c *authz.Caller, old, new secrets.Secret) error {
		return e.svc.ChangePassword(ctx, c, ram.ChangePasswordInput{OldPassword: old, NewPassword: new})
	}
	cases := []struct {
		name string
		run  func() error
		code string
	}{
		{"no old password", func() error { return change(alice, "", "Next-Pa55word") }, "MissingParameter"},
		{"same as the current one under reuse prevention", func() error { return change(alice, "Start-Pa55word", "Start-Pa55word") }, "InvalidParameter.Password.TooWeak"},
		{"too short", func() error { return change(alice, "Start-Pa55word", "short") }, "InvalidParameter.Password.TooWeak"},
		{"without a login profile", func() error { return change(bob, "Start-Pa55word", "Next-Pa55word") }, "EntityNotExist.User.LoginProfile"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() { wantCode(t, c.name, c.run(), c.code) })
	}
	// The root's wrong old password changes nothing but the audit trail, which records the guess
	// (TestChangePasswordRefusalsAreAudited).
	rev := e.revision()
	wantCode(t, "root with a wrong old password", change(e.root, "Wrong-Pa55word", "Next-Pa55word"), "InvalidParameter.OldPassword")
	if got := e.revision(); got != rev {
		t.Errorf("root with a wrong old password: revision %d, want %d", got, rev)
	}

	if err := change(alice, "Start-Pa55word", "Next-Pa55word"); err != nil {
		t.Fatalf("ChangePassword: %v", err)
	}
	if !e.storedPassword("alice", "Next-Pa55word") {
		t.Error("ChangePassword did not store the new password")
	}
	if p, err := e.svc.GetLoginProfile(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil || p.PasswordResetRequired {
		t.Errorf("PasswordResetRequired after ChangePassword = %+v, %v", p, err)
	}

	// With AllowUserToChangePassword off, a user needs ram:ChangePassword on itself.
	e.settings(func(a *store.Account) { a.SecurityPreference.AllowUserToChangePassword = false })
	err := e.svc.ChangePassword(ctx, alice, ram.ChangePasswordInput{OldPassword: "Next-Pa55word", NewPassword: "Third-Pa55word"})
	if d := denial(t, "ChangePassword with self-service off", err); d.Resource != "acs:ram:*:"+e.account+":user/alice" {
		t.Errorf("denied resource %q", d.Resource)
	}
	e.customPolicy("OwnPassword", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:ChangePassword","Resource":"acs:ram:*:*:user/${acs:PrincipalName}"}]}`)
	e.attach(store.PrincipalUser, "alice", "Custom", "OwnPassword")
	withName := e.user("alice")
	withName.Context.Set("acs:PrincipalName", "alice")
	if err := e.svc.ChangePassword(ctx, withName, ram.ChangePasswordInput{OldPassword: "Next-Pa55word", NewPassword: "Third-Pa55word"}); err != nil {
		t.Errorf("ChangePassword under a policy: %v", err)
	}

	// A role session has no password.
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return tx.CreateRole(ctx, store.Role{ID: "r1", Name: "ops", TrustPolicy: trustRoot(e.account), MaxSessionDuration: 3600, CreateDate: e.clock(), UpdateDate: e.clock()})
	})
	err = e.svc.ChangePassword(ctx, e.roleSession("ops"), ram.ChangePasswordInput{OldPassword: "x", NewPassword: "Next-Pa55word"})
	denial(t, "ChangePassword by a role session", err)

	// The root changes its own password, set at bootstrap; no password policy applies to it.
	e.settings(func(a *store.Account) { a.PasswordPolicy.RequireSymbols = true })
	if err := change(e.root, rootPassword, "NoSymbolsRoot1"); err != nil {
		t.Fatalf("the root's ChangePassword: %v", err)
	}
	wantCode(t, "the root's old password again", change(e.root, rootPassword, "Other-Root-1"), "InvalidParameter.OldPassword")
	if err := change(e.root, "NoSymbolsRoot1", "Other-Root-1"); err != nil {
		t.Errorf("the root's ChangePassword with the new password: %v", err)
	}
}
