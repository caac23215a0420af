package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// TestLoad measures signed GetUser and ListUsers over loopback: keep-alive connections, 64
// concurrent clients, each sending its next request when the last one is answered, all signed
// as the root (RPC signature v1, a new nonce each). It runs only when RAMPART_LOAD is set (to a
// duration per action, such as 10s) and reports requests per second and latency percentiles:
//
//	RAMPART_LOAD=10s go test -run TestLoad -v ./test/e2e
//
// The load generator signs with package client rather than the SDK: it shares the two cores
// with the server, and the SDK spends several times more CPU per request than the server does.
func TestLoad(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("RAMPART_LOAD"))
	if err != nil {
		t.Skip("set RAMPART_LOAD to a duration to run the load test")
	}
	clients := 64
	if n, err := strconv.Atoi(os.Getenv("RAMPART_LOAD_CLIENTS")); err == nil {
		clients = n
	}
	data := filepath.Join(t.TempDir(), "data")
	url := startQuiet(t, data, loadServerArgs()...)
	var root rootCredentials
	raw, _ := os.ReadFile(filepath.Join(data, "root-credentials.json"))
	json.Unmarshal(raw, &root)
	c := &client.Client{Endpoint: url, AccessKeyID: root.AccessKeyId, AccessKeySecret: secrets.Secret(root.AccessKeySecret),
		HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}}

	for i := range 20 {
		resp, err := c.Call(context.Background(), "2015-05-01", "CreateUser", map[string]string{"UserName": fmt.Sprintf("user%02d", i)})
		if err != nil || !resp.OK() {
			t.Fatalf("CreateUser: %v %s", err, resp.Body)
		}
	}
	for _, tt := range []struct {
		action string
		params map[string]string
	}{
		{"GetUser", map[string]string{"UserName": "user07"}},
		{"ListUsers", map[string]string{"MaxItems": "20"}},
	} {
		r := client.Load(context.Background(), c, clients, d, "2015-05-01", tt.action, tt.params)
		t.Logf("%-9s %d clients, %v: %s", tt.action, clients, d, r)
		if r.Errors > 0 {
			t.Errorf("%s: %s", tt.action, r.FirstError)
		}
	}
}

// loadServerArgs are extra serve flags from RAMPART_LOAD_SERVE_ARGS (space-separated).
func loadServerArgs() []string { return strings.Fields(os.Getenv("RAMPART_LOAD_SERVE_ARGS")) }

// startQuiet runs `rampart serve` logging warnings only (an access-log line per request would
// cost the load test more than the server), on a free port, and waits for /healthz.
func startQuiet(t *testing.T, data string, args ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(rampartBin, append([]string{"serve", "--listen", addr, "--data", data, "--log-level", "warn"}, args...)...)
	var logs logBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	url := "http://" + addr
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return url
			}
		}
	}
	t.Fatalf("rampart serve did not become ready:\n%s", logs.String())
	return ""
}
