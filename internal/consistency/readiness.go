package consistency

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Readiness tells a load balancer whether a node's snapshot is close enough to the store to take
// traffic: ready while the snapshot holds every revision the node knows the store to have, or
// has been missing one for less than the allowed lag. A node that falls further behind (its feed
// is stuck, a rebuild takes too long) is taken out of rotation until it catches up, so clients
// without a token are rarely answered from a stale state, and clients with one rarely wait.
//
// Readiness learns the store's revision when it is asked (each health check), so the lag it
// measures is at least as old as the oldest revision it saw missing, sampled at that pace.
type Readiness struct {
	maxLag   time.Duration
	stored   func(ctx context.Context) (int64, error)
	snapshot func() int64
	now      func() time.Time

	mu sync.Mutex
	// missing is the oldest store revision seen while the snapshot was behind it, 0 if none;
	// since is when it was seen.
	missing int64
	since   time.Time
}

// NewReadiness returns a check that allows the snapshot to lag behind the store by up to maxLag.
// stored reads the store's latest revision (its error makes the node unready: the store is
// unreachable); snapshot returns the snapshot's revision; now is the clock (nil: time.Now).
func NewReadiness(maxLag time.Duration, stored func(ctx context.Context) (int64, error), snapshot func() int64, now func() time.Time) *Readiness {
	if now == nil {
		now = time.Now
	}
	return &Readiness{maxLag: maxLag, stored: stored, snapshot: snapshot, now: now}
}

// Check returns nil when the node is ready, or why it is not. It fits server.Options.Ready.
func (r *Readiness) Check(ctx context.Context) error {
	stored, err := r.stored(ctx)
	if err != nil {
		return fmt.Errorf("read the store's revision: %w", err)
	}
	snap := r.snapshot()
	behind := r.behind(stored, snap)
	if behind >= r.maxLag {
		return fmt.Errorf("snapshot at revision %d has lacked revision %d of the store for %v (allowed: %v)",
			snap, stored, behind.Round(time.Millisecond), r.maxLag)
	}
	return nil
}

// behind records what the store and the snapshot are at now and returns how long the snapshot
// has been missing a revision the store was seen to have.
func (r *Readiness) behind(stored, snap int64) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if r.missing != 0 && snap >= r.missing {
		r.missing = 0 // it caught up with what it lacked; newer writes start a new count
	}
	if r.missing == 0 && stored > snap {
		r.missing, r.since = stored, now
	}
	if r.missing == 0 {
		return 0
	}
	return now.Sub(r.since)
}
