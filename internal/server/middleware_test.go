package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/server"
)

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

var requestIDPattern = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

func TestRequestID(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, server.RequestID(r.Context()))
	})
	r := start(t, server.Options{Handler: api})
	seen := map[string]bool{}
	for range 3 {
		req := mustRequest(t, http.MethodGet, r.url+"/x", nil)
		req.Header.Set(server.RequestIDHeader, "CLIENT-CHOSEN")
		resp, body := r.do(t, req)
		id := resp.Header.Get(server.RequestIDHeader)
		if !requestIDPattern.MatchString(id) {
			t.Errorf("%s = %q, want an upper-case UUID", server.RequestIDHeader, id)
		}
		if body != id {
			t.Errorf("RequestID(ctx) = %q, header = %q", body, id)
		}
		if seen[id] {
			t.Errorf("request ID %q repeated", id)
		}
		seen[id] = true
	}
	if resp, _ := r.get(t, "/healthz"); resp.Header.Get(server.RequestIDHeader) == "" {
		t.Errorf("/healthz response lacks a request ID")
	}
}

type errorBody struct {
	RequestId string
	HostId    string
	Code      string
	Message   string
}

func TestPanicBecomesInternalError(t *testing.T) {
	api := http.NewServeMux()
	api.HandleFunc("/boom", func(http.ResponseWriter, *http.Request) { panic("kaboom: db row 42") })
	api.HandleFunc("/late", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "partial")
		panic("after the header")
	})
	api.HandleFunc("/ok", func(http.ResponseWriter, *http.Request) {})
	r := start(t, server.Options{Handler: api})

	resp, body := r.get(t, "/boom")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", resp.StatusCode)
	}
	var got errorBody
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	want := errorBody{
		RequestId: resp.Header.Get(server.RequestIDHeader),
		HostId:    strings.TrimPrefix(r.url, "http://"),
		Code:      "InternalError",
		Message:   "An internal error occurred.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error body (-want +got):\n%s", diff)
	}
	if strings.Contains(body, "kaboom") {
		t.Errorf("the panic value leaked to the client: %s", body)
	}
	logs := r.logs.String()
	for _, w := range []string{"panic serving request", "kaboom: db row 42", "goroutine", `"status":500`, want.RequestId} {
		if !strings.Contains(logs, w) {
			t.Errorf("log lacks %q:\n%s", w, logs)
		}
	}

	// A panic after the response started keeps its status.
	if resp, _ := r.get(t, "/late"); resp.StatusCode != http.StatusAccepted {
		t.Errorf("late panic: status = %d, want 202", resp.StatusCode)
	}
	// The server survives.
	if resp, _ := r.get(t, "/ok"); resp.StatusCode != http.StatusOK {
		t.Errorf("after panics: status = %d, want 200", resp.StatusCode)
	}
}

func TestBodyLimit(t *testing.T) {
	const limit = 1024
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		io.WriteString(w, strings.Repeat("r", int(n%10)))
	})
	r := start(t, server.Options{Handler: api, MaxBodyBytes: limit})

	tests := []struct {
		name       string
		body       io.Reader
		chunked    bool
		wantStatus int
		wantCode   string
	}{
		{"at the limit", strings.NewReader(strings.Repeat("a", limit)), false, http.StatusOK, ""},
		{"declared too large", strings.NewReader(strings.Repeat("a", limit+1)), false, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge"},
		{"chunked, too large", strings.NewReader(strings.Repeat("a", 4*limit)), true, http.StatusRequestEntityTooLarge, ""},
		{"chunked, small", strings.NewReader("abc"), true, http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if tt.chunked {
				body = io.MultiReader(body) // hides the length, so the client sends chunks
			}
			resp, got := r.do(t, mustRequest(t, http.MethodPost, r.url+"/", body))
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if tt.wantCode != "" {
				var eb errorBody
				if err := json.Unmarshal([]byte(got), &eb); err != nil || eb.Code != tt.wantCode || eb.RequestId == "" {
					t.Errorf("body = %q (%v), want Code %q with a RequestId", got, err, tt.wantCode)
				}
			}
		})
	}
}

