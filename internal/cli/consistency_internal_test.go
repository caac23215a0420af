package cli

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/config"
	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// node is one in-process `rampart serve` for the consistency tests.
type node struct {
	url string
	c   *client.Client
}

// startNode serves the whole API from dataDir until the test ends. Nodes started on one data
// directory share its SQLite database, like nodes on one PostgreSQL; with o.pollInterval long,
// a node learns of another's writes only when a request asks it to.
func startNode(t *testing.T, dataDir string, root bootstrap.Credentials, o *apiOptions) *node {
	t.Helper()
	return startNodeWith(t, root, o, func(cfg *config.Config) { cfg.DataDir = dataDir })
}

// startNodeWith is startNode with the configuration (a fresh data directory, SQLite) adjusted
// by setup.
func startNodeWith(t *testing.T, root bootstrap.Credentials, o *apiOptions, setup func(cfg *config.Config)) *node {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg := config.Default()
	cfg.Listen, cfg.DataDir, cfg.LogLevel = addr, filepath.Join(t.TempDir(), "data"), "error"
	setup(&cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, root, io.Discard, []mountFunc{o.mount}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	n := &node{url: "http://" + addr, c: &client.Client{Endpoint: "http://" + addr, AccessKeyID: root.AccessKeyID,
		AccessKeySecret: root.AccessKeySecret}}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(n.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return n
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("node not ready")
		}
	}
}

// answer is a response as these tests look at it.
type answer struct {
	status   int
	revision int64 // X-Rampart-Revision; 0 when absent
	body     string
}

// code is the error code of a JSON or XML error body.
func (a answer) code() string {
	var e struct{ Code string }
	if json.Unmarshal([]byte(a.body), &e) != nil {
		xml.Unmarshal([]byte(a.body), &e)
	}
	return e.Code
}

func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, body: string(b)}
	if v := resp.Header.Get(consistency.RevisionHeader); v != "" {
		if a.revision, err = strconv.ParseInt(v, 10, 64); err != nil {
			t.Fatalf("%s = %q", consistency.RevisionHeader, v)
		}
	}
	return a
}

// rpc calls a RAM action on n signed with c's key, sending minRevision as the
// X-Rampart-Min-Revision header unless it is "".
func (n *node) rpc(t *testing.T, c *client.Client, minRevision, action string, params map[string]string) answer {
	t.Helper()
	body, err := c.Sign("2015-05-01", action, params)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, n.url+"/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if minRevision != "" {
		req.Header.Set(consistency.MinRevisionHeader, minRevision)
	}
	return do(t, req)
}

// roa calls a ROA-style endpoint on n as the root.
func (n *node) roa(t *testing.T, method, path, minRevision string, body []byte) answer {
	t.Helper()
	req, _ := http.NewRequest(method, n.url+path, strings.NewReader(string(body)))
	contentType := ""
	if body != nil {
		contentType = "application/json"
	}
	if err := n.c.SignROA(req, body, contentType); err != nil {
		t.Fatal(err)
	}
	if minRevision != "" {
		req.Header.Set(consistency.MinRevisionHeader, minRevision)
	}
	return do(t, req)
}

func rev(n int64) string { return strconv.FormatInt(n, 10) }

func newRoot() bootstrap.Credentials {
	ids := secrets.NewIDGen(nil)
	return bootstrap.Credentials{AccessKeyID: ids.AccessKeyID(), AccessKeySecret: ids.AccessKeySecret(), Password: ids.Password()}
}

