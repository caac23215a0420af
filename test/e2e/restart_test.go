package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestRestart: a used nonce is still refused after a restart, and STS credentials stop working
// when they expire. The minimum STS duration (900 s) equals the timestamp window, so the server's
// clock is shifted (the testing-only --clock-offset flag): credentials issued at -10 min expire 5 min
// from now, and are presented to a server at +10 min; both servers still accept the SDK's
// timestamps, which are within 15 minutes of either.
func TestRestart(t *testing.T) {
	before := startAPI(t, "--clock-offset", "-10m")
	a := newSTSAccount(t, before)
	session := a.assume(t, a.alice, "short", "", 900)

	get := ram.CreateGetUserRequest()
	get.UserName = "alice"
	call(t, a.ramClient(t, session).GetUser, get)

	capture := &captureTransport{}
	c := a.ramClient(t, a.root)
	c.SetTransport(capture)
	c.GetUser(get)
	signed := capture.reqs[0]
	if status, body := send(t, signed); status != 200 {
		t.Fatalf("first use: %d %s", status, body)
	}
	if code := before.stop(t, 10*time.Second); code != 0 {
		t.Fatalf("exit %d", code)
	}

	after := startAPIOn(t, before.data, "--clock-offset", "10m")
	signed.URL.Host = after.host // the signature does not cover the host
	if status, body := send(t, signed); status != 400 || !strings.Contains(body, `"Code":"SignatureNonceUsed"`) {
		t.Errorf("replay after a restart: %d %s", status, body)
	}
	// (A new request: the SDK stores the first server's address in a request it has sent.)
	get = ram.CreateGetUserRequest()
	get.UserName = "alice"
	_, err := after.ramClient(t, session).GetUser(get)
	wantError(t, err, 400, "InvalidSecurityToken.Expired")
	get = ram.CreateGetUserRequest()
	get.UserName = "alice"
	call(t, after.ramClient(t, after.root).GetUser, get) // long-term keys are unaffected
}
