package server_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/server"
)

func TestHealthzFollowsReadiness(t *testing.T) {
	var down atomic.Bool
	r := start(t, server.Options{Ready: func(context.Context) error {
		if down.Load() {
			return errors.New("store unreachable")
		}
		return nil
	}})
	for _, tt := range []struct {
		down       bool
		wantStatus int
		wantBody   string
	}{
		{false, http.StatusOK, `{"status":"ok"}` + "\n"},
		{true, http.StatusServiceUnavailable, `{"status":"unavailable"}` + "\n"},
		{false, http.StatusOK, `{"status":"ok"}` + "\n"},
	} {
		down.Store(tt.down)
		resp, body := r.get(t, "/healthz")
		if resp.StatusCode != tt.wantStatus || body != tt.wantBody {
			t.Errorf("down=%v: GET /healthz = %d %q, want %d %q", tt.down, resp.StatusCode, body, tt.wantStatus, tt.wantBody)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
}

func TestHealthzWithoutReadyFuncIsReady(t *testing.T) {
	r := start(t, server.Options{})
	if resp, _ := r.get(t, "/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz = %d, want 200", resp.StatusCode)
	}
	if resp, _ := r.do(t, mustRequest(t, http.MethodPost, r.url+"/healthz", nil)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /healthz = %d, want 404 from the (empty) API handler", resp.StatusCode)
	}
}

// Ready runs under a deadline of ReadyTimeout, and a check that runs out of it reports the node
// unavailable: a database that accepts connections and never answers must not hold the load
// balancer's health check.
func TestHealthzBoundsReady(t *testing.T) {
	var unbounded atomic.Bool
	r := start(t, server.Options{Ready: func(ctx context.Context) error {
		if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > server.ReadyTimeout {
			unbounded.Store(true)
			return errors.New("no deadline")
		}
		<-ctx.Done() // a store that never answers
		return ctx.Err()
	}})
	resp, body := r.get(t, "/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable || body != `{"status":"unavailable"}`+"\n" {
		t.Errorf("GET /healthz with a hanging check = %d %q, want 503 unavailable", resp.StatusCode, body)
	}
	if unbounded.Load() {
		t.Errorf("Ready ran without a deadline of at most %v", server.ReadyTimeout)
	}
}
