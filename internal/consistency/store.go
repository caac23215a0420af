package consistency

import (
	"context"

	"github.com/rampart-iam/rampart/internal/store"
)

// Track returns st with one addition: every Update that commits notes its revision in the
// Recorder of its context (see [Note]), so the API can return it without the domains knowing.
// Everything else goes to st unchanged. Only the Store interface survives the wrapping: callers
// that look for optional interfaces (store.ConsoleSessions) must ask st itself.
func Track(st store.Store) store.Store { return tracked{st} }

type tracked struct{ store.Store }

func (t tracked) Update(ctx context.Context, fn func(tx store.Tx) error) (store.Revision, error) {
	rev, err := t.Store.Update(ctx, fn)
	if err == nil {
		Note(ctx, int64(rev))
	}
	return rev, err
}
