// Package activationapi serves PAI's "Activation & Authorization" as JSON under /authz/v1, beside
// the decision API and signed the same way (ROA: Authorization: acs <AccessKeyId>:<Signature>),
// so the official SDKs reach it with requests.NewCommonRequest and a PathPattern:
//
//	GET  /authz/v1/dependent-services            every module × dependent service, authorized or not
//	POST /authz/v1/dependent-services/authorize  {"Module":"EAS","Service":"OSS"}: authorize one row
//	GET  /authz/v1/activations                   what is activated
//	POST /authz/v1/activations                   {"Service":"OSS"} ("" or "PAI" for PAI): activate
//
// The handler authenticates and decodes; package activation authorizes every call itself
// (reading the status takes ram:ListRoles, authorizing takes what creating the row's role
// takes, activating takes the seed's policies), so the console and the CLI get the same rules.
package activationapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/pai/activation"
	"github.com/rampart-iam/rampart/internal/server"
)

// Authenticator verifies ROA-signed requests; *authn.Verifier implements it.
type Authenticator interface {
	VerifyROA(ctx context.Context, r *http.Request, body []byte) (*authz.Caller, error)
}

// Activation is the domain this API serves; *activation.Service implements it.
type Activation interface {
	DependentServices(ctx context.Context, c *authz.Caller, requestID string) ([]activation.DependentService, error)
	Authorize(ctx context.Context, c *authz.Caller, in activation.AuthorizeInput) (activation.DependentService, error)
	Activate(ctx context.Context, c *authz.Caller, in activation.ActivateInput) (activation.Activation, error)
	Activations(ctx context.Context, c *authz.Caller) ([]activation.Activation, error)
}

// Options are what a Handler is built from; every field is required.
type Options struct {
	Auth       Authenticator
	Activation Activation
	Logger     *slog.Logger
	// Throttle holds the node's API rate limits, which this API's callers spend too; nil: none.
	Throttle *openapi.Throttle
}

// Handler serves the API. It is safe for concurrent use.
type Handler struct {
	auth     Authenticator
	throttle *openapi.Throttle
	svc      Activation
	log      *slog.Logger
}

// New returns a handler.
func New(o Options) (*Handler, error) {
	if o.Auth == nil || o.Activation == nil || o.Logger == nil {
		return nil, errors.New("activationapi: Auth, Activation and Logger are required")
	}
	return &Handler{auth: o.Auth, throttle: o.Throttle, svc: o.Activation, log: o.Logger}, nil
}

// Mount routes the API's endpoints on mux.
func (h *Handler) Mount(mux *http.ServeMux) {
	mux.Handle("GET /authz/v1/dependent-services", h.serve("DependentServices", h.dependentServices))
	mux.Handle("POST /authz/v1/dependent-services/authorize", h.serve("Authorize", h.authorize))
	mux.Handle("GET /authz/v1/activations", h.serve("Activations", h.activations))
	mux.Handle("POST /authz/v1/activations", h.serve("Activate", h.activate))
}

// call is one authenticated call.
type call struct {
	r         *http.Request
	body      []byte
	caller    *authz.Caller
	requestID string
}

type endpoint func(ctx context.Context, k *call) (any, error)

func (h *Handler) serve(route string, run endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		server.SetRoute(ctx, "activation."+route)
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
		out, err := run(ctx, &call{r: r, body: body, caller: caller, requestID: server.RequestID(ctx)})
		if err != nil {
			fail(err)
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(http.StatusOK)
		json.NewEncoder(w).Encode(out)
	})
}

// params reads a call's parameters: a JSON object in the body, or else the query string (what
// an SDK CommonRequest sends with QueryParams). Unknown names in a body are an error.
func (k *call) params(v any, names ...string) error {
	if len(bytes.TrimSpace(k.body)) > 0 {
		// Names match exactly, and a misspelt one is an error rather than a silently empty field.
		if err := jsonv2.Unmarshal(k.body, v, jsonv2.RejectUnknownMembers(true)); err != nil {
			return errs.E(errs.Invalid, "InvalidParameter.Body", "The body is not the JSON this endpoint takes: %v.", err)
		}
		return nil
	}
	q := k.r.URL.Query()
	m := map[string]string{}
	for _, n := range names {
		m[n] = q.Get(n)
	}
	b, _ := json.Marshal(m)
	return json.Unmarshal(b, v)
}

// dependentServicesResponse is GET /authz/v1/dependent-services' answer.
type dependentServicesResponse struct {
	RequestId         string
	DependentServices []activation.DependentService
}

func (h *Handler) dependentServices(ctx context.Context, k *call) (any, error) {
	rows, err := h.svc.DependentServices(ctx, k.caller, k.requestID)
	if err != nil {
		return nil, err
	}
	return dependentServicesResponse{RequestId: k.requestID, DependentServices: rows}, nil
}

type authorizeResponse struct {
	RequestId        string
	DependentService activation.DependentService
}

func (h *Handler) authorize(ctx context.Context, k *call) (any, error) {
	var in struct{ Module, Service string }
	if err := k.params(&in, "Module", "Service"); err != nil {
		return nil, err
	}
	row, err := h.svc.Authorize(ctx, k.caller, activation.AuthorizeInput{RequestID: k.requestID, Module: in.Module, Service: in.Service})
	if err != nil {
		return nil, err
	}
	return authorizeResponse{RequestId: k.requestID, DependentService: row}, nil
}

// wActivation is an activation on the wire, its date as RAM writes dates.
type wActivation struct {
	Service, ActivatedBy, ActivateDate string
}

func wire(a activation.Activation) wActivation {
	return wActivation{Service: a.Service, ActivatedBy: a.ActivatedBy, ActivateDate: a.ActivateDate.UTC().Format(time.RFC3339)}
}

type activateResponse struct {
	RequestId  string
	Activation wActivation
	Roles      []wRole `json:",omitempty"` // PAI only
}

// wRole is what activating PAI did about one module role.
type wRole struct {
	RoleName, RoleType string
	Modules            []string
	Authorized         bool
	Code               string `json:",omitempty"`
	Message            string `json:",omitempty"`
}

func (h *Handler) activate(ctx context.Context, k *call) (any, error) {
	var in struct{ Service string }
	if err := k.params(&in, "Service"); err != nil {
		return nil, err
	}
	a, err := h.svc.Activate(ctx, k.caller, activation.ActivateInput{RequestID: k.requestID, Service: in.Service})
	if err != nil {
		return nil, err
	}
	out := activateResponse{RequestId: k.requestID, Activation: wire(a)}
	for _, r := range a.Roles {
		out.Roles = append(out.Roles, wRole{RoleName: r.RoleName, RoleType: string(r.RoleType), Modules: r.Modules,
			Authorized: r.Authorized, Code: r.Code, Message: r.Message})
	}
	return out, nil
}

type activationsResponse struct {
	RequestId   string
	Activations []wActivation
}

func (h *Handler) activations(ctx context.Context, k *call) (any, error) {
	as, err := h.svc.Activations(ctx, k.caller)
	if err != nil {
		return nil, err
	}
	out := activationsResponse{RequestId: k.requestID, Activations: []wActivation{}}
	for _, a := range as {
		out.Activations = append(out.Activations, wire(a))
	}
	return out, nil
}
