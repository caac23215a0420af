package console

import (
	"net/http"
	"strconv"
	"time"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ratelimit"
)

// Sign-in attempts are throttled per client IP, before anything is checked: the root's password
// has no lockout (others must not be able to lock the account's owner out), so without a limit
// it could be guessed at will, and every attempt costs the server an argon2id hash. A throttled
// attempt checks nothing and records nothing, so it cannot lock a RAM user out either. The
// password step, the MFA code step, the two codes of binding a device at sign-in and the
// current password of "Change password" share one bucket per address.

// newLogonLimiter allows perMinute attempts a minute per address, all of them at once at most;
// 0 (or less) turns the limit off.
func newLogonLimiter(perMinute int, now func() time.Time) *ratelimit.Limiter {
	return ratelimit.New(float64(perMinute)/60, perMinute, now)
}

// logonThrottled takes one of the client's sign-in attempts. When none is left it sets
// Retry-After to the seconds until one comes back and returns the problem the page shows
// (statusOf: 429).
func (h *Handler) logonThrottled(w http.ResponseWriter, r *http.Request) error {
	if h.logons.Allow(h.proxies.SourceIP(r).String()) {
		return nil
	}
	w.Header().Set("Retry-After", strconv.Itoa((60+h.logonsPerMinute-1)/h.logonsPerMinute))
	return errs.E(errs.Throttled, "Throttling.User", "Too many logon attempts from your address. Try again in a minute.")
}
