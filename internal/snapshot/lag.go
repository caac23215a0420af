package snapshot

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// lag is what a holder knows of the store's revision, next to its snapshot's.
type lag struct {
	// known is the latest store revision learned of: from Watch, a poll, a write's Sync, or a
	// catch-up's own read.
	known atomic.Int64
	// confirmed is when (Unix ns) the snapshot was last known to be as new as the store.
	confirmed atomic.Int64

	mu   sync.Mutex
	wake chan struct{} // closed, and replaced, whenever known grows or the snapshot moves
}

func (l *lag) init() { l.wake = make(chan struct{}) }

// wakeup returns a channel closed at the next change of known or of the snapshot.
func (l *lag) wakeup() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.wake
}

func (l *lag) fire() {
	l.mu.Lock()
	close(l.wake)
	l.wake = make(chan struct{})
	l.mu.Unlock()
}

// learn records that the store has reached rev.
func (h *Holder) learn(rev store.Revision) {
	for {
		k := h.lag.known.Load()
		if int64(rev) <= k {
			return
		}
		if h.lag.known.CompareAndSwap(k, int64(rev)) {
			h.lag.fire()
			return
		}
	}
}

// caughtUp records that the snapshot reached rev, the store's revision as read at or after at.
func (h *Holder) caughtUp(rev int64, at time.Time) {
	if h.Current().Revision() < rev {
		return
	}
	for {
		c := h.lag.confirmed.Load()
		if at.UnixNano() <= c || h.lag.confirmed.CompareAndSwap(c, at.UnixNano()) {
			break
		}
	}
	h.lag.fire()
}

// Lag reports how far the snapshot is behind the store, as far as this node knows. behind is
// the number of revisions between the snapshot and the latest store revision the node has
// learned of (from Watch, its poll, its own writes). since is how long ago the snapshot was
// last known to be as new as the store: a poll, or a catch-up after a notification, shows it.
// On a healthy node since stays under the poll interval even when nothing is written; it grows
// while the node is behind or cannot reach the store, so a readiness check compares it with a
// bound larger than the poll interval.
func (h *Holder) Lag() (behind int64, since time.Duration) {
	behind = max(0, h.lag.known.Load()-h.Current().Revision())
	since = max(0, h.now().Sub(time.Unix(0, h.lag.confirmed.Load())))
	return behind, since
}

// StoreRevision returns the latest store revision this node has learned of.
func (h *Holder) StoreRevision() int64 { return h.lag.known.Load() }
