package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/rampart-iam/rampart/internal/secrets"
)

// exchange is one request's state in the middleware, in one allocation: its ID and route for
// handlers, and what the response was for the access log and metrics.
type exchange struct {
	info requestInfo
	rec  recorder
}

// StatusClientClosedRequest is the status the access log and metrics record for a request whose
// client closed its connection before the answer, when the handler then failed (typically with
// "context canceled"): nginx's 499. It is never sent, since nobody is left to receive it.
const StatusClientClosedRequest = 499

// clientGone reports whether the client of the request ctx belongs to has closed its connection
// (or the server has closed it, past its shutdown timeout). An error then is not the server's
// failure.
func clientGone(ctx context.Context) bool { return ctx.Err() != nil }

// ErrorLevel is the level at which a handler logs an internal error serving the request ctx
// belongs to: ERROR, or DEBUG once the client has gone, whose canceled context is then the
// likely cause.
func ErrorLevel(ctx context.Context) slog.Level {
	if clientGone(ctx) {
		return slog.LevelDebug
	}
	return slog.LevelError
}

// observe wraps every request with what operators need. It gives the request a fresh ID (an
// incoming one is ignored: clients must not choose what appears in our logs) announced in the
// response header; refuses a body declared larger than maxBody with 413 and caps any other at
// maxBody, so a handler reading more gets an *http.MaxBytesError instead of exhausting memory
// (RAM itself accepts POST bodies up to 10 MB); turns a recovered panic into a 500 with RAM's
// InternalError body instead of a dropped connection; and leaves one access log line and the
// request's metrics, with status 499 (StatusClientClosedRequest) at INFO instead of a 5xx at
// ERROR when the client closed the connection and the handler then failed. Its route is the one
// a handler named with SetRoute, else the pattern of the innermost ServeMux that saw this same
// request, else "unmatched".
func observe(ids *secrets.IDGen, log *slog.Logger, m *metrics, maxBody int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		x := &exchange{info: requestInfo{id: ids.RequestID()}, rec: recorder{ResponseWriter: w}}
		w.Header()[RequestIDHeader] = []string{x.info.id}
		// The request is ours to change once WithContext has copied it.
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, &x.info))
		rec := &x.rec
		m.inFlight.Inc()
		defer func() {
			if x.info.route == "" {
				x.info.route = r.Pattern
			}
			p := recover()
			if p != nil {
				recoverPanic(log, rec, r, p)
			}
			m.inFlight.Dec()
			if p == nil && rec.status >= 500 && clientGone(r.Context()) {
				// The client closed the connection before the answer, and the handler's work
				// failed with the request's canceled context: not the server's failure, and
				// nobody received the 500. Record it as nginx does.
				rec.status = StatusClientClosedRequest
			}
			d := time.Since(start)
			m.observe(r.Method, x.info.route, rec.status, d)
			logAccess(r.Context(), log, r, &x.info, rec, d)
			if p == http.ErrAbortHandler {
				panic(p) // let net/http abort the connection, as the handler asked
			}
		}()
		if r.ContentLength > maxBody {
			writeError(rec, r, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge",
				fmt.Sprintf("The request body is larger than %d bytes.", maxBody))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(rec, r.Body, maxBody)
		}
		next.ServeHTTP(rec, r)
		if rec.status == 0 { // a handler that writes nothing sends 200
			rec.status = http.StatusOK
		}
	})
}

// logAccess writes the access-log line. It records the path but never the query string (RPC
// signatures and STS tokens travel there), headers or bodies. Probe and scrape routes log at
// debug level so they do not drown the rest. The record goes to the handler directly, without
// the caller's program counter (runtime.Callers on every request) that only a handler adding
// the source would use: the access log's source is always this function.
func logAccess(ctx context.Context, log *slog.Logger, r *http.Request, info *requestInfo, rec *recorder, d time.Duration) {
	level := slog.LevelInfo
	switch {
	case rec.status >= 500:
		level = slog.LevelError
	case info.route == "GET /healthz" || info.route == "GET /metrics":
		level = slog.LevelDebug
	}
	h := log.Handler()
	if !h.Enabled(ctx, level) {
		return
	}
	record := slog.NewRecord(time.Now(), level, "request", 0)
	record.AddAttrs(
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("route", routeLabel(info.route)),
		slog.Int("status", rec.status),
		slog.Duration("duration", d),
		slog.Int64("bytes", rec.bytes),
		slog.String("request_id", info.id),
		slog.String("remote", r.RemoteAddr),
	)
	_ = h.Handle(ctx, record) // as slog.Logger does, a failed write is not the request's problem
}

func routeLabel(route string) string {
	if route == "" {
		return "unmatched"
	}
	return route
}
