package openapi

import (
	"context"
	"net/http"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ratelimit"
)

// RateLimit throttles callers with a token bucket per AccessKeyId (after authentication, so a
// forged key ID cannot spend someone else's budget) and per client IP (before, so unsigned
// floods are cut before any work). A zero rate turns that limit off.
type RateLimit struct {
	PerAccessKey float64 // requests per second per AccessKeyId
	PerIP        float64 // requests per second per client IP
	Burst        int     // bucket size of both; 0 means one second's worth of the rate
}

// DefaultRateLimit is sized above what one node serves on two cores (about 15,000 signed reads
// per second), so it never throttles ordinary automation or the benchmark and only stops a
// runaway client on a large host. Deployments shared by many teams should lower it.
func DefaultRateLimit() RateLimit { return RateLimit{PerAccessKey: 20000, PerIP: 50000} }

// Throttle holds a node's rate limits: one budget per AccessKeyId and one per client IP,
// whichever of the node's APIs a request calls. It is safe for concurrent use.
type Throttle struct {
	perKey, perIP *ratelimit.Limiter // nil: no limit
}

// NewThrottle makes the limits l describes; now is their clock (nil: time.Now).
func NewThrottle(l RateLimit, now func() time.Time) *Throttle {
	return &Throttle{perKey: ratelimit.New(l.PerAccessKey, l.Burst, now), perIP: ratelimit.New(l.PerIP, l.Burst, now)}
}

// allowIP spends one request of the client IP's budget; a nil Throttle limits nothing.
func (t *Throttle) allowIP(r *http.Request) error {
	if t != nil && !t.perIP.Allow(peerIP(r)) {
		return errThrottled()
	}
	return nil
}

// allowKey spends one request of the AccessKeyId's budget.
func (t *Throttle) allowKey(id string) error {
	if t != nil && !t.perKey.Allow(id) {
		return errThrottled()
	}
	return nil
}

// ROAAuthenticator verifies signed ROA requests: the AIWorkspace, decision and activation APIs.
type ROAAuthenticator interface {
	VerifyROA(ctx context.Context, r *http.Request, body []byte) (*authz.Caller, error)
}

// VerifyROA verifies the caller of an ROA API with a, within the limits: the client IP's budget
// is spent before the signature is checked, the AccessKeyId's after. (A request the decision API
// checks on a gateway's behalf is not its caller, and is verified without them.)
func (t *Throttle) VerifyROA(ctx context.Context, a ROAAuthenticator, r *http.Request, body []byte) (*authz.Caller, error) {
	if err := t.allowIP(r); err != nil {
		return nil, err
	}
	c, err := a.VerifyROA(ctx, r, body)
	if err != nil {
		return nil, err
	}
	if err := t.allowKey(c.AccessKeyID); err != nil {
		return nil, err
	}
	return c, nil
}

// errThrottled is RAM's answer to a caller over either limit.
func errThrottled() error {
	return errs.E(errs.Throttled, "Throttling.User", "Request was denied due to user flow control.")
}
