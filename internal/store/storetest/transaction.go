package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

// state is everything a failed Update must leave as it was.
type state struct {
	Revision store.Revision
	Changes  []store.Change
	Users    []store.User
	Groups   []store.UserGroup
	Policies []store.PolicyVersion
	Attached []store.Attachment
	Audit    []store.AuditRecord
}

func snapshot(t *testing.T, s store.Store) state {
	t.Helper()
	var st state
	view(t, s, func(ctx context.Context, r store.Reader) (err error) {
		if st.Revision, err = r.Revision(ctx); err != nil {
			return err
		}
		if st.Changes, err = r.Changes(ctx, 0, 0); err != nil {
			return err
		}
		if st.Users, _, err = r.ListUsers(ctx, store.Page{}); err != nil {
			return err
		}
		if st.Groups, err = r.ListGroupsForUser(ctx, "u1"); err != nil {
			return err
		}
		if st.Policies, err = r.ListPolicyVersions(ctx, "ReadThings"); err != nil {
			return err
		}
		if st.Attached, err = r.ListAttachments(ctx, store.AttachmentFilter{}); err != nil {
			return err
		}
		st.Audit, err = r.ListAudit(ctx, store.AuditQuery{})
		return err
	})
	return st
}

// testRollback: an Update whose function fails, or panics, keeps nothing of what it wrote.
func testRollback(t *testing.T, s store.Store) {
	update(t, s, world)
	before := snapshot(t, s)
	writeLots := func(ctx context.Context, tx store.Tx) error {
		_, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "ReadThings", Document: "{}", CreateDate: at(9)})
		_, aerr := tx.AppendAudit(ctx, store.AuditRecord{Time: at(9), RequestID: "R", Action: "ram:X", Result: "Success"})
		return all(err, aerr,
			tx.CreateUser(ctx, newUser("u9", "zed")),
			tx.UpdateUser(ctx, newUser("u1", "renamed")),
			tx.AddUserToGroup(ctx, store.Membership{GroupID: "g2", UserID: "u1", JoinDate: at(9)}),
			tx.Detach(ctx, attachment(store.PolicyTypeSystem, "AliyunOSSFullAccess", store.PrincipalUser, "u1", "")),
		)
	}

	boom := errors.New("boom")
	_, err := s.Update(t.Context(), func(tx store.Tx) error {
		if err := writeLots(t.Context(), tx); err != nil {
			return err
		}
		return boom
	})
	if err != boom {
		t.Fatalf("Update returned %v, want fn's own error unchanged", err)
	}
	same(t, "state after a failed Update", snapshot(t, s), before)

	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("a panic in fn did not reach Update's caller")
			}
		}()
		s.Update(t.Context(), func(tx store.Tx) error {
			if err := writeLots(t.Context(), tx); err != nil {
				return err
			}
			panic("boom")
		})
	}()
	same(t, "state after a panicking Update", snapshot(t, s), before)

	// The store is still usable, and the next revision follows the last committed one.
	rev := update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, newUser("u9", "zed")) })
	same(t, "revision after rollbacks", rev, before.Revision+1)
}

// testFailedWritePoisons: a write that failed cannot be ignored. Later calls in the same Update
// fail too, and Update reports the failure instead of committing, on every backend (PostgreSQL
// aborts the transaction; the others are made to behave the same).
func testFailedWritePoisons(t *testing.T, s store.Store) {
	update(t, s, world)
	before := snapshot(t, s)
	var later error
	_, err := s.Update(t.Context(), func(tx store.Tx) error {
		ctx := t.Context()
		if err := tx.CreateUser(ctx, newUser("u1", "again")); !errors.Is(err, store.ErrExists) {
			return fmt.Errorf("duplicate CreateUser: %v, want ErrExists", err)
		}
		later = tx.CreateUser(ctx, newUser("u9", "zed"))
		return nil // ignores both errors
	})
	if !errors.Is(err, store.ErrExists) {
		t.Fatalf("Update after an ignored failed write returned %v, want that ErrExists", err)
	}
	if later == nil {
		t.Error("a write after a failed one succeeded")
	}
	same(t, "state after an ignored failure", snapshot(t, s), before)
}

// testConcurrentUpdates: 16 goroutines each read a counter and write it back plus one. Every
// Update succeeds, the revisions are 16 distinct consecutive numbers, and no increment is lost.
func testConcurrentUpdates(t *testing.T, s store.Store) {
	base := update(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.CreateAccount(ctx, store.Account{ID: accountID, Alias: "0", CreateDate: at(0)})
	})
	const writers = 16
	revs := make([]store.Revision, writers)
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			revs[i], errs[i] = s.Update(t.Context(), func(tx store.Tx) error {
				ctx := t.Context()
				a, err := tx.GetAccount(ctx)
				if err != nil {
					return err
				}
				n, err := strconv.Atoi(a.Alias)
				if err != nil {
					return err
				}
				a.Alias = strconv.Itoa(n + 1)
				if err := tx.UpdateAccount(ctx, a); err != nil {
					return err
				}
				return tx.CreateUser(ctx, newUser(fmt.Sprint("u", i), fmt.Sprint("user", i)))
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	slices.Sort(revs)
	for i, rev := range revs {
		if want := base + 1 + store.Revision(i); rev != want {
			t.Fatalf("sorted revisions %v, want %d..%d", revs, base+1, base+writers)
		}
	}
	a := get(t, s, func(ctx context.Context, r store.Reader) (store.Account, error) { return r.GetAccount(ctx) })
	same(t, "counter after concurrent increments", a.Alias, strconv.Itoa(writers))
	same(t, "users", get(t, s, func(ctx context.Context, r store.Reader) (int, error) { return r.CountUsers(ctx) }), writers)
}

// testViewSnapshot: a View keeps seeing the state it started with while an Update commits, and
// it cannot be used to write.
func testViewSnapshot(t *testing.T, s store.Store) {
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, newUser("u1", "alice")) })
	view(t, s, func(ctx context.Context, r store.Reader) error {
		if _, ok := r.(store.Tx); ok {
			t.Error("the Reader of a View is also a Tx")
		}
		n, err := r.CountUsers(ctx)
		if err != nil {
			return err
		}
		same(t, "users before the concurrent Update", n, 1)
		rev := update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, newUser("u2", "bob")) })
		n, err = r.CountUsers(ctx)
		if err != nil {
			return err
		}
		same(t, "users in the View after a concurrent Update", n, 1)
		seen, err := r.Revision(ctx)
		if err != nil {
			return err
		}
		same(t, "revision in the View", seen, rev-1)
		return nil
	})
	same(t, "users after the View", get(t, s, func(ctx context.Context, r store.Reader) (int, error) { return r.CountUsers(ctx) }), 2)
}
