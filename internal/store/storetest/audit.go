package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testAudit(t *testing.T, s store.Store) {
	alice, bob := "acs:ram::"+accountID+":user/alice", "acs:ram::"+accountID+":user/bob"
	recs := []store.AuditRecord{
		{Time: at(1), RequestID: "R1", PrincipalARN: alice, Action: "ram:CreateUser", Target: "u/x", Result: "Success", SourceIP: "10.0.0.1", Detail: `{"a":1}`},
		{Time: at(2), RequestID: "R2", PrincipalARN: bob, Action: "ram:CreateUser", Target: "u/y", Result: "EntityAlreadyExists.User", SourceIP: "10.0.0.2"},
		{Time: at(3), RequestID: "R3", PrincipalARN: alice, Action: "ram:DeleteUser", Target: "u/x", Result: "Success", SourceIP: "10.0.0.1"},
		{Time: at(4), RequestID: "R4", PrincipalARN: bob, Action: "ram:DeleteUser", Target: "u/y", Result: "NoPermission", SourceIP: "10.0.0.2"},
		{Time: at(5), RequestID: "R5", PrincipalARN: alice, Action: "ram:CreateUser", Target: "u/z", Result: "Success", SourceIP: "10.0.0.1"},
	}
	// Two Updates: IDs keep increasing across transactions.
	for _, batch := range [][]int{{0, 1, 2}, {3, 4}} {
		update(t, s, func(ctx context.Context, tx store.Tx) error {
			for _, i := range batch {
				id, err := tx.AppendAudit(ctx, recs[i])
				if err != nil {
					return err
				}
				recs[i].ID = id
			}
			return nil
		})
	}
	for i := 1; i < len(recs); i++ {
		if recs[i].ID <= recs[i-1].ID {
			t.Fatalf("audit IDs do not increase: %d then %d", recs[i-1].ID, recs[i].ID)
		}
	}
	pick := func(idx ...int) []store.AuditRecord {
		var out []store.AuditRecord
		for _, i := range idx {
			out = append(out, recs[i])
		}
		return out
	}

	cases := []struct {
		name string
		q    store.AuditQuery
		want []store.AuditRecord
	}{
		{"all, newest first", store.AuditQuery{}, pick(4, 3, 2, 1, 0)},
		{"by principal", store.AuditQuery{PrincipalARN: alice}, pick(4, 2, 0)},
		{"by action", store.AuditQuery{Action: "ram:DeleteUser"}, pick(3, 2)},
		{"by result", store.AuditQuery{Result: "Success"}, pick(4, 2, 0)},
		{"principal and action", store.AuditQuery{PrincipalARN: bob, Action: "ram:CreateUser"}, pick(1)},
		{"time range is [since, until)", store.AuditQuery{Since: at(2), Until: at(4)}, pick(2, 1)},
		{"limit", store.AuditQuery{Limit: 2}, pick(4, 3)},
		{"next page", store.AuditQuery{Limit: 2, BeforeID: recs[3].ID}, pick(2, 1)},
		{"no match", store.AuditQuery{Action: "ram:Nothing"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			same(t, "ListAudit", get(t, s, func(ctx context.Context, r store.Reader) ([]store.AuditRecord, error) { return r.ListAudit(ctx, c.q) }), c.want)
		})
	}
}

// testAuditOutsideUpdate: records appended outside Update (denials) share the trail and its ID
// order with records appended inside, and move no revision.
func testAuditOutsideUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	denied := store.AuditRecord{Time: at(1), RequestID: "R1", PrincipalARN: "acs:ram::" + accountID + ":user/bob",
		Action: "ram:DeleteUser", Target: "acs:ram:*:" + accountID + ":user/alice", Result: "NoPermission", SourceIP: "10.0.0.2"}
	inside := store.AuditRecord{Time: at(2), RequestID: "R2", PrincipalARN: "acs:ram::" + accountID + ":root",
		Action: "ram:CreateUser", Target: "acs:ram:*:" + accountID + ":user/carol", Result: "Success"}
	later := denied
	later.RequestID, later.Time = "R3", at(3)

	var err error
	unchangedRevision(t, s, func() {
		if denied.ID, err = s.AppendAudit(ctx, denied); err != nil {
			t.Fatalf("AppendAudit: %v", err)
		}
	})
	update(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		inside.ID, err = tx.AppendAudit(ctx, inside)
		return err
	})
	unchangedRevision(t, s, func() {
		if later.ID, err = s.AppendAudit(ctx, later); err != nil {
			t.Fatalf("AppendAudit: %v", err)
		}
	})
	if !(denied.ID < inside.ID && inside.ID < later.ID) {
		t.Fatalf("audit IDs %d, %d, %d do not increase in append order", denied.ID, inside.ID, later.ID)
	}
	same(t, "ListAudit", get(t, s, func(ctx context.Context, r store.Reader) ([]store.AuditRecord, error) {
		return r.ListAudit(ctx, store.AuditQuery{})
	}), []store.AuditRecord{later, inside, denied})
	same(t, "ListAudit by result", get(t, s, func(ctx context.Context, r store.Reader) ([]store.AuditRecord, error) {
		return r.ListAudit(ctx, store.AuditQuery{Result: "NoPermission"})
	}), []store.AuditRecord{later, denied})
}
