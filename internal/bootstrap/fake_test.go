package bootstrap_test

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/rampart-iam/rampart/internal/store"
)

// fakeStore keeps the little bootstrap touches (the account, AccessKeys, audit records) in
// memory, with Update's all-or-nothing rule. Methods bootstrap does not use are left to the
// embedded nil interfaces and panic if called.
type fakeStore struct {
	store.Store
	mu    sync.Mutex
	state fakeState
}

type fakeState struct {
	account *store.Account
	keys    map[string]store.AccessKey
	audit   []store.AuditRecord
	// users and devices are set by tests directly; bootstrap only reads them.
	users   []store.User
	devices []store.VirtualMFADevice
}

func newFakeStore() *fakeStore {
	return &fakeStore{state: fakeState{keys: map[string]store.AccessKey{}}}
}

func (s *fakeStore) Update(ctx context.Context, fn func(store.Tx) error) (store.Revision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &fakeTx{state: fakeState{
		account: s.state.account,
		keys:    maps.Clone(s.state.keys),
		audit:   slices.Clone(s.state.audit),
		users:   s.state.users,
		devices: s.state.devices,
	}}
	if err := fn(tx); err != nil {
		return 0, err
	}
	s.state = tx.state
	return 1, nil
}

func (s *fakeStore) View(ctx context.Context, fn func(store.Reader) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(&fakeTx{state: s.state})
}

type fakeTx struct {
	store.Tx
	state fakeState
}

func (t *fakeTx) GetAccount(context.Context) (store.Account, error) {
	if t.state.account == nil {
		return store.Account{}, store.ErrNotFound
	}
	return *t.state.account, nil
}

func (t *fakeTx) CreateAccount(_ context.Context, a store.Account) error {
	if t.state.account != nil {
		return store.ErrExists
	}
	t.state.account = &a
	return nil
}

func (t *fakeTx) ListAccessKeys(_ context.Context, userID string) ([]store.AccessKey, error) {
	var out []store.AccessKey
	for _, k := range t.state.keys {
		if k.UserID == userID {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b store.AccessKey) int { return a.CreateDate.Compare(b.CreateDate) })
	return out, nil
}

func (t *fakeTx) CreateAccessKey(_ context.Context, k store.AccessKey) error {
	if _, ok := t.state.keys[k.ID]; ok {
		return store.ErrExists
	}
	t.state.keys[k.ID] = k
	return nil
}

func (t *fakeTx) AppendAudit(_ context.Context, r store.AuditRecord) (int64, error) {
	r.ID = int64(len(t.state.audit) + 1)
	t.state.audit = append(t.state.audit, r)
	return r.ID, nil
}

// ListUsers returns every user on one page.
func (t *fakeTx) ListUsers(context.Context, store.Page) ([]store.User, string, error) {
	return t.state.users, "", nil
}

// ListMFADevices returns at most p.Limit devices and no marker.
func (t *fakeTx) ListMFADevices(_ context.Context, p store.Page) ([]store.VirtualMFADevice, string, error) {
	return t.state.devices[:min(len(t.state.devices), p.Limit)], "", nil
}
