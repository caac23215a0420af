package console

import (
	"errors"
	"net/http"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/server"
)

// Signing in and out: the account's root with its password; a RAM user as
// "<user>@<account alias or ID>" with its password, then a code from its MFA device when one is
// bound (or a new device, bound, when its login profile requires one and none is: see
// logonbind.go), then a new password when one is required.

type logonData struct {
	LogonName string
	Next      string
	Notice    string
	Problem   *problem
}

// bare renders a sign-in page: the layout without the pane.
func (h *Handler) bare(w http.ResponseWriter, status int, name, title string, csrf string, data any) {
	h.render(w, status, name, "layout", layout{Title: title, CSRF: csrf, Data: data})
}

func (h *Handler) logonPage(w http.ResponseWriter, r *http.Request) {
	if _, _, ok, err := h.session(r); err == nil && ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	d := logonData{Next: r.URL.Query().Get("next")}
	switch r.URL.Query().Get("notice") {
	case "out":
		d.Notice = "You have logged out."
	case "expired":
		d.Notice = "Your session has ended. Log on again."
	}
	h.bare(w, http.StatusOK, "logon", "Log on", "", d)
}

func (h *Handler) logon(w http.ResponseWriter, r *http.Request) {
	d := logonData{LogonName: r.PostFormValue("logon_name"), Next: r.PostFormValue("next")}
	if err := h.logonThrottled(w, r); err != nil {
		d.Problem = problemOf(err)
		h.bare(w, statusOf(err), "logon", "Log on", "", d)
		return
	}
	if d.LogonName == "" || r.PostFormValue("password") == "" {
		d.Problem = &problem{Code: "MissingParameter", Message: "Enter your logon name and password."}
		h.bare(w, http.StatusBadRequest, "logon", "Log on", "", d)
		return
	}
	l, err := h.ram.VerifyLogonPassword(r.Context(), ram.LogonInput{RequestID: server.RequestID(r.Context()),
		LogonName: d.LogonName, Password: secrets.Secret(r.PostFormValue("password")), SourceIP: h.proxies.SourceIP(r).String()})
	if err != nil {
		d.Problem = problemOf(err)
		h.bare(w, statusOf(err), "logon", "Log on", "", d)
		return
	}
	now := h.now()
	s := Session{UserID: l.Caller.ID, CreateDate: now, LastSeen: now, Expires: now.Add(l.SessionDuration)}
	switch {
	case l.MFADevice != "":
		s.Stage = stageMFA
	case l.MFABindRequired:
		s.Stage = stageBindMFA
	case l.PasswordResetRequired:
		s.Stage = stagePassword
	}
	if _, err := h.startSession(w, r, s); err != nil {
		h.internal(w, r, err)
		return
	}
	if s.Stage != stageDone {
		http.Redirect(w, r, stagePath(s.Stage)+"?next="+urlEscape(safeNext(d.Next)), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, safeNext(d.Next), http.StatusSeeOther)
}

type mfaData struct {
	Next    string
	Problem *problem
}

func (h *Handler) mfaPage(v *visit) {
	if v.pendingTooLong() {
		return
	}
	h.bare(v.w, http.StatusOK, "logon-mfa", "MFA", csrfToken(v.id), mfaData{Next: v.r.URL.Query().Get("next")})
}

func (h *Handler) mfa(v *visit) {
	if v.pendingTooLong() {
		return
	}
	d := mfaData{Next: v.r.PostFormValue("next")}
	if err := h.logonThrottled(v.w, v.r); err != nil {
		d.Problem = problemOf(err)
		h.bare(v.w, statusOf(err), "logon-mfa", "MFA", csrfToken(v.id), d)
		return
	}
	l, err := h.ram.VerifyLogonMFA(v.r.Context(), ram.LogonMFAInput{RequestID: v.requestID(), UserID: v.sess.UserID,
		Code: v.r.PostFormValue("code"), SourceIP: h.proxies.SourceIP(v.r).String()})
	if err != nil {
		d.Problem = problemOf(err)
		h.bare(v.w, statusOf(err), "logon-mfa", "MFA", csrfToken(v.id), d)
		return
	}
	h.provedMFA(v, l, d.Next)
}

// provedMFA moves a session whose person has just proved an MFA device (a code of a bound one,
// or two of a new one) on to the next step of the sign-in, or into the console.
func (h *Handler) provedMFA(v *visit, l ram.Logon, next string) {
	s := v.sess
	s.MFA, s.Stage = true, stageDone
	if l.PasswordResetRequired {
		s.Stage = stagePassword
	}
	if !v.renew(s) {
		return
	}
	if v.sess.Stage != stageDone {
		http.Redirect(v.w, v.r, stagePath(v.sess.Stage)+"?next="+urlEscape(safeNext(next)), http.StatusSeeOther)
		return
	}
	http.Redirect(v.w, v.r, safeNext(next), http.StatusSeeOther)
}

// pendingTooLong ends a sign-in left waiting at one of its steps for longer than
// pendingLifetime, and sends the person back to the start.
func (v *visit) pendingTooLong() bool {
	if v.h.now().Sub(v.sess.CreateDate) <= pendingLifetime {
		return false
	}
	v.h.sessions.Delete(v.r.Context(), v.sess.IDHash)
	v.h.clearCookie(v.w, v.r)
	http.Redirect(v.w, v.r, Prefix+"logon?notice=expired", http.StatusSeeOther)
	return true
}

type passwordData struct {
	Forced  bool
	Next    string
	Notice  string
	Problem *problem
}

// forcedPasswordPage asks for a new password before the session may do anything else.
func (h *Handler) forcedPasswordPage(v *visit) {
	if v.pendingTooLong() {
		return
	}
	h.bare(v.w, http.StatusOK, "password", "Reset password", csrfToken(v.id), passwordData{Forced: true, Next: v.r.URL.Query().Get("next")})
}

func (h *Handler) forcedPassword(v *visit) {
	if v.pendingTooLong() {
		return
	}
	d := passwordData{Forced: true, Next: v.r.PostFormValue("next")}
	if err := h.changePasswordFrom(v); err != nil {
		d.Problem = problemOf(err)
		h.bare(v.w, statusOf(err), "password", "Reset password", csrfToken(v.id), d)
		return
	}
	s := v.sess
	s.Stage = stageDone
	if !v.renew(s) {
		return
	}
	http.Redirect(v.w, v.r, safeNext(d.Next), http.StatusSeeOther)
}

// renew moves the session on to next under a new ID (Handler.renewSession). When it cannot, it
// answers the request and reports false: a session ended meanwhile goes back to the sign-in page.
func (v *visit) renew(next Session) bool {
	switch err := v.h.renewSession(v, next); {
	case errors.Is(err, ErrNoSession):
		v.h.clearCookie(v.w, v.r)
		http.Redirect(v.w, v.r, Prefix+"logon?notice=expired", http.StatusSeeOther)
		return false
	case err != nil:
		v.h.internal(v.w, v.r, err)
		return false
	}
	return true
}

// passwordPage lets a signed-in person change their own password.
func (h *Handler) passwordPage(v *visit) {
	v.page(http.StatusOK, "password", "Change password", "", passwordData{Notice: v.notice()})
}

// password changes the person's password. A change answers with a redirect, so that reloading
// the page does not post the form again: its current password, wrong by then, would count
// towards the user's lockout.
func (h *Handler) password(v *visit) {
	if err := h.changePasswordFrom(v); err != nil {
		v.page(statusOf(err), "password", "Change password", "", passwordData{Problem: problemOf(err)})
		return
	}
	v.redirectDone(Prefix+"account/password", "Your password has been changed.")
}

// changePasswordFrom runs ChangePassword with the form's fields. The change ends the person's
// other sessions, not this one. It checks the current password as a sign-in does, so it takes
// one of the client's sign-in attempts (logonlimit.go): else whoever holds a session could guess
// the password here without bound, the root's too.
func (h *Handler) changePasswordFrom(v *visit) error {
	f := v.r.PostForm
	if f.Get("new_password") != f.Get("confirm_password") {
		return invalid("InvalidParameter.NewPassword", "The new passwords do not match.")
	}
	if err := h.logonThrottled(v.w, v.r); err != nil {
		return err
	}
	return h.ram.ChangePassword(v.r.Context(), v.caller, ram.ChangePasswordInput{RequestID: v.requestID(),
		OldPassword: secrets.Secret(f.Get("old_password")), NewPassword: secrets.Secret(f.Get("new_password")),
		KeepConsoleSession: v.sess.IDHash})
}

// logout ends the session, whatever stage it is at.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	sess, id, ok, err := h.session(r)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	if ok {
		if !validToken(id, r.PostFormValue("csrf")) {
			h.forbidden(w, r, "The form has expired or did not come from this console. Reload the page and try again.")
			return
		}
		if err := h.sessions.Delete(r.Context(), sess.IDHash); err != nil {
			h.internal(w, r, err)
			return
		}
	}
	h.clearCookie(w, r)
	http.Redirect(w, r, Prefix+"logon?notice=out", http.StatusSeeOther)
}
