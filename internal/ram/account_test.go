package ram_test

import (
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestPasswordPolicy(t *testing.T) { forEachBackend(t, testPasswordPolicy) }

func testPasswordPolicy(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	got, err := e.svc.GetPasswordPolicy(ctx, e.root, ram.Request{})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "a new account's password policy", got, ram.PasswordPolicy{MinimumPasswordLength: 8, MaxLoginAttempts: 5})

	set := ram.PasswordPolicy{MinimumPasswordLength: 12, RequireLowercaseCharacters: true, RequireSymbols: true,
		HardExpiry: true, MaxPasswordAge: 90, PasswordReusePrevention: 3, MaxLoginAttempts: 6}
	if got, err := e.svc.SetPasswordPolicy(ctx, e.root, ram.SetPasswordPolicyInput{RequestID: "r1", PasswordPolicy: set}); err != nil || got != set {
		t.Fatalf("SetPasswordPolicy = %+v, %v", got, err)
	}
	if got, err := e.svc.GetPasswordPolicy(ctx, e.root, ram.Request{}); err != nil || got != set {
		t.Errorf("GetPasswordPolicy = %+v, %v", got, err)
	}
	// Omitted parameters take their defaults, as in RAM.
	if got, err := e.svc.SetPasswordPolicy(ctx, e.root, ram.SetPasswordPolicyInput{PasswordPolicy: ram.PasswordPolicy{RequireNumbers: true}}); err != nil ||
		got != (ram.PasswordPolicy{MinimumPasswordLength: 8, RequireNumbers: true}) {
		t.Errorf("SetPasswordPolicy with one parameter = %+v, %v", got, err)
	}
	cases := []struct {
		name string
		p    ram.PasswordPolicy
		code string
	}{
		{"minimum length 7", ram.PasswordPolicy{MinimumPasswordLength: 7}, "InvalidParameter.MinimumPasswordLength.Range"},
		{"minimum length 33", ram.PasswordPolicy{MinimumPasswordLength: 33}, "InvalidParameter.MinimumPasswordLength.Range"},
		{"age 1096 days", ram.PasswordPolicy{MaxPasswordAge: 1096}, "InvalidParameter.MaxPasswordAge.Range"},
		{"negative age", ram.PasswordPolicy{MaxPasswordAge: -1}, "InvalidParameter.MaxPasswordAge.Range"},
		{"reuse prevention 25", ram.PasswordPolicy{PasswordReusePrevention: 25}, "InvalidParameter.PasswordReusePrevention.Range"},
		{"33 login attempts", ram.PasswordPolicy{MaxLoginAttempts: 33}, "InvalidParameter.MaxLoginAttemps.Range"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() {
			_, err := e.svc.SetPasswordPolicy(ctx, e.root, ram.SetPasswordPolicyInput{PasswordPolicy: c.p})
			wantCode(t, c.name, err, c.code)
		})
	}

	// Account settings are acs:ram:*:<account>:*; read-only access reads them only.
	e.createUsers("auditor")
	e.attach(store.PrincipalUser, "auditor", "System", "AliyunRAMReadOnlyAccess")
	auditor := e.user("auditor")
	if _, err := e.svc.GetPasswordPolicy(ctx, auditor, ram.Request{}); err != nil {
		t.Errorf("GetPasswordPolicy with read-only access: %v", err)
	}
	_, err = e.svc.SetPasswordPolicy(ctx, auditor, ram.SetPasswordPolicyInput{})
	if d := denial(t, "SetPasswordPolicy with read-only access", err); d.Resource != "acs:ram:*:"+e.account+":*" {
		t.Errorf("denied resource %q", d.Resource)
	}
}

func TestSecurityPreference(t *testing.T) { forEachBackend(t, testSecurityPreference) }

