package activation_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/domaintest"
	"github.com/rampart-iam/rampart/internal/errs/errstest"
	"github.com/rampart-iam/rampart/internal/pai/activation"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

const (
	account = "1234567890123456"
	region  = "cn-hangzhou"
)

// env is one account on a fresh store (SQLite or PostgreSQL) with the real catalog, snapshot holder, RAM
// service (with the activation package's role-usage answer) and activation service. Users,
// groups and attachments are written straight to the store.
type env struct {
	*domaintest.Env
	t    testing.TB
	ram  *ram.Service
	svc  *activation.Service
	root *authz.Caller
	now  time.Time
}

func newEnv(t testing.TB, open storetest.Opener) *env {
	t.Helper()
	e := &env{t: t, now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	e.Env = domaintest.WithAccount(t, open(t), account, e.now)
	sec := domaintest.NewSecrets(t, byte(len(t.Name())))
	clock := func() time.Time { return e.now }
	var err error
	if e.ram, err = ram.New(e.Store, e.Snaps, e.Catalog, sec.Box, sec.Passwords, sec.IDs, clock, ram.DefaultLimits(),
		ram.WithRoleUsage(activation.RoleUsage(e.Catalog, region))); err != nil {
		t.Fatal(err)
	}
	if e.svc, err = activation.New(activation.Options{Store: e.Store, Snapshots: e.Snaps, Catalog: e.Catalog, RAM: e.ram, Now: clock}); err != nil {
		t.Fatal(err)
	}
	root := authz.RootCaller(account)
	e.root = &root
	return e
}

// user creates a RAM user holding the given system policies at account scope and returns it
// as a caller.
func (e *env) user(name string, policies ...string) *authz.Caller {
	e.t.Helper()
	id := "2" + strings.Repeat("0", 15-len(name)) + name
	e.Given(func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateUser(ctx, store.User{ID: id, Name: name, CreateDate: e.now, UpdateDate: e.now}); err != nil {
			return err
		}
		for _, p := range policies {
			if err := tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: p,
				PrincipalType: store.PrincipalUser, PrincipalID: id, AttachDate: e.now}); err != nil {
				return err
			}
		}
		return nil
	})
	return e.caller(authz.UserARN(account, name))
}

func (e *env) caller(arn string) *authz.Caller {
	e.t.Helper()
	c, ok := e.Snaps.Current().CallerForARN(arn)
	if !ok {
		e.t.Fatalf("no principal %s", arn)
	}
	return &c
}

// rows returns the Dependent Services rows by "Module/Service".
func (e *env) rows() map[string]activation.DependentService {
	e.t.Helper()
	list, err := e.svc.DependentServices(e.t.Context(), e.root, "")
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]activation.DependentService{}
	for _, r := range list {
		out[r.Module+"/"+r.Service] = r
	}
	return out
}

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

// auditOf returns the audit records of one request.
func (e *env) auditOf(requestID string) []store.AuditRecord {
	e.t.Helper()
	var out []store.AuditRecord
	for _, r := range e.audit(store.AuditQuery{}) {
		if r.RequestID == requestID {
			out = append(out, r)
		}
	}
	return out
}

// wantCode fails unless err carries the error code want ("" for success).
var wantCode = errstest.WantCode
