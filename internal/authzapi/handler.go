package authzapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/server"
	"github.com/rampart-iam/rampart/internal/snapshot"
)

// Authenticator verifies signed requests: the API's own callers (ROA) and the requests a
// gateway forwards (ROA or RPC). *authn.Verifier implements it.
type Authenticator interface {
	VerifyROA(ctx context.Context, r *http.Request, body []byte) (*authz.Caller, error)
	VerifyRPC(ctx context.Context, r *http.Request, params url.Values) (*authz.Caller, error)
}

// Snapshots gives the decisions' snapshot; *snapshot.Holder implements it.
type Snapshots interface {
	Current() *authz.Snapshot
	// AtLeast returns a snapshot at revision rev or later, waiting up to wait; an error wrapping
	// snapshot.ErrLagging when it cannot.
	AtLeast(ctx context.Context, rev int64, wait time.Duration) (*authz.Snapshot, error)
}

// Options are what a Handler is built from. Auth, Snapshots and Logger are required.
type Options struct {
	Auth      Authenticator
	Snapshots Snapshots
	Logger    *slog.Logger
	// Throttle holds the node's API rate limits, which this API's callers spend too; nil: none.
	Throttle *openapi.Throttle
	// MaxBatch bounds the checks of one batch-check (0: DefaultMaxBatch).
	MaxBatch int
	// MaxWait bounds how long a check with minRevision waits for this node (0: DefaultMaxWait).
	MaxWait time.Duration
	// Now is the clock of acs:CurrentTime for checks by principal ARN; nil means time.Now.
	Now func() time.Time
}

// Defaults of Options.
const (
	DefaultMaxBatch = 1000
	DefaultMaxWait  = time.Second
)

// AuthorizeAction is the RAM action a caller of this API needs (on acs:rampart:*:<account>:*).
const AuthorizeAction = "rampart:Authorize"

// Handler serves the decision API. It is safe for concurrent use.
type Handler struct {
	auth     Authenticator
	throttle *openapi.Throttle
	snaps    Snapshots
	log      *slog.Logger
	maxBatch int
	maxWait  time.Duration
	now      func() time.Time
}

// New returns a handler.
func New(o Options) (*Handler, error) {
	if o.Auth == nil || o.Snapshots == nil || o.Logger == nil {
		return nil, errors.New("authzapi: Auth, Snapshots and Logger are required")
	}
	h := &Handler{auth: o.Auth, throttle: o.Throttle, snaps: o.Snapshots, log: o.Logger, maxBatch: o.MaxBatch, maxWait: o.MaxWait, now: o.Now}
	if h.maxBatch <= 0 {
		h.maxBatch = DefaultMaxBatch
	}
	if h.maxWait <= 0 {
		h.maxWait = DefaultMaxWait
	}
	if h.now == nil {
		h.now = time.Now
	}
	return h, nil
}

// Mount routes the decision API's endpoints on mux.
func (h *Handler) Mount(mux *http.ServeMux) {
	mux.Handle("POST /authz/v1/check", h.serve("Check", h.check))
	mux.Handle("POST /authz/v1/batch-check", h.serve("BatchCheck", h.batchCheck))
	mux.Handle("POST /authz/v1/explain", h.serve("Explain", h.explain))
}

// call is one authenticated call of the API. Its caller is authorized with the snapshot the call
// decides with (Handler.snapshot), so a minRevision covers a grant of rampart:Authorize too.
type call struct {
	r      *http.Request
	caller *authz.Caller
	body   []byte
	now    time.Time
}

// endpoint answers a call with a JSON body.
type endpoint func(ctx context.Context, k *call) (any, error)