func testSecurityPreference(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	got, err := e.svc.GetSecurityPreference(ctx, e.root, ram.Request{})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "a new account's security preference", got, ram.SecurityPreference{AllowUserToChangePassword: true,
		AllowUserToManageMFADevices: true, LoginSessionDuration: 6})

	yes, hours, masks := true, 12, "10.0.0.0/8;192.168.1.7;2001:db8::/32"
	got, err = e.svc.SetSecurityPreference(ctx, e.root, ram.SetSecurityPreferenceInput{RequestID: "r1",
		AllowUserToManageAccessKeys: &yes, LoginSessionDuration: &hours, LoginNetworkMasks: &masks})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "SetSecurityPreference changes only what it names", got, ram.SecurityPreference{AllowUserToChangePassword: true,
		AllowUserToManageAccessKeys: true, AllowUserToManageMFADevices: true, LoginSessionDuration: 12, LoginNetworkMasks: masks})

	// The preference governs self-service on the next request.
	e.createUsers("bob")
	if _, err := e.svc.CreateAccessKey(ctx, e.user("bob"), ram.UserInput{}); err != nil {
		t.Errorf("self-service AccessKey right after SetSecurityPreference: %v", err)
	}

	zero, tooLong, badMask, manyMasks := 0, 25, "10.0.0.0/33", strings.Repeat("10.0.0.1;", 40)+"10.0.0.2"
	// 13 masks, fewer than 40, but 545 characters: RAM allows 512 in all.
	longMasks := strings.Repeat("2001:db8:1234:5678:9abc:def0:1234:5678/128;", 12) + "2001:db8::/32"
	cases := []struct {
		name string
		in   ram.SetSecurityPreferenceInput
		code string
	}{
		{"zero-hour sessions", ram.SetSecurityPreferenceInput{LoginSessionDuration: &zero}, "InvalidParameter.LoginSessionDuration.Range"},
		{"25-hour sessions", ram.SetSecurityPreferenceInput{LoginSessionDuration: &tooLong}, "InvalidParameter.LoginSessionDuration.Range"},
		{"bad CIDR", ram.SetSecurityPreferenceInput{LoginNetworkMasks: &badMask}, "InvalidParameter.LoginNetworkMasks.Format"},
		{"41 masks", ram.SetSecurityPreferenceInput{LoginNetworkMasks: &manyMasks}, "InvalidParameter.LoginNetworkMasks.Format"},
		{"masks over 512 characters", ram.SetSecurityPreferenceInput{LoginNetworkMasks: &longMasks}, "InvalidParameter.LoginNetworkMasks.Length"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() {
			_, err := e.svc.SetSecurityPreference(ctx, e.root, c.in)
			wantCode(t, c.name, err, c.code)
		})
	}
}

func TestAccountAlias(t *testing.T) { forEachBackend(t, testAccountAlias) }

func testAccountAlias(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	if alias, err := e.svc.GetAccountAlias(ctx, e.root, ram.Request{}); err != nil || alias != "" {
		t.Errorf("a new account's alias = %q, %v", alias, err)
	}
	for _, ok := range []string{"abc", "my-company-2", strings.Repeat("a", 63)} {
		if err := e.svc.SetAccountAlias(ctx, e.root, ram.AccountAliasInput{AccountAlias: ok}); err != nil {
			t.Errorf("SetAccountAlias(%q): %v", ok, err)
		}
	}
	if alias, err := e.svc.GetAccountAlias(ctx, e.root, ram.Request{}); err != nil || alias != strings.Repeat("a", 63) {
		t.Errorf("GetAccountAlias = %q, %v", alias, err)
	}
	cases := []struct{ alias, code string }{
		{"", "MissingParameter"},
		{"ab", "InvalidParameter.AccountAlias.Length"},
		{strings.Repeat("a", 64), "InvalidParameter.AccountAlias.Length"},
		{"My-Company", "InvalidParameter.AccountAlias.Format"},
		{"-abc", "InvalidParameter.AccountAlias.Format"},
		{"abc-", "InvalidParameter.AccountAlias.Format"},
		{"a--b", "InvalidParameter.AccountAlias.Format"},
		{"a_b", "InvalidParameter.AccountAlias.Format"},
		{"ab\x00c", "InvalidParameter.AccountAlias.Format"},
	}
	for _, c := range cases {
		e.unchanged("alias "+c.alias, func() {
			wantCode(t, "SetAccountAlias "+c.alias, e.svc.SetAccountAlias(ctx, e.root, ram.AccountAliasInput{AccountAlias: c.alias}), c.code)
		})
	}
	if err := e.svc.SetAccountAlias(ctx, e.root, ram.AccountAliasInput{AccountAlias: "acme"}); err != nil {
		t.Fatal(err)
	}
	// Role principal names follow the alias.
	r, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "ops", AssumeRolePolicyDocument: trustRoot(e.account)})
	if err != nil || r.PrincipalName != "ops@role.acme.onaliyunservice.com" {
		t.Errorf("role principal name under an alias = %q, %v", r.PrincipalName, err)
	}
	if err := e.svc.ClearAccountAlias(ctx, e.root, ram.Request{}); err != nil {
		t.Fatal(err)
	}
	if alias, err := e.svc.GetAccountAlias(ctx, e.root, ram.Request{}); err != nil || alias != "" {
		t.Errorf("alias after ClearAccountAlias = %q, %v", alias, err)
	}
}
