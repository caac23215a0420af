package console

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/ratelimit"
)

// Prefix is where the console is mounted.
const Prefix = "/console/"

// DefaultIdleTimeout ends a session after this long without a request.
const DefaultIdleTimeout = time.Hour

// Options are what a Handler is built from.
type Options struct {
	// RAM is the RAM domain (*ram.Service). Required.
	RAM RAM
	// PAI is the workspace domain (*pai.Service) behind "PAI > Workspaces". Required.
	PAI PAI
	// DependentServices is the activation domain behind "PAI > Activation & Authorization >
	// Dependent Services". Optional: without it the page is not offered.
	DependentServices DependentServices
	// Sessions keeps console sessions. Required.
	Sessions Sessions
	// Catalog supplies the action vocabulary of the visual policy editor, and the workspace
	// roles and role-permission list of the PAI pages. Required.
	Catalog *catalog.Catalog
	// AccountID returns the account's ID. Required.
	AccountID func() string
	// Logger receives internal errors. Required.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// IdleTimeout ends a session after this long without a request; 0 means DefaultIdleTimeout.
	IdleTimeout time.Duration
	// TrustedProxies are reverse proxies whose X-Forwarded-For names the client (acs:SourceIp)
	// and whose X-Forwarded-Proto says whether it used TLS (see authn.Proxies).
	TrustedProxies []netip.Prefix
	// LogonRateLimit is how many sign-in attempts (passwords and MFA codes) a client IP may
	// make a minute, all of them at once at most; 0 turns the limit off (see logonlimit.go).
	LogonRateLimit int
	// Admit, when set, runs for each request of a signed-in person once the session is found:
	// the consistency guard's wait for the revision the request asks for (consistency.Admit),
	// which nobody without a session can make the node do. Its error is shown as the page's.
	Admit func(ctx context.Context) (waited bool, err error)
}

// Handler serves the console. Build it with New.
type Handler struct {
	ram       RAM
	pai       PAI
	dependent DependentServices // nil: no Dependent Services page
	catalog   *catalog.Catalog
	sessions  Sessions
	account   func() string
	log       *slog.Logger
	now       func() time.Time
	idle      time.Duration
	proxies   authn.Proxies
	pages     map[string]*template.Template
	vocab     vocabulary
	mux       *http.ServeMux
	csrf      *http.CrossOriginProtection

	// logons counts sign-in attempts per client IP, logonsPerMinute a minute (nil: no limit).
	logons          *ratelimit.Limiter
	logonsPerMinute int

	admit func(ctx context.Context) (waited bool, err error) // nil: nothing to wait for
}

// New builds the console's handler.
func New(o Options) (*Handler, error) {
	if o.RAM == nil || o.PAI == nil || o.Sessions == nil || o.Catalog == nil || o.AccountID == nil || o.Logger == nil {
		return nil, errors.New("console: New needs RAM, PAI, Sessions, Catalog, AccountID and Logger")
	}
	h := &Handler{ram: o.RAM, pai: o.PAI, dependent: o.DependentServices, catalog: o.Catalog, sessions: o.Sessions, account: o.AccountID, log: o.Logger, now: o.Now,
		idle: o.IdleTimeout, proxies: o.TrustedProxies, csrf: http.NewCrossOriginProtection(), admit: o.Admit}
	if h.now == nil {
		h.now = time.Now
	}
	h.logons, h.logonsPerMinute = newLogonLimiter(o.LogonRateLimit, h.now), o.LogonRateLimit
	if h.idle <= 0 {
		h.idle = DefaultIdleTimeout
	}
	var err error
	if h.pages, err = parsePages(); err != nil {
		return nil, err
	}
	if h.vocab, err = newVocabulary(o.Catalog); err != nil {
		return nil, err
	}
	h.mux = h.routes()
	h.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.forbidden(w, r, "The form did not come from this console: your browser says another site sent it. Open the console and try again.")
	}))
	return h, nil
}

// maxForm bounds the body of a console form. The longest thing a person types into one is a
// policy document (a role's trust policy too), at most 6,144 characters.
const maxForm = 1 << 20

// ServeHTTP serves a console request: cross-origin writes are refused before any handler runs.
// A form too large to read is refused here too: a handler would find its fields, the form token
// first, missing, and say that the form had expired. What no route serves gets the console's
// error page (serveRoute).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.setSecurityHeaders(w, r)
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		err := r.ParseForm()
		if err == nil {
			err = r.ParseMultipartForm(maxForm) // http.ErrNotMultipart for the usual form
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			h.render(w, http.StatusRequestEntityTooLarge, "", "bare-error", problem{Code: "RequestEntityTooLarge",
				Message: fmt.Sprintf("The form is larger than the console accepts (%d KB). Nothing was changed.", maxForm>>10)})
			return
		}
	}
	h.csrf.Handler(http.HandlerFunc(h.serveRoute)).ServeHTTP(w, r)
}

// WriteError answers a console request refused before the console saw it with the console's
// error page: the consistency guard's InvalidParameter.MinRevision (a malformed
// X-Rampart-Min-Revision, 400) or ServiceUnavailable.Lagging (503). It is a
// consistency.ErrorWriter.
func (h *Handler) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	h.setSecurityHeaders(w, r)
	h.render(w, statusOf(err), "", "bare-error", *problemOf(err))
}

// setSecurityHeaders keeps pages from being framed, sniffed or loading anything from elsewhere,
// and, once the console is reached over HTTPS (directly, or through a trusted proxy that says
// so), keeps the browser on HTTPS for a year (HSTS), so a later http:// link cannot expose the
// session cookie.
func (h *Handler) setSecurityHeaders(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	if h.proxies.SecureTransport(r) {
		hd.Set("Strict-Transport-Security", "max-age=31536000")
	}
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("X-Frame-Options", "DENY")
}
