package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// unchangedRevision runs fn and checks that the per-request calls in it neither bump the revision
// nor log changes: they are outside Update on purpose.
func unchangedRevision(t *testing.T, s store.Store, fn func()) {
	t.Helper()
	before := revision(t, s)
	fn()
	if after := revision(t, s); after != before {
		t.Errorf("revision moved from %d to %d", before, after)
	}
	changes, err := s.Changes(t.Context(), before, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 0 {
		t.Errorf("change log grew: %v", changes)
	}
}

func testMFATimeSteps(t *testing.T, s store.Store) {
	d := newMFADevice("alice")
	d.LastTimeStep = 100
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateMFADevice(ctx, d) })
	ctx := t.Context()
	unchangedRevision(t, s, func() {
		for _, st := range []struct {
			serial string
			step   int64
			want   error
		}{
			{d.SerialNumber, 100, store.ErrExists}, // the stored one
			{d.SerialNumber, 99, store.ErrExists},  // older
			{d.SerialNumber, 101, nil},
			{d.SerialNumber, 101, store.ErrExists}, // replay
			{d.SerialNumber, 105, nil},             // skipping ahead is fine
			{"acs:ram::1:mfa/nope", 1, store.ErrNotFound},
		} {
			if err := s.UseMFATimeStep(ctx, st.serial, st.step); !errors.Is(err, st.want) {
				t.Errorf("UseMFATimeStep(%s, %d) = %v, want %v", st.serial, st.step, err, st.want)
			}
		}
	})
	got := get(t, s, func(ctx context.Context, r store.Reader) (store.VirtualMFADevice, error) {
		return r.GetMFADevice(ctx, d.SerialNumber)
	})
	same(t, "LastTimeStep", got.LastTimeStep, int64(105))
}

func testTouchAccessKey(t *testing.T, s store.Store) {
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateAccessKey(ctx, newAccessKey("k0", "")) })
	ctx := t.Context()
	unchangedRevision(t, s, func() {
		for _, st := range []struct {
			at   time.Time
			want time.Time
		}{
			{at(10), at(10)},
			{at(12), at(12)},
			{at(11), at(12)}, // never backwards
		} {
			if err := s.TouchAccessKey(ctx, "k0", st.at); err != nil {
				t.Fatal(err)
			}
			k := get(t, s, func(ctx context.Context, r store.Reader) (store.AccessKey, error) { return r.GetAccessKey(ctx, "k0") })
			same(t, "LastUsedDate", k.LastUsedDate, st.want)
		}
		if err := s.TouchAccessKey(ctx, "nope", at(1)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("TouchAccessKey(nope) = %v, want ErrNotFound", err)
		}
	})
}

func testLoginCounters(t *testing.T, s store.Store) {
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.CreateUser(ctx, newUser("u1", "alice")), tx.CreateLoginProfile(ctx, newLoginProfile("u1")),
			tx.CreateUser(ctx, newUser("u2", "bob")), tx.CreateLoginProfile(ctx, newLoginProfile("u2")),
			tx.CreateUser(ctx, newUser("u3", "carol")))
	})
	ctx := t.Context()
	unchangedRevision(t, s, func() {
		// Threshold 3: the third failure locks and restarts the count.
		for i, want := range []struct {
			failed int
			since  time.Time
			locked time.Time
		}{{1, at(40), time.Time{}}, {2, at(40), time.Time{}}, {0, time.Time{}, at(50)}, {1, at(40), at(50)}} {
			p, err := s.RecordLoginFailure(ctx, "u1", at(40), time.Hour, 3, at(50))
			if err != nil {
				t.Fatal(err)
			}
			if p.FailedAttempts != want.failed || !p.FailedSince.Equal(want.since) || !p.LockedUntil.Equal(want.locked) {
				t.Errorf("failure %d: FailedAttempts %d FailedSince %v LockedUntil %v, want %d %v %v", i+1,
					p.FailedAttempts, p.FailedSince, p.LockedUntil, want.failed, want.since, want.locked)
			}
		}
		if err := s.RecordLoginSuccess(ctx, "u1", at(60)); err != nil {
			t.Fatal(err)
		}
		p := get(t, s, func(ctx context.Context, r store.Reader) (store.LoginProfile, error) {
			return r.GetLoginProfile(ctx, "u1")
		})
		if p.FailedAttempts != 0 || !p.FailedSince.IsZero() || !p.LockedUntil.IsZero() {
			t.Errorf("after a success: FailedAttempts %d FailedSince %v LockedUntil %v, want none and unlocked",
				p.FailedAttempts, p.FailedSince, p.LockedUntil)
		}
		u := get(t, s, func(ctx context.Context, r store.Reader) (store.User, error) { return r.GetUser(ctx, "u1") })
		same(t, "LastLoginDate", u.LastLoginDate, at(60))

		// Threshold 0 never locks; concurrent failures are all counted.
		const n = 10
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				if _, err := s.RecordLoginFailure(ctx, "u2", at(40), time.Hour, 0, at(50)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		p = get(t, s, func(ctx context.Context, r store.Reader) (store.LoginProfile, error) {
			return r.GetLoginProfile(ctx, "u2")
		})
		if p.FailedAttempts != n || !p.LockedUntil.IsZero() {
			t.Errorf("after %d concurrent failures: FailedAttempts %d LockedUntil %v", n, p.FailedAttempts, p.LockedUntil)
		}

		if _, err := s.RecordLoginFailure(ctx, "u3", at(40), time.Hour, 3, at(50)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("RecordLoginFailure without a profile = %v, want ErrNotFound", err)
		}
		if err := s.RecordLoginSuccess(ctx, "nope", at(60)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("RecordLoginSuccess(nope) = %v, want ErrNotFound", err)
		}
	})
}

