package consistency_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
)

// fakeSnapshots is a node whose snapshot is at one revision while the store is at another:
// AtLeast catches up with the store, never past it, as snapshot.Holder does.
type fakeSnapshots struct {
	t  *testing.T
	mu sync.Mutex
	// snap is the node's snapshot; stored is the store's revision, which AtLeast can reach.
	snap   *authz.Snapshot
	stored int64
	// waited records each AtLeast call's rev and wait.
	waited []time.Duration
}

func newFakeSnapshots(t *testing.T, snap, stored int64) *fakeSnapshots {
	f := &fakeSnapshots{t: t, stored: stored}
	f.snap = f.at(snap)
	return f
}

func (f *fakeSnapshots) at(rev int64) *authz.Snapshot {
	s, err := authz.Build(&authz.Data{Revision: rev, AccountID: "1234567890123456"}, nil, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *fakeSnapshots) Current() *authz.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.snap
}

func (f *fakeSnapshots) AtLeast(ctx context.Context, rev int64, wait time.Duration) (*authz.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waited = append(f.waited, wait)
	if f.stored >= rev {
		f.snap = f.at(f.stored)
		return f.snap, nil
	}
	return nil, errors.New("behind the requested revision")
}
