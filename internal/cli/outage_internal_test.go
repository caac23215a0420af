package cli

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/bootstrap"
)

// While PostgreSQL is down, every API answers RAM's retryable HTTP 503 ServiceUnavailable in its
// own error format, not 500 InternalError; a write it refused is not there once the database is
// back, and a write acknowledged before the outage is.
func TestStoreOutageAnswersServiceUnavailable(t *testing.T) {
	root := newRoot()
	n, db := startPostgresNode(t, root, &apiOptions{})
	if x := n.rpc(t, n.c, "", "CreateUser", map[string]string{"UserName": "before"}); x.status != http.StatusOK {
		t.Fatalf("CreateUser before the outage = %d %s", x.status, x.body)
	}
	console := n.consoleLogon(t, root)

	db.down()
	const message = "The request has failed due to a temporary failure of the server."
	tests := []struct {
		name string
		call func() answer
		xml  bool
	}{
		{"RAM write", func() answer { return n.rpc(t, n.c, "", "CreateUser", map[string]string{"UserName": "during"}) }, false},
		{"RAM read, XML", func() answer {
			return n.rpc(t, n.c, "", "GetUser", map[string]string{"UserName": "before", "Format": "XML"})
		}, true},
		{"STS", func() answer {
			body, err := n.c.Sign("2015-04-01", "GetCallerIdentity", nil)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest(http.MethodPost, n.url+"/", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return do(t, req)
		}, false},
		{"AIWorkspace", func() answer { return n.roa(t, "GET", "/api/v1/workspaces", "", nil) }, false},
		// Without a nonce, authentication writes nothing: the domain's own read is what fails.
		{"AIWorkspace read, no nonce", func() answer { return do(t, n.roaWithoutNonce(t, "GET", "/api/v1/workspaces")) }, false},
		{"activation API", func() answer { return n.roa(t, "GET", "/authz/v1/dependent-services?Module=DLC", "", nil) }, false},
		{"decision API", func() answer { return n.roa(t, "POST", "/authz/v1/check", "", checkBody(t, 0)) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.call()
			var e struct{ Code, Message, RequestId, HostId string }
			if tt.xml {
				if err := xml.Unmarshal([]byte(a.body), &e); err != nil {
					t.Fatalf("%d %s: not RAM's XML error: %v", a.status, a.body, err)
				}
			} else if err := json.Unmarshal([]byte(a.body), &e); err != nil {
				t.Fatalf("%d %s: not RAM's JSON error: %v", a.status, a.body, err)
			}
			if a.status != http.StatusServiceUnavailable || e.Code != "ServiceUnavailable" || e.Message != message {
				t.Errorf("with the database down: %d %s, want 503 ServiceUnavailable %q", a.status, a.body, message)
			}
			if e.RequestId == "" || e.HostId == "" {
				t.Errorf("error %s lacks RequestId or HostId", a.body)
			}
		})
	}

	t.Run("Alibaba Cloud SDK", func(t *testing.T) {
		c, err := ram.NewClientWithAccessKey("cn-hangzhou", root.AccessKeyID, root.AccessKeySecret.Reveal())
		if err != nil {
			t.Fatal(err)
		}
		c.Domain = strings.TrimPrefix(n.url, "http://")
		req := ram.CreateCreateUserRequest()
		req.UserName = "sdk"
		_, err = c.CreateUser(req)
		var se *sdkerrors.ServerError
		if !errors.As(err, &se) || se.HttpStatus() != http.StatusServiceUnavailable || se.ErrorCode() != "ServiceUnavailable" ||
			se.Message() != message || se.RequestId() == "" {
			t.Errorf("CreateUser through the SDK with the database down: %v, want a 503 ServiceUnavailable ServerError with a RequestId", err)
		}
	})
	t.Run("console", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			req  func() (*http.Response, error)
		}{
			{"a page", func() (*http.Response, error) { return console.Get(n.url + "/console/users") }},
			{"signing in", func() (*http.Response, error) {
				return console.PostForm(n.url+"/console/logon", url.Values{"logon_name": {"nobody@x"}, "password": {"Some-Pa55word"}})
			}},
		} {
			resp, err := tt.req()
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "ServiceUnavailable") ||
				!strings.Contains(string(body), "Try again in a moment.") {
				t.Errorf("%s with the database down: %d %s, want 503 naming ServiceUnavailable", tt.name, resp.StatusCode, body)
			}
		}
	})

	db.up(t)
	if resp, err := console.Get(n.url + "/console/users"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the console once the database is back: %v %v, want 200 in the same session", resp.StatusCode, err)
	} else {
		resp.Body.Close()
	}
	x := n.rpc(t, n.c, "", "ListUsers", nil)
	if x.status != http.StatusOK {
		t.Fatalf("ListUsers once the database is back = %d %s", x.status, x.body)
	}
	if !strings.Contains(x.body, `"before"`) || strings.Contains(x.body, `"during"`) || strings.Contains(x.body, `"sdk"`) {
		t.Errorf("users once the database is back: %s; want the acknowledged write and not the refused one", x.body)
	}
}

// consoleLogon signs in to n's console as the root and returns a client holding the session.
func (n *node) consoleLogon(t *testing.T, root bootstrap.Credentials) *http.Client {
	t.Helper()
	x := n.rpc(t, n.c, "", "GetCallerIdentity", map[string]string{"Version": "2015-04-01"})
	var id struct{ AccountId string }
	if err := json.Unmarshal([]byte(x.body), &id); err != nil || id.AccountId == "" {
		t.Fatalf("GetCallerIdentity = %d %s", x.status, x.body)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(n.url+"/console/logon", url.Values{"logon_name": {id.AccountId}, "password": {root.Password.Reveal()}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("console logon = %d", resp.StatusCode)
	}
	return c
}

// roaWithoutNonce is a ROA request on n signed by the root without x-acs-signature-nonce (ROA
// signature v1 does not require one), so that authenticating it writes nothing.
func (n *node) roaWithoutNonce(t *testing.T, method, path string) *http.Request {
	t.Helper()
	req, _ := http.NewRequest(method, n.url+path, nil)
	if err := n.c.SignROA(req, nil, ""); err != nil {
		t.Fatal(err)
	}
	req.Header.Del("x-acs-signature-nonce")
	toSign, err := authn.ROAStringToSign(req.Method, req.Header, req.URL.Path, req.URL.Query())
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "acs "+n.c.AccessKeyID+":"+authn.SignROA(toSign, n.c.AccessKeySecret.Reveal()))
	return req
}
