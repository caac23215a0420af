package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/cli"
)

// syncBuffer is written by the server's goroutines while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serving is a `rampart serve` running in this process through cli.Main.
type serving struct {
	url    string
	stderr *syncBuffer
	cancel context.CancelFunc
	code   chan int
}

var listeningRE = regexp.MustCompile(`listening"? ?,?"?addr"?[=:]"?([0-9.:]+)`)

func startServe(t *testing.T, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{stderr: &syncBuffer{}, cancel: cancel, code: make(chan int, 1)}
	go func() {
		s.code <- cli.Main(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), &syncBuffer{}, s.stderr)
	}()
	t.Cleanup(func() { s.stop(t) })
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(s.stderr.String()); m != nil {
			s.url = "http://" + m[1]
			return s
		}
		select {
		case code := <-s.code:
			s.code <- code
			t.Fatalf("serve exited with %d before listening:\n%s", code, s.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not log a listening line within 10s:\n%s", s.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stop cancels the server as SIGTERM does and returns its exit code.
func (s *serving) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.code:
		s.code <- code
		return code
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s")
		return -1
	}
}

func runMain(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = cli.Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func accountID(t *testing.T, logs string) string {
	t.Helper()
	m := regexp.MustCompile(`account_id"?[=:]"?([0-9]{16})`).FindStringSubmatch(logs)
	if m == nil {
		t.Fatalf("no account_id in log:\n%s", logs)
	}
	return m[1]
}

func TestServeStartsAnswersAndStops(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	s := startServe(t, "--data", data)
	resp, err := http.Get(s.url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz = %d", resp.StatusCode)
	}
	http.DefaultClient.CloseIdleConnections()
	if code := s.stop(t); code != 0 {
		t.Errorf("exit code after cancel = %d, want 0:\n%s", code, s.stderr)
	}
	logs := s.stderr.String()
	for _, w := range []string{"msg=starting", "msg=\"created account\"", "msg=\"shutting down\"", "msg=stopped"} {
		if !strings.Contains(logs, w) {
			t.Errorf("log lacks %s:\n%s", w, logs)
		}
	}
	creds, err := os.ReadFile(filepath.Join(data, "root-credentials.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct{ AccountId, AccessKeyId, AccessKeySecret, Password string }
	if err := json.Unmarshal(creds, &c); err != nil {
		t.Fatal(err)
	}
	if c.AccountId != accountID(t, logs) || strings.Contains(logs, c.AccessKeySecret) || strings.Contains(logs, c.Password) {
		t.Errorf("credentials file %+v vs log:\n%s", c.AccountId, logs)
	}

	// Restart: same account; RAMPART_LOG_FORMAT switches to JSON through the environment.
	t.Setenv("RAMPART_LOG_FORMAT", "json")
	s2 := startServe(t, "--data", data)
	if code := s2.stop(t); code != 0 {
		t.Errorf("second run exit code = %d", code)
	}
	logs2 := s2.stderr.String()
	if !strings.Contains(logs2, `"msg":"using existing account"`) || accountID(t, logs2) != c.AccountId {
		t.Errorf("restart did not reuse account %s (or did not log JSON):\n%s", c.AccountId, logs2)
	}
}

// TestServeDrainDelay: with --drain-delay, cancelling serve (the first SIGTERM) turns /healthz to
// 503 while the API is still served, then the port closes and serve exits 0.
func TestServeDrainDelay(t *testing.T) {
	const delay = 2 * time.Second
	s := startServe(t, "--data", t.TempDir(), "--drain-delay", delay.String())
	client := &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	get := func(path string) (int, error) {
		resp, err := client.Get(s.url + path)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	if code, err := get("/healthz"); code != http.StatusOK {
		t.Fatalf("GET /healthz before the signal = %d %v", code, err)
	}
	begin := time.Now()
	s.cancel()
	for code, err := get("/healthz"); code != http.StatusServiceUnavailable; code, err = get("/healthz") {
		if err != nil || time.Since(begin) > delay {
			t.Fatalf("GET /healthz after the signal = %d %v, want 503 within the delay", code, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The console's sign-in page: a route of the API, answered without credentials.
	if code, err := get("/console/logon"); code != http.StatusOK || time.Since(begin) >= delay {
		t.Errorf("GET /console/logon during the delay = %d %v (%v after the signal), want 200", code, err, time.Since(begin))
	}
	select {
	case code := <-s.code:
		t.Fatalf("serve exited with %d %v after the signal, within the %v delay", code, time.Since(begin), delay)
	default:
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("exit code = %d, want 0:\n%s", code, s.stderr)
	}
	if d := time.Since(begin); d < delay {
		t.Errorf("serve exited %v after the signal, before the %v delay", d, delay)
	}
	if _, err := get("/healthz"); err == nil {
		t.Errorf("the port still answers after serve returned")
	}
	if logs := s.stderr.String(); !strings.Contains(logs, "drain_delay=2s") || !strings.Contains(logs, `msg="closing the listener"`) {
		t.Errorf("log lacks the delay:\n%s", logs)
	}
}

func TestServeRootCredentialsFromEnvironment(t *testing.T) {
	t.Setenv("RAMPART_ROOT_ACCESS_KEY_ID", "LTAIfromTheEnvironment01")
	t.Setenv("RAMPART_ROOT_ACCESS_KEY_SECRET", "secretFromTheEnvironment012345")
	t.Setenv("RAMPART_ROOT_PASSWORD", "Env-Pa55word!")
	data := t.TempDir()
	s := startServe(t, "--data", data)
	s.stop(t)
	logs := s.stderr.String()
	if !strings.Contains(logs, "root_access_key_id=LTAIfromTheEnvironment01") || !strings.Contains(logs, "credentials=environment") {
		t.Errorf("log does not show the provided key:\n%s", logs)
	}
	if strings.Contains(logs, "secretFromTheEnvironment") || strings.Contains(logs, "Env-Pa55word") {
		t.Errorf("log contains a provided secret")
	}
	if _, err := os.Stat(filepath.Join(data, "root-credentials.json")); !os.IsNotExist(err) {
		t.Errorf("root-credentials.json written for provided credentials (err %v)", err)
	}
}

func TestServeRejectsBadFlagsWithEveryProblem(t *testing.T) {
	code, _, stderr := runMain("serve", "--listen", "nope", "--store", "mysql", "--log-format", "xml", "--tls-cert-file", "c.pem")
	if code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
	for _, w := range []string{"--listen", "--store", "--log-format", "--tls-cert-file and --tls-key-file"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	t.Setenv("RAMPART_STORE", "postgres")
	if code, _, stderr := runMain("serve"); code != 2 || !strings.Contains(stderr, "needs --postgres-dsn") {
		t.Errorf("RAMPART_STORE=postgres without a DSN: exit %d, stderr %q", code, stderr)
	}
	t.Setenv("RAMPART_STORE", "sqlite")
	if code, _, stderr := runMain("serve", "--gc-percent", "-1"); code != 2 || !strings.Contains(stderr, "--gc-percent") {
		t.Errorf("--gc-percent -1: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runMain("serve", "--drain-delay", "-1s"); code != 2 || !strings.Contains(stderr, "--drain-delay -1s: must not be negative") {
		t.Errorf("--drain-delay -1s: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runMain("serve", "--console-logon-rate-limit", "-1"); code != 2 || !strings.Contains(stderr, "--console-logon-rate-limit -1: must not be negative") {
		t.Errorf("--console-logon-rate-limit -1: exit %d, stderr %q", code, stderr)
	}
}

// A bad value of an API flag is refused before serve creates anything: no data directory, no
// master key, no account made for a command line that was wrong.
func TestServeRejectsBadAPIFlagsBeforeCreatingData(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	code, _, stderr := runMain("serve", "--listen", "127.0.0.1:0", "--data", data, "--trusted-proxies", "10.0.0.1/99")
	if code != 2 || !strings.Contains(stderr, `--trusted-proxies "10.0.0.1/99": want a CIDR block`) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("the data directory was created for a wrong command line (err %v)", err)
	}
}

// Root credentials in the environment that could never be used are refused the same way: a
// key ID without its secret leaves no data directory and no master key behind.
func TestServeRejectsBadRootCredentialsBeforeCreatingData(t *testing.T) {
	t.Setenv("RAMPART_ROOT_ACCESS_KEY_ID", "LTAIwithoutItsSecret01")
	data := filepath.Join(t.TempDir(), "data")
	code, _, stderr := runMain("serve", "--listen", "127.0.0.1:0", "--data", data)
	if code != 2 || !strings.Contains(stderr, "RAMPART_ROOT_ACCESS_KEY_ID and RAMPART_ROOT_ACCESS_KEY_SECRET must be set together") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("the data directory was created for unusable root credentials (err %v)", err)
	}
}

// Negative limits and non-positive intervals are refused, every one at once, rather than
// quietly read as "no limit" or as the default.
func TestServeRejectsNegativeAPIFlags(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // a server that starts is stopped
	defer cancel()
	var errb syncBuffer
	code := cli.Main(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data", data,
		"--rate-limit-per-access-key", "-1", "--rate-limit-per-ip", "-1", "--rate-limit-burst", "-1",
		"--change-log-keep", "-1", "--snapshot-poll-interval", "0s", "--consistency-wait", "-1s", "--max-snapshot-lag", "-5s"},
		&syncBuffer{}, &errb)
	stderr := errb.String()
	if code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
	for _, w := range []string{"--rate-limit-per-access-key must not be negative", "--rate-limit-per-ip must not be negative",
		"--rate-limit-burst must not be negative", "--change-log-keep must not be negative",
		"--snapshot-poll-interval 0s: must be positive", "--consistency-wait -1s: must be positive",
		"--max-snapshot-lag -5s: must be positive"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("the data directory was created for a wrong command line (err %v)", err)
	}
}

func TestServeRefusesNewMasterKeyForExistingStore(t *testing.T) {
	data := t.TempDir()
	startServe(t, "--data", data).stop(t)
	if err := os.Remove(filepath.Join(data, "master.key")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runMain("serve", "--listen", "127.0.0.1:0", "--data", data)
	if code != 1 || !strings.Contains(stderr, "missing but the store already holds an account") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "master.key")); !os.IsNotExist(err) {
		t.Errorf("a new master key was created for the existing store")
	}
}

// keyFile is a setup of TestServeRefusesUnusableMasterKeyBeforeCreatingData: a key file outside
// the data directory with content and mode.
func keyFile(content string, mode os.FileMode) func(t *testing.T, data string) []string {
	return func(t *testing.T, _ string) []string {
		key := filepath.Join(t.TempDir(), "master.key")
		if err := os.WriteFile(key, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		return []string{"--master-key-file", key}
	}
}

// TestServeRefusesUnusableMasterKeyBeforeCreatingData: a master key file that is there but cannot
// be used fails the start before the store is opened, naming the flag, so no empty, migrated
// database is left behind.
func TestServeRefusesUnusableMasterKeyBeforeCreatingData(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, data string) []string // makes the key; returns extra flags
		want  string
	}{
		{"--master-key-file is a directory", func(t *testing.T, _ string) []string {
			return []string{"--master-key-file", t.TempDir()}
		}, "not a regular file"},
		{"<data>/master.key is a directory", func(t *testing.T, data string) []string {
			if err := os.MkdirAll(filepath.Join(data, "master.key"), 0o700); err != nil {
				t.Fatal(err)
			}
			return nil
		}, "not a regular file"},
		{"readable by others", keyFile("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", 0o644), "chmod 600"},
		{"not a key", keyFile("not a key\n", 0o600), "random bytes in base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			args := append([]string{"serve", "--listen", "127.0.0.1:0", "--data", data}, tt.setup(t, data)...)
			code, _, stderr := runMain(args...)
			if code != 1 || !strings.Contains(stderr, "--master-key-file") || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want 1 and an error naming --master-key-file (%s):\n%s", code, tt.want, stderr)
			}
			entries, _ := os.ReadDir(data)
			for _, e := range entries {
				if e.Name() != "master.key" {
					t.Errorf("a start refused for its master key left %s in the data directory", e.Name())
				}
			}
		})
	}
}

// TestServeLogsFatalErrorsInItsFormat: once the flags are valid, an error that ends serve is its
// last log line, in the --log-format (JSON here is one object a line, nothing else), not Main's
// plain "rampart: ..." line; a usage error stays plain, with the --help hint and exit status 2.
func TestServeLogsFatalErrorsInItsFormat(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	causes := []struct {
		name string
		args []string
		want string // in the error
	}{
		{"port in use", []string{"--listen", busy.Addr().String()}, "--listen " + busy.Addr().String()},
		{"master key is a directory", []string{"--master-key-file", t.TempDir()}, "--master-key-file"},
	}
	for _, c := range causes {
		t.Run("json/"+c.name, func(t *testing.T) {
			args := append([]string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--log-format", "json"}, c.args...)
			code, _, stderr := runMain(args...)
			if code != 1 {
				t.Errorf("exit code = %d, want 1", code)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			for _, l := range lines {
				if !json.Valid([]byte(l)) {
					t.Errorf("stderr line is not JSON: %q", l)
				}
			}
			var last struct{ Level, Msg, Err string }
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last.Level != "ERROR" ||
				last.Msg != "cannot serve" || !strings.Contains(last.Err, c.want) {
				t.Errorf("last line = %+v (%v), want level ERROR, msg \"cannot serve\", err naming %q:\n%s", last, err, c.want, stderr)
			}
		})
		t.Run("text/"+c.name, func(t *testing.T) {
			args := append([]string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir()}, c.args...)
			code, _, stderr := runMain(args...)
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			last := lines[len(lines)-1]
			if code != 1 || !strings.Contains(last, `level=ERROR msg="cannot serve" err=`) || !strings.Contains(last, c.want) ||
				strings.Contains(stderr, "rampart: ") {
				t.Errorf("exit %d; want 1 and a last line level=ERROR msg=\"cannot serve\" naming %q, no plain line:\n%s", code, c.want, stderr)
			}
		})
	}
	t.Run("usage error stays plain", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "data")
		code, _, stderr := runMain("serve", "--data", data, "--log-format", "json", "--shutdown-timeout", "0s")
		if code != 2 || !strings.HasPrefix(stderr, "rampart: --shutdown-timeout 0s: must be positive") || !strings.Contains(stderr, "Run 'rampart serve --help'") {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})
}

func TestServeHelp(t *testing.T) {
	code, stdout, _ := runMain("serve", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, w := range []string{"--listen", "--data", "--store", "--postgres-dsn", "--master-key-file", "--tls-cert-file",
		"--tls-key-file", "--log-level", "--log-format", "--shutdown-timeout", "--drain-delay", "--console-logon-rate-limit", "RAMPART_ROOT_ACCESS_KEY_ID",
		"root-credentials.json", "/healthz", "/metrics", "Examples:", "127.0.0.1:8080", "./rampart-data"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("serve --help lacks %q", w)
		}
	}
}

// TestServeStoppedWhileStarting: SIGTERM or SIGINT before the server is ready (here, before it
// starts at all) ends it as a stop does, exit 0 without an ERROR line, and the next start
// creates the account it did not get to.
func TestServeStoppedWhileStarting(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	code := cli.Main(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data", data}, &bytes.Buffer{}, &stderr)
	if code != 0 || strings.Contains(stderr.String(), "level=ERROR") || !strings.Contains(stderr.String(), `msg="stopped before it was ready"`) {
		t.Errorf("exit %d; want 0, no ERROR line and \"stopped before it was ready\":\n%s", code, stderr.String())
	}
	s := startServe(t, "--data", data)
	if !strings.Contains(s.stderr.String(), `msg="created account"`) {
		t.Errorf("the next start did not create the account:\n%s", s.stderr.String())
	}
}
