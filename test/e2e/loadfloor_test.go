package e2e_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/client"
)

// floorServerEnv, set to a listen address, makes the test binary a floor server (see TestMain).
const floorServerEnv = "RAMPART_E2E_FLOOR_SERVER"

// floorBodies are what the floor server answers: a GetUser answer and a decision, in the shapes
// and sizes Rampart sends them, so the bytes on the wire match the measured calls.
var floorBodies = map[string][]byte{
	"rpc": []byte(`{"RequestId":"0DCC3DB7-1359-4277-88C3-447E3B9251C6","User":{"UserId":"3952669309580189",` +
		`"UserName":"user07","DisplayName":"user07","CreateDate":"2026-11-27T09:11:45Z","UpdateDate":"2026-11-27T09:11:45Z"}}`),
	"roa": []byte(`{"decision":"Allow","by":"workspace-role","reasons":["workspace role PAI.AlgoDeveloper in ` +
		`workspace 100 grants PaiDLC:CreateJob"],"principal":"acs:ram::1234567890123456:user/user07","revision":42}`),
}

// serveFloor is the floor server: net/http with a handler that reads the request and writes a
// fixed answer, the least any HTTP/1.1 service built on net/http can do per request. Every path
// answers 200, /healthz too, so startListening sees it ready. It serves until stopped.
func serveFloor(addr string) error {
	return http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		body := floorBodies["rpc"]
		if strings.HasPrefix(r.URL.Path, "/authz/") {
			body = floorBodies["roa"]
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		w.Write(body)
	}))
}

// TestLoadFloor runs TestLoad's and TestDecisionAPILoad's load generators, unchanged, against a
// server that does nothing but answer: net/http and a handler writing a fixed body of the
// size Rampart's answers have. What it measures is the floor of this machine for those two
// benchmarks (the kernel's loopback TCP, net/http, the generator, and the two processes
// sharing the cores): no server built on net/http does better here, so a target below it
// cannot be met by work on Rampart. It runs when RAMPART_LOAD is set, with RAMPART_LOAD_RATE and
// RAMPART_LOAD_CLIENTS as TestLoad reads them:
//
//	RAMPART_LOAD=10s RAMPART_LOAD_RATE=1000,4000,10000 go test -count=1 -run TestLoadFloor -v ./test/e2e
func TestLoadFloor(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("RAMPART_LOAD"))
	if err != nil {
		t.Skip("set RAMPART_LOAD to a duration to run the load floor")
	}
	clients, rates := envInt("RAMPART_LOAD_CLIENTS", 64), loadRates(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), floorServerEnv+"="+addr)
	url, server := startListening(t, cmd, addr, "the floor server")
	t.Logf("floor server (net/http, fixed answers), %d clients, %v per run, load average %s", clients, d, loadAverage())

	report := func(name string, rate float64, requests int, line string, serverCPU, genCPU time.Duration) {
		loop := "closed loop"
		if rate > 0 {
			loop = fmt.Sprintf("open loop at %.0f/s", rate)
		}
		t.Logf("%s, %s: %s; CPU per request: server %.1f µs, load generator %.1f µs",
			name, loop, line, perRequest(serverCPU, requests), perRequest(genCPU, requests))
	}
	t.Run("GetUser", func(t *testing.T) { // client.Load, as TestLoad drives GetUser
		c := &client.Client{Endpoint: url, AccessKeyID: "LTAIfloor", AccessKeySecret: "floorsecret"}
		o := client.LoadOptions{Version: "2015-05-01", Action: "GetUser", Params: map[string]string{"UserName": "user07"}, Clients: clients}
		warm := o
		warm.Duration = time.Second
		client.Load(context.Background(), c, warm)
		for _, rate := range append([]float64{0}, rates...) {
			o.Duration, o.Rate = d, rate
			serverBefore, genBefore := processCPU(t, server), selfCPU()
			r := client.Load(context.Background(), c, o)
			report("GetUser", rate, r.Requests, r.String(), processCPU(t, server)-serverBefore, selfCPU()-genBefore)
			if r.Errors > 0 {
				t.Errorf("%s", r.FirstError)
			}
		}
	})
	t.Run("check", func(t *testing.T) { // decisionLoad, as TestDecisionAPILoad drives single checks
		gw := credentials{id: "LTAIfloor", secret: "floorsecret"}
		body := func(int) []byte {
			return []byte(`{"principal":{"type":"RamUser","name":"user07"},"action":"paidlc:GetJob"}`)
		}
		decisionLoad(t, nil, url, gw, "/authz/v1/check", clients, 0, time.Second, body)
		for _, rate := range append([]float64{0}, rates...) {
			serverBefore, genBefore := processCPU(t, server), selfCPU()
			r := decisionLoad(t, nil, url, gw, "/authz/v1/check", clients, rate, d, body)
			line := fmt.Sprintf("%d requests, %.0f req/s, p50 %v, p99 %v, p99.9 %v, %d errors",
				r.requests, float64(r.requests)/r.elapsed.Seconds(), r.p(0.50), r.p(0.99), r.p(0.999), r.errors)
			report("check", rate, r.requests, line, processCPU(t, server)-serverBefore, selfCPU()-genBefore)
			if r.errors > 0 {
				t.Errorf("%s", r.firstError)
			}
		}
	})
}
