package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// observe wraps every request with what operators need: a recovered panic becomes a 500 with
// RAM's InternalError body instead of a dropped connection, and each request leaves one access
// log line and its metrics.
func observe(log *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		m.inFlight.Inc()
		defer func() {
			p := recover()
			if p != nil {
				recoverPanic(log, rec, r, p)
			}
			m.inFlight.Dec()
			d := time.Since(start)
			info := infoFrom(r.Context())
			m.observe(r.Method, info.route, rec.status, d)
			logAccess(r.Context(), log, r, info, rec, d)
			if p == http.ErrAbortHandler {
				panic(p) // let net/http abort the connection, as the handler asked
			}
		}()
		next.ServeHTTP(rec, r)
		if rec.status == 0 { // a handler that writes nothing sends 200
			rec.status = http.StatusOK
		}
	})
}

// logAccess writes the access-log line. It records the path but never the query string (RPC
// signatures and STS tokens travel there), headers or bodies. Probe and scrape routes log at
// debug level so they do not drown the rest.
func logAccess(ctx context.Context, log *slog.Logger, r *http.Request, info *requestInfo, rec *recorder, d time.Duration) {
	level := slog.LevelInfo
	switch {
	case rec.status >= 500:
		level = slog.LevelError
	case info.route == "GET /healthz" || info.route == "GET /metrics":
		level = slog.LevelDebug
	}
	if !log.Enabled(ctx, level) {
		return
	}
	log.LogAttrs(ctx, level, "request",
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("route", routeLabel(info.route)),
		slog.Int("status", rec.status),
		slog.Duration("duration", d),
		slog.Int64("bytes", rec.bytes),
		slog.String("request_id", info.id),
		slog.String("remote", r.RemoteAddr),
	)
}

func routeLabel(route string) string {
	if route == "" {
		return "unmatched"
	}
	return route
}
