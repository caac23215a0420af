package server

import (
	"net/http"
)

// serveHealth answers load balancers and orchestrators: 200 when the server can take traffic,
// 503 while Ready fails or once Serve's context has ended (during DrainDelay the listener stays
// open so that the load balancer sees this and stops sending requests; without a delay only a
// request already being read can see it). The reason stays in the debug log; this route is
// unauthenticated.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if s.stopping.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"stopping"}` + "\n"))
		return
	}
	if s.ready != nil {
		if err := s.ready(r.Context()); err != nil {
			s.log.Debug("not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"unavailable"}` + "\n"))
			return
		}
	}
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}
