package e2e_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// TestMultiNodeMeasure measures three nodes on one PostgreSQL database (the figures issue 8 asks
// for in BENCHMARKS.md):
//
//   - commit to visibility: a grant or revoke acknowledged by node 1, then nodes 2 and 3 asked
//     without a token, as fast as they answer, until they decide by it; the time from the
//     acknowledgement to that answer, for RAMPART_MULTINODE_WRITES writes (200 by default);
//   - decision throughput: batches of 100 checks from RAMPART_MULTINODE_CLIENTS closed-loop
//     clients (9 by default) against node 1 alone, then spread evenly over the three nodes, for
//     RAMPART_MULTINODE_BENCH each.
//
// It runs only when RAMPART_MULTINODE_BENCH is set (make bench sets it) and needs
// RAMPART_TEST_POSTGRES_DSN:
//
//	RAMPART_MULTINODE_BENCH=10s go test -count=1 -run TestMultiNodeMeasure -v ./test/e2e
//
// The nodes log at warn level into files, as a service's log goes to its journal. Everything
// (PostgreSQL, three nodes, the load generator) shares the machine's CPUs, so three nodes on two
// CPUs measure the cost of spreading, not the gain of more machines.
func TestMultiNodeMeasure(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("RAMPART_MULTINODE_BENCH"))
	if err != nil {
		t.Skip("set RAMPART_MULTINODE_BENCH to a duration to measure several nodes")
	}
	nodes, procs := startLoadCluster(t, 3)
	t.Logf("3 nodes on PostgreSQL, GOMAXPROCS %d on %d CPUs, load average %s", runtime.GOMAXPROCS(0), runtime.NumCPU(), loadAverage())
	setup := &client.Client{Endpoint: nodes[0], AccessKeyID: multiNodeRoot.id, AccessKeySecret: secrets.Secret(multiNodeRoot.secret)}
	account := callerAccount(t, setup)

	t.Run("Visibility", func(t *testing.T) {
		measureVisibility(t, setup, nodes, account, envInt("RAMPART_MULTINODE_WRITES", 200))
	})
	t.Run("Throughput", func(t *testing.T) {
		measureThroughput(t, setup, nodes, procs, account, envInt("RAMPART_MULTINODE_CLIENTS", 9), d)
	})
}

// startLoadCluster starts n nodes (startLoadServer: warn-level logs in files) on a throwaway
// database, with the cluster's root credentials and one master key, and returns their URLs and
// processes.
func startLoadCluster(t *testing.T, n int) ([]string, []*os.Process) {
	t.Helper()
	dsn := throwawayDatabase(t, postgresDSN(t))
	t.Setenv("RAMPART_POSTGRES_DSN", dsn)
	t.Setenv("RAMPART_ROOT_ACCESS_KEY_ID", multiNodeRoot.id)
	t.Setenv("RAMPART_ROOT_ACCESS_KEY_SECRET", multiNodeRoot.secret)
	key := filepath.Join(t.TempDir(), "master.key")
	var (
		urls  []string
		procs []*os.Process
	)
	for range n {
		url, p := startLoadServer(t, t.TempDir(), "warn", append([]string{"--store", "postgres", "--master-key-file", key}, loadServerArgs()...)...)
		urls, procs = append(urls, url), append(procs, p)
	}
	return urls, procs
}

// callerAccount is the account of c's credentials (STS GetCallerIdentity).
func callerAccount(t *testing.T, c *client.Client) string {
	t.Helper()
	resp, err := c.Call(t.Context(), "2015-04-01", "GetCallerIdentity", nil)
	if err != nil || !resp.OK() {
		t.Fatalf("GetCallerIdentity: %v %s", err, resp.Body)
	}
	var id struct{ AccountId string }
	if err := json.Unmarshal(resp.Body, &id); err != nil || id.AccountId == "" {
		t.Fatalf("GetCallerIdentity: %s", resp.Body)
	}
	return id.AccountId
}

