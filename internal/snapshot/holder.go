package snapshot

import (
	"context"
	"errors"
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
	now       func() time.Time

	current atomic.Pointer[authz.Snapshot]
	refresh sync.Mutex // one patch or rebuild at a time; waiters then find the work done

	lag     lag     // what the holder knows of the store's revision; see lag.go
	metrics metrics // see metrics.go
}

// Option configures a Holder.
type Option func(*Holder)

// WithRolePermissions gives every snapshot PAI's role-permission list (authz.CompileRolePermissions),
// so that workspace roles grant what the list says. Without it only RAM policies decide.
func WithRolePermissions(rp *authz.RolePermissions) Option {
	return func(h *Holder) { h.rolePerms = rp }
}

// WithClock sets the clock the holder measures lag with (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(h *Holder) { h.now = now }
}

// New loads the store's current state into a first snapshot. system holds the compiled system
// policies (see CompileSystemPolicies).
func New(ctx context.Context, st store.Store, system map[string]*policy.Policy, log *slog.Logger, opts ...Option) (*Holder, error) {
	h := &Holder{store: st, system: system, log: log, now: time.Now}
	for _, o := range opts {
		o(h)
	}
	h.lag.init()
	h.metrics.init()
	if err := h.rebuild(ctx, "start"); err != nil {
		return nil, err
	}
	return h, nil
}

// Current returns the newest snapshot. It never returns nil.
func (h *Holder) Current() *authz.Snapshot { return h.current.Load() }

// Sync returns once the current snapshot reflects revision rev or later, catching up with the
// store if needed. A write calls it with the revision its Update returned before acknowledging,
// so a client always reads its own writes; the follower calls it with revisions it learns of.
func (h *Holder) Sync(ctx context.Context, rev store.Revision) error {
	h.learn(rev)
	if h.Current().Revision() >= int64(rev) {
		return nil
	}
	h.refresh.Lock()
	defer h.refresh.Unlock()
	if h.Current().Revision() >= int64(rev) {
		return nil // another caller's catch-up already covered rev
	}
	return h.catchUp(ctx)
}

// catchUp moves the snapshot to the store's latest revision: it patches the current snapshot
// with what changed since, and rebuilds it from everything when it cannot (the node fell behind
// the pruned change log, too much changed, or the patch failed). Callers hold h.refresh.
func (h *Holder) catchUp(ctx context.Context) error {
	cur := h.Current()
	start := h.now()
	d, n, err := readDelta(ctx, h.store, store.Revision(cur.Revision()))
	switch {
	case errors.Is(err, store.ErrCompacted):
		return h.rebuild(ctx, "compacted")
	case errors.Is(err, errLargeBatch):
		return h.rebuild(ctx, "large")
	case errors.Is(err, errUnpatchable):
		h.log.Warn("authorization snapshot: rebuilding instead of patching", "err", err)
		return h.rebuild(ctx, "unpatchable")
	case err != nil:
		return err
	}
	h.learn(store.Revision(d.Revision))
	if d.Revision > cur.Revision() {
		next, err := cur.Apply(d)
		if err != nil {
			h.log.Error("authorization snapshot: patch failed, rebuilding", "revision", d.Revision, "changes", n, "err", err)
			return h.rebuild(ctx, "patch_failed")
		}
		h.current.Store(next)
		h.metrics.patched(h.now().Sub(start))
	}
	h.caughtUp(d.Revision, start)
	return nil
}

// rebuild loads the whole store and swaps in a new snapshot; reason labels the rebuild in the
// metrics. Callers hold h.refresh (or are New).
func (h *Holder) rebuild(ctx context.Context, reason string) error {
	start := h.now()
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
	h.metrics.rebuilt(reason)
	h.learn(store.Revision(d.Revision))
	h.caughtUp(d.Revision, start)
	return nil
}
