package openapi

import (
	"log/slog"
	"net/http"

	"github.com/rampart-iam/rampart/internal/errs"
)

// errNotFound is the gateway's answer to a path no API serves, or a method an ROA path does not
// take: RAM's InvalidAction.NotFound (404), as an unknown Action gets.
func errNotFound() error {
	return errs.E(errs.NotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
}

// errMethodNotAllowed is the gateway's answer to an HTTP method an RPC endpoint does not take
// (Status: 405).
func errMethodNotAllowed() error {
	return errs.E(errs.Invalid, "UnsupportedHTTPMethod", "This http method is not supported.")
}

// NotFound answers every request with InvalidAction.NotFound in RAM's JSON error format, for the
// paths and methods no API serves: a client (the SDK among them) then reads RAM's error, with its
// RequestId, rather than Go's plain-text "404 page not found".
func NotFound(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, formatJSON, errNotFound(), log)
	})
}

// MethodNotAllowed answers every request with UnsupportedHTTPMethod (405) in RAM's error format
// (the request's Format, JSON by default) and an Allow header listing allow, for a path served
// with other methods than the request's.
func MethodNotAllowed(allow string, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		WriteRPCError(w, r, errMethodNotAllowed(), log)
	})
}
