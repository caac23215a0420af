package operation_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/operation"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

// syncs records the revisions a Runner moved the snapshot to, and fails when told to.
type syncs struct {
	revs []store.Revision
	err  error
}

func (s *syncs) Sync(_ context.Context, rev store.Revision) error {
	s.revs = append(s.revs, rev)
	return s.err
}

var stamp = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func newRunner(t *testing.T) (operation.Runner, *syncs) {
	t.Helper()
	st := storetest.SQLite(t)
	if _, err := st.Update(t.Context(), func(tx store.Tx) error {
		return tx.CreateAccount(t.Context(), store.Account{ID: "1234567890123456", CreateDate: stamp})
	}); err != nil {
		t.Fatal(err)
	}
	sn := &syncs{}
	return operation.Runner{Store: st, Snaps: sn, Clock: func() time.Time { return stamp }}, sn
}

func audit(t *testing.T, r operation.Runner) []store.AuditRecord {
	t.Helper()
	var out []store.AuditRecord
	if err := r.Store.View(t.Context(), func(rd store.Reader) (err error) {
		out, err = rd.ListAudit(t.Context(), store.AuditQuery{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWrite(t *testing.T) {
	caller := authz.RootCaller("1234567890123456")
	denial := errs.NoPermission("no", caller.Denial("ram:CreateUser", "acs:ram:*:1:user/bob", 0))
	tests := []struct {
		name      string
		fn        error
		syncErr   error
		wantKind  errs.Kind
		wantAudit string // the Result of the one audit record wanted; "" for none
		wantSyncs int
	}{
		{"success", nil, nil, 0, operation.ResultSuccess, 1},
		{"denied", denial, nil, errs.Denied, "NoPermission", 0},
		{"invalid", errs.E(errs.Invalid, "InvalidParameter", "bad"), nil, errs.Invalid, "", 0},
		{"not the domain's", errors.New("disk on fire"), nil, errs.Internal, "", 0},
		{"saved, snapshot lags", nil, errors.New("behind"), errs.Unavailable, operation.ResultSuccess, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, sn := newRunner(t)
			sn.err = tt.syncErr
			op := &operation.Op{Caller: &caller, Action: "ram:CreateUser", RequestID: "req-1", Target: "acs:ram:*:1:user/bob"}
			err := r.Write(t.Context(), op, func(tx store.Tx) error {
				if err := tx.CreateUser(t.Context(), store.User{ID: "u1", Name: "bob", CreateDate: stamp, UpdateDate: stamp}); err != nil {
					return err
				}
				return tt.fn
			})
			if tt.fn == nil && tt.syncErr == nil {
				if err != nil {
					t.Fatalf("Write = %v", err)
				}
			} else if errs.KindOf(err) != tt.wantKind {
				t.Fatalf("Write = %v, want kind %v", err, tt.wantKind)
			}
			recs := audit(t, r)
			switch {
			case tt.wantAudit == "" && len(recs) != 0:
				t.Errorf("audit = %+v, want none", recs)
			case tt.wantAudit != "" && (len(recs) != 1 || recs[0].Result != tt.wantAudit ||
				recs[0].PrincipalARN != caller.ARN || recs[0].RequestID != "req-1" || recs[0].Action != "ram:CreateUser"):
				t.Errorf("audit = %+v, want one record with result %s", recs, tt.wantAudit)
			}
			if len(sn.revs) != tt.wantSyncs {
				t.Errorf("snapshot synced %d times, want %d", len(sn.revs), tt.wantSyncs)
			}
			var users int
			if err := r.Store.View(t.Context(), func(rd store.Reader) (err error) { users, err = rd.CountUsers(t.Context()); return err }); err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.fn == nil]; users != want {
				t.Errorf("%d users after Write, want %d", users, want)
			}
		})
	}
}

// TestWriteEarlier: a compound operation built with Then is audited as the calls it stands
// for, in order and at one time, when it succeeds; as the call refused alone when denied; and
// not at all when it fails otherwise.
func TestWriteEarlier(t *testing.T) {
	caller := authz.RootCaller("1234567890123456")
	user := "acs:ram:*:1:user/bob"
	denial := errs.NoPermission("no", caller.Denial("ram:CreateAccessKey", user, 0))
	rec := func(action, target, result, detail string) store.AuditRecord {
		return store.AuditRecord{Time: stamp, RequestID: "req-1", PrincipalARN: caller.ARN, Action: action,
			Target: target, Result: result, Detail: detail}
	}
	tests := []struct {
		name string
		fn   error
		want []store.AuditRecord // oldest first
	}{
		{"success", nil, []store.AuditRecord{
			rec("ram:CreateUser", user, operation.ResultSuccess, ""),
			rec("ram:CreateLoginProfile", user, operation.ResultSuccess, "profile"),
			rec("ram:CreateAccessKey", user, operation.ResultSuccess, "key"),
		}},
		{"the last call denied", denial, []store.AuditRecord{rec("ram:CreateAccessKey", user, "NoPermission", "key")}},
		{"invalid", errs.E(errs.Invalid, "InvalidParameter", "bad"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := newRunner(t)
			// Each reading of the clock is a second later: the records share one reading.
			tick := stamp.Add(-time.Second)
			r.Clock = func() time.Time { tick = tick.Add(time.Second); return tick }
			op := &operation.Op{Caller: &caller, Action: "ram:CreateUser", RequestID: "req-1", Target: user}
			err := r.Write(t.Context(), op, func(tx store.Tx) error {
				op.Then(operation.Op{Caller: &caller, Action: "ram:CreateLoginProfile", RequestID: "req-1", Target: user, Detail: "profile"})
				op.Then(operation.Op{Caller: &caller, Action: "ram:CreateAccessKey", RequestID: "req-1", Target: user, Detail: "key"})
				if err := tx.CreateUser(t.Context(), store.User{ID: "u1", Name: "bob", CreateDate: stamp, UpdateDate: stamp}); err != nil {
					return err
				}
				return tt.fn
			})
			if (err == nil) != (tt.fn == nil) {
				t.Fatalf("Write = %v, want %v", err, tt.fn)
			}
			got := audit(t, r)
			slices.Reverse(got)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(store.AuditRecord{}, "ID"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("audit (-want +got):\n%s", diff)
			}
		})
	}
}

func TestThen(t *testing.T) {
	op := operation.Op{Action: "a", Target: "ta"}
	op.Then(operation.Op{Action: "b", Target: "tb"})
	op.Then(operation.Op{Action: "c", Target: "tc"})
	want := operation.Op{Action: "c", Target: "tc", Earlier: []operation.Op{{Action: "a", Target: "ta"}, {Action: "b", Target: "tb"}}}
	if diff := cmp.Diff(want, op); diff != "" {
		t.Errorf("Op after Then (-want +got):\n%s", diff)
	}
}
