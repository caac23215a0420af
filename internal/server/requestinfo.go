package server

import (
	"context"
)

// RequestIDHeader carries the request ID on every response, as Alibaba Cloud's gateways do
// (x-acs-request-id); the same ID is the RequestId of RAM-style response bodies and of the
// access-log line, so a client's report can be matched to the log. It is spelled canonically,
// since the middleware puts it in the header map directly.
const RequestIDHeader = "X-Acs-Request-Id"

// requestInfo is the per-request state the middleware shares with handlers.
type requestInfo struct {
	id    string
	route string // metrics label set by a handler through SetRoute; empty means the mux pattern
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(infoKey{}).(*requestInfo)
	return info
}

// RequestID returns the ID of the request ctx belongs to, or "" outside a request served by
// this package. API handlers put it in the RequestId field of their responses.
func RequestID(ctx context.Context) string {
	if info := infoFrom(ctx); info != nil {
		return info.id
	}
	return ""
}

// SetRoute names the request's route in metrics and the access log, for handlers whose path
// alone says little (every RPC call is "POST /"; its route is better "Ram.CreateUser"). Pass
// only names from a fixed set: each distinct route is a metrics series. Call it from the
// handler's goroutine.
func SetRoute(ctx context.Context, route string) {
	if info := infoFrom(ctx); info != nil {
		info.route = route
	}
}
