package ram_test

import (
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestEnableMFA(t *testing.T) { forEachBackend(t, testEnableMFA) }

// testEnableMFA: a user managing its own MFA under AllowUserToManageMFADevices, with no policy,
// who leaves an Enable before binding can enable MFA again, another day: the unbound device of
// its name is replaced, audited as DeleteVirtualMFADevice and CreateVirtualMFADevice. Nothing
// else is replaced: not another user's leftover, not a bound device, not without the setting,
// not against an explicit Deny; each refusal changes nothing but the audit trail.
func testEnableMFA(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob", "carol", "dave")
	e.customPolicy("keep-devices", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:DeleteVirtualMFADevice","Resource":"*"}]}`)
	e.attach(store.PrincipalUser, "carol", store.PolicyTypeCustom, "keep-devices")
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	serial := func(name string) string { return "acs:ram::" + e.account + ":mfa/" + name }
	device := func(name string) string { return "acs:ram:*:" + e.account + ":mfa/" + name }

	// alice and carol enable MFA and leave before binding.
	left, err := e.svc.EnableMFA(ctx, alice, ram.UserInput{RequestID: "R-left"})
	if err != nil || left.SerialNumber != serial("alice") {
		t.Fatalf("EnableMFA by alice = %+v, %v", left, err)
	}
	if _, err := e.svc.EnableMFA(ctx, carol, ram.UserInput{}); err != nil {
		t.Fatalf("EnableMFA by carol: %v", err)
	}
	// The RAM calls alone cannot start again: the name is taken, and a device no one holds is
	// no one's to delete without a policy.
	e.unchanged("CreateVirtualMFADevice again", func() {
		_, err := e.svc.CreateVirtualMFADevice(ctx, alice, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "alice"})
		wantCode(t, "CreateVirtualMFADevice of alice's leftover", err, "EntityAlreadyExists.VirtualMFADevice")
	})
	denial(t, "DeleteVirtualMFADevice of alice's leftover by alice",
		e.svc.DeleteVirtualMFADevice(ctx, alice, ram.MFADeviceInput{SerialNumber: serial("alice")}))

	// A device of dave's name, bound to bob.
	dev, err := e.svc.CreateVirtualMFADevice(ctx, e.root, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "dave"})
	if err != nil {
		t.Fatal(err)
	}
	prev, cur := e.codes(dev.Base32StringSeed)
	if err := e.svc.BindMFADevice(ctx, e.root, ram.BindMFADeviceInput{UserName: "bob", SerialNumber: dev.SerialNumber,
		AuthenticationCode1: prev, AuthenticationCode2: cur}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		caller   *authz.Caller
		userName string
	}{
		{"a device of the user's name bound to another user", dave, ""},
		{"a device of another user's name bound to him", bob, "dave"},
	} {
		e.unchanged(c.name, func() {
			_, err := e.svc.EnableMFA(ctx, c.caller, ram.UserInput{UserName: c.userName})
			wantCode(t, c.name, err, "EntityAlreadyExists.VirtualMFADevice")
		})
	}

	for _, c := range []refusal{
		{"another user's leftover", bob, "alice", "ram:DeleteVirtualMFADevice", device("alice"), "ImplicitDeny"},
		{"an explicit Deny on the delete of its own leftover", carol, "", "ram:DeleteVirtualMFADevice", device("carol"), "ExplicitDeny"},
	} {
		e.wantRefused(c, func(in ram.UserInput) error {
			_, err := e.svc.EnableMFA(ctx, c.caller, in)
			return err
		})
	}

	// Without the setting alice may not create a device at all.
	e.settings(func(a *store.Account) { a.SecurityPreference.AllowUserToManageMFADevices = false })
	e.wantRefused(refusal{"self-service off", alice, "", "ram:CreateVirtualMFADevice", device("*"), "ImplicitDeny"}, func(in ram.UserInput) error {
		_, err := e.svc.EnableMFA(ctx, alice, in)
		return err
	})

	// With it, alice starts again: a new key, which binds.
	e.settings(func(a *store.Account) { a.SecurityPreference.AllowUserToManageMFADevices = true })
	again, err := e.svc.EnableMFA(ctx, alice, ram.UserInput{RequestID: "R-again"})
	if err != nil || again.SerialNumber != serial("alice") {
		t.Fatalf("EnableMFA by alice after leaving = %+v, %v", again, err)
	}
	if again.Base32StringSeed == left.Base32StringSeed {
		t.Errorf("the replaced device has the leftover's key")
	}
	same(t, "audit", e.audit(store.AuditQuery{Limit: 2}), []store.AuditRecord{
		{RequestID: "R-again", PrincipalARN: alice.ARN, Action: "ram:CreateVirtualMFADevice", Target: device("alice"), Result: "Success", SourceIP: "192.0.2.10"},
		{RequestID: "R-again", PrincipalARN: alice.ARN, Action: "ram:DeleteVirtualMFADevice", Target: device("alice"), Result: "Success", SourceIP: "192.0.2.10"},
	}, cmpopts.IgnoreFields(store.AuditRecord{}, "ID", "Time"))
	prev, cur = e.codes(again.Base32StringSeed)
	if err := e.svc.BindMFADevice(ctx, alice, ram.BindMFADeviceInput{SerialNumber: again.SerialNumber,
		AuthenticationCode1: prev, AuthenticationCode2: cur}); err != nil {
		t.Fatalf("BindMFADevice of the new device: %v", err)
	}
	if info, err := e.svc.GetUserMFAInfo(ctx, alice, ram.UserInput{}); err != nil || info.SerialNumber != serial("alice") {
		t.Errorf("alice's device = %+v, %v", info, err)
	}
	// Once bound, it stays.
	e.unchanged("her bound device", func() {
		_, err := e.svc.EnableMFA(ctx, alice, ram.UserInput{})
		wantCode(t, "EnableMFA over her bound device", err, "EntityAlreadyExists.VirtualMFADevice")
	})
	e.unchanged("the root's own", func() {
		_, err := e.svc.EnableMFA(ctx, e.root, ram.UserInput{})
		wantCode(t, "EnableMFA by the root without a UserName", err, "MissingParameter")
	})
}
