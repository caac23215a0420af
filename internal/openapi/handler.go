package openapi

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/server"
)

// Authenticator turns a signed RPC request into its caller; *authn.Verifier implements it.
type Authenticator interface {
	// VerifyRPC authenticates r, signed with RPC signature v1, whose merged parameters are
	// params. Errors are *errs.Error.
	VerifyRPC(ctx context.Context, r *http.Request, params url.Values) (*authz.Caller, error)
	// VerifyV3 authenticates r, signed with the V3 signature (authn.IsV3), whose body is body.
	VerifyV3(ctx context.Context, r *http.Request, body []byte) (*authz.Caller, error)
}

// Options are what a Handler is built from.
type Options struct {
	// Auth authenticates requests. Required.
	Auth Authenticator
	// RAM is the RAM and Resource Manager domain (*ram.Service). Required.
	RAM RAM
	// STS is the STS domain (*sts.Service). Required.
	STS STS
	// Throttle holds the rate limits, shared with the node's other APIs; nil: no limits.
	Throttle *Throttle
	// Logger receives internal errors. Required.
	Logger *slog.Logger
}

// Handler serves the RPC API at "/". It is safe for concurrent use.
type Handler struct {
	auth     Authenticator
	ram      RAM
	sts      STS
	versions map[string]*product
	throttle *Throttle
	log      *slog.Logger
	// buffers hold response bodies while they are encoded (see encode).
	buffers sync.Pool
}

// New builds the handler and its dispatch tables.
func New(o Options) (*Handler, error) {
	if o.Auth == nil || o.RAM == nil || o.STS == nil || o.Logger == nil {
		return nil, errors.New("openapi: Auth, RAM, STS and Logger are required")
	}
	h := &Handler{
		auth:     o.Auth,
		ram:      o.RAM,
		sts:      o.STS,
		versions: products(),
		throttle: o.Throttle,
		log:      o.Logger,
	}
	return h, nil
}

// ServeHTTP answers one RPC call.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	format := formatJSON
	fail := func(err error) { WriteError(w, r, format, err, h.log) }

	if err := h.throttle.allowIP(r); err != nil {
		fail(err)
		return
	}
	// A V3 signature covers the body as sent, so it is read whole first; the action and version
	// are then headers, not parameters.
	v3 := authn.IsV3(r)
	var body []byte
	if v3 {
		b, err := readAll(r.Body, nil)
		if err != nil {
			fail(BodyError(err))
			return
		}
		body, r.Body = b, io.NopCloser(bytes.NewReader(b))
	}
	values, err := ParseRequest(r)
	if err != nil {
		fail(err)
		return
	}
	format = responseFormat(values.Get("Format"))
	name, version := values.Get("Action"), values.Get("Version")
	if v3 {
		name, version = r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version")
	}
	act, err := h.lookup(name, version)
	if err != nil {
		fail(err)
		return
	}
	server.SetRoute(ctx, act.route)
	var caller *authz.Caller
	if v3 {
		caller, err = h.auth.VerifyV3(ctx, r, body)
	} else {
		caller, err = h.auth.VerifyRPC(ctx, r, values)
	}
	if err != nil {
		fail(err)
		return
	}
	if err := h.throttle.allowKey(caller.AccessKeyID); err != nil {
		fail(err)
		return
	}
	resp, err := act.handle(ctx, &call{ram: h.ram, sts: h.sts, caller: caller, requestID: server.RequestID(ctx), p: NewParams(values)})
	if err != nil {
		fail(err)
		return
	}
	resp.setRequestID(server.RequestID(ctx))
	buf, _ := h.buffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	encode(w, buf, format, http.StatusOK, act.root, resp)
	if buf.Cap() <= maxPooledBuffer {
		h.buffers.Put(buf)
	}
}

// maxPooledBuffer bounds the response buffers kept for reuse: a rare huge list (every policy
// with its document) should not pin its memory.
const maxPooledBuffer = 64 << 10

// lookup finds the action a request names: version picks the product, then name the
// operation.
func (h *Handler) lookup(name, version string) (*action, error) {
	switch {
	case name == "":
		return nil, missingParameter("Action")
	case version == "":
		return nil, missingParameter("Version")
	}
	prod, ok := h.versions[version]
	if !ok {
		return nil, errs.E(errs.Invalid, "InvalidVersion", "Specified parameter Version is not valid.")
	}
	act, ok := prod.actions[name]
	if !ok {
		return nil, errs.E(errs.NotFound, "InvalidAction.NotFound",
			"Specified api is not found, please check your url and method.")
	}
	return act, nil
}

func missingParameter(name string) error {
	return errs.E(errs.Invalid, "MissingParameter",
		"The input parameter %q that is mandatory for processing this request is not supplied.", name)
}

// peerIP is the address of the connection's peer, the key of the per-IP limit. (Behind a proxy
// every client shares the proxy's budget; the per-AccessKey limit still tells them apart.)
func peerIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
