package snapshot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// ErrLagging reports that a snapshot did not reach the revision a request asked for in time.
var ErrLagging = errors.New("snapshot: behind the requested revision")

// AtLeast returns a snapshot at revision rev or later: a client that has seen a write
// acknowledged with rev (on this node or another) asks for it so that it is never answered from
// an older state. When the current snapshot is older, AtLeast catches up with the store; while
// this node has not seen the store reach rev (the write's notification is on its way) it waits
// for the follower (Follow) to learn of it, asking the store itself now and then as well, for
// up to wait, then fails with ErrLagging.
func (h *Holder) AtLeast(ctx context.Context, rev int64, wait time.Duration) (*authz.Snapshot, error) {
	if s := h.Current(); s.Revision() >= rev {
		return s, nil
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	delay := time.Millisecond
	ask := time.Now() // when to ask the store itself next
	var last error
	for {
		wake := h.lag.wakeup() // taken first: a change from here on ends the wait below
		if h.StoreRevision() < rev && !time.Now().Before(ask) {
			stored, err := h.store.Revision(ctx)
			if err == nil {
				h.learn(stored)
			} else {
				last = err
			}
			ask = time.Now().Add(delay)
			delay = min(2*delay, 50*time.Millisecond)
		}
		if known := h.StoreRevision(); known >= rev {
			if err := h.Sync(ctx, store.Revision(known)); err != nil {
				last = err
			}
		}
		if s := h.Current(); s.Revision() >= rev {
			return s, nil
		}
		select {
		case <-ctx.Done():
			if last != nil && !errors.Is(last, context.DeadlineExceeded) {
				return nil, fmt.Errorf("%w: revision %d: %w", ErrLagging, rev, last)
			}
			return nil, fmt.Errorf("%w: revision %d, at %d after %v", ErrLagging, rev, h.Current().Revision(), wait)
		case <-wake:
		case <-time.After(time.Until(ask)):
		}
	}
}
