package openapi

import (
	"bytes"
	"encoding/xml"
	"errors"
	"log/slog"
	"net/http"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/server"
)

// BodyError is the error for a request body that could not be read: RequestEntityTooLarge when
// the server's limit cut it short (a body sent chunked, or longer than it declared), as for one
// declared too large, and InvalidParameter otherwise.
func BodyError(err error) *errs.Error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errs.E(errs.Invalid, "RequestEntityTooLarge", "The request body is larger than %d bytes.", tooLarge.Limit)
	}
	return errs.E(errs.Invalid, "InvalidParameter", "The request body could not be read.")
}

// Status is the HTTP status of a domain or gateway error. It follows the error's kind, except
// for the gateway codes whose status Alibaba Cloud publishes differently (shared/reference/ram.md
// §6.2). Throttling is 429, not RAM's old 400: clients branch on the code either way, and 429 is
// what proxies, load balancers and generic HTTP clients understand as "slow down".
func Status(e *errs.Error) int {
	switch e.Code {
	case "InvalidAccessKeyId.NotFound", "InvalidAction.NotFound":
		return http.StatusNotFound
	case "InvalidAccessKeyId.Inactive":
		return http.StatusForbidden
	case "UnsupportedHTTPMethod": // an RPC endpoint asked with PUT, DELETE, ... (MethodNotAllowed)
		return http.StatusMethodNotAllowed
	case "RequestEntityTooLarge": // as the server answers a body declared too large
		return http.StatusRequestEntityTooLarge
	}
	return e.Kind.HTTPStatus()
}

// errorBody is RAM's error response.
type errorBody struct {
	XMLName            xml.Name `json:"-" xml:"Error"`
	RequestId          string
	HostId             string
	Code               string
	Message            string
	Recommend          string              `json:",omitempty" xml:",omitempty"`
	AccessDeniedDetail *accessDeniedDetail `json:",omitempty" xml:",omitempty"`
}

// accessDeniedDetail says why a request was denied, as RAM's newer services report it.
type accessDeniedDetail struct {
	PolicyType               string // ExplicitDeny or ImplicitDeny
	AuthAction               string
	AuthResource             string `json:",omitempty" xml:",omitempty"`
	AuthPrincipalType        string
	AuthPrincipalDisplayName string
	AuthPrincipalOwnerId     string
}

// WriteError answers r with err as RAM reports errors: the status of Status and the error body
// in format ("XML" or JSON otherwise). It is the one place errors meet the wire, for every API
// served in this format. Internal errors (and denials that could not be audited) are logged
// with their cause, which the client never sees.
func WriteError(w http.ResponseWriter, r *http.Request, format string, err error, log *slog.Logger) {
	e := errs.As(err)
	status := Status(e)
	id := server.RequestID(r.Context())
	if (status >= 500 || e.Err != nil) && log != nil {
		level := server.ErrorLevel(r.Context())
		if status < 500 { // the client's mistake: its cause is for debugging, not an alert
			level = slog.LevelDebug
		}
		log.Log(r.Context(), level, "request failed", "request_id", id, "code", e.Code, "err", e.Err)
	}
	body := errorBody{RequestId: id, HostId: r.Host, Code: e.Code, Message: e.Message}
	if d := e.Denial; d != nil {
		body.Recommend = d.Recommend
		if body.Recommend == "" {
			body.Recommend = "Grant " + d.Action + " on " + d.Resource + " to the caller, or remove the Deny that matched."
		}
		body.AccessDeniedDetail = &accessDeniedDetail{
			PolicyType:               d.PolicyType,
			AuthAction:               d.Action,
			AuthResource:             d.Resource,
			AuthPrincipalType:        d.PrincipalType,
			AuthPrincipalDisplayName: d.PrincipalDisplayName,
			AuthPrincipalOwnerId:     d.PrincipalOwnerID,
		}
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	encode(w, new(bytes.Buffer), format, status, "Error", &body)
}
