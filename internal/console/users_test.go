package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ram"
)

func TestUsersListSearchAndPaging(t *testing.T) {
	e := newEnv(t)
	for i := range 25 {
		if _, err := e.svc.CreateUser(t.Context(), e.root, ram.CreateUserInput{UserName: fmt.Sprintf("dev%02d", i), DisplayName: fmt.Sprintf("Developer %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.CreateUser(t.Context(), e.root, ram.CreateUserInput{UserName: "ops", DisplayName: "Night shift"}); err != nil {
		t.Fatal(err)
	}
	b := e.rootBrowser()
	r := b.get("/console/users")
	want(t, "page 1", r, http.StatusOK, "26 users", "Page 1 of 2", "dev00", "dev19", `value="user:dev00"`, "Add Permissions", "Create User")
	if strings.Contains(r.body, ">dev20<") {
		t.Error("page 1 shows the 21st user")
	}
	want(t, "page 2", b.get("/console/users?page=2"), http.StatusOK, "Page 2 of 2", "dev24", "ops")
	want(t, "page beyond the last", b.get("/console/users?page=9"), http.StatusOK, "Page 2 of 2")
	r = b.get("/console/users?q=night")
	want(t, "search by display name", r, http.StatusOK, "1 user", "ops")
	if strings.Contains(r.body, "dev00") {
		t.Error("the search kept a user that does not match")
	}
	want(t, "no match", b.get("/console/users?q=zzz"), http.StatusOK, `No users match "zzz".`)
}

func TestCreateUser(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	want(t, "the form", b.get("/console/users/new"), http.StatusOK, `for="user_name"`, "Console Access", "Using permanent AccessKey to access")
	cases := []struct {
		name   string
		form   url.Values
		status int
		text   string
	}{
		{"no access mode", url.Values{"user_name": {"a1"}}, http.StatusBadRequest, "Select at least one access mode"},
		{"passwords differ", url.Values{"user_name": {"a1"}, "console": {"1"}, "password": {"Abcdef-12345"}, "confirm_password": {"Abcdef-1234"}}, http.StatusBadRequest, "The passwords do not match."},
		{"bad name (RAM's message)", url.Values{"user_name": {"bad name!"}, "access_key": {"1"}}, http.StatusBadRequest, "InvalidParameter.UserName"},
		{"weak password (RAM's message)", url.Values{"user_name": {"a2"}, "console": {"1"}, "password": {"short"}, "confirm_password": {"short"}}, http.StatusBadRequest, "The password does not meet the password policy"},
		// A password typed for a user without console access would be dropped without a word.
		{"a password without console access", url.Values{"user_name": {"a3"}, "access_key": {"1"}, "password": {"Abcdef-12345"}, "confirm_password": {"Abcdef-12345"}},
			http.StatusBadRequest, "A console password needs Console Access"},
	}
	for _, c := range cases {
		want(t, c.name, b.post("/console/users/new", c.form), c.status, c.text)
		if _, err := e.svc.GetUser(t.Context(), e.root, ram.UserInput{UserName: c.form.Get("user_name")}); err == nil {
			t.Errorf("%s: the user was created", c.name)
		}
	}
	r := b.post("/console/users/new", url.Values{"user_name": {"alice"}, "display_name": {"Alice"}, "console": {"1"}, "access_key": {"1"}, "reset": {"1"}})
	want(t, "created", r, http.StatusOK, "User alice created", "alice@"+e.account+".onaliyun.com", "AccessKey Secret", `data-copy="ak-secret"`, "is shown only once")
	keys, err := e.svc.ListAccessKeys(t.Context(), e.root, ram.UserInput{UserName: "alice"})
	if err != nil || len(keys) != 1 || !strings.Contains(r.body, keys[0].ID) {
		t.Fatalf("AccessKeys after creation: %v, %v", keys, err)
	}
	if lp, err := e.svc.GetLoginProfile(t.Context(), e.root, ram.UserInput{UserName: "alice"}); err != nil || !lp.PasswordResetRequired {
		t.Errorf("login profile = %+v, %v", lp, err)
	}
	r = b.get("/console/users/alice")
	want(t, "detail", r, http.StatusOK, "Permissions", "Groups", "AccessKeys", "MFA", keys[0].ID, "password reset required")
	if strings.Contains(r.body, "AccessKey Secret") {
		t.Error("the detail page shows an AccessKey secret again")
	}
}

func TestUserDetailActions(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	e.consoleUser("alice", "Alice-Pa55word!", false)
	if _, err := e.svc.CreateGroup(t.Context(), e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		op     string
		form   url.Values
		status int
		text   string
	}{
		{"groups-add", url.Values{"group": {"devs"}}, http.StatusSeeOther, ""},
		{"groups-add", url.Values{"group": {"devs"}}, http.StatusConflict, "EntityAlreadyExists.User.Group"},
		{"groups-remove", url.Values{"group": {"devs"}}, http.StatusSeeOther, ""},
		{"accesskey-create", nil, http.StatusOK, "AccessKey Secret"},
		{"mfa-create", nil, http.StatusOK, "Scan the QR code"},
		{"mfa-bind", url.Values{"serial": {"acs:ram::" + e.account + ":mfa/alice"}, "code1": {"000000"}, "code2": {"111111"}}, http.StatusForbidden, "CheckAuthenticationCodeFail"},
		{"detach", url.Values{"policy": {"System:AliyunPAIFullAccess"}}, http.StatusNotFound, "EntityNotExist"},
		{"nonsense", nil, http.StatusNotFound, "There is no action"},
	}
	for _, s := range steps {
		r := b.post("/console/users/alice/"+s.op, s.form)
		want(t, s.op, r, s.status, s.text)
	}
}

var mfaSeedRE = regexp.MustCompile(`id="mfa-seed" value="([A-Z2-7]+)"`)

// enableMFA enables a virtual MFA device on a user's page: Enable, then two codes of the key
// shown, and checks that the page then shows the device bound.
func (b *browser) enableMFA(what, user string) {
	t := b.e.t
	t.Helper()
	r := b.post("/console/users/"+user+"/mfa-create", nil)
	want(t, what, r, http.StatusOK, "Scan the QR code")
	m := mfaSeedRE.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("%s: no key on the page\n%.3000s", what, r.body)
	}
	serial := "acs:ram::" + b.e.account + ":mfa/" + user
	r = b.post("/console/users/"+user+"/mfa-bind", url.Values{"serial": {serial}, "code1": {b.e.code(m[1], -30*time.Second)}, "code2": {b.e.code(m[1], 0)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("%s: bind with the key's codes: %d\n%.3000s", what, r.status, r.body)
	}
	want(t, what+": bound", b.get(r.location), http.StatusOK, "The MFA device is bound.", "Virtual MFA device", "Disable MFA")
}

// TestEnableMFAAfterWrongCodes: a device whose codes were refused (or whose binding was left)
// must not stop the administrator from starting again; its key was shown only once.
func TestEnableMFAAfterWrongCodes(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	e.consoleUser("alice", "Alice-Pa55word!", false)
	serial := "acs:ram::" + e.account + ":mfa/alice"
	want(t, "enable", b.post("/console/users/alice/mfa-create", nil), http.StatusOK, "Scan the QR code")
	want(t, "wrong codes", b.post("/console/users/alice/mfa-bind", url.Values{"serial": {serial}, "code1": {"000000"}, "code2": {"111111"}}),
		http.StatusForbidden, "CheckAuthenticationCodeFail")
	b.enableMFA("enable again", "alice")
	want(t, "a bound device stays", b.post("/console/users/alice/mfa-create", nil), http.StatusConflict, "EntityAlreadyExists.VirtualMFADevice")
}

// TestEnableOwnMFAAfterLeaving: a RAM user with no policy, under AllowUserToManageMFADevices,
// who leaves "Enable virtual MFA device" before binding can enable it again in a later session:
// the device it left behind bears its name and no one holds it, so the Enable replaces it.
func TestEnableOwnMFAAfterLeaving(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	first := e.browser()
	first.logon("alice@"+e.account, "Alice-Pa55word!")
	want(t, "enable", first.post("/console/users/alice/mfa-create", nil), http.StatusOK, "Scan the QR code")

	e.advance(24 * time.Hour)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	want(t, "the next day", b.get("/console/users/alice"), http.StatusOK, "No MFA device.", "Enable virtual MFA device")
	b.enableMFA("enable again", "alice")
}

// TestDisableOwnMFAWithoutPolicy: with AllowUserToManageMFADevices on (a new account's
// default), a RAM user with no policy enables MFA on its own page, disables it, and can enable
// it again: Disable MFA deletes the device it unbinds, so none is left behind in the way.
func TestDisableOwnMFAWithoutPolicy(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	b.enableMFA("enable", "alice")
	r := b.post("/console/users/alice/mfa-unbind", nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("disable own MFA: %d\n%.3000s", r.status, r.body)
	}
	want(t, "disabled", b.get(r.location), http.StatusOK, "The MFA device is unbound.", "No MFA device.", "Enable virtual MFA device")
	devices, err := e.svc.ListVirtualMFADevices(t.Context(), e.root, ram.Request{})
	if err != nil || len(devices) != 0 {
		t.Errorf("devices after Disable MFA: %+v, %v", devices, err)
	}
	b.enableMFA("enable again", "alice")
}

// TestDisableMFARefusedKeepsIt: a caller that may unbind MFA devices but not delete them is
// refused Disable MFA as a whole: the device stays bound, and the page says which call was
// refused.
func TestDisableMFARefusedKeepsIt(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	e.consoleUser("admin", "Admin-Pa55word!", false)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "unbind-only", PolicyDocument: `{"Version":"1","Statement":[` +
		`{"Effect":"Allow","Action":["ram:UnbindMFADevice","ram:Get*","ram:List*"],"Resource":"*"}]}`}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AttachPolicyToUser(ctx, e.root, ram.AttachmentInput{PolicyType: "Custom", PolicyName: "unbind-only", PrincipalName: "admin"}); err != nil {
		t.Fatal(err)
	}
	dev, err := e.svc.CreateVirtualMFADevice(ctx, e.root, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	seed := dev.Base32StringSeed.Reveal()
	if err := e.svc.BindMFADevice(ctx, e.root, ram.BindMFADeviceInput{UserName: "alice", SerialNumber: dev.SerialNumber,
		AuthenticationCode1: e.code(seed, -30*time.Second), AuthenticationCode2: e.code(seed, 0)}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.logon("admin@"+e.account, "Admin-Pa55word!")
	r := b.post("/console/users/alice/mfa-unbind", nil)
	want(t, "Disable MFA without ram:DeleteVirtualMFADevice", r, http.StatusForbidden, "You are not authorized to do this action.",
		"ram:DeleteVirtualMFADevice", "acs:ram:*:"+e.account+":mfa/alice", "Virtual MFA device", "Disable MFA")
	if strings.Contains(r.body, "No MFA device.") {
		t.Error("the page says alice has no MFA device")
	}
	if m, err := e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil || m.SerialNumber != dev.SerialNumber {
		t.Errorf("alice's MFA device after the refused Disable MFA: %+v, %v", m, err)
	}
}

// TestCreateUserRefusedPasswordCreatesNothing: a password the policy refuses leaves no user
// behind, and the form comes back with what was typed.
func TestCreateUserRefusedPasswordCreatesNothing(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	r := b.post("/console/users/new", url.Values{"user_name": {"carol"}, "display_name": {"Carol"}, "console": {"1"}, "access_key": {"1"},
		"password": {"short"}, "confirm_password": {"short"}})
	want(t, "weak password", r, http.StatusBadRequest, "The password does not meet the password policy", `value="carol"`, `value="Carol"`)
	if strings.Contains(r.body, "User carol created") {
		t.Error("the page says the user was created")
	}
	if _, err := e.svc.GetUser(t.Context(), e.root, ram.UserInput{UserName: "carol"}); err == nil {
		t.Error("the refused password left the user carol behind")
	}
	want(t, "the same name then works", b.post("/console/users/new", url.Values{"user_name": {"carol"}, "console": {"1"},
		"password": {"Carol-Pa55word!"}, "confirm_password": {"Carol-Pa55word!"}}), http.StatusOK, "User carol created")
}

// TestCreateUserDeniedPartCreatesNothing: a caller that may create users and their login
// profiles but not their AccessKeys, asking for both, is refused and leaves no user (with or
// without a login profile) behind, and the audit trail records no creation.
func TestCreateUserDeniedPartCreatesNothing(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("admin", "Admin-Pa55word!", false)
	ctx := t.Context()
	if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "users-no-keys", PolicyDocument: `{"Version":"1","Statement":[` +
		`{"Effect":"Allow","Action":["ram:CreateUser","ram:CreateLoginProfile","ram:DeleteUser","ram:DeleteLoginProfile","ram:Get*","ram:List*"],"Resource":"*"}]}`}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AttachPolicyToUser(ctx, e.root, ram.AttachmentInput{PolicyType: "Custom", PolicyName: "users-no-keys", PrincipalName: "admin"}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.logon("admin@"+e.account, "Admin-Pa55word!")
	r := b.post("/console/users/new", url.Values{"user_name": {"dave"}, "console": {"1"}, "access_key": {"1"},
		"password": {"Dave-Pa55word!"}, "confirm_password": {"Dave-Pa55word!"}})
	want(t, "an AccessKey the caller may not create", r, http.StatusForbidden, "ram:CreateAccessKey", `value="dave"`)
	if strings.Contains(r.body, "User dave created") {
		t.Error("the page says the user was created")
	}
	if _, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "dave"}); err == nil {
		t.Error("the refused creation left the user dave behind")
	}
	events, err := e.svc.LookupEvents(ctx, e.root, ram.EventsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events.Events {
		if ev.Result == "Success" && strings.Contains(ev.Target, "user/dave") {
			t.Errorf("the audit trail records %s on dave as a success", ev.Action)
		}
	}
}

// TestOwnAccessKeysWithoutPolicy: with AllowUserToManageAccessKeys on, a RAM user with no policy
// manages its own AccessKeys on its own user page, as the API lets it; the parts of the page it
// may not read show RAM's denial. Another user's page stays closed to it.
func TestOwnAccessKeysWithoutPolicy(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	e.consoleUser("bob", "Bob-Pa55word!", false)
	on := true
	if _, err := e.svc.SetSecurityPreference(t.Context(), e.root, ram.SetSecurityPreferenceInput{AllowUserToManageAccessKeys: &on}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	r := b.get("/console/users/alice")
	want(t, "own page", r, http.StatusOK, "AccessKeys", "No AccessKeys.", "Create AccessKey")
	if strings.Contains(r.body, "Never") {
		t.Error("the own page, read without ram:GetUser, says Never for dates it does not know")
	}
	r = b.post("/console/users/alice/accesskey-create", nil)
	want(t, "own AccessKey", r, http.StatusOK, "AccessKey Secret")
	keys, err := e.svc.ListAccessKeys(t.Context(), e.root, ram.UserInput{UserName: "alice"})
	if err != nil || len(keys) != 1 || !strings.Contains(r.body, keys[0].ID) {
		t.Fatalf("alice's AccessKeys: %v, %v", keys, err)
	}
	r = b.post("/console/users/alice/accesskey-status", url.Values{"id": {keys[0].ID}, "status": {"Inactive"}})
	want(t, "disable own AccessKey", r, http.StatusSeeOther)
	want(t, "another user's page", b.get("/console/users/bob"), http.StatusForbidden, "NoPermission")

	off := false
	if _, err := e.svc.SetSecurityPreference(t.Context(), e.root, ram.SetSecurityPreferenceInput{AllowUserToManageAccessKeys: &off}); err != nil {
		t.Fatal(err)
	}
	want(t, "self-service off", b.post("/console/users/alice/accesskey-create", nil), http.StatusForbidden, "NoPermission")
}

// TestEnableMFAWrongCodeShowsTheSameKey: a mistyped code on "Enable MFA" shows the key already
// added to the authenticator app again, so two new codes of it bind the device; before, the page
// offered only to start again with a new key.
func TestEnableMFAWrongCodeShowsTheSameKey(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	e.consoleUser("alice", "Alice-Pa55word!", false)
	r := b.post("/console/users/alice/mfa-create", nil)
	m := mfaSeedRE.FindStringSubmatch(r.body)
	seedField := regexp.MustCompile(`name="seed" value="([A-Z2-7]+)"`).FindStringSubmatch(r.body)
	if m == nil || seedField == nil || seedField[1] != m[1] {
		t.Fatalf("the key shown %v and the key the form carries %v\n%.3000s", m, seedField, r.body)
	}
	serial := "acs:ram::" + e.account + ":mfa/alice"
	for _, c := range []struct {
		name, code1, code2 string
		status             int
		text               string
	}{
		{"a wrong code", e.code(m[1], -30*time.Second), "000000", http.StatusForbidden, "CheckAuthenticationCodeFail"},
		{"a short code", "123", e.code(m[1], 0), http.StatusBadRequest, "6 digits"},
	} {
		r = b.post("/console/users/alice/mfa-bind", url.Values{"serial": {serial}, "seed": {m[1]}, "code1": {c.code1}, "code2": {c.code2}})
		want(t, c.name, r, c.status, c.text, `id="mfa-seed" value="`+m[1]+`"`, "Enable MFA")
	}
	e.advance(30 * time.Second)
	r = b.post("/console/users/alice/mfa-bind", url.Values{"serial": {serial}, "seed": {m[1]}, "code1": {e.code(m[1], -30*time.Second)}, "code2": {e.code(m[1], 0)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("two codes of the key shown first: %d\n%.3000s", r.status, r.body)
	}
	want(t, "bound", b.get(r.location), http.StatusOK, "The MFA device is bound.", "Disable MFA")
}
