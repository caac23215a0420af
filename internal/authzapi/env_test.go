package authzapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/authzapi"
	"github.com/rampart-iam/rampart/internal/domaintest"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/openapi/aiworkspace"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/snapshot"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
	"github.com/rampart-iam/rampart/policy"
)

const account = "1234567890123456"

// fakeAuth stands in for package authn: a ROA request is signed by the user its X-Test-User
// header names ("" for the root), or by a session of the role X-Test-Role names with the session
// policy X-Test-Session-Policy; an RPC request by the user its AccessKeyId parameter names;
// "bad" fails as a wrong signature does. Callers get the source address as acs:SourceIp.
type fakeAuth struct{ snaps *snapshot.Holder }

func (a fakeAuth) VerifyROA(_ context.Context, r *http.Request, _ []byte) (*authz.Caller, error) {
	if role := r.Header.Get("X-Test-Role"); role != "" {
		return a.session(role, r.Header.Get("X-Test-Session-Policy"))
	}
	return a.caller(r, r.Header.Get("X-Test-User"))
}

// session is a session of role narrowed by the session policy doc, as STS credentials sign.
func (a fakeAuth) session(role, doc string) (*authz.Caller, error) {
	c, ok := a.snaps.Current().CallerForARN(authz.AssumedRoleARN(account, role, "s"))
	if !ok {
		return nil, errs.E(errs.Unauthenticated, "InvalidAccessKeyId.NotFound", "no such role")
	}
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		return nil, errs.E(errs.Invalid, "InvalidParameter.PolicyDocument", "%v", err)
	}
	c.SessionPolicy = policy.NewEvaluator(p)
	return &c, nil
}

func (a fakeAuth) VerifyRPC(_ context.Context, r *http.Request, params url.Values) (*authz.Caller, error) {
	return a.caller(r, params.Get("AccessKeyId"))
}

func (a fakeAuth) caller(r *http.Request, name string) (*authz.Caller, error) {
	var c authz.Caller
	switch name {
	case "":
		c = authz.RootCaller(account)
	case "bad":
		// Like authn's, the message shows the string to sign, which ends with the decoded path.
		return nil, errs.E(errs.Unauthenticated, "SignatureDoesNotMatch",
			"Specified signature is not matched with our calculation. server string to sign is:%s\n%s", r.Method, r.URL.Path)
	default:
		var ok bool
		if c, ok = a.snaps.Current().CallerForARN(authz.UserARN(account, name)); !ok {
			return nil, errs.E(errs.Unauthenticated, "InvalidAccessKeyId.NotFound", "no such key")
		}
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil && host != "" {
		c.Context.Set("acs:SourceIp", host)
	}
	return &c, nil
}

// env is an account with the workspace service, the AIWorkspace API and the decision API on
// one test server.
type env struct {
	*domaintest.Env
	t    testing.TB
	svc  *pai.Service
	srv  *httptest.Server
	ids  *secrets.IDGen
	root *authz.Caller
	now  time.Time
}

func newEnv(t testing.TB, o authzapi.Options) *env {
	t.Helper()
	e := &env{t: t, ids: secrets.NewIDGen(rand.NewChaCha8([32]byte{9})), now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	e.Env = domaintest.WithAccount(t, storetest.SQLite(t), account, e.now)
	var err error
	if e.svc, err = pai.New(pai.Options{Store: e.Store, Snapshots: e.Snaps, Catalog: e.Catalog, IDs: e.ids,
		Now: func() time.Time { return e.now }, Region: "cn-hangzhou"}); err != nil {
		t.Fatal(err)
	}
	o.Auth, o.Snapshots, o.Logger = fakeAuth{e.Snaps}, e.Snaps, slog.New(slog.DiscardHandler)
	o.Now = func() time.Time { return e.now }
	api, err := authzapi.New(o)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := aiworkspace.New(aiworkspace.Options{Auth: fakeAuth{e.Snaps}, PAI: e.svc, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.Mount(mux)
	ws.Mount(mux)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	root := authz.RootCaller(account)
	e.root = &root
	return e
}

// user creates a RAM user with custom policy documents attached and returns its ID.
func (e *env) user(name string, docs ...string) string {
	e.t.Helper()
	id := e.ids.EntityID()
	e.Given(func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateUser(ctx, store.User{ID: id, Name: name, CreateDate: e.now, UpdateDate: e.now}); err != nil {
			return err
		}
		for i, doc := range docs {
			pn := name + "-" + string(rune('a'+i))
			if err := tx.CreatePolicy(ctx, store.Policy{Name: pn, DefaultVersion: "v1", CreateDate: e.now, UpdateDate: e.now}); err != nil {
				return err
			}
			if _, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: pn, Document: doc, CreateDate: e.now}); err != nil {
				return err
			}
			if err := tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeCustom, PolicyName: pn,
				PrincipalType: store.PrincipalUser, PrincipalID: id, AttachDate: e.now}); err != nil {
				return err
			}
		}
		return nil
	})
	return id
}

// post sends a JSON body as user ("" for the root) and decodes the answer into out.
func (e *env) post(path, user string, in, out any) int {
	e.t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.send("POST", path, user, string(b), out)
}

func (e *env) send(method, path, user, body string, out any) int {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
		}
	}
	return resp.StatusCode
}

func userARN(name string) string { return authz.UserARN(account, name) }

func allow(actions ...string) string { return doc("Allow", actions...) }
func deny(actions ...string) string  { return doc("Deny", actions...) }

func doc(effect string, actions ...string) string {
	b, _ := json.Marshal(map[string]any{"Version": "1", "Statement": []map[string]any{{"Effect": effect, "Action": actions, "Resource": "*"}}})
	return string(b)
}
