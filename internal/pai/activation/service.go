package activation

import (
	"context"
	"errors"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/operation"
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
	ops     operation.Runner
}

// New returns a service.
func New(o Options) (*Service, error) {
	if o.Store == nil || o.Snapshots == nil || o.Catalog == nil || o.RAM == nil || o.Now == nil {
		return nil, errors.New("activation: New needs a store, snapshots, catalog, RAM and clock")
	}
	s := &Service{store: o.Store, snaps: o.Snapshots, catalog: o.Catalog, ram: o.RAM, now: o.Now}
	s.ops = operation.Runner{Store: s.store, Snaps: s.snaps, Clock: s.clock}
	return s, nil
}

// clock returns the current time with the second precision the store keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }
