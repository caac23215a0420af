package ram_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// codes returns the codes an authenticator app shows for seed in the current and the previous
// 30-second step of the env's clock.
func (e *env) codes(seed secrets.Secret) (previous, current string) {
	e.t.Helper()
	code := func(at time.Time) string {
		c, err := totp.GenerateCodeCustom(seed.Reveal(), at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			e.t.Fatal(err)
		}
		return c
	}
	now := e.clock()
	return code(now.Add(-30 * time.Second)), code(now)
}

func TestMFADevices(t *testing.T) { forEachBackend(t, testMFADevices) }

func testMFADevices(t *testing.T, b backend) {
	limits := ram.DefaultLimits()
	limits.MFADevices = 3
	e := newEnvWith(t, b, limits)
	ctx := t.Context()
	e.createUsers("alice", "bob")
	create := func(name string) (ram.NewVirtualMFADevice, error) {
		return e.svc.CreateVirtualMFADevice(ctx, e.root, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: name})
	}
	dev, err := create("alice-phone")
	if err != nil {
		t.Fatal(err)
	}
	serial := "acs:ram::" + e.account + ":mfa/alice-phone"
	if dev.SerialNumber != serial || len(dev.Base32StringSeed.Reveal()) != 32 || !bytes.HasPrefix(dev.QRCodePNG, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("CreateVirtualMFADevice = %s, seed of %d characters, QR code %q...", dev.SerialNumber, len(dev.Base32StringSeed.Reveal()), dev.QRCodePNG[:min(8, len(dev.QRCodePNG))])
	}
	e.Given(func(ctx context.Context, tx store.Tx) error {
		d, err := tx.GetMFADevice(ctx, serial)
		if err == nil && bytes.Contains(d.SeedCiphertext, []byte(dev.Base32StringSeed.Reveal())) {
			t.Error("the store holds the TOTP seed in plain text")
		}
		return err
	})
	spare, err := create("spare")
	if err != nil {
		t.Fatal(err)
	}

	bind := func(user, serial, code1, code2 string) func() error {
		return func() error {
			return e.svc.BindMFADevice(ctx, e.root, ram.BindMFADeviceInput{UserName: user, SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2})
		}
	}
	prev, cur := e.codes(dev.Base32StringSeed)
	sprev, scur := e.codes(spare.Base32StringSeed)
	before := []struct {
		name string
		run  func() error
		code string
	}{
		{"codes in the wrong order", bind("alice", serial, cur, prev), "CheckAuthenticationCodeFail"},
		{"another device's codes", bind("alice", serial, sprev, scur), "CheckAuthenticationCodeFail"},
		{"five digits", bind("alice", serial, "12345", cur), "InvalidParameter.AuthenticationCode.Format"},
		{"letters", bind("alice", serial, prev, "12345a"), "InvalidParameter.AuthenticationCode.Format"},
		{"no code", bind("alice", serial, prev, ""), "MissingParameter"},
		{"unknown device", bind("alice", "acs:ram::"+e.account+":mfa/nope", prev, cur), "EntityNotExist.VirtualMFADevice"},
		{"another account's device", bind("alice", "acs:ram::9999999999999999:mfa/alice-phone", prev, cur), "EntityNotExist.VirtualMFADevice"},
		{"malformed serial number", bind("alice", "mfa/alice-phone", prev, cur), "InvalidParameter.SerialNumber.Format"},
		{"unknown user", bind("carol", serial, prev, cur), "EntityNotExist.User"},
		{"name taken", func() error { _, err := create("alice-phone"); return err }, "EntityAlreadyExists.VirtualMFADevice"},
		{"name with a slash", func() error { _, err := create("a/b"); return err }, "InvalidParameter.VirtualMFADeviceName.InvalidChars"},
		{"65-character name", func() error { _, err := create(string(bytes.Repeat([]byte("m"), 65))); return err }, "InvalidParameter.VirtualMFADeviceName.Length"},
		{"get a user without a device", func() error {
			_, err := e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: "alice"})
			return err
		}, "EntityNotExist.User.MFADevice"},
	}
	for _, c := range before {
		e.unchanged(c.name, func() { wantCode(t, c.name, c.run(), c.code) })
	}

	if err := bind("alice", serial, prev, cur)(); err != nil {
		t.Fatalf("BindMFADevice: %v", err)
	}
	info, err := e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil || info.SerialNumber != serial || info.Type != "VMFA" {
		t.Errorf("GetUserMFAInfo = %+v, %v", info, err)
	}
	list, err := e.svc.ListVirtualMFADevices(ctx, e.root, ram.Request{})
	if err != nil || len(list) != 2 || list[0].User == nil || list[0].User.Name != "alice" || !list[0].ActivateDate.Equal(e.clock()) || list[1].User != nil {
		t.Errorf("ListVirtualMFADevices = %+v, %v", list, err)
	}
	if _, err := create("third"); err != nil {
		t.Fatal(err)
	}
	after := []struct {
		name string
		run  func() error
		code string
	}{
		{"device quota of 3", func() error { _, err := create("fourth"); return err }, "LimitExceeded.VirtualMFADevice"},
		{"a second device for alice", bind("alice", "acs:ram::"+e.account+":mfa/spare", sprev, scur), "EntityAlreadyExists.User.MFADevice"},
		{"alice's device for bob", bind("bob", serial, prev, cur), "EntityAlreadyExists.VirtualMFADevice.User"},
		{"delete a bound device", func() error {
			return e.svc.DeleteVirtualMFADevice(ctx, e.root, ram.MFADeviceInput{SerialNumber: serial})
		}, "DeleteConflict.VirtualMFADevice.User"},
		{"delete a user with a device", func() error { return e.svc.DeleteUser(ctx, e.root, ram.UserInput{UserName: "alice"}) }, "DeleteConflict.User.MFADevice"},
	}
	for _, c := range after {
		e.unchanged(c.name, func() { wantCode(t, c.name, c.run(), c.code) })
	}

	unbound, err := e.svc.UnbindMFADevice(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil || unbound.SerialNumber != serial {
		t.Fatalf("UnbindMFADevice = %+v, %v", unbound, err)
	}
	// The codes accepted once are not accepted again, even for another user.
	wantCode(t, "replayed codes", bind("bob", serial, prev, cur)(), "CheckAuthenticationCodeFail")
	e.advance(30 * time.Second)
	prev, cur = e.codes(dev.Base32StringSeed)
	if err := bind("bob", serial, prev, cur)(); err != nil {
		t.Errorf("binding to bob with fresh codes: %v", err)
	}
	if _, err := e.svc.UnbindMFADevice(ctx, e.root, ram.UserInput{UserName: "bob"}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteVirtualMFADevice(ctx, e.root, ram.MFADeviceInput{SerialNumber: serial}); err != nil {
		t.Errorf("deleting an unbound device: %v", err)
	}
	wantCode(t, "delete twice", e.svc.DeleteVirtualMFADevice(ctx, e.root, ram.MFADeviceInput{SerialNumber: serial}), "EntityNotExist.VirtualMFADevice")
}

func TestMFASelfService(t *testing.T) { forEachBackend(t, testMFASelfService) }

func testMFASelfService(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob")
	bob := e.user("bob")

	// A new account lets users manage their own MFA device.
	dev, err := e.svc.CreateVirtualMFADevice(ctx, bob, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "bob"})
	if err != nil {
		t.Fatalf("CreateVirtualMFADevice by bob: %v", err)
	}
	prev, cur := e.codes(dev.Base32StringSeed)
	if err := e.svc.BindMFADevice(ctx, bob, ram.BindMFADeviceInput{SerialNumber: dev.SerialNumber, AuthenticationCode1: prev, AuthenticationCode2: cur}); err != nil {
		t.Fatalf("BindMFADevice by bob to himself: %v", err)
	}
	if info, err := e.svc.GetUserMFAInfo(ctx, bob, ram.UserInput{}); err != nil || info.SerialNumber != dev.SerialNumber {
		t.Errorf("GetUserMFAInfo of himself = %+v, %v", info, err)
	}
	_, err = e.svc.GetUserMFAInfo(ctx, bob, ram.UserInput{UserName: "alice"})
	denial(t, "GetUserMFAInfo of alice", err)
	_, err = e.svc.ListVirtualMFADevices(ctx, bob, ram.Request{})
	denial(t, "ListVirtualMFADevices needs a policy", err)

	e.settings(func(a *store.Account) { a.SecurityPreference.AllowUserToManageMFADevices = false })
	_, err = e.svc.UnbindMFADevice(ctx, bob, ram.UserInput{})
	denial(t, "UnbindMFADevice with self-service off", err)
	_, err = e.svc.CreateVirtualMFADevice(ctx, bob, ram.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "bob2"})
	denial(t, "CreateVirtualMFADevice with self-service off", err)

	// The root has no virtual MFA device of its own here: it must name a user.
	_, err = e.svc.GetUserMFAInfo(ctx, e.root, ram.UserInput{})
	wantCode(t, "the root's own MFA device", err, "MissingParameter")
}