// testLoginFailureWindow: failures count within the window of the first of them (RAM's
// MaxLoginAttemps counts the wrong passwords within one hour); a failure after it starts a new
// count at 1, and concurrent failures that each find the window over still all count.
func testLoginFailureWindow(t *testing.T, s store.Store) {
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.CreateUser(ctx, newUser("u1", "alice")), tx.CreateLoginProfile(ctx, newLoginProfile("u1")),
			tx.CreateUser(ctx, newUser("u2", "bob")), tx.CreateLoginProfile(ctx, newLoginProfile("u2")))
	})
	ctx := t.Context()
	minutes := func(n int) time.Time { return at(40).Add(time.Duration(n) * time.Minute) }
	unchangedRevision(t, s, func() {
		for _, st := range []struct {
			at     int // minutes after at(40)
			failed int
			since  int // -1: zero
			locked time.Time
		}{
			{0, 1, 0, time.Time{}},
			{30, 2, 0, time.Time{}},
			{61, 1, 61, time.Time{}},  // more than an hour after the first: a new count
			{120, 2, 61, time.Time{}}, // 59 minutes after the first of this count
			{121, 0, -1, at(50)},      // exactly an hour after it: the third within the hour locks
			{500, 1, 500, at(50)},
		} {
			p, err := s.RecordLoginFailure(ctx, "u1", minutes(st.at), time.Hour, 3, at(50))
			if err != nil {
				t.Fatal(err)
			}
			since := time.Time{}
			if st.since >= 0 {
				since = minutes(st.since)
			}
			if p.FailedAttempts != st.failed || !p.FailedSince.Equal(since) || !p.LockedUntil.Equal(st.locked) {
				t.Errorf("failure at +%dm: FailedAttempts %d FailedSince %v LockedUntil %v, want %d %v %v", st.at,
					p.FailedAttempts, p.FailedSince, p.LockedUntil, st.failed, since, st.locked)
			}
		}

		// One failure, then n at once more than an hour later: the first of them to be
		// written starts a new count, and the others add to it.
		if _, err := s.RecordLoginFailure(ctx, "u2", minutes(0), time.Hour, 0, at(50)); err != nil {
			t.Fatal(err)
		}
		const n = 10
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				if _, err := s.RecordLoginFailure(ctx, "u2", minutes(90), time.Hour, 0, at(50)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		p := get(t, s, func(ctx context.Context, r store.Reader) (store.LoginProfile, error) {
			return r.GetLoginProfile(ctx, "u2")
		})
		if p.FailedAttempts != n || !p.FailedSince.Equal(minutes(90)) {
			t.Errorf("after %d concurrent failures in a new window: FailedAttempts %d FailedSince %v, want %d %v",
				n, p.FailedAttempts, p.FailedSince, n, minutes(90))
		}
	})
}

// testLoginFailureDuringUpdate: an Update that reads a login profile and writes it back with
// another setting changed does not undo a failure that RecordLoginFailure, outside any Update,
// counted in between: a lock it set is not lifted. (On SQLite the failure waits for the
// process's write slot, which the Update holds; on PostgreSQL for the profile's row.)
func testLoginFailureDuringUpdate(t *testing.T, s store.Store) {
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.CreateUser(ctx, newUser("u1", "alice")), tx.CreateLoginProfile(ctx, newLoginProfile("u1")))
	})
	failed := make(chan error, 1)
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		p, err := tx.GetLoginProfile(ctx, "u1")
		if err != nil {
			return err
		}
		go func() {
			_, err := s.RecordLoginFailure(t.Context(), "u1", at(40), time.Hour, 1, at(50))
			failed <- err
		}()
		time.Sleep(100 * time.Millisecond) // time enough for a failure that does not wait to commit
		p.MFABindRequired = true
		return tx.UpdateLoginProfile(ctx, p)
	})
	if err := <-failed; err != nil {
		t.Fatal(err)
	}
	p := get(t, s, func(ctx context.Context, r store.Reader) (store.LoginProfile, error) {
		return r.GetLoginProfile(ctx, "u1")
	})
	if !p.MFABindRequired || !p.LockedUntil.Equal(at(50)) {
		t.Errorf("after a failure during an Update: MFABindRequired %v LockedUntil %v, want true and %v (the failure's lock)",
			p.MFABindRequired, p.LockedUntil, at(50))
	}
}

// testTouchDuringUpdate: an Update that reads an AccessKey and writes it back with its status
// changed does not move back the last-used date TouchAccessKey, outside any Update, moved
// forward in between.
func testTouchDuringUpdate(t *testing.T, s store.Store) {
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateAccessKey(ctx, newAccessKey("k0", "")) })
	touched := make(chan error, 1)
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		k, err := tx.GetAccessKey(ctx, "k0")
		if err != nil {
			return err
		}
		go func() { touched <- s.TouchAccessKey(t.Context(), "k0", at(20)) }()
		time.Sleep(100 * time.Millisecond) // time enough for a touch that does not wait to commit
		k.Status = store.AccessKeyInactive
		return tx.UpdateAccessKey(ctx, k)
	})
	if err := <-touched; err != nil {
		t.Fatal(err)
	}
	k := get(t, s, func(ctx context.Context, r store.Reader) (store.AccessKey, error) { return r.GetAccessKey(ctx, "k0") })
	if k.Status != store.AccessKeyInactive || !k.LastUsedDate.Equal(at(20)) {
		t.Errorf("after a touch during an Update: Status %s LastUsedDate %v, want %s and %v", k.Status, k.LastUsedDate,
			store.AccessKeyInactive, at(20))
	}
}
