package cli

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// TestLoadInProcess measures the API as `rampart serve` builds it, in this process, over
// loopback, so that one CPU profile covers server and load generator (go test -cpuprofile):
//
//   - "store": signature nonces recorded in the store, as serve does;
//   - "memory": nonces kept in memory only, not durable: the ceiling of everything else.
//
// It runs only when RAMPART_LOAD is set to a duration per action (RAMPART_LOAD_CLIENTS changes
// the 64 clients; -run TestLoadInProcess/store/GetUser picks one run); test/e2e's TestLoad
// measures the binary itself:
//
//	RAMPART_LOAD=10s go test -count=1 -run TestLoadInProcess -v ./internal/cli
func TestLoadInProcess(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("RAMPART_LOAD"))
	if err != nil {
		t.Skip("set RAMPART_LOAD to a duration to run the load test")
	}
	t.Run("store", func(t *testing.T) { loadInProcess(t, d, nil) })
	t.Run("memory", func(t *testing.T) {
		loadInProcess(t, d, func(_ context.Context, b []authn.Nonce) ([]bool, error) {
			fresh := make([]bool, len(b))
			for i := range fresh {
				fresh[i] = true
			}
			return fresh, nil
		})
	})
}

func loadInProcess(t *testing.T, d time.Duration, nonces authn.NonceWriter) {
	clients := 64
	if n, err := strconv.Atoi(os.Getenv("RAMPART_LOAD_CLIENTS")); err == nil {
		clients = n
	}
	ids := secrets.NewIDGen(nil)
	root := bootstrap.Credentials{AccessKeyID: ids.AccessKeyID(), AccessKeySecret: ids.AccessKeySecret(), Password: ids.Password()}
	url := startNode(t, filepath.Join(t.TempDir(), "data"), root, &apiOptions{nonces: nonces}).url
	ctx := t.Context()

	c := &client.Client{Endpoint: url, AccessKeyID: root.AccessKeyID, AccessKeySecret: root.AccessKeySecret,
		HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}}
	for i := range 20 {
		resp, err := c.Call(ctx, "2015-05-01", "CreateUser", map[string]string{"UserName": fmt.Sprintf("user%02d", i)})
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
		t.Run(tt.action, func(t *testing.T) {
			o := client.LoadOptions{Version: "2015-05-01", Action: tt.action, Params: tt.params, Clients: clients, Duration: time.Second}
			client.Load(ctx, c, o) // warm up
			o.Duration = d
			before := processCPU()
			r := client.Load(ctx, c, o)
			cpu := processCPU() - before
			t.Logf("%d clients, %v: %s; CPU per request (server and load generator): %.0f µs",
				clients, d, r, float64(cpu.Microseconds())/float64(max(r.Requests, 1)))
			if r.Errors > 0 {
				t.Errorf("%s: %s", tt.action, r.FirstError)
			}
		})
	}
}

// processCPU is the user and system CPU time this process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
