// Package e2e_test drives a real `rampart` binary: built once per test run with CGO off (as it
// ships), started as a child process on a free port, and stopped with SIGTERM.
package e2e_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// rampartBin is the binary TestMain builds; tests only read it.
var rampartBin string

func TestMain(m *testing.M) {
	if addr := os.Getenv(floorServerEnv); addr != "" { // TestLoadFloor's child
		fmt.Fprintln(os.Stderr, serveFloor(addr))
		os.Exit(1)
	}
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "rampart-e2e-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		rampartBin = filepath.Join(dir, "rampart")
		build := exec.Command("go", "build", "-o", rampartBin, "./cmd/rampart")
		build.Dir = filepath.Join("..", "..") // the module root
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "building rampart: %v\n%s", err, out)
			return 1
		}
		return m.Run()
	}())
}

// logBuffer collects a child's stderr while the test reads it.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// logLine is one JSON log line (the fields tests look at).
type logLine struct {
	Msg             string `json:"msg"`
	Level           string `json:"level"`
	Addr            string `json:"addr"`
	URL             string `json:"url"`
	AccountID       string `json:"account_id"`
	RootAccessKeyID string `json:"root_access_key_id"`
	CredentialsFile string `json:"credentials_file"`
}

func parseLogs(t *testing.T, logs string) []logLine {
	t.Helper()
	var lines []logLine
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		if l == "" {
			continue
		}
		var ll logLine
		if err := json.Unmarshal([]byte(l), &ll); err != nil {
			t.Fatalf("log line is not JSON: %q", l)
		}
		lines = append(lines, ll)
	}
	return lines
}

// findLog returns the first log line with message msg.
func findLog(t *testing.T, logs, msg string) (logLine, bool) {
	t.Helper()
	for _, l := range parseLogs(t, logs) {
		if l.Msg == msg {
			return l, true
		}
	}
	return logLine{}, false
}

// server is a running `rampart serve` child process.
type server struct {
	cmd  *exec.Cmd
	logs *logBuffer
	URL  string // http(s)://127.0.0.1:port
	done chan struct{}
}

// startServer runs `rampart serve --listen 127.0.0.1:0 --log-format json` plus args, with env
// added to the environment, and waits until it logs where it listens. The process is killed
// when the test ends if it is still running.
func startServer(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	s := &server{logs: &logBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(rampartBin, append([]string{"serve", "--listen", "127.0.0.1:0", "--log-format", "json"}, args...)...)
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout = s.logs
	s.cmd.Stderr = s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	deadline := time.After(15 * time.Second)
	for {
		if l, ok := findLog(t, s.logs.String(), "listening"); ok {
			s.URL = l.URL
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("rampart serve exited (%v) before listening:\n%s", s.cmd.ProcessState, s.logs)
		case <-deadline:
			t.Fatalf("rampart serve did not listen within 15s:\n%s", s.logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop sends SIGTERM and returns the exit code, failing the test if the process takes longer
// than within.
func (s *server) stop(t *testing.T, within time.Duration) int {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(within):
		t.Fatalf("rampart serve still running %v after SIGTERM:\n%s", within, s.logs)
	}
	return s.cmd.ProcessState.ExitCode()
}

// runRampart runs a short rampart command to completion.
func runRampart(t *testing.T, args ...string) (code int, output string) {
	t.Helper()
	cmd := exec.Command(rampartBin, args...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("rampart %v: %v", args, err)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// get fetches url with client and returns the status and body.
func get(t *testing.T, client *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}