// pollGap separates a visibility poll from the next: polling back to back, two pollers and the
// nodes answering them would take most of two CPUs from the nodes being measured.
const pollGap = 500 * time.Microsecond

// measureVisibility toggles one grant on node 1 writes times and, after each acknowledgement,
// polls the other nodes' decision API without a token (every pollGap) until they answer by it.
func measureVisibility(t *testing.T, setup *client.Client, nodes []string, account string, writes int) {
	rpc := func(action string, params map[string]string) {
		resp, err := setup.Call(t.Context(), "2015-05-01", action, params)
		if err != nil || !resp.OK() {
			t.Fatalf("%s: %v %s", action, err, resp.Body)
		}
	}
	rpc("CreatePolicy", map[string]string{"PolicyName": "visible", "PolicyDocument": `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:visible/*"}]}`})
	rpc("CreateUser", map[string]string{"UserName": "visible"})
	check := map[string]any{"principal": "acs:ram::" + account + ":user/visible", "action": "oss:GetObject", "resource": "acs:oss:*:" + account + ":visible/x"}
	d := decider{hc: &http.Client{Timeout: 10 * time.Second}, as: multiNodeRoot}
	defer d.hc.CloseIdleConnections()

	lags := make([][]time.Duration, len(nodes)) // [node]: acknowledgement → visible
	var acks []time.Duration
	for i := range writes {
		action, want := "AttachPolicyToUser", "Allow"
		if i%2 == 1 {
			action, want = "DetachPolicyFromUser", "ImplicitDeny"
		}
		sent := time.Now()
		rpc(action, map[string]string{"PolicyType": "Custom", "PolicyName": "visible", "UserName": "visible"})
		acked := time.Now()
		acks = append(acks, acked.Sub(sent))
		var wg sync.WaitGroup
		for n := 1; n < len(nodes); n++ {
			wg.Go(func() {
				for time.Since(acked) < 10*time.Second {
					if a, err := d.check(nodes[n], check, 0, tokenNone); err == nil && a.Decision == want {
						lags[n] = append(lags[n], time.Since(acked))
						return
					}
					time.Sleep(pollGap)
				}
			})
		}
		wg.Wait()
		for n := 1; n < len(nodes); n++ {
			if len(lags[n]) != i+1 {
				t.Fatalf("write %d (%s): node %d did not answer %s within 10s", i, action, n+1, want)
			}
		}
		// The next write at a random moment: in lockstep with a node's poll timer, each write
		// would wait a whole period.
		time.Sleep(time.Duration(rand.IntN(20_000)) * time.Microsecond)
	}
	var all []time.Duration
	t.Logf("%-32s %8s %8s %8s %8s", "commit to visibility", "p50", "p90", "p99", "max")
	for n := 1; n < len(nodes); n++ {
		all = append(all, lags[n]...)
		t.Logf("%-32s %8v %8v %8v %8v", fmt.Sprintf("node %d (%d writes)", n+1, writes), quantile(lags[n], 0.5), quantile(lags[n], 0.9), quantile(lags[n], 0.99), quantile(lags[n], 1))
	}
	t.Logf("%-32s %8v %8v %8v %8v", "nodes 2 and 3", quantile(all, 0.5), quantile(all, 0.9), quantile(all, 0.99), quantile(all, 1))
	t.Logf("%-32s %8v %8v %8v %8v", "(the write itself, on node 1)", quantile(acks, 0.5), quantile(acks, 0.9), quantile(acks, 0.99), quantile(acks, 1))
	if p99 := quantile(all, 0.99); p99 > 50*time.Millisecond {
		t.Errorf("commit-to-visibility p99 %v, the target is 50ms", p99)
	}
}

