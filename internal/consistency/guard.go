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

// Wrap returns next behind the guard. A malformed X-Rampart-Min-Revision is refused at once
// (InvalidParameter.MinRevision, 400, answered through fail; next never runs). Otherwise next
// serves the request with the guard in its context and a Recorder of its writes; the revision the
// header asks for is waited for only when next calls [Admit], once it has authenticated the
// caller, so an anonymous or forged request cannot make the node wait and poll. X-Rampart-Revision
// is set on the response as it starts: the highest revision the request wrote, else the snapshot
// revision it was admitted at (except on a 503, which then carries none).
func (g *Guard) Wrap(fail ErrorWriter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		minRev, err := MinRevision(r.Header)
		if err != nil {
			fail(w, r, err)
			return
		}
		tw := &tokenWriter{ResponseWriter: w, admitted: g.snaps.Current().Revision(), guard: g, min: minRev}
		next.ServeHTTP(tw, r.WithContext(context.WithValue(r.Context(), recorderKey{}, tw)))
	})
}

// Admit is what an API calls once it has authenticated a request: it waits for the revision the
// request's X-Rampart-Min-Revision asks for, up to the guard's wait, and the answer then reflects
// the snapshot reached. It fails with ServiceUnavailable.Lagging (503) when the node does not get
// there in time; the API reports that in its own format. waited says the snapshot moved on from
// the one the request came in at, so the caller's credentials may have changed since they were
// checked: an authenticator checks them again (a key deleted at that revision is refused).
//
// Only a request's first call waits; outside a request a Guard wrapped, Admit does nothing.
func Admit(ctx context.Context) (waited bool, err error) {
	tw, _ := ctx.Value(recorderKey{}).(*tokenWriter)
	if tw == nil || tw.admittedOnce.Swap(true) || tw.min <= tw.admitted {
		return false, nil
	}
	g := tw.guard
	snap, err := g.snaps.AtLeast(ctx, tw.min, g.wait)
	if err != nil {
		return false, g.lagging(tw.min, err)
	}
	tw.admitted = snap.Revision()
	return true, nil
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
