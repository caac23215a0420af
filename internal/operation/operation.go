package operation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
)

// ResultSuccess is the Result of the audit record of an operation that succeeded; a denial's is
// its error code.
const ResultSuccess = "Success"

// Op is one operation in progress, as its audit record will show it.
type Op struct {
	Caller    *authz.Caller
	Action    string // "ram:CreateUser", "paiworkspace:CreateMember", ...
	RequestID string
	// Target is what the audit record of a success names: the first resource authorized unless
	// the operation sets it (CreateUser names the new user, not user/*).
	Target string
	// Detail is the audit record's Detail: what the target alone does not say (which policy
	// was attached, say). Never secrets.
	Detail string
	// Earlier are the calls before this one of a compound operation, one that stands for
	// several API calls in one transaction (the console's Create User is ram:CreateUser, then
	// ram:CreateLoginProfile): on success Write records each of them, in order and at the same
	// time, before this op's own record. A denial is recorded as this op alone, the call
	// refused: the calls before it changed nothing either. Then builds the list.
	Earlier []Op
}

// Then moves o on to next, the next call of a compound operation: what o was joins
// next.Earlier, and o becomes next. A denial is then audited as next, and a success as each
// call in the order Then met them.
func (o *Op) Then(next Op) {
	prev := *o
	prev.Earlier = nil
	next.Earlier = append(o.Earlier, prev)
	*o = next
}

// Record is the operation's audit record with a result and target, at time at.
func (o *Op) Record(at time.Time, result, target string) store.AuditRecord {
	r := store.AuditRecord{Time: at, RequestID: o.RequestID, Action: o.Action, Target: target, Result: result, Detail: o.Detail}
	if o.Caller != nil {
		r.PrincipalARN = o.Caller.ARN
		if ips, _ := o.Caller.Context.Lookup("acs:SourceIp"); len(ips) > 0 {
			r.SourceIP = ips[0]
		}
	}
	return r
}

// Snapshots is the node's authorization snapshot as a write needs it.
type Snapshots interface {
	// Sync returns once the snapshot reflects revision rev or later.
	Sync(ctx context.Context, rev store.Revision) error
}

// Runner runs a domain's operations on its store.
type Runner struct {
	Store store.Store
	Snaps Snapshots
	// Clock is the time audit records carry, at the precision the store keeps.
	Clock func() time.Time
}

// Write runs one mutation: fn authorizes and writes inside one Update, the audit record of the
// success (with those of o.Earlier before it, as fn left o) joins the same transaction, and the
// snapshot reaches the new revision before Write returns.
func (r Runner) Write(ctx context.Context, o *Op, fn func(tx store.Tx) error) error {
	rev, err := r.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		at := r.Clock()
		for _, e := range slices.Concat(o.Earlier, []Op{*o}) {
			if _, err := tx.AppendAudit(ctx, e.Record(at, ResultSuccess, e.Target)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return r.Failed(ctx, o, err)
	}
	if err := r.Snaps.Sync(ctx, rev); err != nil {
		// The change is committed; only this node's view of it lags. Say so, rather than report
		// it as a failure after which nothing changed.
		return &errs.Error{Kind: errs.Unavailable, Code: "ServiceUnavailable",
			Message: "The change was saved, but this node cannot show it yet. Retry reading it.",
			Err:     fmt.Errorf("sync the authorization snapshot to revision %d: %w", rev, err)}
	}
	return nil
}

// Read runs one query: fn authorizes and reads in one View.
func (r Runner) Read(ctx context.Context, o *Op, fn func(rd store.Reader) error) error {
	if err := r.Store.View(ctx, fn); err != nil {
		return r.Failed(ctx, o, err)
	}
	return nil
}

// Failed finishes a failed operation: a denial is recorded in the audit trail outside any
// Update (nothing changed), and an error that is not one of the domain's becomes InternalError.
func (r Runner) Failed(ctx context.Context, o *Op, err error) error {
	var e *errs.Error
	if !errors.As(err, &e) {
		return errs.Wrap(err)
	}
	if e.Kind == errs.Denied && e.Denial != nil {
		if _, aerr := r.Store.AppendAudit(ctx, o.Record(r.Clock(), e.Code, e.Denial.Resource)); aerr != nil {
			// The client still learns it was denied; the lost record is reported with it.
			denied := *e
			denied.Err = errors.Join(e.Err, aerr)
			return &denied
		}
	}
	return err
}
