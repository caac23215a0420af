package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// An administrator requires MFA for dave through the API (CreateLoginProfile with
// MFABindRequired); on his first logon the console makes him bind a virtual MFA device before
// anything else, with two consecutive codes computed here as his authenticator app would; the
// next logon asks for a code of that device.
func TestConsoleBindMFAOnLogon(t *testing.T) {
	start := time.Now()
	s := startAPI(t)
	root := s.ramClient(t, s.root)
	cu := ram.CreateCreateUserRequest()
	cu.UserName = "dave"
	call(t, root.CreateUser, cu)
	const password = "Dave-Pa55word!"
	cp := ram.CreateCreateLoginProfileRequest()
	cp.UserName, cp.Password, cp.MFABindRequired = "dave", password, requests.NewBoolean(true)
	call(t, root.CreateLoginProfile, cp)
	au := ram.CreateAttachPolicyToUserRequest()
	au.PolicyType, au.PolicyName, au.UserName = "System", "AliyunRAMReadOnlyAccess", "dave"
	call(t, root.AttachPolicyToUser, au)

	c := openConsole(t, s.URL)
	c.open("/console/")
	c.logon("dave@"+s.account, password)
	c.sees("the binding step", "Bind an MFA device", "Secret key (Base32)")
	c.screenshot("bind-mfa")

	// Nothing else opens until the device is bound.
	c.open("/console/users")
	c.sees("sent back to the binding step", "Bind an MFA device")

	seed := c.text("#mfa-secret")
	if uri := c.text("#mfa-uri"); !strings.HasPrefix(uri, "otpauth://totp/") || !strings.Contains(uri, "secret="+seed) {
		t.Errorf("the key URI %q does not hold the seed %q", uri, seed)
	}
	now := time.Now()
	c.do("a wrong second code", typeInto("#code1", totpCode(t, seed, now.Add(-60*time.Second))), typeInto("#code2", "000000"))
	c.follow("Bind and continue", `//button[normalize-space()="Bind and continue"]`)
	c.sees("the codes refused", "The MFA authentication codes are not valid.")
	if again := c.text("#mfa-secret"); again != seed {
		t.Errorf("after a wrong code the page shows seed %q, first %q", again, seed)
	}
	c.do("two consecutive codes", typeInto("#code1", totpCode(t, seed, now.Add(-60*time.Second))), typeInto("#code2", totpCode(t, seed, now.Add(-30*time.Second))))
	c.follow("Bind and continue", `//button[normalize-space()="Bind and continue"]`)
	c.sees("dave in the console", "Identities > Users", "dave")
	if who := c.text(".who"); who != "dave@"+s.account+".onaliyun.com" {
		t.Errorf("signed in as %q", who)
	}

	gi := ram.CreateGetUserMFAInfoRequest()
	gi.UserName = "dave"
	if m := call(t, root.GetUserMFAInfo, gi).MFADevice; m.SerialNumber != "acs:ram::"+s.account+":mfa/dave" {
		t.Errorf("GetUserMFAInfo after binding: %+v", m)
	}

	c.logout()
	c.logon("dave@"+s.account, password)
	c.sees("the MFA step", "MFA verification")
	c.do("MFA code", typeInto("#code", totpCode(t, seed, time.Now())))
	c.follow("Verify", `//button[normalize-space()="Verify"]`)
	c.sees("dave back in the console", "Identities > Users")
	c.logout()
	c.sees("logged out", "You have logged out.")
	t.Logf("binding MFA at logon in Chromium took %v", time.Since(start).Round(time.Millisecond))
}
