package e2e_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// TestLoad measures signed GetUser and ListUsers against the rampart serve binary over loopback:
// keep-alive connections, 64 concurrent clients, every request signed afresh as the root (RPC
// signature v1, its own nonce, recorded durably by the server). It runs only when RAMPART_LOAD
// is set, to a duration per run:
//
//	RAMPART_LOAD=10s go test -count=1 -run 'TestLoad$' -v ./test/e2e
//	RAMPART_LOAD=10s RAMPART_LOAD_RATE=2000,5000,10000 go test -count=1 -run 'TestLoad$/GetUser' -v ./test/e2e
//
// Each action (a subtest) gets a closed-loop run (each client sends its next request when the
// last is answered: the most the server does) and, with RAMPART_LOAD_RATE (requests per second,
// comma-separated), an open-loop run at each rate (latency counted from when each request was
// due, so queueing shows; see client.LoadOptions).
// RAMPART_LOAD_CLIENTS changes the 64, RAMPART_LOAD_LOG_LEVEL the server's log level (info,
// as shipped, by default; the log goes to a file), RAMPART_LOAD_SERVE_ARGS adds serve flags.
//
// The load generator runs on the same machine as the server, so it takes CPU the server would
// otherwise have. Each run reports the CPU time both processes used per request, from
// /proc/<pid>/stat and getrusage: 1 s divided by the server's share is what the server could
// answer on its own, with the clients on another machine. The generator signs with package
// client, which costs a fraction of what the official SDK does per request.
func TestLoad(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("RAMPART_LOAD"))
	if err != nil {
		t.Skip("set RAMPART_LOAD to a duration to run the load test")
	}
	clients := envInt("RAMPART_LOAD_CLIENTS", 64)
	rates := loadRates(t)
	level := cmp.Or(os.Getenv("RAMPART_LOAD_LOG_LEVEL"), "info")
	data := filepath.Join(t.TempDir(), "data")
	url, server := startLoadServer(t, data, level, loadServerArgs()...)
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
	t.Logf("rampart serve --log-level %s, %d clients, %v per run, GOMAXPROCS %d on %d CPUs, load average %s",
		level, clients, d, runtime.GOMAXPROCS(0), runtime.NumCPU(), loadAverage())
	for _, tt := range []struct {
		action string
		params map[string]string
	}{
		{"GetUser", map[string]string{"UserName": "user07"}},
		{"ListUsers", map[string]string{"MaxItems": "20"}},
	} {
		t.Run(tt.action, func(t *testing.T) {
			o := client.LoadOptions{Version: "2015-05-01", Action: tt.action, Params: tt.params, Clients: clients}
			warm := o
			warm.Duration = time.Second
			client.Load(context.Background(), c, warm) // connections, caches
			for _, rate := range append([]float64{0}, rates...) {
				o.Duration, o.Rate = d, rate
				serverBefore, genBefore := processCPU(t, server), selfCPU()
				r := client.Load(context.Background(), c, o)
				serverCPU, genCPU := processCPU(t, server)-serverBefore, selfCPU()-genBefore
				loop := "closed loop"
				if rate > 0 {
					loop = fmt.Sprintf("open loop at %.0f/s", rate)
				}
				t.Logf("%s: %s; CPU per request: server %.0f µs, load generator %.0f µs",
					loop, r, perRequest(serverCPU, r.Requests), perRequest(genCPU, r.Requests))
				if r.Errors > 0 {
					t.Errorf("%s: %s", tt.action, r.FirstError)
				}
			}
		})
	}
}

// loadRates are the open-loop rates RAMPART_LOAD_RATE lists (requests per second, separated by
// commas or spaces).
func loadRates(t *testing.T) []float64 {
	t.Helper()
	var rates []float64
	for _, r := range strings.Fields(strings.ReplaceAll(os.Getenv("RAMPART_LOAD_RATE"), ",", " ")) {
		rate, err := strconv.ParseFloat(r, 64)
		if err != nil {
			t.Fatalf("RAMPART_LOAD_RATE: %v", err)
		}
		rates = append(rates, rate)
	}
	return rates
}

func perRequest(cpu time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(cpu.Microseconds()) / float64(n)
}

// loadServerArgs are extra serve flags from RAMPART_LOAD_SERVE_ARGS (space-separated).
func loadServerArgs() []string { return strings.Fields(os.Getenv("RAMPART_LOAD_SERVE_ARGS")) }

// startLoadServer runs `rampart serve` logging at level into a file (as a service's log goes to
// its journal, not through this process), on a free port, waits for /healthz and returns its URL
// and process.
func startLoadServer(t *testing.T, data, level string, args ...string) (string, *os.Process) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(rampartBin, append([]string{"serve", "--listen", addr, "--data", data, "--log-level", level}, args...)...)
	return startListening(t, cmd, addr, "rampart serve")
}

// freeAddr returns a loopback address whose port was free when asked.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startListening starts cmd, a server that will listen on addr, with its output in a file,
// stops it with SIGTERM when the test ends, and waits until GET /healthz answers 200. It returns
// the server's URL and process; a server that does not become ready fails the test with its
// output.
func startListening(t *testing.T, cmd *exec.Cmd, addr, what string) (string, *os.Process) {
	t.Helper()
	logs, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close() // the child has its own descriptor
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	url := "http://" + addr
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return url, cmd.Process
			}
		}
	}
	out, _ := os.ReadFile(logs.Name())
	t.Fatalf("%s did not become ready:\n%s", what, out)
	return "", nil
}

// processCPU is the user and system CPU time process p has used so far (Linux).
func processCPU(t *testing.T, p *os.Process) time.Duration {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.Pid))
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the parenthesized command name: state is field 3, utime 14, stime 15.
	fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	const ticksPerSecond = 100 // USER_HZ, fixed on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond
}

// selfCPU is the user and system CPU time this process (the load generator) has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(raw))[:3], " ")
}
