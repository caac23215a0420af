package ram_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestAccessKeys(t *testing.T) { forEachBackend(t, testAccessKeys) }

func testAccessKeys(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob")

	k1, err := e.svc.CreateAccessKey(ctx, e.root, ram.UserInput{RequestID: "r1", UserName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(k1.ID, "LTAI") || len(k1.Secret.Reveal()) != 30 || k1.Status != "Active" || !k1.CreateDate.Equal(e.clock()) {
		t.Errorf("CreateAccessKey = %+v", k1)
	}
	e.Given(func(ctx context.Context, tx store.Tx) error {
		stored, err := tx.GetAccessKey(ctx, k1.ID)
		if err == nil && bytes.Contains(stored.SecretCiphertext, []byte(k1.Secret.Reveal())) {
			t.Error("the store holds the AccessKey secret in plain text")
		}
		return err
	})
	if recs := e.audit(store.AuditQuery{Action: "ram:CreateAccessKey"}); len(recs) != 1 || strings.Contains(recs[0].Detail, k1.Secret.Reveal()) ||
		recs[0].Target != "acs:ram:*:"+e.account+":user/alice" {
		t.Errorf("audit = %+v", recs)
	}

	auth, err := e.svc.AccessKeyForAuth(ctx, k1.ID)
	if err != nil {
		t.Fatal(err)
	}
	alice := e.user("alice")
	same(t, "AccessKeyForAuth", auth, ram.AccessKeyAuth{AccessKeyID: k1.ID, Secret: k1.Secret, Status: "Active",
		Caller: authz.Caller{Type: authz.User, AccountID: e.account, ID: alice.ID, Name: "alice", ARN: alice.ARN, AccessKeyID: k1.ID}},
		cmpopts.IgnoreFields(authz.Caller{}, "Context"))
	if keys := auth.Caller.Context.Keys(); len(keys) != 0 {
		t.Errorf("the authenticated caller comes with condition keys %v; authn sets them", keys)
	}
	rootAuth, err := e.svc.AccessKeyForAuth(ctx, "LTAIrootKeyForTests0001")
	if err != nil || rootAuth.Caller.Type != authz.Root || rootAuth.Secret.Reveal() != "root-secret-for-tests-0123456789" || !rootAuth.Active() {
		t.Errorf("AccessKeyForAuth(root key) = %+v, %v", rootAuth, err)
	}
	_, err = e.svc.AccessKeyForAuth(ctx, "LTAInope")
	if errs.KindOf(err) != errs.Unauthenticated {
		t.Errorf("unknown key: kind %v", errs.KindOf(err))
	}
	wantCode(t, "AccessKeyForAuth of an unknown key", err, "InvalidAccessKeyId.NotFound")

	e.advance(time.Second)
	k2, err := e.svc.CreateAccessKey(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := e.svc.ListAccessKeys(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "ListAccessKeys (no secrets)", keys, []ram.AccessKey{
		{ID: k1.ID, Status: "Active", CreateDate: k1.CreateDate}, {ID: k2.ID, Status: "Active", CreateDate: k2.CreateDate}})

	// The root's own keys: it has the bootstrap key, and one more fits the quota of 2.
	own, err := e.svc.CreateAccessKey(ctx, e.root, ram.UserInput{})
	if err != nil {
		t.Fatalf("the root creating its own key: %v", err)
	}
	rootKeys, err := e.svc.ListAccessKeys(ctx, e.root, ram.UserInput{})
	if err != nil || len(rootKeys) != 2 || rootKeys[1].ID != own.ID {
		t.Errorf("the root's keys = %+v, %v", rootKeys, err)
	}

	cases := []struct {
		name string
		run  func() error
		code string
	}{
		{"third key of a user", func() error {
			_, err := e.svc.CreateAccessKey(ctx, e.root, ram.UserInput{UserName: "alice"})
			return err
		}, "LimitExceeded.User.AccessKey"},
		{"third key of the root", func() error {
			_, err := e.svc.CreateAccessKey(ctx, e.root, ram.UserInput{})
			return err
		}, "LimitExceeded.User.AccessKey"},
		{"key of an unknown user", func() error {
			_, err := e.svc.CreateAccessKey(ctx, e.root, ram.UserInput{UserName: "carol"})
			return err
		}, "EntityNotExist.User"},
		{"bad user name", func() error {
			_, err := e.svc.CreateAccessKey(ctx, e.root, ram.UserInput{UserName: "a b"})
			return err
		}, "InvalidParameter.UserName.InvalidChars"},
		{"bad status", func() error {
			return e.svc.UpdateAccessKey(ctx, e.root, ram.UpdateAccessKeyInput{UserName: "alice", UserAccessKeyID: k1.ID, Status: "Disabled"})
		}, "InvalidParameter.Status"},
		{"no status", func() error {
			return e.svc.UpdateAccessKey(ctx, e.root, ram.UpdateAccessKeyInput{UserName: "alice", UserAccessKeyID: k1.ID})
		}, "MissingParameter"},
		{"another user's key", func() error {
			return e.svc.UpdateAccessKey(ctx, e.root, ram.UpdateAccessKeyInput{UserName: "bob", UserAccessKeyID: k1.ID, Status: "Inactive"})
		}, "EntityNotExist.User.AccessKey"},
		{"the root's key through a user", func() error {
			return e.svc.DeleteAccessKey(ctx, e.root, ram.AccessKeyInput{UserName: "alice", UserAccessKeyID: own.ID})
		}, "EntityNotExist.User.AccessKey"},
		{"unknown key", func() error {
			return e.svc.DeleteAccessKey(ctx, e.root, ram.AccessKeyInput{UserName: "alice", UserAccessKeyID: "LTAInope"})
		}, "EntityNotExist.User.AccessKey"},
		{"no key ID", func() error {
			return e.svc.DeleteAccessKey(ctx, e.root, ram.AccessKeyInput{UserName: "alice"})
		}, "MissingParameter"},
		{"delete a user with keys", func() error {
			return e.svc.DeleteUser(ctx, e.root, ram.UserInput{UserName: "alice"})
		}, "DeleteConflict.User.AccessKey"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() { wantCode(t, c.name, c.run(), c.code) })
	}

	if err := e.svc.UpdateAccessKey(ctx, e.root, ram.UpdateAccessKeyInput{UserName: "alice", UserAccessKeyID: k1.ID, Status: "Inactive"}); err != nil {
		t.Fatal(err)
	}
	if auth, err := e.svc.AccessKeyForAuth(ctx, k1.ID); err != nil || auth.Active() || auth.Status != "Inactive" {
		t.Errorf("an inactive key authenticates as %+v, %v", auth, err)
	}
	if err := e.svc.DeleteAccessKey(ctx, e.root, ram.AccessKeyInput{UserName: "ALICE", UserAccessKeyID: k1.ID}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.AccessKeyForAuth(ctx, k1.ID)
	wantCode(t, "a deleted key", err, "InvalidAccessKeyId.NotFound")
}

func TestAccessKeyLastUsed(t *testing.T) { forEachBackend(t, testAccessKeyLastUsed) }

func testAccessKeyLastUsed(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice")
	k, err := e.svc.CreateAccessKey(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	lastUsed := func() time.Time {
		t.Helper()
		at, err := e.svc.GetAccessKeyLastUsed(ctx, e.root, ram.AccessKeyInput{UserName: "alice", UserAccessKeyID: k.ID})
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	if at := lastUsed(); !at.IsZero() {
		t.Errorf("a new key was last used at %v", at)
	}
	first := e.clock()
	rev := e.revision()
	if err := e.svc.TouchAccessKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if at := lastUsed(); !at.Equal(first) {
		t.Errorf("LastUsedDate = %v, want %v", at, first)
	}
	e.advance(30 * time.Second)
	if err := e.svc.TouchAccessKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if at := lastUsed(); !at.Equal(first) {
		t.Errorf("a touch within a minute was written: %v", at)
	}
	e.advance(31 * time.Second)
	if err := e.svc.TouchAccessKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if at := lastUsed(); !at.Equal(e.clock()) {
		t.Errorf("LastUsedDate = %v, want %v", at, e.clock())
	}
	if e.revision() != rev {
		t.Error("TouchAccessKey moved the revision")
	}
	wantCode(t, "touching an unknown key", e.svc.TouchAccessKey(ctx, "LTAInope"), "InvalidAccessKeyId.NotFound")
}

func TestAccessKeySelfService(t *testing.T) { forEachBackend(t, testAccessKeySelfService) }

func testAccessKeySelfService(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob")
	bob := e.user("bob")

	// Off (a new account's default): bob needs a policy even for his own keys.
	_, err := e.svc.CreateAccessKey(ctx, bob, ram.UserInput{})
	if d := denial(t, "own key with self-service off", err); d.Resource != "acs:ram:*:"+e.account+":user/bob" {
		t.Errorf("denied resource %q", d.Resource)
	}

	e.settings(func(a *store.Account) { a.SecurityPreference.AllowUserToManageAccessKeys = true })
	own, err := e.svc.CreateAccessKey(ctx, bob, ram.UserInput{})
	if err != nil {
		t.Fatalf("own key with self-service on: %v", err)
	}
	if _, err := e.svc.CreateAccessKey(ctx, bob, ram.UserInput{UserName: "BOB"}); err != nil {
		t.Errorf("own key named explicitly: %v", err)
	}
	if keys, err := e.svc.ListAccessKeys(ctx, bob, ram.UserInput{}); err != nil || len(keys) != 2 {
		t.Errorf("ListAccessKeys of himself: %d keys, %v", len(keys), err)
	}
	if err := e.svc.UpdateAccessKey(ctx, bob, ram.UpdateAccessKeyInput{UserAccessKeyID: own.ID, Status: "Inactive"}); err != nil {
		t.Errorf("UpdateAccessKey of his own: %v", err)
	}
	if _, err := e.svc.GetAccessKeyLastUsed(ctx, bob, ram.AccessKeyInput{UserAccessKeyID: own.ID}); err != nil {
		t.Errorf("GetAccessKeyLastUsed of his own: %v", err)
	}
	if err := e.svc.DeleteAccessKey(ctx, bob, ram.AccessKeyInput{UserAccessKeyID: own.ID}); err != nil {
		t.Errorf("DeleteAccessKey of his own: %v", err)
	}
	// Self-service is only about oneself.
	_, err = e.svc.CreateAccessKey(ctx, bob, ram.UserInput{UserName: "alice"})
	denial(t, "a key for alice", err)
	_, err = e.svc.ListAccessKeys(ctx, bob, ram.UserInput{UserName: "alice"})
	denial(t, "alice's keys", err)

	// An explicit Deny still wins.
	e.customPolicy("NoKeys", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:*AccessKey*","Resource":"*"}]}`)
	e.attach(store.PrincipalUser, "bob", "Custom", "NoKeys")
	_, err = e.svc.ListAccessKeys(ctx, bob, ram.UserInput{})
	if d := denial(t, "own keys under an explicit Deny", err); d.PolicyType != "ExplicitDeny" {
		t.Errorf("denial %+v", d)
	}

	// A role session has no keys of its own.
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return tx.CreateRole(ctx, store.Role{ID: "r1", Name: "ops", TrustPolicy: trustRoot(e.account), MaxSessionDuration: 3600, CreateDate: e.clock(), UpdateDate: e.clock()})
	})
	_, err = e.svc.CreateAccessKey(ctx, e.roleSession("ops"), ram.UserInput{})
	wantCode(t, "a role session's own key", err, "MissingParameter")
}

// TestAccessKeyCache: AccessKeyForAuth answers from memory while the snapshot stays at one
// revision, and reads the store again once the snapshot has moved.
func TestAccessKeyCache(t *testing.T) { forEachBackend(t, testAccessKeyCache) }

func testAccessKeyCache(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice")
	k, err := e.svc.CreateAccessKey(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	status := func() string {
		t.Helper()
		a, err := e.svc.AccessKeyForAuth(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a.Status
	}
	if s := status(); s != "Active" {
		t.Fatalf("status %s", s)
	}
	// A change the snapshot has not seen yet (another node's, before this one polls) is not
	// seen here either...
	rev, err := e.Store.Update(ctx, func(tx store.Tx) error {
		key, err := tx.GetAccessKey(ctx, k.ID)
		if err != nil {
			return err
		}
		key.Status = store.AccessKeyInactive
		return tx.UpdateAccessKey(ctx, key)
	})
	if err != nil {
		t.Fatal(err)
	}
	if s := status(); s != "Active" {
		t.Errorf("status before the snapshot moved = %s, want the cached Active", s)
	}
	// ...and is, as soon as the snapshot has.
	if err := e.Snaps.Sync(ctx, rev); err != nil {
		t.Fatal(err)
	}
	if s := status(); s != "Inactive" {
		t.Errorf("status after the snapshot moved = %s, want Inactive", s)
	}
}
