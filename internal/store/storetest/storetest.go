// Package storetest is the conformance suite for store.Store: the contract written as tests. Every
// backend runs it (SQLite always, PostgreSQL under make test) by calling Run with a function that
// opens a fresh, empty store; a backend passes when the whole suite passes.
//
// The suite covers every method and every sentinel error, pagination, what a failed Update leaves
// behind (nothing), the change log and its Watch, concurrent writers, concurrent nonce use and snapshot reads.
// RunShared adds what takes several stores on one database: a restart, and nodes sharing it.
// What only one backend has (opening a file twice, VACUUM INTO backups, PRAGMA integrity_check)
// is tested next to that backend.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/store"
)

// Run runs the suite. newStore must return a fresh, empty store on each call and close it when
// the test ends (t.Cleanup); subtests run in parallel.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Account", testAccount},
		{"Users", testUsers},
		{"Groups", testGroups},
		{"Roles", testRoles},
		{"Policies", testPolicies},
		{"Attachments", testAttachments},
		{"AttachmentCounts", testAttachmentCounts},
		{"AccessKeys", testAccessKeys},
		{"LoginProfiles", testLoginProfiles},
		{"MFADevices", testMFADevices},
		{"ResourceGroups", testResourceGroups},
		{"Workspaces", testWorkspaces},
		{"ServiceLinkedRoles", testServiceLinkedRoles},
		{"Activations", testActivations},
		{"ServiceCredentials", testServiceCredentials},
		{"RoleDeletionTasks", testRoleDeletionTasks},
		{"ServiceAuthorizationChanges", testServiceAuthorizationChanges},
		{"Audit", testAudit},
		{"AuditOutsideUpdate", testAuditOutsideUpdate},
		{"Pagination", testPagination},
		{"Times", testTimes},
		{"NotFound", testNotFound},
		{"Exists", testExists},
		{"MissingReferences", testMissingReferences},
		{"DeleteConflicts", testDeleteConflicts},
		{"Renames", testRenames},
		{"Revision", testRevision},
		{"ChangeLog", testChangeLog},
		{"ChangeLimits", testChangeLimits},
		{"PruneChanges", testPruneChanges},
		{"Watch", testWatch},
		{"WatchClose", testWatchClose},
		{"Rollback", testRollback},
		{"FailedWritePoisons", testFailedWritePoisons},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"ViewSnapshot", testViewSnapshot},
		{"Nonces", testNonces},
		{"NonceBatches", testNonceBatches},
		{"ConcurrentNonces", testConcurrentNonces},
		{"ConcurrentNonceBatches", testConcurrentNonceBatches},
		{"MFATimeSteps", testMFATimeSteps},
		{"AccessKeyLastUsed", testTouchAccessKey},
		{"TouchDuringUpdate", testTouchDuringUpdate},
		{"LoginCounters", testLoginCounters},
		{"LoginFailureWindow", testLoginFailureWindow},
		{"LoginFailureDuringUpdate", testLoginFailureDuringUpdate},
		{"Close", testClose},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, newStore(t))
		})
	}
}

// at returns a fixed time n hours into the suite's epoch, with second precision like stored times.
func at(n int) time.Time {
	return time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
}

// update runs fn in an Update that must succeed and returns its revision.
func update(t *testing.T, s store.Store, fn func(ctx context.Context, tx store.Tx) error) store.Revision {
	t.Helper()
	ctx := t.Context()
	rev, err := s.Update(ctx, func(tx store.Tx) error { return fn(ctx, tx) })
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	return rev
}

// updateFails runs fn in an Update that must fail with an error matching want, and checks that
// the revision did not move.
func updateFails(t *testing.T, s store.Store, want error, fn func(ctx context.Context, tx store.Tx) error) {
	t.Helper()
	ctx := t.Context()
	before := revision(t, s)
	_, err := s.Update(ctx, func(tx store.Tx) error { return fn(ctx, tx) })
	if !errors.Is(err, want) {
		t.Fatalf("Update error = %v, want %v", err, want)
	}
	if after := revision(t, s); after != before {
		t.Fatalf("failed Update moved the revision from %d to %d", before, after)
	}
}

// view runs fn in a View that must succeed.
func view(t *testing.T, s store.Store, fn func(ctx context.Context, r store.Reader) error) {
	t.Helper()
	ctx := t.Context()
	if err := s.View(ctx, func(r store.Reader) error { return fn(ctx, r) }); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// get reads one value in a View that must succeed.
func get[T any](t *testing.T, s store.Store, fn func(ctx context.Context, r store.Reader) (T, error)) T {
	t.Helper()
	var v T
	view(t, s, func(ctx context.Context, r store.Reader) (err error) {
		v, err = fn(ctx, r)
		return err
	})
	return v
}

func revision(t *testing.T, s store.Store) store.Revision {
	t.Helper()
	rev, err := s.Revision(t.Context())
	if err != nil {
		t.Fatalf("Revision: %v", err)
	}
	return rev
}

// same fails the test when got differs from want.
func same[T any](t *testing.T, what string, got, want T, opts ...cmp.Option) {
	t.Helper()
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, diff)
	}
}
