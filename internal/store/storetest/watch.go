package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// watchWait bounds how long a test waits for a Watch value that must come.
const watchWait = 5 * time.Second

// WatchReaches reads ch until a value of at least rev arrives and returns it; the test fails if
// the values do not grow, or the channel closes or stays silent for 5 s first.
func WatchReaches(t *testing.T, ch <-chan store.Revision, rev store.Revision) store.Revision {
	t.Helper()
	timeout := time.NewTimer(watchWait)
	defer timeout.Stop()
	prev := store.Revision(-1)
	for {
		select {
		case got, ok := <-ch:
			if !ok {
				t.Fatalf("Watch closed before revision %d", rev)
			}
			if got <= prev {
				t.Fatalf("Watch went from %d to %d: values must grow", prev, got)
			}
			if got >= rev {
				return got
			}
			prev = got
		case <-timeout.C:
			t.Fatalf("Watch did not reach revision %d in %v", rev, watchWait)
		}
	}
}

// watchCloses fails the test unless ch is closed within watchWait (values before are fine).
func watchCloses(t *testing.T, what string, ch <-chan store.Revision) {
	t.Helper()
	timeout := time.After(watchWait)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatalf("Watch stayed open after %s", what)
		}
	}
}

// testWatch: Watch starts at the current revision, follows commits (coalescing those nobody
// read), ignores failed Updates, and closes with its context.
func testWatch(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	first := s.Watch(ctx)
	if got := WatchReaches(t, first, 0); got != 0 {
		t.Fatalf("a new store's Watch starts at %d, want 0", got)
	}
	r1 := update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, newUser("u1", "alice")) })
	if got := WatchReaches(t, first, r1); got != r1 {
		t.Fatalf("Watch reported %d after the write of %d", got, r1)
	}
	var last store.Revision
	for i, name := range []string{"bob", "carol", "dave"} {
		last = update(t, s, func(ctx context.Context, tx store.Tx) error {
			return tx.CreateUser(ctx, newUser(fmt.Sprint("u", i+2), name))
		})
	}
	if got := WatchReaches(t, first, last); got != last {
		t.Fatalf("Watch reported %d after the writes up to %d", got, last)
	}
	updateFails(t, s, errBoom, func(context.Context, store.Tx) error { return errBoom })
	select {
	case got := <-first:
		t.Errorf("Watch reported %d after a failed Update", got)
	case <-time.After(50 * time.Millisecond):
	}

	second := s.Watch(ctx)
	if got := WatchReaches(t, second, 0); got != last {
		t.Errorf("a later Watch starts at %d, want the current revision %d", got, last)
	}
	cancel()
	watchCloses(t, "its context ended", first)
	watchCloses(t, "its context ended", second)
}

var errBoom = errors.New("boom")

// testWatchClose: closing the store ends its watches, and a Watch after Close is closed at once.
func testWatchClose(t *testing.T, s store.Store) {
	before := s.Watch(t.Context())
	WatchReaches(t, before, 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	watchCloses(t, "the store closed", before)
	watchCloses(t, "Close, for a Watch started after it", s.Watch(t.Context()))
}
