package server_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/server"
)

// TestGracefulDrain cancels the server while a slow request is in flight: the request still
// completes, new connections are refused, and Serve returns nil.
func TestGracefulDrain(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "finished")
	})
	r := start(t, server.Options{Handler: api})

	type result struct {
		status int
		body   string
		err    error
	}
	slow := make(chan result, 1)
	go func() {
		resp, err := r.client.Get(r.url + "/slow")
		if err != nil {
			slow <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		slow <- result{resp.StatusCode, string(b), err}
	}()
	<-entered

	stopped := make(chan error, 1)
	go func() { stopped <- r.stop(t) }()
	// Wait until the listener is closed, then check the server still holds the request.
	waitFor(t, func() bool { return !reachable(r.url + "/healthz") })
	select {
	case <-stopped:
		t.Fatal("Serve returned while a request was in flight")
	default:
	}
	close(release)

	res := <-slow
	if res.err != nil || res.status != http.StatusOK || res.body != "finished" {
		t.Errorf("in-flight request = %d %q %v, want 200 \"finished\"", res.status, res.body, res.err)
	}
	if err := <-stopped; err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	if logs := r.logs.String(); !strings.Contains(logs, `"msg":"shutting down"`) {
		t.Errorf("log lacks the shutdown line:\n%s", logs)
	}
}

// TestDrainDelay: once the context ends, /healthz answers 503 while everything else is still
// served, on new connections too, for DrainDelay; then the port closes and Serve returns nil.
func TestDrainDelay(t *testing.T) {
	const delay = time.Second
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "served") })
	r := start(t, server.Options{Handler: api, DrainDelay: delay})
	if resp, _ := r.get(t, "/healthz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /healthz before the signal = %d", resp.StatusCode)
	}

	begin := time.Now()
	r.cancel() // as the first SIGTERM does
	waitFor(t, func() bool { resp, _ := r.get(t, "/healthz"); return resp.StatusCode == http.StatusServiceUnavailable })
	resp, body := r.get(t, "/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, `"stopping"`) {
		t.Errorf("GET /healthz during the delay = %d %q, want 503 stopping", resp.StatusCode, body)
	}
	if !resp.Close {
		t.Errorf("a response during the delay keeps its connection open; want it closed so the client reconnects")
	}
	for range 3 { // each on a new connection: the listener is still open
		if resp, body := r.get(t, "/api"); resp.StatusCode != http.StatusOK || body != "served" {
			t.Errorf("GET /api during the delay = %d %q, want 200 \"served\"", resp.StatusCode, body)
		}
	}
	if time.Since(begin) >= delay {
		t.Fatalf("the checks took longer than the %v delay; cannot tell", delay)
	}

	waitFor(t, func() bool {
		resp, err := r.client.Get(r.url + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err != nil
	})
	if d := time.Since(begin); d < delay {
		t.Errorf("the port closed %v after the signal, before the %v delay", d, delay)
	}
	if err := r.stop(t); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	logs := r.logs.String()
	for _, w := range []string{`"msg":"shutting down","drain_delay":"1s"`, `"msg":"closing the listener"`} {
		if !strings.Contains(logs, w) {
			t.Errorf("log lacks %s:\n%s", w, logs)
		}
	}
}

// TestDrainTimeout: a request that outlives ShutdownTimeout is cut off and Serve returns soon
// after the timeout.
func TestDrainTimeout(t *testing.T) {
	entered := make(chan struct{})
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done() // the connection closing ends it
	})
	r := start(t, server.Options{Handler: api, ShutdownTimeout: 200 * time.Millisecond})
	clientErr := make(chan error, 1)
	go func() {
		resp, err := r.client.Get(r.url + "/stuck")
		if err == nil {
			resp.Body.Close()
		}
		clientErr <- err
	}()
	<-entered
	begin := time.Now()
	if err := r.stop(t); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	if d := time.Since(begin); d > 3*time.Second {
		t.Errorf("Serve took %v to return with a 200ms drain timeout", d)
	}
	select {
	case err := <-clientErr:
		if err == nil {
			t.Errorf("the stuck request succeeded; want its connection closed")
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("the stuck request's connection is still open 2s after Serve returned")
	}
	if !strings.Contains(r.logs.String(), "did not finish in time") {
		t.Errorf("log lacks the drain-timeout warning:\n%s", r.logs.String())
	}
}

// TestServeReportsItsAddress: with port 0 the listening line names the port chosen.
func TestServeReportsItsAddress(t *testing.T) {
	logs := &logBuffer{}
	srv, err := server.New(server.Options{
		ShutdownTimeout: time.Second, MaxBodyBytes: 1,
		Logger: slog.New(slog.NewTextHandler(logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	addr := ln.Addr().String()
	waitFor(t, func() bool { return strings.Contains(logs.String(), "msg=listening addr="+addr) })
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve = %v", err)
	}
}

func TestTLS(t *testing.T) {
	certFile, keyFile := selfSignedCert(t)
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strconv.FormatBool(r.TLS != nil))
	})
	r := start(t, server.Options{Handler: api, TLSCertFile: certFile, TLSKeyFile: keyFile})
	if resp, body := r.get(t, "/healthz"); resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Errorf("GET /healthz over TLS = %d %q (tls %v)", resp.StatusCode, body, resp.TLS != nil)
	}
	if _, body := r.get(t, "/secure"); body != "true" {
		t.Errorf("SecureTransport over TLS = %s, want true", body)
	}

	// TLS 1.1 is refused.
	old := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: certPool(t, certFile), MaxVersion: tls.VersionTLS11}}
	defer old.CloseIdleConnections()
	if resp, err := (&http.Client{Transport: old}).Get(r.url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Errorf("a TLS 1.1 client connected")
	}

	plain := start(t, server.Options{Handler: api})
	if _, body := plain.get(t, "/secure"); body != "false" {
		t.Errorf("SecureTransport over plain HTTP = %s, want false", body)
	}
}

func TestNewRejects(t *testing.T) {
	certFile, _ := selfSignedCert(t)
	base := server.Options{Logger: discardLogger(), ShutdownTimeout: time.Second, MaxBodyBytes: 1}
	tests := []struct {
		name   string
		change func(*server.Options)
	}{
		{"no logger", func(o *server.Options) { o.Logger = nil }},
		{"no shutdown timeout", func(o *server.Options) { o.ShutdownTimeout = 0 }},
		{"negative drain delay", func(o *server.Options) { o.DrainDelay = -time.Second }},
		{"no body limit", func(o *server.Options) { o.MaxBodyBytes = 0 }},
		{"cert without key", func(o *server.Options) { o.TLSCertFile = certFile }},
		{"key is not a key", func(o *server.Options) { o.TLSCertFile, o.TLSKeyFile = certFile, certFile }},
		{"missing files", func(o *server.Options) { o.TLSCertFile, o.TLSKeyFile = "/nonexistent/c", "/nonexistent/k" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base
			tt.change(&o)
			if _, err := server.New(o); err == nil {
				t.Errorf("New succeeded")
			}
		})
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// reachable reports whether a GET of url gets any response. It closes what it opens, so a
// probe that lands before the listener closes leaves no connection (and no goroutine) behind.
func reachable(url string) bool {
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get(url)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return true
}
