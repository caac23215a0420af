package pai

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
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

// Options are what a Service is built from. Every field but Limits is required.
type Options struct {
	Store     store.Store
	Snapshots Snapshots
	// Catalog holds the workspace roles.
	Catalog *catalog.Catalog
	IDs     *secrets.IDGen
	Now     func() time.Time
	// Region is the region of ARNs: acs:paiworkspace:<Region>:<account>:workspace/<id>.
	Region string
	// Limits are the quotas; the zero value means DefaultLimits.
	Limits Limits
}

// Service runs the workspace operations for one account. It is safe for concurrent use.
type Service struct {
	store   store.Store
	snaps   Snapshots
	catalog *catalog.Catalog
	ids     *secrets.IDGen
	now     func() time.Time
	region  string
	limits  Limits
}

// New returns a service.
func New(o Options) (*Service, error) {
	if o.Store == nil || o.Snapshots == nil || o.Catalog == nil || o.IDs == nil || o.Now == nil || o.Region == "" {
		return nil, errors.New("pai: New needs a store, snapshots, catalog, ID generator, clock and region")
	}
	if o.Limits == (Limits{}) {
		o.Limits = DefaultLimits()
	}
	if err := o.Limits.Validate(); err != nil {
		return nil, err
	}
	return &Service{store: o.Store, snaps: o.Snapshots, catalog: o.Catalog, ids: o.IDs, now: o.Now,
		region: o.Region, limits: o.Limits}, nil
}

// clock returns the current time with the second precision the store keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

func (s *Service) accountID() string { return s.snaps.Current().AccountID() }

// write runs one mutation: fn authorizes and writes inside one Update; the audit record of the
// success joins the same transaction; the snapshot reaches the new revision before write returns.
func (s *Service) write(ctx context.Context, k *call, fn func(tx store.Tx) error) error {
	rev, err := s.store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		_, err := tx.AppendAudit(ctx, k.record(s.clock(), resultSuccess, k.target))
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

// read runs one query: fn authorizes and reads in one View.
func (s *Service) read(ctx context.Context, k *call, fn func(r store.Reader) error) error {
	if err := s.store.View(ctx, fn); err != nil {
		return s.failed(ctx, k, err)
	}
	return nil
}
