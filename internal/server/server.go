package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/rampart-iam/rampart/internal/secrets"
)

// Options are the plain values a Server is built from.
type Options struct {
	// TLSCertFile and TLSKeyFile, when both set, make the server speak HTTPS (TLS 1.2 or newer).
	TLSCertFile, TLSKeyFile string
	// ShutdownTimeout bounds how long Serve waits for in-flight requests once its context ends.
	ShutdownTimeout time.Duration
	// DrainDelay is how long the server goes on serving once its context ends, with /healthz
	// answering 503, before it closes the listener and drains: the time a load balancer needs to
	// notice and stop sending it requests. Zero drains at once.
	DrainDelay time.Duration
	// MaxBodyBytes caps every request body; larger requests get 413.
	MaxBodyBytes int64
	// Logger receives the access log and lifecycle lines. Required.
	Logger *slog.Logger
	// Handler serves everything except /healthz and /metrics; nil answers 404.
	Handler http.Handler
	// Ready reports whether the server can take traffic (the store is reachable, say); /healthz
	// answers 503 while it returns an error. Nil means always ready.
	Ready func(context.Context) error
	// Registry receives the HTTP, Go runtime and process metrics and is what /metrics exposes.
	// Callers pass one to add their own metrics; nil makes a fresh registry (never the global
	// one, so tests and several servers in one process do not collide).
	Registry *prometheus.Registry
	// IDs generates request IDs; nil uses crypto/rand.
	IDs *secrets.IDGen
}

// Server is Rampart's HTTP server. Build it with New, then Serve on a listener.
type Server struct {
	log             *slog.Logger
	shutdownTimeout time.Duration
	drainDelay      time.Duration
	http            *http.Server
	tls             bool
	ready           func(context.Context) error
	registry        *prometheus.Registry
	stopping        atomic.Bool
}

// New checks opts, loads the TLS key pair if any, registers the metrics and builds the handler
// chain. It does not listen yet.
func New(opts Options) (*Server, error) {
	if opts.Logger == nil {
		return nil, errors.New("server: Logger is required")
	}
	if opts.ShutdownTimeout <= 0 || opts.MaxBodyBytes <= 0 {
		return nil, errors.New("server: ShutdownTimeout and MaxBodyBytes must be positive")
	}
	if opts.DrainDelay < 0 {
		return nil, errors.New("server: DrainDelay must not be negative")
	}
	s := &Server{
		log:             opts.Logger,
		shutdownTimeout: opts.ShutdownTimeout,
		drainDelay:      opts.DrainDelay,
		ready:           opts.Ready,
		registry:        opts.Registry,
	}
	if s.registry == nil {
		s.registry = prometheus.NewRegistry()
	}
	m, err := newMetrics(s.registry)
	if err != nil {
		return nil, err
	}
	ids := opts.IDs
	if ids == nil {
		ids = secrets.NewIDGen(nil)
	}
	api := opts.Handler
	if api == nil {
		api = http.NotFoundHandler()
	}
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", http.HandlerFunc(s.serveHealth))
	mux.Handle("GET /metrics", m.handler(s.registry))
	mux.Handle("/", api)

	s.http = &http.Server{
		Handler:           observe(ids, s.log, m, opts.MaxBodyBytes, mux),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if (opts.TLSCertFile == "") != (opts.TLSKeyFile == "") {
		return nil, errors.New("server: TLSCertFile and TLSKeyFile must be set together")
	}
	if opts.TLSCertFile != "" {
		cert, err := tls.LoadX509KeyPair(opts.TLSCertFile, opts.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("server: TLS key pair: %w", err)
		}
		s.http.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
		s.tls = true
	}
	return s, nil
}

// Serve serves on ln until ctx ends. From then on /healthz answers 503; the server goes on
// serving everything else for DrainDelay, then stops accepting connections, lets in-flight
// requests finish for up to ShutdownTimeout, closes whatever is left and returns nil. It returns
// an error only if serving itself failed. The caller closes the store afterwards, once no
// handler can touch it.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	addr := ln.Addr()
	scheme := "http"
	if s.tls {
		scheme = "https"
	}
	s.log.Info("listening", "addr", addr.String(), "url", scheme+"://"+addr.String())

	served := make(chan error, 1)
	go func() {
		if s.tls {
			served <- s.http.ServeTLS(ln, "", "")
		} else {
			served <- s.http.Serve(ln)
		}
	}()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	s.stopping.Store(true)
	s.log.Info("shutting down", "drain_delay", s.drainDelay.String(), "drain_timeout", s.shutdownTimeout.String())
	if s.drainDelay > 0 {
		// The listener stays open while the load balancer's health checks see 503 and take the
		// node out of rotation. Connections close after their current response, so clients that
		// keep theirs open (through a TCP balancer, say) reconnect and land on another node.
		s.http.SetKeepAlivesEnabled(false)
		select {
		case <-time.After(s.drainDelay):
		case err := <-served:
			return fmt.Errorf("serve: %w", err)
		}
		s.log.Info("closing the listener", "drain_timeout", s.shutdownTimeout.String())
	}
	drainCtx, cancel := context.WithTimeout(context.Background(), s.shutdownTimeout)
	defer cancel()
	if err := s.http.Shutdown(drainCtx); err != nil {
		s.log.Warn("in-flight requests did not finish in time; closing their connections", "err", err)
		_ = s.http.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
