// Package errs is the error vocabulary of Rampart's domain. An *Error carries a Kind, which
// callers branch on, and RAM's error Code and Message, which clients see. Domain packages
// create them; a Kind has one HTTP status (Kind.HTTPStatus), and exactly one function in the API
// layer turns an error into RAM's wire error body, so every interface reports the same failure
// the same way.
package errs

import (
	"errors"
	"fmt"
	"net/http"
)

// Kind classifies an error for branching and for choosing the HTTP status.
type Kind uint8

const (
	Internal        Kind = iota // a bug or an unexpected failure below the domain (500)
	Invalid                     // the request is malformed or a parameter is out of range (400)
	Unauthenticated             // no valid credentials: bad signature, unknown or inactive key (400/401/404)
	Denied                      // authenticated, but a policy does not allow it (403)
	NotFound                    // the named entity does not exist (404)
	Exists                      // the entity to create already exists (409)
	Conflict                    // the entity is still in use, or the change conflicts with its state (409)
	LimitExceeded               // a quota would be exceeded (409)
	Throttled                   // too many requests (429)
	Unavailable                 // the node cannot answer now: it lags behind a revision, its database is unreachable (503)
)

var kindNames = [...]string{
	Internal: "Internal", Invalid: "Invalid", Unauthenticated: "Unauthenticated", Denied: "Denied",
	NotFound: "NotFound", Exists: "Exists", Conflict: "Conflict", LimitExceeded: "LimitExceeded",
	Throttled: "Throttled", Unavailable: "Unavailable",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// HTTPStatus is the status a response reporting an error of kind k carries: 400 for bad input
// and for failed authentication (RAM answers a bad signature with 400), 403 denied, 404 not
// found, 409 for what conflicts with the stored state, 429 throttled, 503 unavailable, 500 else.
func (k Kind) HTTPStatus() int {
	switch k {
	case Invalid, Unauthenticated:
		return http.StatusBadRequest
	case Denied:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case Exists, Conflict, LimitExceeded:
		return http.StatusConflict
	case Throttled:
		return http.StatusTooManyRequests
	case Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Error is a domain error with RAM's code and message.
type Error struct {
	Kind    Kind
	Code    string // RAM's error code, e.g. "EntityNotExist.User"
	Message string // RAM's message, e.g. "The user does not exist."
	// Denial describes a Denied error for AccessDeniedDetail; nil otherwise.
	Denial *Denial
	// Err is the underlying cause, if any; it is not shown to clients.
	Err error
}

// Denial says what was denied to whom, and whether a Deny statement or the absence of an
// Allow decided it. It becomes RAM's AccessDeniedDetail.
type Denial struct {
	Action               string // "ram:CreateUser"
	Resource             string
	PrincipalType        string // "SubUser", "AssumedRoleUser", ...
	PrincipalDisplayName string
	PrincipalOwnerID     string // the account ID
	PolicyType           string // "ExplicitDeny" or "ImplicitDeny"
	// Recommend says what would allow the request, when granting Action on Resource is not
	// the way (activation is decided by the system policies a caller holds). Empty: grant it.
	Recommend string
}

// NoPermission is RAM's refusal of an authenticated request: HTTP 403 "NoPermission" with
// message and what AccessDeniedDetail reports (authz.Caller.Denial builds it).
func NoPermission(message string, d *Denial) *Error {
	return &Error{Kind: Denied, Code: "NoPermission", Message: message, Denial: d}
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Message + ": " + e.Err.Error()
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// E returns an error of kind with RAM's code and a message formatted from format and args.
func E(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

const internalCode = "InternalError"

// Wrap returns an Internal error that keeps err as its cause, unless err is already an
// Unavailable error (the database could not be reached, say): that stays a temporary failure,
// which clients retry, however many layers wrapped it on its way up.
func Wrap(err error) *Error {
	if e, ok := errors.AsType[*Error](err); ok && e.Kind == Unavailable {
		return &Error{Kind: Unavailable, Code: e.Code, Message: e.Message, Err: err}
	}
	return &Error{Kind: Internal, Code: internalCode, Message: "An internal error occurred.", Err: err}
}

// ServiceUnavailable is the error of a request the node could not serve because its database
// could not be reached (the connection was refused, lost, or timed out while connecting): RAM's
// retryable HTTP 503 ServiceUnavailable rather than 500 InternalError, which reports a bug.
// Store backends return it, once, where they classify driver errors; cause stays in the log.
//
// A write that fails so was not acknowledged, but it may still have been applied when the
// connection was lost during its commit: as with any 5xx, a client that retries a create may find
// the entity already there.
func ServiceUnavailable(cause error) *Error {
	return &Error{Kind: Unavailable, Code: "ServiceUnavailable",
		Message: "The request has failed due to a temporary failure of the server.", Err: cause}
}

// As returns err's *Error, or an Internal *Error wrapping err when err carries none. It
// returns nil for a nil err, without allocating: there is no failure to describe.
func As(err error) *Error {
	if err == nil {
		return nil
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e
	}
	return Wrap(err)
}

// KindOf returns the kind of err: Internal unless err wraps an *Error, and Internal for nil
// too, so a comparison with another kind is false. It does not allocate: callers branch on a
// lookup's error on every request, and that error is usually nil.
func KindOf(err error) Kind {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Kind
	}
	return Internal
}

// CodeOf returns RAM's error code for err ("InternalError" when it carries none, or is nil).
func CodeOf(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return internalCode
}
