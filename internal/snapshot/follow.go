package snapshot

import (
	"context"
	"time"
)

// Follow keeps the snapshot current with the store until ctx ends. It catches up as soon as the
// store's Watch reports a new revision (another node's write, on PostgreSQL), and also checks
// every poll interval, so a lost notification, or a store that notifies nobody else (SQLite
// shared by processes), delays a change by at most that long and never loses it.
func (h *Holder) Follow(ctx context.Context, poll time.Duration) {
	watch := h.store.Watch(ctx)
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case rev, ok := <-watch:
			if !ok {
				watch = nil // the store is closing: polls report it until ctx ends
				continue
			}
			if err := h.Sync(ctx, rev); err != nil && ctx.Err() == nil {
				h.log.Error("follow the store's revision", "revision", rev, "err", err)
			}
		case <-t.C:
			h.poll(ctx)
		}
	}
}

// Poll catches up with the store whenever its revision moves past the snapshot, checking every
// interval until ctx ends: Follow without notifications.
func (h *Holder) Poll(ctx context.Context, interval time.Duration) {
	every(ctx, interval, func() { h.poll(ctx) })
}

// every calls fn every interval until ctx ends.
func every(ctx context.Context, interval time.Duration, fn func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// poll reads the store's revision and catches up with it.
func (h *Holder) poll(ctx context.Context) {
	at := h.now()
	rev, err := h.store.Revision(ctx)
	if err == nil {
		err = h.Sync(ctx, rev)
	}
	if err != nil {
		if ctx.Err() == nil {
			h.log.Error("refresh authorization snapshot", "err", err)
		}
		return
	}
	h.caughtUp(int64(rev), at) // Sync succeeded: the snapshot is at rev or later
}
