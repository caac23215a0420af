package cli

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// X-Rampart-Min-Revision is waited for only once the caller is authenticated: a request that is
// unsigned, or signed with a wrong secret, gets its authentication error at once, however far
// ahead the revision it names, so an anonymous client cannot make a node wait and poll its store.
func TestMinRevisionIsNotWaitedForUnauthenticatedCallers(t *testing.T) {
	wait := 2 * time.Second
	root := newRoot()
	n := startNode(t, t.TempDir(), root, &apiOptions{consistencyWait: wait})
	future := "1000000"
	forger := &client.Client{AccessKeyID: root.AccessKeyID, AccessKeySecret: secrets.Secret("not-the-secret-0123456789")}
	forged := &node{url: n.url, c: forger}
	console := n.consoleLogon(t, root)

	tests := []struct {
		name       string
		call       func() answer
		wantStatus int
		wantCode   string
	}{
		{"RPC unsigned", func() answer {
			req, _ := http.NewRequest(http.MethodPost, n.url+"/", strings.NewReader("Action=GetUser&Version=2015-05-01&UserName=alice"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(consistency.MinRevisionHeader, future)
			return do(t, req)
		}, 400, "MissingAccessKeyId"},
		{"RPC badly signed", func() answer { return forged.rpc(t, forger, future, "GetUser", map[string]string{"UserName": "alice"}) },
			400, "SignatureDoesNotMatch"},
		{"AIWorkspace unsigned", func() answer {
			req, _ := http.NewRequest(http.MethodGet, n.url+"/api/v1/workspaces", nil)
			req.Header.Set(consistency.MinRevisionHeader, future)
			return do(t, req)
		}, 400, "IncompleteSignature"},
		{"AIWorkspace badly signed", func() answer { return forged.roa(t, "GET", "/api/v1/workspaces", future, nil) },
			400, "SignatureDoesNotMatch"},
		{"decision API badly signed", func() answer { return forged.roa(t, "POST", "/authz/v1/check", future, checkBody(t, 0)) },
			400, "SignatureDoesNotMatch"},
		{"activation API badly signed", func() answer {
			return forged.roa(t, "GET", "/authz/v1/dependent-services?Module=DLC", future, nil)
		}, 400, "SignatureDoesNotMatch"},
		{"console without a session", func() answer {
			req, _ := http.NewRequest(http.MethodGet, n.url+"/console/users", nil)
			req.Header.Set(consistency.MinRevisionHeader, future)
			resp, err := http.DefaultTransport.RoundTrip(req) // the redirect itself
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return answer{status: resp.StatusCode}
		}, http.StatusSeeOther, ""},
		// Signed (or signed in), the same revision is waited for: Lagging after the wait.
		{"RPC signed", func() answer { return n.rpc(t, n.c, future, "GetUser", map[string]string{"UserName": "alice"}) },
			503, "ServiceUnavailable.Lagging"},
		{"console signed in", func() answer {
			req, _ := http.NewRequest(http.MethodGet, n.url+"/console/users", nil)
			req.Header.Set(consistency.MinRevisionHeader, future)
			resp, err := console.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			code := ""
			if b, _ := io.ReadAll(resp.Body); strings.Contains(string(b), "ServiceUnavailable.Lagging") {
				code = "ServiceUnavailable.Lagging"
			}
			return answer{status: resp.StatusCode, body: `{"Code":"` + code + `"}`}
		}, 503, "ServiceUnavailable.Lagging"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			a := tt.call()
			took := time.Since(start)
			if a.status != tt.wantStatus || a.code() != tt.wantCode {
				t.Fatalf("got %d %s, want %d %s", a.status, a.body, tt.wantStatus, tt.wantCode)
			}
			switch signed := tt.wantCode == "ServiceUnavailable.Lagging"; {
			case signed && took < wait:
				t.Errorf("a signed request answered Lagging after %v, before --consistency-wait (%v)", took, wait)
			case !signed && took >= wait/2:
				t.Errorf("an unauthenticated request was refused after %v, want at once, not after waiting (--consistency-wait %v)", took, wait)
			}
		})
	}
}
