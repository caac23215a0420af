package consistency

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
)

// Snapshots is the node's snapshot as the Guard needs it; *snapshot.Holder implements it.
type Snapshots interface {
	Current() *authz.Snapshot
	// AtLeast returns a snapshot at revision rev or later, waiting up to wait, or an error.
	AtLeast(ctx context.Context, rev int64, wait time.Duration) (*authz.Snapshot, error)
}

// An ErrorWriter answers a request with err (an *errs.Error) in its API's own error format.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, err error)

// Guard admits API requests at the revision they ask for and labels their responses with the
// revision they reflect. Build it with NewGuard; wrap each API with Wrap.
type Guard struct {
	snaps Snapshots
	wait  time.Duration
}

// DefaultWait is how long a request may wait for its minimum revision when NewGuard is given 0.
const DefaultWait = 2 * time.Second

// NewGuard returns a Guard over the node's snapshots; a request waits up to wait (0:
// DefaultWait) for the revision it asks for.
func NewGuard(snaps Snapshots, wait time.Duration) *Guard {
	if wait <= 0 {
		wait = DefaultWait
	}
	return &Guard{snaps: snaps, wait: wait}
}

// Wait is how long a request may wait for its minimum revision.
func (g *Guard) Wait() time.Duration { return g.wait }

// Wrap returns next behind the guard. Before next runs, a request's X-Rampart-Min-Revision is
// read and waited for (malformed: InvalidParameter.MinRevision, 400; not reached in time:
// ServiceUnavailable.Lagging, 503; both answered through fail, and next never runs). Then next
// serves the request with a Recorder in its context, and X-Rampart-Revision is set on the
// response as it starts: the highest revision the request wrote, else the snapshot revision it
// was admitted at (except on a 503, which then carries none).
func (g *Guard) Wrap(fail ErrorWriter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		minRev, err := MinRevision(r.Header)
		if err != nil {
			fail(w, r, err)
			return
		}
		snap := g.snaps.Current()
		if minRev > snap.Revision() {
			if snap, err = g.snaps.AtLeast(ctx, minRev, g.wait); err != nil {
				fail(w, r, g.lagging(minRev, err))
				return
			}
		}
		tw := &tokenWriter{ResponseWriter: w, admitted: snap.Revision()}
		next.ServeHTTP(tw, r.WithContext(WithRecorder(ctx, &tw.writes)))
	})
}

// lagging is the error of a request whose minimum revision the node did not reach in time.
func (g *Guard) lagging(want int64, cause error) error {
	return &errs.Error{Kind: errs.Unavailable, Code: "ServiceUnavailable.Lagging",
		Message: fmt.Sprintf("This node is at revision %d and did not reach the requested revision %d within %v; retry, or ask another node.",
			g.snaps.Current().Revision(), want, g.wait),
		Err: cause}
}

// errMalformed is the cause of InvalidParameter.MinRevision.
var errMalformed = errors.New("malformed " + MinRevisionHeader)

// MinRevision returns the revision the request's X-Rampart-Min-Revision header asks for, 0 when
// it has none. A value that is not one non-negative decimal integer is an InvalidParameter.MinRevision
// error.
func MinRevision(h http.Header) (int64, error) {
	vs := h[MinRevisionHeader]
	if len(vs) == 0 {
		return 0, nil
	}
	if len(vs) == 1 {
		if n, err := strconv.ParseInt(vs[0], 10, 64); err == nil && n >= 0 && vs[0][0] != '+' {
			return n, nil
		}
	}
	return 0, &errs.Error{Kind: errs.Invalid, Code: "InvalidParameter.MinRevision",
		Message: "The specified " + MinRevisionHeader + " is not valid: give one revision, a non-negative integer such as an earlier response's " + RevisionHeader + ".",
		Err:     errMalformed}
}
