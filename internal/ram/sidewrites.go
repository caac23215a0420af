package ram

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// sideWrites is the store as the service uses it. It counts the writes made outside Update whose
// effect the read cache shows, so that each one invalidates the cache although it moves no
// revision (see version): RecordLoginSuccess, which sets the user's LastLoginDate that GetUser
// and ListUsers return. The other per-request writes change nothing the cache holds.
type sideWrites struct {
	store.Store
	count *atomic.Int64
}

func (w sideWrites) RecordLoginSuccess(ctx context.Context, userID string, at time.Time) error {
	defer w.count.Add(1) // once the write is done, or has failed (it may still have happened)
	return w.Store.RecordLoginSuccess(ctx, userID, at)
}
