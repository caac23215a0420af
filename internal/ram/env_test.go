package ram_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/domaintest"
	"github.com/rampart-iam/rampart/internal/errs/errstest"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

// backend opens a fresh, empty store for one test.
type backend = storetest.Opener

// forEachBackend runs test on SQLite and on PostgreSQL (storetest.Backends).
func forEachBackend(t *testing.T, test func(t *testing.T, b backend)) {
	t.Helper()
	storetest.Backends(t, test)
}

// sqliteBackend is for the tests and benchmarks of in-process behaviour, which need one store only.
func sqliteBackend() backend { return storetest.SQLite }

// rootPassword is the root's console password in every test account.
const rootPassword = "Root-Pa55word!"

// env is one account on a fresh store, with a real snapshot holder and the real catalog.
type env struct {
	*domaintest.Env
	t       testing.TB
	svc     *ram.Service
	account string
	root    *authz.Caller

	mu  sync.Mutex
	now time.Time
}

// newEnv sets up an account with default limits.
func newEnv(t testing.TB, b backend) *env { return newEnvWith(t, b, ram.DefaultLimits()) }

func newEnvWith(t testing.TB, b backend, limits ram.Limits, opts ...ram.Option) *env {
	t.Helper()
	ctx := t.Context()
	e := &env{t: t, now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	st := b(t)
	sec := domaintest.NewSecrets(t, byte(len(t.Name())))
	root, err := bootstrap.Run(ctx, st, bootstrap.Options{
		CredentialsFile: filepath.Join(t.TempDir(), "root-credentials.json"),
		Provided: bootstrap.Credentials{AccessKeyID: "LTAIrootKeyForTests0001",
			AccessKeySecret: "root-secret-for-tests-0123456789", Password: rootPassword},
		Box: sec.Box, IDs: sec.IDs, Passwords: sec.Passwords, Now: e.clock,
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	e.Env = domaintest.New(t, st)
	e.account = root.AccountID
	rc := authz.RootCaller(e.account)
	e.root = &rc
	if e.svc, err = ram.New(st, e.Snaps, e.Catalog, sec.Box, sec.Passwords, sec.IDs, e.clock, limits, opts...); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

// advance moves the clock forward.
func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// user returns the caller a RAM user is when it signs a request, as authn would build it.
func (e *env) user(name string) *authz.Caller {
	e.t.Helper()
	c, ok := e.Snaps.Current().CallerForARN(authz.UserARN(e.account, name))
	if !ok {
		e.t.Fatalf("no user %q in the snapshot", name)
	}
	c.Context.Set("acs:SourceIp", "192.0.2.10")
	return &c
}

// createUsers creates users as the root.
func (e *env) createUsers(names ...string) {
	e.t.Helper()
	for _, n := range names {
		if _, err := e.svc.CreateUser(e.t.Context(), e.root, ram.CreateUserInput{UserName: n}); err != nil {
			e.t.Fatalf("CreateUser %s: %v", n, err)
		}
	}
}

// attach grants a policy to a principal ("User", "Group" or "Role", by name) at account scope,
// directly in the store.
func (e *env) attach(principalType, principal, policyType, policyName string) {
	e.t.Helper()
	e.Given(func(ctx context.Context, tx store.Tx) error {
		var id string
		switch principalType {
		case store.PrincipalUser:
			u, err := tx.GetUserByName(ctx, principal)
			id = u.ID
			if err != nil {
				return err
			}
		case store.PrincipalGroup:
			g, err := tx.GetGroupByName(ctx, principal)
			id = g.ID
			if err != nil {
				return err
			}
		case store.PrincipalRole:
			r, err := tx.GetRoleByName(ctx, principal)
			id = r.ID
			if err != nil {
				return err
			}
		}
		return tx.Attach(ctx, store.Attachment{PolicyType: policyType, PolicyName: policyName,
			PrincipalType: principalType, PrincipalID: id, AttachDate: e.clock()})
	})
}

// customPolicy creates a custom policy with one version, directly in the store.
func (e *env) customPolicy(name, document string) {
	e.t.Helper()
	e.Given(func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreatePolicy(ctx, store.Policy{Name: name, DefaultVersion: "v1", CreateDate: e.clock(), UpdateDate: e.clock()}); err != nil {
			return err
		}
		_, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: name, Document: document, CreateDate: e.clock()})
		return err
	})
}

// revision is the store's latest revision.
func (e *env) revision() store.Revision {
	e.t.Helper()
	rev, err := e.Store.Revision(e.t.Context())
	if err != nil {
		e.t.Fatal(err)
	}
	return rev
}

// audit returns the audit trail, newest first.
func (e *env) audit(q store.AuditQuery) []store.AuditRecord {
	e.t.Helper()
	var recs []store.AuditRecord
	err := e.Store.View(e.t.Context(), func(r store.Reader) (err error) {
		recs, err = r.ListAudit(e.t.Context(), q)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return recs
}

// wantCode fails unless err carries the error code want ("" for success).
var wantCode = errstest.WantCode

// same fails when got differs from want.
func same[T any](t testing.TB, what string, got, want T, opts ...cmp.Option) {
	t.Helper()
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, diff)
	}
}

func notFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// settings changes the account's settings directly in the store.
func (e *env) settings(change func(a *store.Account)) {
	e.t.Helper()
	e.Given(func(ctx context.Context, tx store.Tx) error {
		a, err := tx.GetAccount(ctx)
		if err != nil {
			return err
		}
		change(&a)
		return tx.UpdateAccount(ctx, a)
	})
}

// roleSession is the caller a session of a role is, as STS credentials authenticate it.
func (e *env) roleSession(role string) *authz.Caller {
	e.t.Helper()
	c, ok := e.Snaps.Current().CallerForARN(authz.AssumedRoleARN(e.account, role, "session"))
	if !ok {
		e.t.Fatalf("no role %q in the snapshot", role)
	}
	return &c
}

// sortStrings makes cmp compare string slices regardless of order.
func sortStrings() cmp.Option { return cmpopts.SortSlices(func(a, b string) bool { return a < b }) }
