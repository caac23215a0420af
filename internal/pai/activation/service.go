package activation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// Snapshots is where the service gets authorization decisions from and tells it about writes.
// snapshot.Holder implements it.
type Snapshots interface {
	// Current returns the newest snapshot; never nil.
	Current() *authz.Snapshot
	// Sync returns once Current reflects revision rev or later.
	Sync(ctx context.Context, rev store.Revision) error
}

// RAM creates the roles a module acts through; *ram.Service implements it. Both methods are
// idempotent and authorize the caller themselves.
type RAM interface {
	EnsureServiceLinkedRole(ctx context.Context, c *authz.Caller, in ram.CreateServiceLinkedRoleInput) (ram.Role, bool, error)
	EnsureServiceRole(ctx context.Context, c *authz.Caller, in ram.ServiceRoleInput) (ram.Role, bool, error)
}

// Options are what a Service is built from; every field is required.
type Options struct {
	Store     store.Store
	Snapshots Snapshots
	Catalog   *catalog.Catalog
	RAM       RAM
	Now       func() time.Time
}

// Service runs activation and authorization for one account. It is safe for concurrent use.
type Service struct {
	store   store.Store
	snaps   Snapshots
	catalog *catalog.Catalog
	ram     RAM
	now     func() time.Time
}

// New returns a service.
func New(o Options) (*Service, error) {
	if o.Store == nil || o.Snapshots == nil || o.Catalog == nil || o.RAM == nil || o.Now == nil {
		return nil, errors.New("activation: New needs a store, snapshots, catalog, RAM and clock")
	}
	return &Service{store: o.Store, snaps: o.Snapshots, catalog: o.Catalog, ram: o.RAM, now: o.Now}, nil
}

// clock returns the current time with the second precision the store keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// call is one operation in progress, for its audit record.
type call struct {
	caller    *authz.Caller
	action    string
	requestID string
	target    string
	detail    string
}

func (k *call) record(at time.Time, result string) store.AuditRecord {
	r := store.AuditRecord{Time: at, RequestID: k.requestID, Action: k.action, Target: k.target, Result: result, Detail: k.detail}
	if k.caller != nil {
		r.PrincipalARN = k.caller.ARN
		if ips, _ := k.caller.Context.Lookup("acs:SourceIp"); len(ips) > 0 {
			r.SourceIP = ips[0]
		}
	}
	return r
}

// write runs one mutation with its audit record in the same transaction, and moves the
// snapshot to the new revision before returning.
func (s *Service) write(ctx context.Context, k *call, fn func(tx store.Tx) error) error {
	rev, err := s.store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		_, err := tx.AppendAudit(ctx, k.record(s.clock(), "Success"))
		return err
	})
	if err != nil {
		return s.failed(ctx, k, err)
	}
	if err := s.snaps.Sync(ctx, rev); err != nil {
		return &errs.Error{Kind: errs.Unavailable, Code: "ServiceUnavailable",
			Message: "The change was saved, but this node cannot show it yet. Retry reading it.",
			Err:     fmt.Errorf("sync the authorization snapshot to revision %d: %w", rev, err)}
	}
	return nil
}

// failed finishes a failed operation: a denial is audited outside any Update, and an error
// that is not one of the domain's becomes InternalError.
func (s *Service) failed(ctx context.Context, k *call, err error) error {
	var e *errs.Error
	if !errors.As(err, &e) {
		return errs.Wrap(err)
	}
	if e.Kind == errs.Denied && e.Denial != nil {
		if _, aerr := s.store.AppendAudit(ctx, k.record(s.clock(), e.Code)); aerr != nil {
			denied := *e
			denied.Err = errors.Join(e.Err, aerr)
			return &denied
		}
	}
	return err
}
