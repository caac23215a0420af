package ram_test

import (
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// bindMFA creates a device named after a user and binds it to the user, both as c ("" names
// the caller itself).
func (e *env) bindMFA(c *authz.Caller, user string) string {
	e.t.Helper()
	ctx := e.t.Context()
	name := user
	if name == "" {
		name = c.Name
	}
	dev, err := e.svc.CreateVirtualMFADevice(ctx, c, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: name})
	if err != nil {
		e.t.Fatalf("CreateVirtualMFADevice %s: %v", name, err)
	}
	prev, cur := e.codes(dev.Base32StringSeed)
	if err := e.svc.BindMFADevice(ctx, c, ram.BindMFADeviceInput{UserName: user, SerialNumber: dev.SerialNumber,
		AuthenticationCode1: prev, AuthenticationCode2: cur}); err != nil {
		e.t.Fatalf("BindMFADevice %s: %v", name, err)
	}
	return dev.SerialNumber
}

func TestDisableMFA(t *testing.T) { forEachBackend(t, testDisableMFA) }

// testDisableMFA: Disable MFA unbinds and deletes the device or changes nothing, and is
// authorized and audited as UnbindMFADevice and DeleteVirtualMFADevice; a user under
// AllowUserToManageMFADevices disables its own without a policy, and may enable it again.
func testDisableMFA(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob", "carol", "unbinder", "deleter")
	e.customPolicy("unbind-only", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:UnbindMFADevice","Resource":"*"}]}`)
	e.customPolicy("delete-only", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:DeleteVirtualMFADevice","Resource":"*"}]}`)
	e.customPolicy("keep-devices", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:DeleteVirtualMFADevice","Resource":"*"}]}`)
	e.attach(store.PrincipalUser, "unbinder", store.PolicyTypeCustom, "unbind-only")
	e.attach(store.PrincipalUser, "deleter", store.PolicyTypeCustom, "delete-only")
	e.attach(store.PrincipalUser, "bob", store.PolicyTypeCustom, "keep-devices")
	unbinder, deleter, bob, carol := e.user("unbinder"), e.user("deleter"), e.user("bob"), e.user("carol")
	alicePhone := e.bindMFA(e.root, "alice")
	bobPhone := e.bindMFA(bob, "")
	carolPhone := e.bindMFA(carol, "")

	user := func(name string) string { return "acs:ram:*:" + e.account + ":user/" + name }
	device := func(name string) string { return "acs:ram:*:" + e.account + ":mfa/" + name }
	for _, c := range []refusal{
		{"the delete refused", unbinder, "alice", "ram:DeleteVirtualMFADevice", device("alice"), "ImplicitDeny"},
		{"the unbind refused", deleter, "alice", "ram:UnbindMFADevice", user("alice"), "ImplicitDeny"},
		{"an explicit Deny on the delete of its own device", bob, "", "ram:DeleteVirtualMFADevice", device("bob"), "ExplicitDeny"},
	} {
		e.wantRefused(c, func(in ram.UserInput) error {
			_, err := e.svc.DisableMFA(ctx, c.caller, in)
			return err
		})
	}
	for _, name := range []string{"alice", "bob"} {
		if _, err := e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: name}); err != nil {
			t.Errorf("%s's device after the refusals: %v", name, err)
		}
	}

	got, err := e.svc.DisableMFA(ctx, e.root, ram.UserInput{RequestID: "R-root", UserName: "alice"})
	if err != nil || got.SerialNumber != alicePhone {
		t.Fatalf("DisableMFA of alice by the root = %+v, %v", got, err)
	}
	got, err = e.svc.DisableMFA(ctx, carol, ram.UserInput{RequestID: "R-carol"})
	if err != nil || got.SerialNumber != carolPhone {
		t.Fatalf("DisableMFA by carol of her own = %+v, %v", got, err)
	}
	for _, name := range []string{"alice", "carol"} {
		_, err := e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: name})
		wantCode(t, name+"'s device after Disable MFA", err, "EntityNotExist.User.MFADevice")
	}
	devices, err := e.svc.ListVirtualMFADevices(ctx, e.root, ram.Request{})
	if err != nil || len(devices) != 1 || devices[0].SerialNumber != bobPhone {
		t.Errorf("ListVirtualMFADevices after Disable MFA = %+v, %v", devices, err)
	}
	same(t, "audit", e.audit(store.AuditQuery{Limit: 4}), []store.AuditRecord{
		{RequestID: "R-carol", PrincipalARN: carol.ARN, Action: "ram:DeleteVirtualMFADevice", Target: device("carol"), Result: "Success", SourceIP: "192.0.2.10"},
		{RequestID: "R-carol", PrincipalARN: carol.ARN, Action: "ram:UnbindMFADevice", Target: user("carol"), Result: "Success", SourceIP: "192.0.2.10",
			Detail: `{"SerialNumber":"` + carolPhone + `"}`},
		{RequestID: "R-root", PrincipalARN: e.root.ARN, Action: "ram:DeleteVirtualMFADevice", Target: device("alice"), Result: "Success"},
		{RequestID: "R-root", PrincipalARN: e.root.ARN, Action: "ram:UnbindMFADevice", Target: user("alice"), Result: "Success",
			Detail: `{"SerialNumber":"` + alicePhone + `"}`},
	}, cmpopts.IgnoreFields(store.AuditRecord{}, "ID", "Time"))

	// Nothing is left behind to stop carol enabling MFA again.
	if again := e.bindMFA(carol, ""); again != carolPhone {
		t.Errorf("carol's device enabled again is %s", again)
	}
	e.unchanged("no device", func() {
		_, err := e.svc.DisableMFA(ctx, e.root, ram.UserInput{UserName: "alice"})
		wantCode(t, "Disable MFA of a user without a device", err, "EntityNotExist.User.MFADevice")
	})

	e.settings(func(a *store.Account) { a.SecurityPreference.AllowUserToManageMFADevices = false })
	before := e.state()
	_, err = e.svc.DisableMFA(ctx, carol, ram.UserInput{})
	if d := denial(t, "Disable MFA with self-service off", err); d.Action != "ram:UnbindMFADevice" {
		t.Errorf("Disable MFA with self-service off: denied %s", d.Action)
	}
	after := e.state()
	after.Audit = after.Audit[1:]
	same(t, "store after Disable MFA with self-service off", after, before)
}
