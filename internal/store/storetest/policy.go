package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testPolicies(t *testing.T, s store.Store) {
	read, write := newPolicy("ReadThings"), newPolicy("write-things")
	var created []store.PolicyVersion
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreatePolicy(ctx, read); err != nil {
			return err
		}
		if err := tx.CreatePolicy(ctx, write); err != nil {
			return err
		}
		for i, doc := range []string{`{"n":1}`, `{"n":2}`, `{"n":3}`} {
			// The caller's spelling of the name does not matter; the stored name comes back.
			v, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "readthings", VersionID: "ignored", Document: doc, CreateDate: at(i)})
			if err != nil {
				return err
			}
			created = append(created, v)
		}
		return nil
	})
	wantVersions := []store.PolicyVersion{
		{PolicyName: "ReadThings", VersionID: "v1", Document: `{"n":1}`, CreateDate: at(0)},
		{PolicyName: "ReadThings", VersionID: "v2", Document: `{"n":2}`, CreateDate: at(1)},
		{PolicyName: "ReadThings", VersionID: "v3", Document: `{"n":3}`, CreateDate: at(2)},
	}
	same(t, "created versions", created, wantVersions)

	view(t, s, func(ctx context.Context, r store.Reader) error {
		p, err := r.GetPolicy(ctx, "READTHINGS")
		if err != nil {
			return err
		}
		same(t, "GetPolicy", p, read)
		ps, _, err := r.ListPolicies(ctx, store.Page{})
		if err != nil {
			return err
		}
		same(t, "ListPolicies", ps, []store.Policy{read, write})
		n, err := r.CountPolicies(ctx)
		if err != nil {
			return err
		}
		same(t, "CountPolicies", n, 2)
		v, err := r.GetPolicyVersion(ctx, "ReadThings", "v2")
		if err != nil {
			return err
		}
		same(t, "GetPolicyVersion", v, wantVersions[1])
		vs, err := r.ListPolicyVersions(ctx, "ReadThings")
		if err != nil {
			return err
		}
		same(t, "ListPolicyVersions", vs, wantVersions)
		n, err = r.CountPolicyVersions(ctx, "ReadThings")
		if err != nil {
			return err
		}
		same(t, "CountPolicyVersions", n, 3)
		return nil
	})

	// Version IDs are never reused: after deleting v3 (the newest), the next one is v4.
	var v4 store.PolicyVersion
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.DeletePolicyVersion(ctx, "ReadThings", "v3"); err != nil {
			return err
		}
		var err error
		v4, err = tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "ReadThings", Document: `{"n":4}`, CreateDate: at(4)})
		if err != nil {
			return err
		}
		read.DefaultVersion, read.Description, read.UpdateDate = "v4", "reads things", at(5)
		return tx.UpdatePolicy(ctx, store.Policy{Name: "readThings", Description: read.Description,
			DefaultVersion: "v4", CreateDate: at(77), UpdateDate: at(5)})
	})
	same(t, "version after a deletion", v4.VersionID, "v4")
	view(t, s, func(ctx context.Context, r store.Reader) error {
		p, err := r.GetPolicy(ctx, "ReadThings")
		if err != nil {
			return err
		}
		same(t, "updated policy", p, read)
		vs, err := r.ListPolicyVersions(ctx, "ReadThings")
		if err != nil {
			return err
		}
		same(t, "versions after rotation", vs, []store.PolicyVersion{wantVersions[0], wantVersions[1], v4})
		return nil
	})

	// Versions of a policy go before the policy, in the same Update.
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		for _, v := range []string{"v1", "v2", "v4"} {
			if err := tx.DeletePolicyVersion(ctx, "ReadThings", v); err != nil {
				return err
			}
		}
		return tx.DeletePolicy(ctx, "ReadThings")
	})
	same(t, "policies after delete", get(t, s, func(ctx context.Context, r store.Reader) ([]store.Policy, error) {
		ps, _, err := r.ListPolicies(ctx, store.Page{})
		return ps, err
	}), []store.Policy{write})

	// A new policy of the same name starts again at v1.
	var again store.PolicyVersion
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreatePolicy(ctx, newPolicy("ReadThings")); err != nil {
			return err
		}
		var err error
		again, err = tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "ReadThings", Document: `{}`, CreateDate: at(9)})
		return err
	})
	same(t, "first version of a re-created policy", again.VersionID, "v1")
}
