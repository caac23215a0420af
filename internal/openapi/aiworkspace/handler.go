package aiworkspace

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/server"
)

// Version is the AIWorkspace API version this package serves.
const Version = "2021-02-04"

// Authenticator turns a signed ROA request into its caller; *authn.Verifier implements it.
type Authenticator interface {
	// VerifyROA authenticates r, whose body (already read) is body. Errors are *errs.Error.
	VerifyROA(ctx context.Context, r *http.Request, body []byte) (*authz.Caller, error)
}

// Options are what a Handler is built from; every field is required.
type Options struct {
	Auth   Authenticator
	PAI    Workspaces
	Logger *slog.Logger
	// Throttle holds the node's API rate limits, which this API's callers spend too; nil: none.
	Throttle *openapi.Throttle
}

// Handler serves the AIWorkspace API. It is safe for concurrent use.
type Handler struct {
	auth     Authenticator
	throttle *openapi.Throttle
	pai      Workspaces
	log      *slog.Logger
}

// New returns a handler.
func New(o Options) (*Handler, error) {
	if o.Auth == nil || o.PAI == nil || o.Logger == nil {
		return nil, errors.New("aiworkspace: Auth, PAI and Logger are required")
	}
	return &Handler{auth: o.Auth, throttle: o.Throttle, pai: o.PAI, log: o.Logger}, nil
}

// request is one authenticated AIWorkspace call in an action.
type request struct {
	r      *http.Request
	caller *authz.Caller
	id     string // the RequestId
	body   []byte
	q      *query
}

// action answers one authenticated request with a response body (which gets the RequestId).
type action func(ctx context.Context, pai Workspaces, k *request) (any, error)

// Mount routes every action under /api/v1 on mux.
func (h *Handler) Mount(mux *http.ServeMux) {
	for _, rt := range routes() {
		mux.Handle(rt.method+" "+rt.path, h.serve(rt.name, rt.run))
	}
}

// serve runs one action behind authentication.
func (h *Handler) serve(name string, run action) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		server.SetRoute(ctx, "AIWorkSpace."+name)
		fail := func(err error) { openapi.WriteError(w, r, "JSON", err, h.log) }
		body, err := io.ReadAll(r.Body)
		if err != nil {
			fail(openapi.BodyError(err))
			return
		}
		if v := r.Header.Get("x-acs-version"); v != "" && v != Version {
			fail(errs.E(errs.Invalid, "InvalidVersion", "Specified parameter Version is not valid."))
			return
		}
		caller, err := h.throttle.VerifyROA(ctx, h.auth, r, body)
		if err != nil {
			fail(err)
			return
		}
		query := r.URL.Query()
		if err := repeatedParameter(query); err != nil {
			fail(err)
			return
		}
		k := &request{r: r, caller: caller, id: server.RequestID(ctx), body: body, q: newQuery(query)}
		resp, err := run(ctx, h.pai, k)
		if err != nil {
			fail(err)
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(http.StatusOK)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.Encode(resp)
	})
}
