package snapshot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
)

// ErrLagging reports that a snapshot did not reach the revision a request asked for in time.
var ErrLagging = errors.New("snapshot: behind the requested revision")

// AtLeast returns a snapshot at revision rev or later: a client that has seen a write
// acknowledged with rev (on this node or another) asks for it so that it is never answered from
// an older state. When the current snapshot is older, AtLeast syncs with the store; while the
// store itself has not reached rev (the write is not visible to this node yet) it polls, for up
// to wait, then fails with ErrLagging.
func (h *Holder) AtLeast(ctx context.Context, rev int64, wait time.Duration) (*authz.Snapshot, error) {
	if s := h.Current(); s.Revision() >= rev {
		return s, nil
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	delay := time.Millisecond
	var last error
	for {
		stored, err := h.store.Revision(ctx)
		if err == nil && int64(stored) >= rev {
			err = h.Sync(ctx, stored)
		}
		if s := h.Current(); s.Revision() >= rev {
			return s, nil
		}
		if err != nil {
			last = err
		}
		select {
		case <-ctx.Done():
			if last != nil && !errors.Is(last, context.DeadlineExceeded) {
				return nil, fmt.Errorf("%w: revision %d: %w", ErrLagging, rev, last)
			}
			return nil, fmt.Errorf("%w: revision %d, at %d after %v", ErrLagging, rev, h.Current().Revision(), wait)
		case <-time.After(delay):
		}
		delay = min(2*delay, 50*time.Millisecond)
	}
}
