package ram_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// withBindRequired creates alice with a console password and MFABindRequired.
func (e *env) withBindRequired() {
	e.t.Helper()
	e.createUsers("alice")
	if _, err := e.svc.CreateLoginProfile(e.t.Context(), e.root, ram.CreateLoginProfileInput{UserName: "alice",
		Password: alicePassword, MFABindRequired: true}); err != nil {
		e.t.Fatal(err)
	}
}

func TestLogonMFABinding(t *testing.T) { forEachBackend(t, testLogonMFABinding) }

func testLogonMFABinding(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.withBindRequired()
	e.createUsers("bob")
	if _, err := e.svc.CreateLoginProfile(ctx, e.root, ram.CreateLoginProfileInput{UserName: "bob", Password: alicePassword}); err != nil {
		t.Fatal(err)
	}
	l, err := e.logon("alice@"+e.account, alicePassword, "192.0.2.7")
	if err != nil || !l.MFABindRequired || l.MFADevice != "" {
		t.Fatalf("logon = %+v, %v; want the binding step", l, err)
	}
	if u, _ := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"}); !u.LastLoginDate.IsZero() {
		t.Error("LastLoginDate set before a device was bound")
	}
	offer, err := e.svc.NewLogonMFABinding(ctx, l.Caller.ID)
	if err != nil {
		t.Fatal(err)
	}
	if uri := offer.URI.Reveal(); !strings.HasPrefix(uri, "otpauth://totp/") || !strings.Contains(uri, "secret="+offer.Base32StringSeed.Reveal()) {
		t.Errorf("URI %q does not carry the seed", uri)
	}
	bob := e.user("bob")
	other, err := e.svc.NewLogonMFABinding(ctx, bob.ID)
	wantCode(t, "a user not asked to bind", err, "LogonMFABindNotRequired")
	if other.Token != "" {
		t.Error("a token for a user not asked to bind")
	}

	prev, cur := e.codes(offer.Base32StringSeed)
	bind := func(userID, token, code1, code2 string) (ram.Logon, error) {
		return e.svc.BindLogonMFA(ctx, ram.BindLogonMFAInput{UserID: userID, Token: token,
			AuthenticationCode1: code1, AuthenticationCode2: code2, SourceIP: "192.0.2.7"})
	}
	tampered := []byte(offer.Token)
	tampered[10] ^= 1
	cases := []struct {
		name                string
		user, token, c1, c2 string
		code                string
	}{
		{"codes in the wrong order", l.Caller.ID, offer.Token, cur, prev, "CheckAuthenticationCodeFail"},
		{"a wrong code", l.Caller.ID, offer.Token, prev, "000000", "CheckAuthenticationCodeFail"},
		{"a code of five digits", l.Caller.ID, offer.Token, prev, "12345", "InvalidParameter.AuthenticationCode.Format"},
		{"no code", l.Caller.ID, offer.Token, "", cur, "MissingParameter"},
		{"a tampered token", l.Caller.ID, string(tampered), prev, cur, "LogonMFABindingExpired"},
		{"not a token", l.Caller.ID, "!!", prev, cur, "LogonMFABindingExpired"},
		{"another user's", bob.ID, offer.Token, prev, cur, "LogonMFABindNotRequired"},
	}
	for _, c := range cases {
		_, err := bind(c.user, c.token, c.c1, c.c2)
		wantCode(t, c.name, err, c.code)
	}
	_, err = e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: "alice"})
	wantCode(t, "a device after failed bindings", err, "EntityNotExist.User.MFADevice")

	// A token offered more than ten minutes ago has expired.
	e.advance(11 * time.Minute)
	p2, c2 := e.codes(offer.Base32StringSeed)
	_, err = bind(l.Caller.ID, offer.Token, p2, c2)
	wantCode(t, "an expired token", err, "LogonMFABindingExpired")

	offer, err = e.svc.NewLogonMFABinding(ctx, l.Caller.ID)
	if err != nil {
		t.Fatal(err)
	}
	prev, cur = e.codes(offer.Base32StringSeed)
	got, err := bind(l.Caller.ID, offer.Token, prev, " "+cur+" ")
	if err != nil {
		t.Fatalf("BindLogonMFA: %v", err)
	}
	if !got.Caller.MFA || got.Caller.Name != "alice" || got.SessionDuration != 6*time.Hour || got.PasswordResetRequired {
		t.Errorf("BindLogonMFA = %+v", got)
	}
	serial := "acs:ram::" + e.account + ":mfa/alice"
	if d, err := e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil || d.SerialNumber != serial {
		t.Errorf("GetUserMFAInfo = %+v, %v", d, err)
	}
	if u, _ := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"}); !u.LastLoginDate.Equal(e.clock()) {
		t.Errorf("LastLoginDate = %v after binding", u.LastLoginDate)
	}
	_, err = bind(l.Caller.ID, offer.Token, prev, cur)
	wantCode(t, "binding again", err, "EntityAlreadyExists.User.MFADevice")
	_, err = e.svc.NewLogonMFABinding(ctx, l.Caller.ID)
	wantCode(t, "an offer once bound", err, "EntityAlreadyExists.User.MFADevice")

	type entry struct{ Principal, Action, Target, Result, SourceIP, Detail string }
	var trail []entry
	for _, r := range e.audit(store.AuditQuery{Action: "ram:BindMFADevice"}) {
		trail = append(trail, entry{r.PrincipalARN, r.Action, r.Target, r.Result, r.SourceIP, r.Detail})
	}
	aliceARN, target := "acs:ram::"+e.account+":user/alice", "acs:ram:*:"+e.account+":user/alice"
	want := []entry{ // the failures that got as far as the codes, and the success
		{aliceARN, "ram:BindMFADevice", target, "Success", "192.0.2.7", `{"SerialNumber":"` + serial + `","DuringLogon":true}`},
		{aliceARN, "ram:BindMFADevice", target, "LogonMFABindingExpired", "192.0.2.7", ""},
		{aliceARN, "ram:BindMFADevice", target, "LogonMFABindingExpired", "192.0.2.7", ""},
		{aliceARN, "ram:BindMFADevice", target, "LogonMFABindingExpired", "192.0.2.7", ""},
		{aliceARN, "ram:BindMFADevice", target, "CheckAuthenticationCodeFail", "192.0.2.7", ""},
		{aliceARN, "ram:BindMFADevice", target, "CheckAuthenticationCodeFail", "192.0.2.7", ""},
	}
	if diff := cmp.Diff(want, trail); diff != "" {
		t.Errorf("audit trail, newest first (-want +got):\n%s", diff)
	}

	// The device is alice's from now on: the next sign-in asks for a code of it, and the codes
	// used to bind it are spent.
	l, err = e.logon("alice@"+e.account, alicePassword, "")
	if err != nil || l.MFADevice != serial || l.MFABindRequired {
		t.Fatalf("the next logon = %+v, %v; want the MFA step", l, err)
	}
	_, err = e.svc.VerifyLogonMFA(ctx, ram.LogonMFAInput{UserID: l.Caller.ID, Code: cur})
	wantCode(t, "a code used to bind", err, "CheckAuthenticationCodeFail")
	e.advance(30 * time.Second)
	_, next := e.codes(offer.Base32StringSeed)
	if _, err := e.svc.VerifyLogonMFA(ctx, ram.LogonMFAInput{UserID: l.Caller.ID, Code: next}); err != nil {
		t.Errorf("the next code: %v", err)
	}
}

// An unbound device named after the user stands in the way; its name is the one RAM's console
// would give.
func TestLogonMFABindingNameTaken(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.withBindRequired()
	if _, err := e.svc.CreateVirtualMFADevice(ctx, e.root, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "alice"}); err != nil {
		t.Fatal(err)
	}
	l, err := e.logon("alice@"+e.account, alicePassword, "")
	if err != nil {
		t.Fatal(err)
	}
	offer, err := e.svc.NewLogonMFABinding(ctx, l.Caller.ID)
	if err != nil {
		t.Fatal(err)
	}
	prev, cur := e.codes(offer.Base32StringSeed)
	_, err = e.svc.BindLogonMFA(ctx, ram.BindLogonMFAInput{UserID: l.Caller.ID, Token: offer.Token, AuthenticationCode1: prev, AuthenticationCode2: cur})
	wantCode(t, "a taken name", err, "EntityAlreadyExists.VirtualMFADevice")
	_, err = e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: "alice"})
	wantCode(t, "a device after the failure", err, "EntityNotExist.User.MFADevice")
}
