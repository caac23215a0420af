package cli

import (
	"io"
	"net/http"
	"testing"
	"time"
)

// A frozen PostgreSQL (connections accepted, never answered) makes /healthz answer "unavailable"
// within its own short deadline, not after the store's 10 s connect timeout: a load balancer's
// health check gives up after a few seconds, and a check that times out tells it less than a 503.
func TestHealthzAnswersPromptlyWhileTheDatabaseIsFrozen(t *testing.T) {
	n, db := startPostgresNode(t, newRoot(), &apiOptions{})
	get := func() (int, string, time.Duration) {
		t.Helper()
		start := time.Now()
		client := &http.Client{Timeout: 30 * time.Second}
		resp, err := client.Get(n.url + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), time.Since(start)
	}
	if code, body, _ := get(); code != http.StatusOK {
		t.Fatalf("GET /healthz before freezing = %d %s", code, body)
	}

	db.freeze()
	// Twice: the first check finds the pool's open connections hanging, the second has to
	// connect anew (to a server that accepts and never answers).
	for i := range 2 {
		code, body, took := get()
		if code != http.StatusServiceUnavailable || body != `{"status":"unavailable"}`+"\n" {
			t.Errorf("check %d: GET /healthz with the database frozen = %d %q, want 503 unavailable", i, code, body)
		}
		// The store's connect timeout is 10 s; the check's deadline is 2 s.
		if took > 5*time.Second {
			t.Errorf("check %d: GET /healthz with the database frozen took %v, want the check's short deadline, not the connect timeout", i, took)
		}
	}
}