func TestAccessLogOmitsQueryHeadersAndBody(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "response-body-marker")
	})
	r := start(t, server.Options{Handler: api})
	req := mustRequest(t, http.MethodPost, r.url+"/v1/things?AccessKeyId=LTAIkey&Signature=sig-marker", strings.NewReader("request-body-marker"))
	req.Header.Set("Authorization", "acs LTAIkey:auth-header-marker")
	req.Header.Set("X-Acs-Security-Token", "token-marker")
	resp, _ := r.do(t, req)

	var line map[string]any
	for _, l := range strings.Split(strings.TrimSpace(r.logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == "request" && m["path"] == "/v1/things" {
			line = m
		}
	}
	if line == nil {
		t.Fatalf("no access-log line for /v1/things in:\n%s", r.logs.String())
	}
	for key, want := range map[string]any{
		"level": "INFO", "method": "POST", "status": float64(http.StatusTeapot), "route": "/",
		"request_id": resp.Header.Get(server.RequestIDHeader), "bytes": float64(len("response-body-marker")),
	} {
		if line[key] != want {
			t.Errorf("log %s = %v, want %v", key, line[key], want)
		}
	}
	if _, ok := line["duration"]; !ok {
		t.Errorf("log line lacks duration")
	}
	if remote, _ := line["remote"].(string); !strings.HasPrefix(remote, "127.0.0.1:") {
		t.Errorf("log remote = %q", remote)
	}
	for _, leak := range []string{"sig-marker", "LTAIkey", "auth-header-marker", "token-marker", "request-body-marker", "response-body-marker"} {
		if strings.Contains(r.logs.String(), leak) {
			t.Errorf("log contains %q", leak)
		}
	}
}

// A client that closes its connection while the handler works makes the handler fail with its
// canceled context: that 500 reached nobody and is not the server's failure. The access log and
// metrics record 499 (nginx's "client closed request") at INFO, not 500 at ERROR; a handler's
// own 500 with the client still there stays 500 at ERROR.
func TestClientClosedRequest(t *testing.T) {
	entered := make(chan struct{}, 1)
	api := http.NewServeMux()
	api.HandleFunc("POST /slow", func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-r.Context().Done()
		http.Error(w, r.Context().Err().Error(), http.StatusInternalServerError)
	})
	api.HandleFunc("POST /broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "broken", http.StatusInternalServerError)
	})
	r := start(t, server.Options{Handler: api})

	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url+"/slow", nil)
	if err != nil {
		t.Fatal(err)
	}
	go func() { <-entered; cancel() }()
	if resp, err := r.client.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the canceled request got an answer")
	}
	// The server learns of the closed connection, and logs the request, a moment later.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(r.logs.String(), `"path":"/slow"`); {
		if time.Now().After(deadline) {
			t.Fatalf("no access-log line for /slow in:\n%s", r.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	r.do(t, mustRequest(t, http.MethodPost, r.url+"/broken", nil))

	_, metrics := r.get(t, "/metrics")
	for _, want := range []string{
		`rampart_http_requests_total{code="499",method="POST",route="POST /slow"} 1`,
		`rampart_http_requests_total{code="500",method="POST",route="POST /broken"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(metrics, `code="500",method="POST",route="POST /slow"`) {
		t.Errorf("/metrics counts the closed request as a 500")
	}
	want := map[string][2]any{"/slow": {"INFO", float64(499)}, "/broken": {"ERROR", float64(500)}}
	got := map[string][2]any{}
	for _, l := range strings.Split(strings.TrimSpace(r.logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if p, _ := m["path"].(string); m["msg"] == "request" && want[p] != [2]any{} {
			got[p] = [2]any{m["level"], m["status"]}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("access log (level, status) by path (-want +got):\n%s", diff)
	}
}
