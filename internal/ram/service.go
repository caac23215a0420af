package ram

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
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

// Service runs RAM's operations for one account. It is safe for concurrent use.
type Service struct {
	store     sideWrites
	snaps     Snapshots
	catalog   *catalog.Catalog
	box       *secrets.Box
	passwords *secrets.PasswordHasher
	ids       *secrets.IDGen
	now       func() time.Time
	limits    Limits
	ops       operation.Runner

	// Read caches, valid for one version (see readcache.go).
	keys      readCache[string, AccessKeyAuth] // AccessKeyForAuth
	users     readCache[string, store.User]    // users by name as asked for; ID "" when missing
	userPages readCache[store.Page, userPage]  // ListUsers

	// roleUsage asks a linked service whether it still uses its service-linked role; nil: never.
	roleUsage RoleUsageFunc

	// touched remembers when each AccessKey's last-used date was last written, so that signing
	// requests do not each cost a write (see TouchAccessKey).
	touchMu sync.Mutex
	touched map[string]time.Time
}

// New returns a service over st. Every dependency is required: snaps answers authorization
// questions and follows writes, cat holds the system policies, box encrypts AccessKey secrets
// and TOTP seeds, passwords hashes console passwords, ids makes entity IDs and credentials, now
// is the clock, and limits the quotas (DefaultLimits for RAM's). Options add what is optional.
func New(st store.Store, snaps Snapshots, cat *catalog.Catalog, box *secrets.Box, passwords *secrets.PasswordHasher,
	ids *secrets.IDGen, now func() time.Time, limits Limits, opts ...Option) (*Service, error) {
	if st == nil || snaps == nil || cat == nil || box == nil || passwords == nil || ids == nil || now == nil {
		return nil, errors.New("ram: New needs a store, snapshots, catalog, box, password hasher, ID generator and clock")
	}
	if err := limits.Validate(); err != nil {
		return nil, err
	}
	s := &Service{store: sideWrites{Store: st, count: new(atomic.Int64)}, snaps: snaps, catalog: cat, box: box, passwords: passwords, ids: ids,
		now: now, limits: limits, touched: make(map[string]time.Time)}
	s.ops = operation.Runner{Store: s.store, Snaps: snaps, Clock: s.clock}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// clock returns the current time as RAM shows it: UTC, whole seconds.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// accountID is the ID of the account the service manages.
func (s *Service) accountID() string { return s.snaps.Current().AccountID() }
