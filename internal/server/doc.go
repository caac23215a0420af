// Package server runs Rampart's HTTP listener: the http.Server lifecycle (listen, optional TLS,
// graceful drain on shutdown), the operational routes (/healthz, /metrics) and the middleware
// every request passes through (request ID, access log, Prometheus metrics, panic recovery, body
// size limit).
//
// It knows nothing about RAM, STS or the console. The command layer builds the API handler and
// passes it in Options.Handler; the server mounts it at "/" beside its own routes, so API
// packages add routes without touching this package. Handlers reach per-request facts through
// RequestID and SetRoute.
package server