// measureThroughput runs batch checks against node 1 alone, then against all nodes at once (an
// equal share of the clients each, as a load balancer spreads connections).
func measureThroughput(t *testing.T, setup *client.Client, nodes []string, procs []*os.Process, account string, clients int, d time.Duration) {
	ws, gw := decisionWorkload(t, setup)
	checks := loadChecks(account, ws)
	var batches [][]byte
	for i := 0; i+100 <= len(checks); i += 100 {
		b, _ := json.Marshal(map[string]any{"checks": checks[i : i+100]})
		batches = append(batches, b)
	}
	batch := func(i int) []byte { return batches[i%len(batches)] }
	waitForNodes(t, nodes, gw, checks[0])

	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer transport.CloseIdleConnections()
	hc := &http.Client{Transport: transport}
	t.Logf("%-22s %7s %12s %10s %10s %18s %14s", "batch-check of 100", "clients", "checks/s", "p50", "p99", "server CPU/check", "errors")
	for _, run := range []struct {
		name  string
		nodes []string
	}{
		{"1 node", nodes[:1]},
		{fmt.Sprintf("%d nodes", len(nodes)), nodes},
	} {
		spread(t, hc, run.nodes, gw, clients, time.Second, batch) // connections, caches
		before := cpuOf(t, procs)
		r := spread(t, hc, run.nodes, gw, clients, d, batch)
		cpu := cpuOf(t, procs) - before
		n := r.requests * 100
		t.Logf("%-22s %7d %12.0f %10v %10v %15.1f µs %14d", run.name, clients, float64(n)/r.elapsed.Seconds(), r.p(0.5), r.p(0.99),
			float64(cpu.Microseconds())/float64(n), r.errors)
		if r.errors > 0 {
			t.Errorf("%s: %s", run.name, r.firstError)
		}
	}
}

// spread runs decisionLoad on every node at once for d, the clients shared out evenly, and
// merges the runs.
func spread(t *testing.T, hc *http.Client, nodes []string, gw credentials, clients int, d time.Duration, body func(int) []byte) *loadRun {
	runs := make([]*loadRun, len(nodes))
	var wg sync.WaitGroup
	for i, url := range nodes {
		n := clients / len(nodes)
		if i < clients%len(nodes) {
			n++
		}
		wg.Go(func() { runs[i] = decisionLoad(t, hc, url, gw, "/authz/v1/batch-check", n, 0, d, body) })
	}
	wg.Wait()
	var all loadRun
	for _, r := range runs {
		all.latencies = append(all.latencies, r.latencies...)
		all.errors += r.errors
		all.elapsed = max(all.elapsed, r.elapsed)
		if all.firstError == "" {
			all.firstError = r.firstError
		}
	}
	all.requests = len(all.latencies)
	slices.Sort(all.latencies)
	return &all
}

// waitForNodes returns once every node has the state node 1 reports for check (its revision):
// the workload was written through node 1.
func waitForNodes(t *testing.T, nodes []string, gw credentials, check map[string]any) {
	t.Helper()
	d := decider{hc: &http.Client{Timeout: 10 * time.Second}, as: gw}
	defer d.hc.CloseIdleConnections()
	first, err := d.check(nodes[0], check, 0, tokenNone)
	if err != nil || first.Status != http.StatusOK {
		t.Fatalf("check on node 1: %+v %v", first, err)
	}
	for i, url := range nodes[1:] {
		// The header, not the minRevision field: the node must also know the caller's grant
		// of rampart:Authorize, which the header's wait covers (it comes before authentication).
		if a, err := d.check(url, check, first.Revision, tokenHeader); err != nil || a.Status != http.StatusOK {
			t.Fatalf("node %d at revision %d: %+v %v", i+2, first.Revision, a, err)
		}
	}
}

// cpuOf is the CPU time the processes have used so far.
func cpuOf(t *testing.T, procs []*os.Process) time.Duration {
	var sum time.Duration
	for _, p := range procs {
		sum += processCPU(t, p)
	}
	return sum
}

// quantile is the q-quantile of ds (1 is the maximum), rounded for a table.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))].Round(10 * time.Microsecond)
}
