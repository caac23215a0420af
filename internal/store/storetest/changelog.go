package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testRevision(t *testing.T, s store.Store) {
	if rev := revision(t, s); rev != 0 {
		t.Fatalf("a new store is at revision %d, want 0", rev)
	}
	for want := store.Revision(1); want <= 3; want++ {
		var inside store.Revision
		rev := update(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			inside, err = tx.Revision(ctx)
			return err
		})
		same(t, "Update's revision", rev, want)
		same(t, "Revision inside the Update", inside, want)
		same(t, "Revision after the Update", revision(t, s), want)
		same(t, "Revision in a View", get(t, s, func(ctx context.Context, r store.Reader) (store.Revision, error) { return r.Revision(ctx) }), want)
	}
}

// testChangeLog checks that every kind of write is logged, in order, with its key and operation,
// in the revision of its Update; audit records and empty Updates leave no entry.
func testChangeLog(t *testing.T, s store.Store) {
	r1 := update(t, s, world)
	r2 := update(t, s, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.AppendAudit(ctx, store.AuditRecord{Time: at(1), RequestID: "R", Action: "ram:Nothing", Result: "Success"})
		return err
	})
	r3 := update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(
			tx.UpdateAccount(ctx, store.Account{ID: accountID, Alias: "acme"}),
			tx.UpdateUser(ctx, newUser("u2", "robert")),
			tx.RemoveUserFromGroup(ctx, "g1", "u1"),
			tx.Detach(ctx, attachment(store.PolicyTypeCustom, "readthings", store.PrincipalRole, "r1", "rg1")),
			tx.DeletePolicyVersion(ctx, "ReadThings", "v2"),
			tx.UpdatePolicy(ctx, newPolicy("ReadThings")),
			tx.UpdateAccessKey(ctx, newAccessKey("k1", "u1")),
			tx.DeleteAccessKey(ctx, "k1"),
			tx.UpdateLoginProfile(ctx, newLoginProfile("u1")),
			tx.DeleteLoginProfile(ctx, "u1"),
			tx.UpdateMFADevice(ctx, newMFADevice("alice")),
			tx.DeleteMFADevice(ctx, "acs:ram::"+accountID+":mfa/alice"),
			tx.RemoveResource(ctx, store.ResourceGroupMember{ResourceGroupID: "rg1", ResourceARN: "acs:oss:*:" + accountID + ":bucket/a"}),
			tx.UpdateResourceGroup(ctx, newResourceGroup("rg2", "stage")),
			tx.DeleteResourceGroup(ctx, "rg2"),
			tx.UpdateRole(ctx, newRole("r1", "auditor")),
			tx.DeleteRole(ctx, "r1"),
		)
	})
	if r2 != r1+1 || r3 != r2+1 {
		t.Fatalf("revisions %d, %d, %d are not consecutive", r1, r2, r3)
	}
	arn := "acs:oss:*:" + accountID + ":bucket/a"
	serial := "acs:ram::" + accountID + ":mfa/alice"
	want := []store.Change{
		ch(r1, store.KindAccount, accountID, store.OpPut),
		ch(r1, store.KindUser, "u1", store.OpPut),
		ch(r1, store.KindUser, "u2", store.OpPut),
		ch(r1, store.KindGroup, "g1", store.OpPut),
		ch(r1, store.KindGroup, "g2", store.OpPut),
		ch(r1, store.KindGroupMember, "g1/u1", store.OpPut),
		ch(r1, store.KindRole, "r1", store.OpPut),
		ch(r1, store.KindPolicy, "readthings", store.OpPut),
		ch(r1, store.KindPolicyVersion, "readthings/v1", store.OpPut),
		ch(r1, store.KindPolicyVersion, "readthings/v2", store.OpPut),
		ch(r1, store.KindResourceGroup, "rg1", store.OpPut),
		ch(r1, store.KindResourceGroup, "rg2", store.OpPut),
		ch(r1, store.KindResourceGroupMember, "rg1/"+arn, store.OpPut),
		ch(r1, store.KindAttachment, "System/aliyunossfullaccess/User/u1/", store.OpPut),
		ch(r1, store.KindAttachment, "Custom/readthings/Group/g1/", store.OpPut),
		ch(r1, store.KindAttachment, "Custom/readthings/Role/r1/rg1", store.OpPut),
		ch(r1, store.KindAccessKey, "k1", store.OpPut),
		ch(r1, store.KindAccessKey, "k0", store.OpPut),
		ch(r1, store.KindLoginProfile, "u1", store.OpPut),
		ch(r1, store.KindMFADevice, serial, store.OpPut),
		ch(r1, store.KindMFADevice, "acs:ram::"+accountID+":mfa/spare", store.OpPut),
		ch(r3, store.KindAccount, accountID, store.OpPut),
		ch(r3, store.KindUser, "u2", store.OpPut),
		ch(r3, store.KindGroupMember, "g1/u1", store.OpDelete),
		ch(r3, store.KindAttachment, "Custom/readthings/Role/r1/rg1", store.OpDelete),
		ch(r3, store.KindPolicyVersion, "readthings/v2", store.OpDelete),
		ch(r3, store.KindPolicy, "readthings", store.OpPut),
		ch(r3, store.KindAccessKey, "k1", store.OpPut),
		ch(r3, store.KindAccessKey, "k1", store.OpDelete),
		ch(r3, store.KindLoginProfile, "u1", store.OpPut),
		ch(r3, store.KindLoginProfile, "u1", store.OpDelete),
		ch(r3, store.KindMFADevice, serial, store.OpPut),
		ch(r3, store.KindMFADevice, serial, store.OpDelete),
		ch(r3, store.KindResourceGroupMember, "rg1/"+arn, store.OpDelete),
		ch(r3, store.KindResourceGroup, "rg2", store.OpPut),
		ch(r3, store.KindResourceGroup, "rg2", store.OpDelete),
		ch(r3, store.KindRole, "r1", store.OpPut),
		ch(r3, store.KindRole, "r1", store.OpDelete),
	}
	got, err := s.Changes(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "change log", got, want)
	got, err = s.Changes(t.Context(), r1, 0)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "changes after the first revision", got, want[21:])
	got, err = s.Changes(t.Context(), r3, 0)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "changes after the last revision", got, []store.Change(nil))
}

