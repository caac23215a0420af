package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/rampart-iam/rampart/internal/server"
)

func TestMetricsExposed(t *testing.T) {
	api := http.NewServeMux()
	api.HandleFunc("GET /v1/users/{name}", func(w http.ResponseWriter, r *http.Request) {})
	api.HandleFunc("POST /{$}", func(w http.ResponseWriter, r *http.Request) {
		server.SetRoute(r.Context(), "Ram.CreateUser")
		w.WriteHeader(http.StatusConflict)
	})
	reg := prometheus.NewRegistry()
	extra := prometheus.NewCounter(prometheus.CounterOpts{Name: "rampart_test_extra_total", Help: "x"})
	reg.MustRegister(extra)
	r := start(t, server.Options{Handler: api, Registry: reg})

	r.get(t, "/healthz")
	r.get(t, "/v1/users/alice")
	r.get(t, "/v1/users/bob")
	r.do(t, mustRequest(t, http.MethodPost, r.url+"/", nil))
	r.get(t, "/no/such/thing")
	extra.Inc()

	resp, body := r.get(t, "/metrics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics = %d", resp.StatusCode)
	}
	for _, want := range []string{
		`rampart_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		`rampart_http_requests_total{code="200",method="GET",route="GET /v1/users/{name}"} 2`,
		`rampart_http_requests_total{code="409",method="POST",route="Ram.CreateUser"} 1`,
		`rampart_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`rampart_http_request_duration_seconds_count{code="200",method="GET",route="GET /v1/users/{name}"} 2`,
		// the scrape itself is in flight while the body is produced
		"rampart_http_requests_in_flight 1",
		"go_goroutines ",
		"process_cpu_seconds_total ",
		"rampart_test_extra_total 1",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, "alice") || strings.Contains(body, "/no/such") {
		t.Errorf("/metrics contains a raw path; routes must be patterns")
	}
}

func TestNewRejectsARegistryThatAlreadyHasItsCollectors(t *testing.T) {
	reg := prometheus.NewRegistry()
	opts := server.Options{Logger: discardLogger(), ShutdownTimeout: 1, MaxBodyBytes: 1, Registry: reg}
	if _, err := server.New(opts); err != nil {
		t.Fatal(err)
	}
	if _, err := server.New(opts); err == nil {
		t.Errorf("second New on the same registry succeeded; want a duplicate-registration error")
	}
}
