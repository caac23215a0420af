package snapshot

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// Holder owns the current snapshot of one store.
type Holder struct {
	store     store.Store
	system    map[string]*policy.Policy
	rolePerms *authz.RolePermissions
	log       *slog.Logger

	current atomic.Pointer[authz.Snapshot]
	refresh sync.Mutex // one rebuild at a time; waiters then find the work done
}

// Option configures a Holder.
type Option func(*Holder)

// WithRolePermissions gives every snapshot PAI's role-permission list (authz.CompileRolePermissions),
// so that workspace roles grant what the list says. Without it only RAM policies decide.
func WithRolePermissions(rp *authz.RolePermissions) Option {
	return func(h *Holder) { h.rolePerms = rp }
}

// New loads the store's current state into a first snapshot. system holds the compiled system
// policies (see CompileSystemPolicies).
func New(ctx context.Context, st store.Store, system map[string]*policy.Policy, log *slog.Logger, opts ...Option) (*Holder, error) {
	h := &Holder{store: st, system: system, log: log}
	for _, o := range opts {
		o(h)
	}
	if err := h.rebuild(ctx); err != nil {
		return nil, err
	}
	return h, nil
}

// Current returns the newest snapshot. It never returns nil.
func (h *Holder) Current() *authz.Snapshot { return h.current.Load() }

// Sync returns once the current snapshot reflects revision rev or later, rebuilding it from the
// store if needed. A write calls it with the revision its Update returned before acknowledging.
func (h *Holder) Sync(ctx context.Context, rev store.Revision) error {
	if h.Current().Revision() >= int64(rev) {
		return nil
	}
	h.refresh.Lock()
	defer h.refresh.Unlock()
	if h.Current().Revision() >= int64(rev) {
		return nil // another caller's rebuild already covered rev
	}
	return h.rebuild(ctx)
}

// Poll rebuilds the snapshot whenever the store's revision moves past it, checking every
// interval until ctx ends. It catches writes made by other nodes sharing the store.
func (h *Holder) Poll(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rev, err := h.store.Revision(ctx)
		if err == nil {
			err = h.Sync(ctx, rev)
		}
		if err != nil && ctx.Err() == nil {
			h.log.Error("refresh authorization snapshot", "err", err)
		}
	}
}

// rebuild loads the store and swaps in a new snapshot. Callers hold h.refresh (or are New).
func (h *Holder) rebuild(ctx context.Context) error {
	d, err := load(ctx, h.store)
	if err != nil {
		return err
	}
	d.RolePermissions = h.rolePerms
	next, err := authz.Build(d, h.system, h.current.Load())
	if err != nil {
		return fmt.Errorf("snapshot at revision %d: %w", d.Revision, err)
	}
	h.current.Store(next)
	return nil
}
