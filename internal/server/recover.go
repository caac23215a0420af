package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// recoverPanic logs a handler's panic with its stack and, when the response has not started,
// answers 500 InternalError. The client learns nothing about the cause: its RequestId is the key
// to the log line that has it.
func recoverPanic(log *slog.Logger, rec *recorder, r *http.Request, p any) {
	if p == http.ErrAbortHandler {
		if !rec.wroteHeader() {
			rec.status = http.StatusInternalServerError // for the log; the client sees a reset
		}
		return
	}
	log.ErrorContext(r.Context(), "panic serving request",
		"request_id", RequestID(r.Context()),
		"method", r.Method,
		"path", r.URL.Path,
		"panic", fmt.Sprint(p),
		"stack", string(debug.Stack()),
	)
	if rec.wroteHeader() {
		return // too late to change the status; the client gets a truncated response
	}
	writeError(rec, r, http.StatusInternalServerError, "InternalError", "An internal error occurred.")
}
