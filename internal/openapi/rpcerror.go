package openapi

import (
	"log/slog"
	"net/http"
)

// WriteRPCError answers an RPC request with err in the format the request asks for (its Format
// parameter, JSON by default), as the Handler itself would. It is for middleware that refuses a
// request before the Handler runs (ServiceUnavailable.Lagging, say). It reads r's body, so the
// Handler must not run after it.
func WriteRPCError(w http.ResponseWriter, r *http.Request, err error, log *slog.Logger) {
	format := formatJSON
	if values, perr := ParseRequest(r); perr == nil {
		format = responseFormat(values.Get("Format"))
	}
	WriteError(w, r, format, err, log)
}
