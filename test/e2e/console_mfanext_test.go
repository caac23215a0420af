package e2e_test

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// A user who must bind an MFA device and opens a page while the console asks for the device
// (a bookmark, a link) is sent to the binding step and, once the device is bound, lands on that
// page rather than on Users.
func TestConsoleBindMFAKeepsThePageAskedFor(t *testing.T) {
	s := startAPI(t)
	root := s.ramClient(t, s.root)
	cu := ram.CreateCreateUserRequest()
	cu.UserName = "erin"
	call(t, root.CreateUser, cu)
	const password = "Erin-Pa55word!"
	cp := ram.CreateCreateLoginProfileRequest()
	cp.UserName, cp.Password, cp.MFABindRequired = "erin", password, requests.NewBoolean(true)
	call(t, root.CreateLoginProfile, cp)
	au := ram.CreateAttachPolicyToUserRequest()
	au.PolicyType, au.PolicyName, au.UserName = "System", "AliyunRAMReadOnlyAccess", "erin"
	call(t, root.AttachPolicyToUser, au)

	c := openConsole(t, s.URL)
	c.open("/console/")
	c.logon("erin@"+s.account, password)
	c.sees("the binding step", "Bind an MFA device")
	c.open("/console/policies?q=Aliyun")
	c.sees("sent back to the binding step", "Bind an MFA device")
	seed := c.text("#mfa-secret")
	now := time.Now()
	c.do("two consecutive codes", typeInto("#code1", totpCode(t, seed, now.Add(-60*time.Second))), typeInto("#code2", totpCode(t, seed, now.Add(-30*time.Second))))
	c.follow("Bind and continue", `//button[normalize-space()="Bind and continue"]`)
	if got := eval[string](c, "location.pathname + location.search"); got != "/console/policies?q=Aliyun" {
		t.Errorf("after binding the browser is at %q, want the page asked for, /console/policies?q=Aliyun", got)
	}
	c.sees("the policies page", "Policies")
}