// serve authenticates the API's caller and runs the endpoint, which checks through
// Handler.snapshot that the caller may use the API.
func (h *Handler) serve(route string, run endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		server.SetRoute(ctx, "authz."+route)
		fail := func(err error) { openapi.WriteError(w, r, "JSON", err, h.log) }
		body, err := io.ReadAll(r.Body)
		if err != nil {
			fail(openapi.BodyError(err))
			return
		}
		caller, err := h.throttle.VerifyROA(ctx, h.auth, r, body)
		if err != nil {
			fail(err)
			return
		}
		if err := jsonContent(r.Header.Get("Content-Type")); err != nil {
			fail(err)
			return
		}
		out, err := run(ctx, &call{r: r, caller: caller, body: body, now: h.now()})
		if err != nil {
			fail(err)
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(http.StatusOK)
		// An answer may echo text that is not UTF-8: the string to sign of a forwarded request
		// whose path decodes to invalid bytes ("/%ff"). Replace them, as encoding/json does, rather
		// than fail half-way through an answer whose 200 is already sent.
		json.MarshalWrite(w, out, jsontext.AllowInvalidUTF8(true))
		w.Write([]byte{'\n'})
	})
}

// authorize lets the root and callers granted rampart:Authorize in snap use the API.
func authorize(snap *authz.Snapshot, c *authz.Caller) error {
	resource := "acs:rampart:*:" + snap.AccountID() + ":*"
	d := snap.Decide(c, &authz.Request{Action: AuthorizeAction, Resource: resource, Context: c.Context})
	if d.Allowed() {
		return nil
	}
	return errs.NoPermission("You are not authorized to use the decision API.", c.Denial(AuthorizeAction, resource, d.Outcome))
}

// snapshot returns the snapshot to decide k with, the current one or one at minRevision, once
// k's caller may use the API there.
func (h *Handler) snapshot(ctx context.Context, k *call, minRevision int64) (*authz.Snapshot, error) {
	if minRevision < 0 {
		// As for the X-Rampart-Min-Revision header: a negative token is a client's mistake, not
		// a request to answer from any state.
		return nil, errs.E(errs.Invalid, "InvalidParameter.MinRevision",
			"The specified minRevision %d is not valid: give one revision, a non-negative integer such as an earlier answer's revision.", minRevision)
	}
	s := h.snaps.Current()
	if minRevision > s.Revision() {
		var err error
		s, err = h.snaps.AtLeast(ctx, minRevision, h.maxWait)
		if errors.Is(err, snapshot.ErrLagging) {
			return nil, &errs.Error{Kind: errs.Unavailable, Code: "ServiceUnavailable.Lagging",
				Message: fmt.Sprintf("This node is at revision %d and did not reach the requested revision %d within %v; retry, or ask another node.",
					h.snaps.Current().Revision(), minRevision, h.maxWait), Err: err}
		}
		if err != nil {
			return nil, err
		}
	}
	// The answer reflects s, which a minRevision may have made newer than the snapshot the
	// request was admitted at: X-Rampart-Revision says so, as the body's revision does.
	consistency.Note(ctx, s.Revision())
	if err := authorize(s, k.caller); err != nil {
		return nil, err
	}
	return s, nil
}

// jsonContent refuses a body that does not say it is JSON: application/json, UTF-8 if it names
// a charset. A form or text body that happens to parse as JSON is a client that means something
// else (a form's fields, a CLI's curl -d), and is told so rather than decided for.
func jsonContent(contentType string) error {
	if strings.EqualFold(contentType, "application/json") { // what the SDKs send; no allocation
		return nil
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err == nil && mediaType == "application/json" {
		if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
			return nil
		}
	}
	return errs.E(errs.Invalid, "InvalidParameter.ContentType",
		"The header \"Content-Type\" must be application/json (charset utf-8 if any), not %q.", contentType)
}

// decode reads the call's JSON body into v.
func (k *call) decode(v any) error {
	// Case-sensitive names, no duplicates, no unknown names: a misspelt field ("resourceGroupID",
	// "WorkspaceId") would be dropped and the check decided without it.
	if err := json.Unmarshal(k.body, v, json.RejectUnknownMembers(true)); err != nil {
		return errs.E(errs.Invalid, "InvalidParameter.Body", "The body is not the JSON this endpoint takes: %v.", err)
	}
	return nil
}