// testChangeLimits checks that Changes bounds its result by entries but never splits a revision.
func testChangeLimits(t *testing.T, s store.Store) {
	// Revisions 1, 2 and 3 write 1, 3 and 1 rows.
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, newUser("u1", "a")) })
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.CreateUser(ctx, newUser("u2", "b")), tx.CreateUser(ctx, newUser("u3", "c")), tx.CreateUser(ctx, newUser("u4", "d")))
	})
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, newUser("u5", "e")) })
	revs := func(cs []store.Change) []store.Revision {
		var out []store.Revision
		for _, c := range cs {
			out = append(out, c.Revision)
		}
		return out
	}
	cases := []struct {
		after store.Revision
		limit int
		want  []store.Revision
	}{
		{0, 0, []store.Revision{1, 2, 2, 2, 3}},
		{0, 5, []store.Revision{1, 2, 2, 2, 3}},
		{0, 4, []store.Revision{1, 2, 2, 2}},
		{0, 3, []store.Revision{1}},
		{0, 1, []store.Revision{1}},
		{1, 1, []store.Revision{2, 2, 2}}, // one revision larger than the limit comes whole
		{1, 3, []store.Revision{2, 2, 2}},
		{2, 1, []store.Revision{3}},
		{3, 1, nil},
	}
	for _, c := range cases {
		got, err := s.Changes(t.Context(), c.after, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "Changes revisions", revs(got), c.want)
	}
}

func testPruneChanges(t *testing.T, s store.Store) {
	for i := range 4 {
		update(t, s, func(ctx context.Context, tx store.Tx) error {
			return tx.CreateUser(ctx, newUser(string(rune('a'+i)), string(rune('a'+i))))
		})
	}
	ctx := t.Context()
	if err := s.PruneChanges(ctx, 2); err != nil {
		t.Fatal(err)
	}
	for _, after := range []store.Revision{0, 1} {
		if _, err := s.Changes(ctx, after, 0); !errors.Is(err, store.ErrCompacted) {
			t.Errorf("Changes(%d) after pruning through 2: %v, want ErrCompacted", after, err)
		}
	}
	got, err := s.Changes(ctx, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "changes kept", len(got), 2)
	// Pruning backwards does nothing; pruning past the end stops at the latest revision.
	if err := s.PruneChanges(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Changes(ctx, 2, 0); err != nil {
		t.Fatalf("Changes(2) after pruning through 1 again: %v", err)
	}
	if err := s.PruneChanges(ctx, 1000); err != nil {
		t.Fatal(err)
	}
	got, err = s.Changes(ctx, 4, 0)
	if err != nil {
		t.Fatalf("Changes(latest) after pruning everything: %v", err)
	}
	same(t, "changes after pruning everything", len(got), 0)
	rev := update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, newUser("z", "z")) })
	got, err = s.Changes(ctx, 4, 0)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "changes after a prune", got, []store.Change{{Revision: rev, Kind: store.KindUser, Key: "z", Op: store.OpPut}})
}

func ch(rev store.Revision, kind store.Kind, key string, op store.Op) store.Change {
	return store.Change{Revision: rev, Kind: kind, Key: key, Op: op}
}
