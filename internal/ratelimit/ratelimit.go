// Package ratelimit keeps a token bucket per key (an AccessKeyId, a client IP) over
// golang.org/x/time/rate, for the API's flow control and the console's sign-in attempts. It only
// counts; what a refused request is told is up to its caller.
package ratelimit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter holds one bucket per key, forgetting buckets idle for longer than idleAfter (a full
// bucket of an idle key is the same as a new one). It is safe for concurrent use; a nil
// *Limiter allows everything, so a limit that is off costs its caller nothing.
type Limiter struct {
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

// New returns buckets that refill at perSecond tokens a second and hold burst tokens (burst 0
// means one second's worth of the rate, at least 1), read against now (nil: time.Now). A rate
// of zero or less turns the limit off: New returns nil.
func New(perSecond float64, burst int, now func() time.Time) *Limiter {
	if perSecond <= 0 {
		return nil
	}
	if burst <= 0 {
		burst = max(1, int(perSecond))
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{rate: rate.Limit(perSecond), burst: burst, now: now, buckets: make(map[string]*bucket)}
}

// Allow takes a token from key's bucket and reports whether there was one.
func (l *Limiter) Allow(key string) bool {
	if l == nil {
		return true
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
	return ok
}

// keys is how many buckets l holds (for tests of the sweep).
func (l *Limiter) keys() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