// Every API labels its answers with the revision they reflect, waits for the revision a request
// asks for, and refuses with ServiceUnavailable.Lagging (or InvalidParameter.MinRevision) in its
// own error format.
func TestConsistencyTokensOnEveryAPI(t *testing.T) {
	wait := 150 * time.Millisecond
	n := startNode(t, filepath.Join(t.TempDir(), "data"), newRoot(), &apiOptions{consistencyWait: wait})

	created := n.rpc(t, n.c, "", "CreateUser", map[string]string{"UserName": "alice"})
	if created.status != http.StatusOK || created.revision <= 0 {
		t.Fatalf("CreateUser = %+v, want 200 with %s", created, consistency.RevisionHeader)
	}
	again := n.rpc(t, n.c, "", "CreateUser", map[string]string{"UserName": "bob"})
	if again.revision <= created.revision {
		t.Errorf("a second write's revision %d is not after the first's %d", again.revision, created.revision)
	}
	read := n.rpc(t, n.c, rev(again.revision), "GetUser", map[string]string{"UserName": "alice"})
	if read.status != http.StatusOK || read.revision < again.revision {
		t.Errorf("GetUser at the write's revision = %+v, want 200 reflecting at least %d", read, again.revision)
	}
	future := rev(again.revision + 1000)

	tests := []struct {
		name       string
		call       func() answer
		wantStatus int
		wantCode   string
		xml        bool
	}{
		{"RPC lagging", func() answer { return n.rpc(t, n.c, future, "GetUser", map[string]string{"UserName": "alice"}) },
			503, "ServiceUnavailable.Lagging", false},
		{"RPC lagging, XML", func() answer {
			return n.rpc(t, n.c, future, "GetUser", map[string]string{"UserName": "alice", "Format": "XML"})
		}, 503, "ServiceUnavailable.Lagging", true},
		{"RPC malformed", func() answer { return n.rpc(t, n.c, "soon", "GetUser", map[string]string{"UserName": "alice"}) },
			400, "InvalidParameter.MinRevision", false},
		{"RPC malformed, XML", func() answer {
			return n.rpc(t, n.c, "-1", "GetUser", map[string]string{"UserName": "alice", "Format": "XML"})
		}, 400, "InvalidParameter.MinRevision", true},
		{"AIWorkspace lagging", func() answer { return n.roa(t, "GET", "/api/v1/workspaces", future, nil) },
			503, "ServiceUnavailable.Lagging", false},
		{"AIWorkspace malformed", func() answer { return n.roa(t, "GET", "/api/v1/workspaces", "1.5", nil) },
			400, "InvalidParameter.MinRevision", false},
		{"activation API lagging", func() answer { return n.roa(t, "GET", "/authz/v1/dependent-services?Module=DLC", future, nil) },
			503, "ServiceUnavailable.Lagging", false},
		{"decision API at a reached revision", func() answer {
			return n.roa(t, "POST", "/authz/v1/check", rev(again.revision), checkBody(t, 0))
		}, 200, "", false},
		{"decision API lagging by header", func() answer {
			return n.roa(t, "POST", "/authz/v1/check", future, checkBody(t, 0))
		}, 503, "ServiceUnavailable.Lagging", false},
		// Header and body together: the larger counts.
		{"decision API, body larger", func() answer {
			return n.roa(t, "POST", "/authz/v1/check", rev(again.revision), checkBody(t, again.revision+1000))
		}, 503, "ServiceUnavailable.Lagging", false},
		{"decision API malformed", func() answer { return n.roa(t, "POST", "/authz/v1/check", "x", checkBody(t, 0)) },
			400, "InvalidParameter.MinRevision", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			a := tt.call()
			took := time.Since(start)
			if a.status != tt.wantStatus || a.code() != tt.wantCode {
				t.Fatalf("got %d %s, want %d %s", a.status, a.body, tt.wantStatus, tt.wantCode)
			}
			if tt.xml != strings.HasPrefix(a.body, "<?xml") {
				t.Errorf("body %q: want XML = %v", a.body, tt.xml)
			}
			if tt.wantCode == "ServiceUnavailable.Lagging" {
				if took < wait {
					t.Errorf("answered Lagging after %v, before --consistency-wait (%v)", took, wait)
				}
				if want := "requested revision " + future; !strings.Contains(a.body, want) && !strings.Contains(tt.name, "body") {
					t.Errorf("message %q does not name %q", a.body, want)
				}
			}
			if tt.wantStatus == 200 && a.revision < again.revision {
				t.Errorf("%s = %d, want at least %d", consistency.RevisionHeader, a.revision, again.revision)
			}
			if tt.wantStatus != 200 && a.revision != 0 {
				t.Errorf("a refused request carries %s %d", consistency.RevisionHeader, a.revision)
			}
		})
	}
}

