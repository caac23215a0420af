package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/server"
	"github.com/rampart-iam/rampart/policy"
)

// visit is one request of a signed-in person: the session and the caller it acts as.
type visit struct {
	h      *Handler
	w      http.ResponseWriter
	r      *http.Request
	sess   Session
	id     string // the plain session ID (the cookie's value)
	caller *authz.Caller
}

// requestID is the request's ID, as the server's middleware set it and the audit trail records it.
func (v *visit) requestID() string { return server.RequestID(v.r.Context()) }

// authed wraps a page that needs a complete sign-in.
func (h *Handler) authed(fn func(v *visit)) http.HandlerFunc { return h.inStage(stageDone, fn) }

// inStage wraps a page for sessions at one stage of the sign-in. Without a session the person
// is sent to the sign-in page (and back here afterwards); a session at another stage is sent to
// that stage's page (and, from a console page, back here afterwards: stageRedirect). Every POST
// must carry the session's form token.
func (h *Handler) inStage(stage string, fn func(v *visit)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, id, ok, err := h.session(r)
		if err != nil {
			h.internal(w, r, err)
			return
		}
		if !ok {
			h.clearCookie(w, r)
			h.toLogon(w, r)
			return
		}
		if sess.Stage != stage {
			http.Redirect(w, r, stageRedirect(sess.Stage, stage, r), http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && !validToken(id, r.PostFormValue("csrf")) {
			h.forbidden(w, r, "The form has expired or did not come from this console. Reload the page and try again.")
			return
		}
		if h.admit != nil {
			// Only now, with a session: the wait for X-Rampart-Min-Revision. The session and the
			// caller's user are read from the store itself, so they need no second look after it.
			if _, err := h.admit(r.Context()); err != nil {
				h.internal(w, r, err)
				return
			}
		}
		c, err := h.ram.ConsoleCaller(r.Context(), sess.UserID, sess.MFA)
		if errs.KindOf(err) == errs.Unavailable {
			h.internal(w, r, err) // the database is away, not the user: the session stays
			return
		}
		if err != nil {
			// The user or its console access is gone: the session ends with it.
			h.sessions.Delete(r.Context(), sess.IDHash)
			h.clearCookie(w, r)
			h.toLogon(w, r)
			return
		}
		c.Context = h.requestContext(r, &c)
		fn(&visit{h: h, w: w, r: r, sess: sess, id: id, caller: &c})
	}
}

// stagePath is the page of a sign-in stage.
func stagePath(stage string) string {
	switch stage {
	case stageMFA:
		return Prefix + "logon/mfa"
	case stageBindMFA:
		return Prefix + "logon/bind-mfa"
	case stagePassword:
		return Prefix + "logon/password"
	}
	return Prefix + "users"
}

// stageRedirect is where a session at stage goes from r, a request for a page of stage want: the
// page of its stage, remembering a console page asked for as the sign-in does (toLogon), so the
// person lands there once the stage is done. A sign-in page is not remembered: it would only send
// the person on to Users.
func stageRedirect(stage, want string, r *http.Request) string {
	target := stagePath(stage)
	if stage != stageDone && want == stageDone && r.Method == http.MethodGet && r.Header.Get("HX-Request") == "" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	return target
}

// toLogon sends a person without a session to the sign-in page, remembering where they were
// going when it was a page (not a form post or a fragment).
func (h *Handler) toLogon(w http.ResponseWriter, r *http.Request) {
	target := Prefix + "logon"
	if r.Method == http.MethodGet && r.Header.Get("HX-Request") == "" && r.URL.Path != Prefix {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext is where to go after signing in: a console page only, never another site.
func safeNext(next string) string {
	if strings.HasPrefix(next, Prefix) && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return Prefix + "users"
}

// requestContext is the condition keys of a console request, as the API's authentication sets
// them for a signed request (package authn), without acs:AccessId: no AccessKey signed it.
func (h *Handler) requestContext(r *http.Request, c *authz.Caller) (ctx policy.Context) {
	if ip := h.proxies.SourceIP(r); ip.IsValid() {
		ctx.Set(authn.KeySourceIP, ip.String())
	}
	ctx.Set(authn.KeyCurrentTime, h.now().UTC().Format(time.RFC3339))
	ctx.Set(authn.KeySecureTransport, strconv.FormatBool(h.proxies.SecureTransport(r)))
	if ua := r.UserAgent(); ua != "" {
		ctx.Set(authn.KeyUserAgent, ua)
	}
	ctx.Set(authn.KeyPrincipalARN, c.ARN)
	ctx.Set(authn.KeyMFAPresent, strconv.FormatBool(c.MFA))
	ctx.Set(authn.KeyAccountID, c.AccountID)
	if c.Type == authz.User || c.Type == authz.Root {
		ctx.Set(authn.KeyPrincipalName, c.Name)
	}
	return ctx
}
