package cli_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestServeConsoleLogonRateLimit: `rampart serve` throttles console sign-in attempts at 10 a
// minute per client IP unless told otherwise; RAMPART_CONSOLE_LOGON_RATE_LIMIT=0 turns it off.
func TestServeConsoleLogonRateLimit(t *testing.T) {
	logon := func(t *testing.T, s *serving) int {
		t.Helper()
		resp, err := http.PostForm(s.url+"/console/logon", url.Values{"logon_name": {accountID(t, s.stderr.String())}, "password": {"Wrong-Pa55word"}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == http.StatusTooManyRequests && !strings.Contains(string(body), "Too many logon attempts from your address.") {
			t.Errorf("the throttled page does not say why:\n%.2000s", body)
		}
		return resp.StatusCode
	}
	t.Run("default", func(t *testing.T) {
		s := startServe(t, "--data", t.TempDir())
		start := time.Now()
		for i := range 10 {
			if got := logon(t, s); got != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d, want 401", i+1, got)
			}
		}
		// Ten a minute is one attempt back every 6 s: a machine slow enough to take longer over
		// the ten (each hashes a password) has earned that many more before the 429.
		for extra := 0; ; extra++ {
			got := logon(t, s)
			if got == http.StatusTooManyRequests {
				break
			}
			if earned := int(time.Since(start) / (6 * time.Second)); got != http.StatusUnauthorized || extra >= earned {
				t.Errorf("attempt %d, %v after the first: %d, want 429", 11+extra, time.Since(start).Round(time.Millisecond), got)
				break
			}
		}
	})
	t.Run("off", func(t *testing.T) {
		t.Setenv("RAMPART_CONSOLE_LOGON_RATE_LIMIT", "0")
		s := startServe(t, "--data", t.TempDir())
		for i := range 11 {
			if got := logon(t, s); got != http.StatusUnauthorized {
				t.Fatalf("attempt %d with the limit off: %d, want 401", i+1, got)
			}
		}
	})
	t.Run("a flag", func(t *testing.T) {
		s := startServe(t, "--data", t.TempDir(), "--console-logon-rate-limit", "2")
		for i, want := range []int{http.StatusUnauthorized, http.StatusUnauthorized, http.StatusTooManyRequests} {
			if got := logon(t, s); got != want {
				t.Errorf("attempt %d with --console-logon-rate-limit 2: %d, want %d", i+1, got, want)
			}
		}
	})
	http.DefaultClient.CloseIdleConnections()
}
