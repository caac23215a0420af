package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"time"
)

// Session is a console session as Sessions keeps it: only the hash of its ID, whose plain value
// lives in the browser's cookie.
type Session struct {
	IDHash     string
	UserID     string // "" for the account's root
	Stage      string // what the sign-in still needs; "" when complete
	MFA        bool
	CreateDate time.Time
	LastSeen   time.Time
	Expires    time.Time
}

// Sign-in stages a session can be in before it may act.
const (
	stageDone     = ""
	stageMFA      = "mfa"      // a code from the user's MFA device
	stageBindMFA  = "bind-mfa" // a new MFA device, bound (MFABindRequired without a device)
	stagePassword = "password" // a new password (PasswordResetRequired or an expired one)
)

// Sessions stores console sessions; the store (store.ConsoleSessions) behind an adapter.
type Sessions interface {
	Create(ctx context.Context, s Session) error
	// Get returns the session unless it is missing or expired at now (ok false).
	Get(ctx context.Context, idHash string, now time.Time) (s Session, ok bool, err error)
	// Update replaces Stage, MFA, LastSeen and Expires; ErrNoSession when the session has been
	// ended meanwhile (a password change elsewhere ends it).
	Update(ctx context.Context, s Session) error
	Delete(ctx context.Context, idHash string) error
}

// ErrNoSession is what Sessions.Update returns for a session that no longer exists.
var ErrNoSession = errors.New("console: the session has ended")

// cookieName is the session cookie. Its value is the session ID: 26 random base32 characters.
const cookieName = "rampart_console"

// touchEvery bounds how often a session's LastSeen is written: once a minute is precise enough
// for an idle timeout counted in minutes, and spares a write per request.
const touchEvery = time.Minute

// pendingLifetime bounds a sign-in waiting for its MFA code, MFA device or new password.
const pendingLifetime = 10 * time.Minute

func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// csrfToken is the form token of a session: derived from its ID, so it needs no storage, and
// unknown to anyone who cannot read the cookie.
func csrfToken(id string) string {
	sum := sha256.Sum256([]byte("rampart console form\x00" + id))
	return hex.EncodeToString(sum[:16])
}

func validToken(id, token string) bool {
	return subtle.ConstantTimeCompare([]byte(csrfToken(id)), []byte(token)) == 1
}

// startSession creates a session and sets its cookie.
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, s Session) (string, error) {
	id, err := h.createSession(r.Context(), &s)
	if err != nil {
		return "", err
	}
	h.setCookie(w, r, id, s.Expires.Sub(h.now()))
	return id, nil
}

// createSession stores s under a new ID, which it returns; s.IDHash is the ID's hash.
func (h *Handler) createSession(ctx context.Context, s *Session) (string, error) {
	id := rand.Text()
	s.IDHash = hashID(id)
	return id, h.sessions.Create(ctx, *s)
}

// renewSession stores next, the session of v as a step of the sign-in leaves it (an MFA code
// proved, a new password set), under a new ID, sets its cookie and ends the old one. Else an ID
// planted in the person's browser before the step (a fixation), or read from it then, would
// become a session with what the step proves. ErrNoSession when the old session was ended
// meanwhile (a password change elsewhere); the new one is ended too.
func (h *Handler) renewSession(v *visit, next Session) error {
	ctx, old := v.r.Context(), v.sess
	id, err := h.createSession(ctx, &next)
	if err != nil {
		return err
	}
	// Whatever ends the person's sessions from here on ends the new one too; the old one still
	// being there says nothing ended them before the new one existed.
	if err := h.sessions.Update(ctx, old); err != nil {
		h.sessions.Delete(ctx, next.IDHash)
		return err
	}
	if err := h.sessions.Delete(ctx, old.IDHash); err != nil {
		h.sessions.Delete(ctx, next.IDHash)
		return err
	}
	h.setCookie(v.w, v.r, id, next.Expires.Sub(h.now()))
	v.sess, v.id = next, id
	return nil
}

// setCookie sets the session cookie to last as long as the session (Max-Age, so the browser's
// clock does not matter; the server enforces the expiry either way).
func (h *Handler) setCookie(w http.ResponseWriter, r *http.Request, id string, life time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: Prefix, MaxAge: max(1, int(life.Seconds())),
		HttpOnly: true, Secure: h.proxies.SecureTransport(r), SameSite: http.SameSiteLaxMode})
}

func (h *Handler) clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: Prefix, MaxAge: -1,
		HttpOnly: true, Secure: h.proxies.SecureTransport(r), SameSite: http.SameSiteLaxMode})
}

// session returns the request's live session and its plain ID; ok false without one. A session
// idle for longer than the idle timeout is ended here.
func (h *Handler) session(r *http.Request) (s Session, id string, ok bool, err error) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return Session{}, "", false, nil
	}
	now := h.now()
	s, ok, err = h.sessions.Get(r.Context(), hashID(c.Value), now)
	if err != nil || !ok {
		return Session{}, "", false, err
	}
	if now.Sub(s.LastSeen) > h.idle {
		return Session{}, "", false, h.sessions.Delete(r.Context(), s.IDHash)
	}
	if now.Sub(s.LastSeen) >= touchEvery {
		s.LastSeen = now
		switch err := h.sessions.Update(r.Context(), s); {
		case errors.Is(err, ErrNoSession):
			return Session{}, "", false, nil // ended since it was read: signed out
		case err != nil:
			return Session{}, "", false, err
		}
	}
	return s, c.Value, true, nil
}
