package server

import (
	"context"
	"net/http"
	"time"
)

// ReadyTimeout bounds the Ready check of each /healthz request. A database that accepts
// connections but never answers (a stopped process, a network that drops packets) held the check
// for the store's connect timeout, or for ever on a connection already open, while a load
// balancer's health check gives up after a few seconds and learns less from a timeout than from a
// 503. A check still running when it expires fails: the node is unavailable.
const ReadyTimeout = 2 * time.Second

// serveHealth answers load balancers and orchestrators: 200 when the server can take traffic,
// 503 while Ready fails (or takes longer than ReadyTimeout) or once Serve's context has ended
// (during DrainDelay the listener stays open so that the load balancer sees this and stops
// sending requests; without a delay only a request already being read can see it). The reason
// stays in the debug log; this route is unauthenticated.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if s.stopping.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"stopping"}` + "\n"))
		return
	}
	if s.ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), ReadyTimeout)
		err := s.ready(ctx)
		cancel()
		if err != nil {
			s.log.Debug("not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"unavailable"}` + "\n"))
			return
		}
	}
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}
