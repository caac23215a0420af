package openapi

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

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

// limiters holds one bucket per key, forgetting buckets idle for longer than idleAfter (a full
// bucket of an idle key is the same as a new one).
type limiters struct {
	rate  rate.Limit
	burst int
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	calls   int
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

const (
	idleAfter  = 10 * time.Minute
	sweepEvery = 4096 // calls between sweeps of idle buckets
)

func newLimiters(perSecond float64, burst int, now func() time.Time) *limiters {
	if perSecond <= 0 {
		return nil
	}
	if burst <= 0 {
		burst = max(1, int(perSecond))
	}
	return &limiters{rate: rate.Limit(perSecond), burst: burst, now: now, buckets: make(map[string]*bucket)}
}

// allow takes a token from key's bucket, or reports Throttling.User. A nil limiters allows all.
func (l *limiters) allow(key string) error {
	if l == nil {
		return nil
	}
	now := l.now()
	l.mu.Lock()
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	if l.calls++; l.calls >= sweepEvery {
		l.calls = 0
		for k, b := range l.buckets {
			if now.Sub(b.seen) > idleAfter {
				delete(l.buckets, k)
			}
		}
	}
	ok = b.lim.AllowN(now, 1)
	l.mu.Unlock()
	if !ok {
		return errs.E(errs.Throttled, "Throttling.User", "Request was denied due to user flow control.")
	}
	return nil
}
