package pai_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/domaintest"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

const (
	account = "1234567890123456"
	region  = "cn-hangzhou"
)

// env is one account on a fresh store (SQLite or PostgreSQL) with a real snapshot holder, the real catalog and
// the workspace service. RAM users, roles and policies are written straight to the store.
type env struct {
	*domaintest.Env
	t    testing.TB
	svc  *pai.Service
	root *authz.Caller
	ids  *secrets.IDGen
	now  time.Time
}

func newEnv(t testing.TB, open storetest.Opener) *env { return newEnvWith(t, open, pai.Limits{}) }

func newEnvWith(t testing.TB, open storetest.Opener, limits pai.Limits) *env {
	t.Helper()
	e := &env{t: t, ids: secrets.NewIDGen(rand.NewChaCha8([32]byte{byte(len(t.Name()))})),
		now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	e.Env = domaintest.WithAccount(t, open(t), account, e.now)
	var err error
	e.svc, err = pai.New(pai.Options{Store: e.Store, Snapshots: e.Snaps, Catalog: e.Catalog, IDs: e.ids,
		Now: func() time.Time { return e.now }, Region: region, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	root := authz.RootCaller(account)
	e.root = &root
	return e
}

// user creates a RAM user with the policies (custom documents) attached and returns its caller.
func (e *env) user(name string, docs ...string) *authz.Caller {
	e.t.Helper()
	id := e.ids.EntityID()
	e.Given(func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateUser(ctx, store.User{ID: id, Name: name, DisplayName: name + " D", CreateDate: e.now, UpdateDate: e.now}); err != nil {
			return err
		}
		return e.attach(ctx, tx, store.PrincipalUser, id, name, docs)
	})
	return e.caller(authz.UserARN(account, name))
}

// role creates a RAM role with the policies attached and returns a session of it.
func (e *env) role(name string, docs ...string) *authz.Caller {
	e.t.Helper()
	id := e.ids.EntityID()
	e.Given(func(ctx context.Context, tx store.Tx) error {
		trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`
		if err := tx.CreateRole(ctx, store.Role{ID: id, Name: name, TrustPolicy: trust, MaxSessionDuration: 3600, CreateDate: e.now, UpdateDate: e.now}); err != nil {
			return err
		}
		return e.attach(ctx, tx, store.PrincipalRole, id, name, docs)
	})
	return e.caller(authz.AssumedRoleARN(account, name, "session"))
}

func (e *env) attach(ctx context.Context, tx store.Tx, typ, id, name string, docs []string) error {
	for i, doc := range docs {
		policyName := name + "-policy-" + string(rune('a'+i))
		if doc == "AliyunPAIFullAccess" {
			if err := tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: doc, PrincipalType: typ,
				PrincipalID: id, AttachDate: e.now}); err != nil {
				return err
			}
			continue
		}
		if err := tx.CreatePolicy(ctx, store.Policy{Name: policyName, DefaultVersion: "v1", CreateDate: e.now, UpdateDate: e.now}); err != nil {
			return err
		}
		_, verr := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: policyName, Document: doc, CreateDate: e.now})
		err := errors.Join(
			verr,
			tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeCustom, PolicyName: policyName, PrincipalType: typ,
				PrincipalID: id, AttachDate: e.now}),
		)
		if err != nil {
			return err
		}
	}
	return nil
}

func (e *env) caller(arn string) *authz.Caller {
	e.t.Helper()
	c, ok := e.Snaps.Current().CallerForARN(arn)
	if !ok {
		e.t.Fatalf("no caller %s", arn)
	}
	return &c
}

// workspace creates a workspace as the root and returns its ID.
func (e *env) workspace(name string) string {
	e.t.Helper()
	w, err := e.svc.CreateWorkspace(e.t.Context(), e.root, pai.CreateWorkspaceInput{WorkspaceName: name})
	if err != nil {
		e.t.Fatal(err)
	}
	return w.ID
}

// member adds c to workspace ws with roles, as the root.
func (e *env) member(ws string, c *authz.Caller, roles ...string) {
	e.t.Helper()
	if _, err := e.svc.CreateMember(e.t.Context(), e.root, pai.CreateMemberInput{WorkspaceID: ws,
		Members: []pai.NewMember{{UserID: c.ID, Roles: roles}}}); err != nil {
		e.t.Fatal(err)
	}
}

// wantCode fails unless err carries code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if got := errs.CodeOf(err); err == nil || got != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

// allow is a policy document allowing actions on every resource.
func allow(actions ...string) string { return policyDoc("Allow", actions...) }

// deny is a policy document denying actions on every resource.
func deny(actions ...string) string { return policyDoc("Deny", actions...) }

func policyDoc(effect string, actions ...string) string {
	list := ""
	for i, a := range actions {
		if i > 0 {
			list += ","
		}
		list += `"` + a + `"`
	}
	return `{"Version":"1","Statement":[{"Effect":"` + effect + `","Action":[` + list + `],"Resource":"*"}]}`
}

// callerT shortens test tables.
type callerT = authz.Caller
