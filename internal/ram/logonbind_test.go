package ram_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

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

	// The same device again, from its token: the same seed and URI.
	again, err := e.svc.LogonMFABindingOf(ctx, l.Caller.ID, offer.Token)
	if err != nil || again != offer {
		t.Errorf("LogonMFABindingOf = %+v, %v; want the device offered, %+v", again, err, offer)
	}
	_, err = e.svc.LogonMFABindingOf(ctx, bob.ID, offer.Token)
	wantCode(t, "the device again, for another user", err, "LogonMFABindingExpired")
	_, err = e.svc.LogonMFABindingOf(ctx, l.Caller.ID, "!!")
	wantCode(t, "the device again, from no token", err, "LogonMFABindingExpired")

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

func TestLogonMFABindingLeftover(t *testing.T) { forEachBackend(t, testLogonMFABindingLeftover) }

// testLogonMFABindingLeftover: an unbound device named after the user, its name the one RAM's
// console would give (what an Enable left before binding leaves), is replaced by the device the
// user binds while signing in, audited as ram:DeleteVirtualMFADevice then ram:BindMFADevice; the
// user signs in with codes of the new device from then on. A device of the name bound to
// another user stays.
func testLogonMFABindingLeftover(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.withBindRequired()
	left, err := e.svc.CreateVirtualMFADevice(ctx, e.root, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	l, err := e.logon("alice@"+e.account, alicePassword, "192.0.2.7")
	if err != nil || !l.MFABindRequired {
		t.Fatalf("logon = %+v, %v; want the binding step", l, err)
	}
	offer, err := e.svc.NewLogonMFABinding(ctx, l.Caller.ID)
	if err != nil {
		t.Fatal(err)
	}
	prev, cur := e.codes(offer.Base32StringSeed)
	got, err := e.svc.BindLogonMFA(ctx, ram.BindLogonMFAInput{RequestID: "R-bind", UserID: l.Caller.ID, Token: offer.Token,
		AuthenticationCode1: prev, AuthenticationCode2: cur, SourceIP: "192.0.2.7"})
	if err != nil || !got.Caller.MFA || got.Caller.Name != "alice" {
		t.Fatalf("BindLogonMFA over the leftover = %+v, %v", got, err)
	}
	serial := "acs:ram::" + e.account + ":mfa/alice"
	if d, err := e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil || d.SerialNumber != serial {
		t.Errorf("GetUserMFAInfo = %+v, %v", d, err)
	}
	aliceARN := "acs:ram::" + e.account + ":user/alice"
	same(t, "audit", e.audit(store.AuditQuery{Limit: 3}), []store.AuditRecord{
		{RequestID: "R-bind", PrincipalARN: aliceARN, Action: "ram:ConsoleSignin", Target: aliceARN, Result: "Success", SourceIP: "192.0.2.7"},
		{RequestID: "R-bind", PrincipalARN: aliceARN, Action: "ram:BindMFADevice", Target: "acs:ram:*:" + e.account + ":user/alice",
			Result: "Success", SourceIP: "192.0.2.7", Detail: `{"SerialNumber":"` + serial + `","DuringLogon":true}`},
		{RequestID: "R-bind", PrincipalARN: aliceARN, Action: "ram:DeleteVirtualMFADevice", Target: "acs:ram:*:" + e.account + ":mfa/alice",
			Result: "Success", SourceIP: "192.0.2.7", Detail: `{"DuringLogon":true}`},
	}, cmpopts.IgnoreFields(store.AuditRecord{}, "ID", "Time"))

	// The next sign-in asks for a code of the new device, not of the leftover.
	e.advance(30 * time.Second)
	l, err = e.logon("alice@"+e.account, alicePassword, "")
	if err != nil || l.MFADevice != serial {
		t.Fatalf("the next logon = %+v, %v; want the MFA step", l, err)
	}
	_, stale := e.codes(left.Base32StringSeed)
	_, err = e.svc.VerifyLogonMFA(ctx, ram.LogonMFAInput{UserID: l.Caller.ID, Code: stale})
	wantCode(t, "a code of the leftover", err, "CheckAuthenticationCodeFail")
	_, next := e.codes(offer.Base32StringSeed)
	if _, err := e.svc.VerifyLogonMFA(ctx, ram.LogonMFAInput{UserID: l.Caller.ID, Code: next}); err != nil {
		t.Errorf("a code of the new device: %v", err)
	}

	// carol must bind a device, and one of her name is bound to bob.
	e.createUsers("bob", "carol")
	if _, err := e.svc.CreateLoginProfile(ctx, e.root, ram.CreateLoginProfileInput{UserName: "carol",
		Password: alicePassword, MFABindRequired: true}); err != nil {
		t.Fatal(err)
	}
	dev, err := e.svc.CreateVirtualMFADevice(ctx, e.root, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "carol"})
	if err != nil {
		t.Fatal(err)
	}
	prev, cur = e.codes(dev.Base32StringSeed)
	if err := e.svc.BindMFADevice(ctx, e.root, ram.BindMFADeviceInput{UserName: "bob", SerialNumber: dev.SerialNumber,
		AuthenticationCode1: prev, AuthenticationCode2: cur}); err != nil {
		t.Fatal(err)
	}
	l, err = e.logon("carol@"+e.account, alicePassword, "")
	if err != nil || !l.MFABindRequired {
		t.Fatalf("carol's logon = %+v, %v; want the binding step", l, err)
	}
	offer, err = e.svc.NewLogonMFABinding(ctx, l.Caller.ID)
	if err != nil {
		t.Fatal(err)
	}
	prev, cur = e.codes(offer.Base32StringSeed)
	_, err = e.svc.BindLogonMFA(ctx, ram.BindLogonMFAInput{UserID: l.Caller.ID, Token: offer.Token, AuthenticationCode1: prev, AuthenticationCode2: cur})
	wantCode(t, "a device of her name bound to bob", err, "EntityAlreadyExists.VirtualMFADevice")
	if d, err := e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: "bob"}); err != nil || d.SerialNumber != dev.SerialNumber {
		t.Errorf("bob's device after carol's binding = %+v, %v", d, err)
	}
	_, err = e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: "carol"})
	wantCode(t, "carol's device after the failure", err, "EntityNotExist.User.MFADevice")
}
