package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"
)

// TestServeMountsAPIRoutes: routes from a mountFunc are served beside /healthz, and they see
// what serve built (here: the bootstrapped account).
func TestServeMountsAPIRoutes(t *testing.T) {
	mount := func(mux *http.ServeMux, a *app) error {
		mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, a.root.AccountID)
		})
		return nil
	}
	cmd := newServeCommand(func(string) (string, bool) { return "", false }, mount)
	cmd.SetArgs([]string{"--listen", "127.0.0.1:0", "--data", t.TempDir()})
	logs := &lockedBuffer{}
	cmd.SetErr(logs)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	addrRE := regexp.MustCompile(`msg=listening addr=(\S+)`)
	accountRE := regexp.MustCompile(`account_id=(\d{16})`)
	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil; m = addrRE.FindStringSubmatch(logs.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("no listening line:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	resp, err := http.Get("http://" + m[1] + "/hello")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	http.DefaultClient.CloseIdleConnections()
	want := accountRE.FindStringSubmatch(logs.String())
	if resp.StatusCode != http.StatusOK || want == nil || string(body) != want[1] {
		t.Errorf("GET /hello = %d %q, want the account ID from the log:\n%s", resp.StatusCode, body, logs)
	}
}

// lockedBuffer is written by the server's goroutines while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *lockedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *lockedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
