package pai

import (
	"context"
	"errors"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/operation"
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
	ops     operation.Runner
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
	s := &Service{store: o.Store, snaps: o.Snapshots, catalog: o.Catalog, ids: o.IDs, now: o.Now,
		region: o.Region, limits: o.Limits}
	s.ops = operation.Runner{Store: s.store, Snaps: s.snaps, Clock: s.clock}
	return s, nil
}

// clock returns the current time with the second precision the store keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

func (s *Service) accountID() string { return s.snaps.Current().AccountID() }
