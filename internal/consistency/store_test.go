package consistency_test

import (
	"context"
	"errors"
	"testing"

	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/store"
)

// countingStore commits each Update at the next revision, or fails with err.
type countingStore struct {
	store.Store // nil: only Update is called
	rev         store.Revision
	err         error
}

func (s *countingStore) Update(ctx context.Context, fn func(store.Tx) error) (store.Revision, error) {
	if s.err != nil {
		return 0, s.err
	}
	s.rev++
	return s.rev, nil
}

func TestTrackNotesCommittedRevisions(t *testing.T) {
	inner := &countingStore{rev: 20}
	st := consistency.Track(inner)
	rec := &consistency.Recorder{}
	ctx := consistency.WithRecorder(context.Background(), rec)
	for range 2 {
		if _, err := st.Update(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	if rec.Revision() != 22 {
		t.Errorf("recorded %d, want 22 (the last commit)", rec.Revision())
	}
	inner.err = errors.New("conflict")
	if _, err := st.Update(ctx, nil); !errors.Is(err, inner.err) {
		t.Errorf("Update = %v, want the store's error unchanged", err)
	}
	if rec.Revision() != 22 {
		t.Errorf("a failed Update moved the revision to %d", rec.Revision())
	}
	// Outside a request, tracking does nothing but pass the write through.
	inner.err = nil
	if rev, err := st.Update(context.Background(), nil); rev != 23 || err != nil {
		t.Errorf("Update outside a request = %d, %v", rev, err)
	}
}
