package snapshot

import (
	"context"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// PruneChanges bounds the store's change log until ctx ends: every interval it drops the
// entries older than the last keep revisions. A node further behind than that (stopped, cut
// off, or just slow) finds the log compacted and rebuilds its snapshot in full, so keep trades
// the log's size for how far a node may fall behind and still patch. Any number of nodes may
// prune the same store: each drops what the others would.
func (h *Holder) PruneChanges(ctx context.Context, keep int64, interval time.Duration) {
	every(ctx, interval, func() {
		rev, err := h.store.Revision(ctx)
		if err == nil && int64(rev) > keep {
			err = h.store.PruneChanges(ctx, rev-store.Revision(keep))
		}
		if err != nil && ctx.Err() == nil {
			h.log.Error("prune the change log", "err", err)
		}
	})
}
