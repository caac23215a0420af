package snapshot_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/snapshot"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
	"github.com/rampart-iam/rampart/policy"
)

const account = "1234567890123456"

func openStore(t *testing.T) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "rampart.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Now().UTC().Truncate(time.Second)
	if _, err := st.Update(ctx, func(tx store.Tx) error {
		return tx.CreateAccount(ctx, store.Account{ID: account, CreateDate: now})
	}); err != nil {
		t.Fatal(err)
	}
	return st
}

func systemPolicies(t *testing.T) map[string]*policy.Policy {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sys, err := snapshot.CompileSystemPolicies(cat)
	if err != nil {
		t.Fatal(err)
	}
	return sys
}

func TestSyncSeesAcknowledgedWrites(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	h, err := snapshot.New(ctx, st, systemPolicies(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := h.Current().User("alice"); ok {
		t.Fatal("alice exists before she was created")
	}

	now := time.Now().UTC().Truncate(time.Second)
	rev, err := st.Update(ctx, func(tx store.Tx) error {
		if err := tx.CreateUser(ctx, store.User{ID: "100", Name: "alice", CreateDate: now, UpdateDate: now}); err != nil {
			return err
		}
		return tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: "AliyunOSSFullAccess",
			PrincipalType: store.PrincipalUser, PrincipalID: "100", AttachDate: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Sync(ctx, rev); err != nil {
		t.Fatal(err)
	}
	s := h.Current()
	if s.Revision() != int64(rev) {
		t.Errorf("Revision = %d, want %d", s.Revision(), rev)
	}
	alice, ok := s.CallerForARN(authz.UserARN(account, "alice"))
	if !ok {
		t.Fatal("alice is missing after Sync")
	}
	if d := s.Decide(&alice, &authz.Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:b/k"}); !d.Allowed() {
		t.Errorf("alice's new grant is not honoured: %v", d.Outcome)
	}
}

func TestPollFollowsOtherWriters(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openStore(t)
	h, err := snapshot.New(ctx, st, systemPolicies(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	go h.Poll(ctx, 5*time.Millisecond)

	now := time.Now().UTC().Truncate(time.Second)
	rev, err := st.Update(ctx, func(tx store.Tx) error {
		return tx.CreateUser(ctx, store.User{ID: "200", Name: "bob", CreateDate: now, UpdateDate: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for h.Current().Revision() < int64(rev) {
		if time.Now().After(deadline) {
			t.Fatal("Poll did not pick up the write")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, ok := h.Current().User("bob"); !ok {
		t.Error("bob is missing after the poll")
	}
}

func TestAtLeast(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	h, err := snapshot.New(ctx, st, systemPolicies(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	start := h.Current().Revision()
	if s, err := h.AtLeast(ctx, start, time.Millisecond); err != nil || s != h.Current() {
		t.Fatalf("AtLeast(current) = %v, %v", s, err)
	}
	// A revision nobody has written yet: the node waits, then says it lags.
	if _, err := h.AtLeast(ctx, start+5, 30*time.Millisecond); !errors.Is(err, snapshot.ErrLagging) {
		t.Fatalf("AtLeast(future) = %v, want ErrLagging", err)
	}
	// A write the holder was not told about (another node's): AtLeast catches up with it.
	now := time.Now().UTC().Truncate(time.Second)
	rev, err := st.Update(ctx, func(tx store.Tx) error {
		return tx.CreateUser(ctx, store.User{ID: "300", Name: "carol", CreateDate: now, UpdateDate: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := h.AtLeast(ctx, int64(rev), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.User("carol"); !ok || s.Revision() < int64(rev) {
		t.Errorf("AtLeast(%d) returned revision %d without carol", rev, s.Revision())
	}
}

func TestWorkspacesReachTheSnapshot(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	rp, err := authz.CompileRolePermissions(cat)
	if err != nil {
		t.Fatal(err)
	}
	h, err := snapshot.New(ctx, st, systemPolicies(t), slog.New(slog.DiscardHandler), snapshot.WithRolePermissions(rp))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	rev, err := st.Update(ctx, func(tx store.Tx) error {
		return errors.Join(
			tx.CreateUser(ctx, store.User{ID: "100", Name: "alice", CreateDate: now, UpdateDate: now}),
			tx.CreateWorkspace(ctx, store.Workspace{ID: "7", Name: "ml", Status: "ENABLED", CreateDate: now, UpdateDate: now}),
			tx.CreateWorkspaceMember(ctx, store.WorkspaceMember{WorkspaceID: "7", PrincipalType: store.PrincipalUser, PrincipalID: "100",
				Roles: []string{"PAI.WorkspaceGuest"}, CreateDate: now}),
			tx.CreateWorkspaceResource(ctx, store.WorkspaceResource{ID: "r1", WorkspaceID: "7", Name: "data", Type: "OSS",
				Spec: `{"Path":"oss://bkt/data/"}`, Quotas: "[]", CreateDate: now}),
		)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Sync(ctx, rev); err != nil {
		t.Fatal(err)
	}
	s := h.Current()
	alice, _ := s.CallerForARN(authz.UserARN(account, "alice"))
	for action, resource := range map[string]string{
		"paiworkspace:ListMembers": "acs:paiworkspace:cn-hangzhou:" + account + ":workspace/7",
		"oss:ListObjects":          "acs:oss:*:" + account + ":bkt",
	} {
		d := s.DecideWorkspace(&alice, &authz.WorkspaceRequest{Request: authz.Request{Action: action, Resource: resource}, WorkspaceID: "7"})
		if !d.Allowed() {
			t.Errorf("%s: %v", action, d.Outcome)
		}
	}
}