// checkBody is a decision API check of the root, with minRevision in the body when > 0.
func checkBody(t *testing.T, minRevision int64) []byte {
	b, err := json.Marshal(map[string]any{"principal": "acs:ram::1:root", "action": "ram:GetUser",
		"resource": "acs:ram::1:user/alice", "minRevision": minRevision})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A node that has not yet seen another node's revoke still honours it for a client that sends
// the revoke's revision: the wait comes before authorization, and after authentication the key
// is looked up again at the revision waited for, so a key deleted there is refused. Meanwhile a
// node that lags too long is taken out of rotation by /healthz.
func TestMinRevisionHonoursRevokes(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	root := newRoot()
	a := startNode(t, dataDir, root, &apiOptions{pollInterval: time.Hour})
	maxLag := 300 * time.Millisecond
	b := startNode(t, dataDir, root, &apiOptions{pollInterval: time.Hour, maxSnapshotLag: maxLag})

	mustOK := func(x answer, what string) answer {
		t.Helper()
		if x.status != http.StatusOK || x.revision <= 0 {
			t.Fatalf("%s = %+v", what, x)
		}
		return x
	}
	mustOK(a.rpc(t, a.c, "", "CreateUser", map[string]string{"UserName": "carol"}), "CreateUser")
	var key struct {
		AccessKey struct{ AccessKeyId, AccessKeySecret string }
	}
	created := mustOK(a.rpc(t, a.c, "", "CreateAccessKey", map[string]string{"UserName": "carol"}), "CreateAccessKey")
	if err := json.Unmarshal([]byte(created.body), &key); err != nil {
		t.Fatal(err)
	}
	carol := &client.Client{AccessKeyID: key.AccessKey.AccessKeyId, AccessKeySecret: secrets.Secret(key.AccessKey.AccessKeySecret)}
	granted := mustOK(a.rpc(t, a.c, "", "AttachPolicyToUser",
		map[string]string{"PolicyType": "System", "PolicyName": "AliyunRAMReadOnlyAccess", "UserName": "carol"}), "AttachPolicyToUser")
	getCarol := map[string]string{"UserName": "carol"}
	mustOK(b.rpc(t, carol, rev(granted.revision), "GetUser", getCarol), "GetUser on b after the grant, with its token")

	revoked := mustOK(a.rpc(t, a.c, "", "DetachPolicyFromUser",
		map[string]string{"PolicyType": "System", "PolicyName": "AliyunRAMReadOnlyAccess", "UserName": "carol"}), "DetachPolicyFromUser")
	// Without the token, b answers from the snapshot it has: the grant it has not seen revoked.
	if x := b.rpc(t, carol, "", "GetUser", getCarol); x.status != http.StatusOK {
		t.Fatalf("without a token b already refuses (%d %s): it follows a's writes, so this test proves nothing", x.status, x.body)
	}

	// b lacks a's revoke: ready for a while, then out of rotation.
	healthz := func(n *node) int {
		resp, err := http.Get(n.url + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := healthz(b); s != http.StatusOK {
		t.Errorf("b's /healthz just after falling behind = %d, want 200 (within --max-snapshot-lag)", s)
	}
	time.Sleep(maxLag)
	if s := healthz(b); s != http.StatusServiceUnavailable {
		t.Errorf("b's /healthz after lagging %v = %d, want 503", maxLag, s)
	}
	if s := healthz(a); s != http.StatusOK {
		t.Errorf("a's /healthz = %d, want 200", s)
	}

	if x := b.rpc(t, carol, rev(revoked.revision), "GetUser", getCarol); x.status != http.StatusForbidden || x.code() != "NoPermission" {
		t.Errorf("GetUser on b with the revoke's token = %d %s, want 403 NoPermission", x.status, x.body)
	}
	if s := healthz(b); s != http.StatusOK {
		t.Errorf("b's /healthz after catching up = %d, want 200", s)
	}

	deleted := mustOK(a.rpc(t, a.c, "", "DeleteAccessKey", map[string]string{"UserName": "carol", "UserAccessKeyId": carol.AccessKeyID}), "DeleteAccessKey")
	if x := b.rpc(t, carol, rev(deleted.revision), "GetUser", getCarol); x.code() != "InvalidAccessKeyId.NotFound" {
		t.Errorf("a deleted key with the deletion's token = %d %s, want InvalidAccessKeyId.NotFound", x.status, x.body)
	}
}

// The console honours X-Rampart-Min-Revision like the APIs, and refuses in its own HTML error
// page: a malformed header 400 InvalidParameter.MinRevision, a revision the node does not reach
// 503 ServiceUnavailable.Lagging; the sign-in it refused was not tried.
func TestConsoleRefusesMinRevisionWithItsPage(t *testing.T) {
	wait := 100 * time.Millisecond
	root := newRoot()
	n := startNode(t, filepath.Join(t.TempDir(), "data"), root, &apiOptions{consistencyWait: wait})
	created := n.rpc(t, n.c, "", "CreateUser", map[string]string{"UserName": "alice"})
	signedIn := n.consoleLogon(t, root) // the revision is waited for only for a signed-in person
	for _, c := range []struct {
		method, path, minRevision string
		client                    *http.Client
		status                    int
		code                      string
	}{
		{http.MethodGet, "/console/logon", "soon", http.DefaultClient, 400, "InvalidParameter.MinRevision"},
		{http.MethodPost, "/console/logon", "-1", http.DefaultClient, 400, "InvalidParameter.MinRevision"},
		{http.MethodGet, "/console/users", rev(created.revision + 1000), signedIn, 503, "ServiceUnavailable.Lagging"},
	} {
		var body io.Reader
		if c.method == http.MethodPost {
			body = strings.NewReader("logon_name=nobody&password=Wrong-Pa55word") // signing in would answer 401
		}
		req, _ := http.NewRequest(c.method, n.url+c.path, body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(consistency.MinRevisionHeader, c.minRevision)
		resp, err := c.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(string(b), "<code>"+c.code+"</code>") && !strings.Contains(string(b), "<h1>"+c.code+"</h1>") ||
			resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s %s with %s %q: %d %s\n%s\nwant %d and the console's page naming %s",
				c.method, c.path, consistency.MinRevisionHeader, c.minRevision, resp.StatusCode, resp.Header.Get("Content-Type"), b, c.status, c.code)
		}
	}
}
