package consistency

import (
	"context"
	"sync/atomic"
)

// Header names of the consistency token.
const (
	// RevisionHeader, on a response, is the revision the answer reflects at least: the revision
	// of the request's last committed write, or the node's snapshot revision when the request
	// began if it wrote nothing.
	RevisionHeader = "X-Rampart-Revision"
	// MinRevisionHeader, on a request, asks that it be answered from revision N or later.
	MinRevisionHeader = "X-Rampart-Min-Revision"
)

// A Recorder collects the revision of one request's writes: the highest of them. It is safe for
// concurrent use, in case one request writes from several goroutines.
type Recorder struct {
	rev atomic.Int64
}

// Note raises the recorded revision to rev; a lower rev changes nothing.
func (r *Recorder) Note(rev int64) {
	for {
		cur := r.rev.Load()
		if rev <= cur || r.rev.CompareAndSwap(cur, rev) {
			return
		}
	}
}

// Revision returns the highest revision noted, 0 if none.
func (r *Recorder) Revision() int64 { return r.rev.Load() }

// recorderKey is the context key of a request's Recorder: a *Recorder (WithRecorder), or the
// *tokenWriter of a request a Guard wrapped.
type recorderKey struct{}

// WithRecorder returns a context whose writes (through a [Track]ed store) note their revisions in
// rec.
func WithRecorder(ctx context.Context, rec *Recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, rec)
}

// RecorderFrom returns the Recorder of ctx, or nil outside a request a [Guard] admitted.
func RecorderFrom(ctx context.Context) *Recorder {
	switch v := ctx.Value(recorderKey{}).(type) {
	case *tokenWriter: // a Guard's request
		return &v.writes
	case *Recorder:
		return v
	}
	return nil
}

// Note records in ctx's Recorder, if any, that the request's answer reflects revision rev.
func Note(ctx context.Context, rev int64) {
	if rec := RecorderFrom(ctx); rec != nil {
		rec.Note(rev)
	}
}
