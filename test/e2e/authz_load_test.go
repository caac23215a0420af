package e2e_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// TestDecisionAPILoad measures the decision API of the rampart serve binary over loopback: single
// checks from 64 concurrent keep-alive clients (closed loop: each sends its next check when the
// last is answered), then batches of 100 checks. Every request is signed afresh as the SDK signs
// ROA calls (no nonce, so no store write per request), by a RAM user granted rampart:Authorize.
// The checks mix principals (20 users, members of a workspace with various roles), actions
// (PAI codes with resource attributes, workspace management, a dependent service, plain RAM)
// and outcomes. It runs only when RAMPART_AUTHZ_LOAD is set, to a duration per run:
//
//	RAMPART_AUTHZ_LOAD=10s go test -count=1 -run TestDecisionAPILoad -v ./test/e2e
//
// RAMPART_LOAD_CLIENTS changes the 64 clients of the single-check run, RAMPART_AUTHZ_BATCH_CLIENTS
// the 8 of the batch run. RAMPART_AUTHZ_RATE=2000 (checks per second, comma-separated for several)
// adds open-loop runs of single checks from the same clients at that offered rate, latency
// counted from when each check was due (see client.LoadOptions). As in TestLoad, the generator shares the machine with the server; each
// run reports the CPU both used per check.
func TestDecisionAPILoad(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("RAMPART_AUTHZ_LOAD"))
	if err != nil {
		t.Skip("set RAMPART_AUTHZ_LOAD to a duration to run the decision API load test")
	}
	clients, batchClients := envInt("RAMPART_LOAD_CLIENTS", 64), envInt("RAMPART_AUTHZ_BATCH_CLIENTS", 8)
	data := filepath.Join(t.TempDir(), "data")
	url, server := startLoadServer(t, data, "warn", loadServerArgs()...)
	var root rootCredentials
	raw, _ := os.ReadFile(filepath.Join(data, "root-credentials.json"))
	json.Unmarshal(raw, &root)
	setup := &client.Client{Endpoint: url, AccessKeyID: root.AccessKeyId, AccessKeySecret: secrets.Secret(root.AccessKeySecret)}
	ws, gw := decisionWorkload(t, setup)
	checks := loadChecks(root.AccountId, ws)

	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	hc := &http.Client{Transport: transport}
	t.Logf("rampart serve --log-level warn, GOMAXPROCS %d on %d CPUs, load average %s", runtime.GOMAXPROCS(0), runtime.NumCPU(), loadAverage())

	// Bodies are encoded once, so the generator spends its CPU on signing and HTTP only.
	var singles, batches [][]byte
	for i := range checks {
		b, _ := json.Marshal(checks[i])
		singles = append(singles, b)
		if i%100 == 0 && i+100 <= len(checks) {
			b, _ := json.Marshal(map[string]any{"checks": checks[i : i+100]})
			batches = append(batches, b)
		}
	}
	single := func(i int) []byte { return singles[i%len(singles)] }
	batch := func(i int) []byte { return batches[i%len(batches)] }
	type loadSpec struct {
		name    string
		path    string
		clients int
		rate    float64
		body    func(int) []byte
		per     int
	}
	runs := []loadSpec{
		{"check", "/authz/v1/check", clients, 0, single, 1},
		{"batch-check of 100", "/authz/v1/batch-check", batchClients, 0, batch, 100},
	}
	for _, r := range strings.Split(os.Getenv("RAMPART_AUTHZ_RATE"), ",") {
		if rate, err := strconv.ParseFloat(strings.TrimSpace(r), 64); err == nil && rate > 0 {
			runs = append(runs, loadSpec{fmt.Sprintf("check at %.0f/s", rate), "/authz/v1/check", clients, rate, single, 1})
		}
	}
	for _, run := range runs {
		decisionLoad(t, hc, url, gw, run.path, run.clients, 0, time.Second, run.body) // connections, caches
		serverBefore, genBefore := processCPU(t, server), selfCPU()
		r := decisionLoad(t, hc, url, gw, run.path, run.clients, run.rate, d, run.body)
		serverCPU, genCPU := processCPU(t, server)-serverBefore, selfCPU()-genBefore
		n := r.requests * run.per
		t.Logf("%-19s %d clients: %d requests, %.0f checks/s, p50 %v, p99 %v, p99.9 %v, %d errors; CPU per check: server %.1f µs, load generator %.1f µs",
			run.name, run.clients, r.requests, float64(n)/r.elapsed.Seconds(), r.p(0.50), r.p(0.99), r.p(0.999), r.errors,
			float64(serverCPU.Microseconds())/float64(n), float64(genCPU.Microseconds())/float64(n))
		if r.errors > 0 {
			t.Errorf("%s: %s", run.name, r.firstError)
		}
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// decisionWorkload creates 20 users, a workspace with 18 of them as members of various roles,
// an OSS path, a few RAM policies, and the gateway user the load signs with.
func decisionWorkload(t *testing.T, c *client.Client) (ws string, gw credentials) {
	t.Helper()
	ctx := context.Background()
	rpc := func(action string, params map[string]string) map[string]any {
		resp, err := c.Call(ctx, "2015-05-01", action, params)
		if err != nil || !resp.OK() {
			t.Fatalf("%s: %v %s", action, err, resp.Body)
		}
		var out map[string]any
		json.Unmarshal(resp.Body, &out)
		return out
	}
	roa := func(method, path string, body any) map[string]any {
		b, _ := json.Marshal(body)
		resp, err := c.CallROA(ctx, method, path, nil, b, "application/json")
		if err != nil || !resp.OK() {
			t.Fatalf("%s %s: %v %s", method, path, err, resp.Body)
		}
		var out map[string]any
		json.Unmarshal(resp.Body, &out)
		return out
	}
	rpc("CreatePolicy", map[string]string{"PolicyName": "authorize", "PolicyDocument": `{"Version":"1","Statement":[{"Effect":"Allow","Action":"rampart:Authorize","Resource":"*"}]}`})
	rpc("CreatePolicy", map[string]string{"PolicyName": "no-delete", "PolicyDocument": `{"Version":"1","Statement":[{"Effect":"Deny","Action":["paidlc:DeleteJob","oss:DeleteObject"],"Resource":"*"}]}`})
	rpc("CreatePolicy", map[string]string{"PolicyName": "office-oss", "PolicyDocument": `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`})
	ws = roa("POST", "/api/v1/workspaces", map[string]any{"WorkspaceName": "load"})["WorkspaceId"].(string)
	roles := []string{"PAI.AlgoDeveloper", "PAI.AlgoDeveloper", "PAI.AlgoOperator", "PAI.WorkspaceGuest", "PAI.WorkspaceAdmin", "PAI.LabelManager"}
	for i := range 20 {
		name := fmt.Sprintf("user%02d", i)
		id := rpc("CreateUser", map[string]string{"UserName": name})["User"].(map[string]any)["UserId"].(string)
		switch i % 4 {
		case 1:
			rpc("AttachPolicyToUser", map[string]string{"PolicyType": "Custom", "PolicyName": "no-delete", "UserName": name})
		case 2:
			rpc("AttachPolicyToUser", map[string]string{"PolicyType": "Custom", "PolicyName": "office-oss", "UserName": name})
		}
		if i < 18 {
			roa("POST", "/api/v1/workspaces/"+ws+"/members", map[string]any{"Members": []any{map[string]any{"UserId": id, "Roles": []string{roles[i%len(roles)]}}}})
		}
	}
	roa("POST", "/api/v1/workspaces/"+ws+"/resources", map[string]any{"Resources": []any{map[string]any{"Name": "data", "ResourceType": "OSS",
		"Spec": map[string]any{"Path": "oss://load-bucket/data/"}}}})
	rpc("CreateUser", map[string]string{"UserName": "gateway"})
	rpc("AttachPolicyToUser", map[string]string{"PolicyType": "Custom", "PolicyName": "authorize", "UserName": "gateway"})
	k := rpc("CreateAccessKey", map[string]string{"UserName": "gateway"})["AccessKey"].(map[string]any)
	return ws, credentials{id: k["AccessKeyId"].(string), secret: k["AccessKeySecret"].(string)}
}

// loadChecks is a fixed, shuffled mix of checks.
func loadChecks(account, ws string) []map[string]any {
	r := rand.New(rand.NewPCG(1, 2))
	jobs := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/dlc-1"
	var out []map[string]any
	for range 4096 {
		c := map[string]any{"principal": fmt.Sprintf("acs:ram::%s:user/user%02d", account, r.IntN(20)), "workspaceId": ws}
		switch r.IntN(6) {
		case 0:
			c["action"], c["resource"] = "paidlc:CreateJob", jobs
		case 1:
			c["action"], c["resource"] = "paidlc:GetJob", jobs
			c["accessibility"], c["creator"] = []string{"PUBLIC", "PRIVATE"}[r.IntN(2)], "1"
		case 2:
			c["action"], c["resource"] = "paidlc:DeleteJob", jobs
		case 3:
			c["action"], c["resource"] = "paiworkspace:CreateMember", "acs:paiworkspace:cn-hangzhou:"+account+":workspace/"+ws
		case 4:
			c["action"], c["resource"] = "oss:GetObject", "acs:oss:*:"+account+":load-bucket/data/part-1"
			c["context"] = map[string]any{"acs:SourceIp": []string{"10.1.1.1", "192.168.1.1"}[r.IntN(2)]}
		default:
			c["action"], c["resource"] = "ram:GetUser", "acs:ram:*:"+account+":user/user01"
			delete(c, "workspaceId")
		}
		out = append(out, c)
	}
	return out
}

type loadRun struct {
	requests, errors int
	elapsed          time.Duration
	latencies        []time.Duration
	firstError       string
}

func (r *loadRun) p(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[min(len(r.latencies)-1, int(q*float64(len(r.latencies))))].Round(10 * time.Microsecond)
}

// decisionLoad posts body(i) to path from n clients for d: in a closed loop (rate 0), or as an
// open loop at rate requests per second, latency counted from when each request was due. Each
// client has its own keep-alive roaConn (hc serves an https:// url, through signLikeSDK).
func decisionLoad(t *testing.T, hc *http.Client, url string, c credentials, path string, n int, rate float64, d time.Duration, body func(int) []byte) *loadRun {
	var (
		mu   sync.Mutex
		run  loadRun
		wg   sync.WaitGroup
		next atomic.Int64
	)
	start := time.Now()
	deadline := start.Add(d)
	for range n {
		post := decisionPoster(hc, url, c, path)
		wg.Go(func() {
			defer post(nil)
			var lat []time.Duration
			errors, first := 0, ""
			for {
				i := int(next.Add(1) - 1)
				t0 := time.Now()
				if rate > 0 {
					t0 = start.Add(time.Duration(float64(i) * float64(time.Second) / rate))
					time.Sleep(time.Until(t0))
				}
				if !t0.Before(deadline) {
					break
				}
				b := body(i)
				if rate == 0 {
					t0 = time.Now()
				}
				status, err := post(b)
				if err == nil && status != 200 {
					err = fmt.Errorf("status %d", status)
				}
				lat = append(lat, time.Since(t0))
				if err != nil {
					errors++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			run.latencies = append(run.latencies, lat...)
			run.errors += errors
			if run.firstError == "" {
				run.firstError = first
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	run.elapsed = time.Since(start)
	run.requests = len(run.latencies)
	slices.Sort(run.latencies)
	return &run
}

// decisionPoster returns how one client of decisionLoad posts a body signed as c (and, given
// nil, closes its connection): on a roaConn of its own for a plain http:// url, else through hc.
func decisionPoster(hc *http.Client, url string, c credentials, path string) func(body []byte) (int, error) {
	if conn, err := newROAConn(url, c); err == nil {
		return func(body []byte) (int, error) {
			if body == nil {
				conn.close()
				return 0, nil
			}
			return conn.post(path, body, time.Now())
		}
	}
	return func(body []byte) (int, error) {
		if body == nil {
			return 0, nil
		}
		req, _ := http.NewRequest("POST", url+path, bytes.NewReader(body))
		signLikeSDK(req, body, c)
		resp, err := hc.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
}

// signLikeSDK signs a ROA request the way the SDK's CommonRequest does: Content-MD5, Date and
// the x-acs-* headers, no nonce.
func signLikeSDK(req *http.Request, body []byte, c credentials) {
	sum := md5.Sum(body)
	h := req.Header
	h.Set("Accept", "application/json")
	h.Set("Content-MD5", base64.StdEncoding.EncodeToString(sum[:]))
	h.Set("Content-Type", "application/json")
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	h.Set("x-acs-signature-method", "HMAC-SHA1")
	h.Set("x-acs-signature-version", "1.0")
	toSign, _ := authn.ROAStringToSign(req.Method, h, req.URL.Path, req.URL.Query())
	h.Set("Authorization", "acs "+c.id+":"+authn.SignROA(toSign, c.secret))
}
