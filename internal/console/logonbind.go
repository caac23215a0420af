package console

import (
	"net/http"

	"github.com/rampart-iam/rampart/internal/ram"
)

// Binding an MFA device while signing in: a user whose login profile requires a device and who
// has none gets one here before anything else (every other page sends the session back), as on
// RAM's console. The page shows a new seed as Base32 text and as an otpauth:// URI, and asks for
// two consecutive codes of it (BindMFADevice's AuthenticationCode1 and 2); the domain creates and
// binds the device in one step (ram.Service.BindLogonMFA), and the sign-in goes on with MFA
// proved. The page opened again (a reload, or a page opened meanwhile that leads back here)
// shows the device it offered first, whose key is in the person's app by then: a cookie keeps
// the device's token (bindCookie).

type bindMFAData struct {
	Next string
	// Secret, URI and Token describe the device offered (ram.LogonMFABinding). The form carries
	// all three back, so that a wrong code shows the same device again; only Token counts, and
	// the domain opens it only for this user.
	Secret, URI, Token string
	Problem            *problem
}

// bindCookie keeps the token of the device the binding page offered, for the page opened again
// (ram.Service.LogonMFABindingOf). The token is sealed to the user and bindable for as long as a
// sign-in may wait at a step, so the cookie lasts as long, on the binding page's path only.
const bindCookie = "rampart_bind"

func (h *Handler) bindMFAPage(v *visit) {
	if v.pendingTooLong() {
		return
	}
	d := bindMFAData{Next: v.r.URL.Query().Get("next")}
	if c, err := v.r.Cookie(bindCookie); err == nil && c.Value != "" {
		// Another user's token, or an expired one, is refused: a new device is offered.
		if b, err := h.ram.LogonMFABindingOf(v.r.Context(), v.sess.UserID, c.Value); err == nil {
			d.Secret, d.URI, d.Token = b.Base32StringSeed.Reveal(), b.URI.Reveal(), b.Token
			h.showDevice(v, http.StatusOK, d)
			return
		}
	}
	h.offerDevice(v, http.StatusOK, d)
}

// setBindCookie keeps token for the binding page opened again; "" clears it.
func (h *Handler) setBindCookie(v *visit, token string) {
	life := int(pendingLifetime.Seconds())
	if token == "" {
		life = -1
	}
	http.SetCookie(v.w, &http.Cookie{Name: bindCookie, Value: token, Path: stagePath(stageBindMFA), MaxAge: life,
		HttpOnly: true, Secure: h.proxies.SecureTransport(v.r), SameSite: http.SameSiteLaxMode})
}

func (h *Handler) bindMFA(v *visit) {
	if v.pendingTooLong() {
		return
	}
	f := v.r.PostForm
	d := bindMFAData{Next: f.Get("next"), Secret: f.Get("secret"), URI: f.Get("uri"), Token: f.Get("token")}
	if err := h.logonThrottled(v.w, v.r); err != nil {
		d.Problem = problemOf(err)
		h.showDevice(v, statusOf(err), d) // the same device: its codes are still good after the wait
		return
	}
	l, err := h.ram.BindLogonMFA(v.r.Context(), ram.BindLogonMFAInput{RequestID: v.requestID(), UserID: v.sess.UserID,
		Token: d.Token, AuthenticationCode1: f.Get("code1"), AuthenticationCode2: f.Get("code2"), SourceIP: h.proxies.SourceIP(v.r).String()})
	if err == nil {
		h.setBindCookie(v, "")
		h.provedMFA(v, l, d.Next)
		return
	}
	d.Problem = problemOf(err)
	if d.Problem.Code == "LogonMFABindingExpired" {
		// The device offered is gone: offer a new one, with the reason.
		h.offerDevice(v, statusOf(err), d)
		return
	}
	h.showDevice(v, statusOf(err), d)
}

// offerDevice shows a new device to bind.
func (h *Handler) offerDevice(v *visit, status int, d bindMFAData) {
	b, err := h.ram.NewLogonMFABinding(v.r.Context(), v.sess.UserID)
	if err != nil {
		d.Problem, d.Secret, d.URI, d.Token = problemOf(err), "", "", ""
		h.showDevice(v, statusOf(err), d)
		return
	}
	d.Secret, d.URI, d.Token = b.Base32StringSeed.Reveal(), b.URI.Reveal(), b.Token
	h.setBindCookie(v, b.Token)
	h.showDevice(v, status, d)
}

// showDevice renders the binding page. It holds a secret, so no cache keeps it.
func (h *Handler) showDevice(v *visit, status int, d bindMFAData) {
	v.w.Header().Set("Cache-Control", "no-store")
	h.bare(v.w, status, "logon-bind-mfa", "Bind an MFA device", csrfToken(v.id), d)
}
