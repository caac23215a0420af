package e2e_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeRefusesBeforeCreatingAnything: a start that cannot serve (the port is taken, the TLS
// files are wrong, the master key unusable) fails before it touches the data directory, with one
// error line (in the log's format) naming the flag to fix, so the operator does not find a new
// account and root credentials behind a failed start.
func TestServeRefusesBeforeCreatingAnything(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, keyFile, _ := selfSignedCert(t)
	otherCert, _, _ := selfSignedCert(t)

	tests := []struct {
		name string
		args []string
		want string // in the error line
	}{
		{"port in use", []string{"--listen", busy.Addr().String()}, "--listen " + busy.Addr().String()},
		{"TLS files missing", []string{"--tls-cert-file", "/nonexistent/tls.crt", "--tls-key-file", "/nonexistent/tls.key"}, "--tls-cert-file"},
		{"TLS key of another certificate", []string{"--tls-cert-file", otherCert, "--tls-key-file", keyFile}, "--tls-cert-file"},
		{"master key file is a directory", []string{"--master-key-file", t.TempDir()}, "--master-key-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			args := append([]string{"serve", "--listen", "127.0.0.1:0", "--data", data}, tt.args...)
			code, out := runRampart(t, args...)
			if code != 1 {
				t.Errorf("exit code = %d, want 1\n%s", code, out)
			}
			var errLines []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if strings.Contains(l, `level=ERROR msg="cannot serve"`) {
					errLines = append(errLines, l)
				}
			}
			if len(errLines) != 1 || !strings.Contains(errLines[0], tt.want) {
				t.Errorf("error lines = %q, want one naming %q\n%s", errLines, tt.want, out)
			}
			if strings.Contains(out, "created account") {
				t.Errorf("a failed start created the account:\n%s", out)
			}
			if entries, err := os.ReadDir(data); err == nil && len(entries) > 0 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("a failed start left %v in the data directory", names)
			}
		})
	}
}

// TestServeGivesUpOnASilentPostgres: a PostgreSQL that accepts connections and never answers (a
// hung server, a firewall that drops packets) fails the start with a clear error in seconds
// rather than leaving the node waiting silently for ever.
func TestServeGivesUpOnASilentPostgres(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		var held []net.Conn // answer nothing, close nothing
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()

	cmd := exec.Command(rampartBin, "serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--store", "postgres")
	cmd.Env = append(os.Environ(), "RAMPART_POSTGRES_DSN=postgres://rampart:secret@"+silent.Addr().String()+"/rampart?sslmode=disable")
	var out logBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("rampart serve still waiting for a silent PostgreSQL after 30s:\n%s", out.String())
	}
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit code = %d, want 1\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), `level=ERROR msg="cannot serve" err="open postgres store`) || strings.Contains(out.String(), "secret") {
		t.Errorf("want one error line about the store, without the password:\n%s", out.String())
	}
}

// TestSecondSignalStopsAtOnce: the first SIGTERM drains for up to --shutdown-timeout (after
// --drain-delay, if set); an operator who sends a second one (Ctrl-C twice) wants the process
// gone now, not in 30 s, whether it is draining or still in the delay.
func TestSecondSignalStopsAtOnce(t *testing.T) {
	for _, tt := range []struct {
		name  string
		delay string
	}{{"draining", "0s"}, {"in the drain delay", "30s"}} {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, nil, "--data", t.TempDir(), "--shutdown-timeout", "30s", "--drain-delay", tt.delay)
			// A request in flight: its body never finishes arriving.
			conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := conn.Write([]byte("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAction=")); err != nil {
				t.Fatal(err)
			}
			time.Sleep(200 * time.Millisecond) // let the server read the headers

			if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(5 * time.Second)
			for !strings.Contains(s.logs.String(), `"msg":"shutting down"`) {
				if time.Now().After(deadline) {
					t.Fatalf("no shutting-down line 5s after SIGTERM:\n%s", s.logs)
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			select {
			case <-s.done:
			case <-time.After(5 * time.Second):
				t.Fatalf("rampart serve still running 5s after a second SIGTERM:\n%s", s.logs)
			}
		})
	}
}
