package openapi

import (
	"github.com/rampart-iam/rampart/internal/errs"
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

// errThrottled is RAM's answer to a caller over either limit.
func errThrottled() error {
	return errs.E(errs.Throttled, "Throttling.User", "Request was denied due to user flow control.")
}
