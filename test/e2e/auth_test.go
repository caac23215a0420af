package e2e_test

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestAuthentication covers the gateway's answers to requests that are not what they claim:
// each error code the SDK can meet before an action runs.
func TestAuthentication(t *testing.T) {
	s := startAPI(t)
	get := func() *ram.GetUserRequest {
		r := ram.CreateGetUserRequest()
		r.UserName = "nobody"
		return r
	}

	t.Run("unknown AccessKey", func(t *testing.T) {
		_, err := s.ramClient(t, credentials{id: "LTAI00000000000000000000", secret: "x"}).GetUser(get())
		wantError(t, err, 404, "InvalidAccessKeyId.NotFound")
	})

	t.Run("wrong secret", func(t *testing.T) {
		_, err := s.ramClient(t, credentials{id: s.root.id, secret: "not-the-secret"}).GetUser(get())
		se := wantError(t, err, 400, "SignatureDoesNotMatch")
		// The SDK compares the server's string to sign with its own: the same string means a
		// wrong secret.
		if !strings.Contains(se.Recommend(), "InvalidAccessKeySecret") {
			t.Errorf("Recommend = %q, want the SDK's wrong-secret hint", se.Recommend())
		}
	})

	t.Run("tampered parameter", func(t *testing.T) {
		c := s.ramClient(t, s.root)
		c.SetTransport(editTransport{func(q url.Values) { q.Set("UserName", "root-ish") }})
		_, err := c.GetUser(get())
		se := wantError(t, err, 400, "SignatureDoesNotMatch")
		if strings.Contains(se.Recommend(), "InvalidAccessKeySecret") {
			t.Errorf("Recommend = %q: the strings to sign differ, so it is not the secret", se.Recommend())
		}
	})

	t.Run("old timestamp", func(t *testing.T) {
		for ts, code := range map[string]string{
			time.Now().UTC().Add(-20 * time.Minute).Format("2006-01-02T15:04:05Z"): "InvalidTimeStamp.Expired",
			time.Now().UTC().Add(20 * time.Minute).Format("2006-01-02T15:04:05Z"):  "InvalidTimeStamp.Expired",
			"yesterday": "InvalidTimeStamp.Format",
		} {
			c := s.ramClient(t, s.root)
			c.SetTransport(editTransport{func(q url.Values) { q.Set("Timestamp", ts) }})
			_, err := c.GetUser(get())
			wantError(t, err, 400, code)
		}
	})

	t.Run("replay", func(t *testing.T) {
		c := s.ramClient(t, s.root)
		capture := &captureTransport{}
		c.SetTransport(capture)
		c.GetUser(get())
		r := capture.reqs[0]
		if status, body := send(t, r); status != 404 || !strings.Contains(body, "EntityNotExist.User") {
			t.Fatalf("first use: %d %s", status, body)
		}
		if status, body := send(t, r); status != 400 || !strings.Contains(body, `"Code":"SignatureNonceUsed"`) {
			t.Errorf("replay: %d %s", status, body)
		}
	})

	t.Run("concurrent replays", func(t *testing.T) {
		c := s.ramClient(t, s.root)
		capture := &captureTransport{}
		c.SetTransport(capture)
		c.GetUser(get())
		r := capture.reqs[0]
		const n = 32
		var wg sync.WaitGroup
		codes := make(chan string, n)
		for range n {
			wg.Go(func() {
				status, body := send(t, r)
				switch {
				case status == 404:
					codes <- "accepted"
				case strings.Contains(body, "SignatureNonceUsed"):
					codes <- "replay"
				default:
					codes <- body
				}
			})
		}
		wg.Wait()
		close(codes)
		count := map[string]int{}
		for c := range codes {
			count[c]++
		}
		if count["accepted"] != 1 || count["replay"] != n-1 {
			t.Errorf("%d identical requests: %v, want exactly one accepted", n, count)
		}
	})

	t.Run("missing parameter", func(t *testing.T) {
		_, err := s.ramClient(t, s.root).GetUser(ram.CreateGetUserRequest())
		se := wantError(t, err, 400, "MissingParameter")
		if want := `The input parameter "UserName" that is mandatory for processing this request is not supplied.`; se.Message() != want {
			t.Errorf("Message = %q, want %q", se.Message(), want)
		}
	})

	t.Run("unknown action and version", func(t *testing.T) {
		c := s.ramClient(t, s.root)
		for _, tt := range []struct {
			version, action string
			status          int
			code            string
		}{
			{"2015-05-01", "Frobnicate", 404, "InvalidAction.NotFound"},
			{"2015-05-01", "AssumeRole", 404, "InvalidAction.NotFound"},
			{"2019-08-15", "GetUser", 400, "InvalidVersion"},
		} {
			r := requests.NewCommonRequest()
			r.Method, r.Scheme, r.Domain = "POST", "http", s.host
			r.Product, r.Version, r.ApiName = "Ram", tt.version, tt.action
			_, err := c.ProcessCommonRequest(r)
			wantError(t, err, tt.status, tt.code)
		}
	})
}

// TestThrottling: a client over its AccessKey's rate gets Throttling.User (429) until the
// bucket refills, on every API: the budget is one, whichever API spends it.
func TestThrottling(t *testing.T) {
	s := startAPI(t, "--rate-limit-per-access-key", "1", "--rate-limit-burst", "3")
	c := s.ramClient(t, s.root)
	var err error
	for i := 0; i < 10 && err == nil; i++ {
		_, err = c.ListUsers(ram.CreateListUsersRequest())
	}
	wantError(t, err, 429, "Throttling.User")
	_, err = s.paiClient(t, s.root).ListWorkspaces(aiworkspace.CreateListWorkspacesRequest())
	wantError(t, err, 429, "Throttling.User")

	// The AIWorkspace API alone runs out too.
	s = startAPI(t, "--rate-limit-per-access-key", "1", "--rate-limit-burst", "3")
	pai := s.paiClient(t, s.root)
	err = nil
	for i := 0; i < 10 && err == nil; i++ {
		_, err = pai.ListWorkspaces(aiworkspace.CreateListWorkspacesRequest())
	}
	wantError(t, err, 429, "Throttling.User")
}
