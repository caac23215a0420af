package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testResourceGroups(t *testing.T, s store.Store) {
	prod, staging := newResourceGroup("rg1", "Prod"), newResourceGroup("rg2", "staging")
	arn := func(name string) string { return "acs:oss:*:" + accountID + ":bucket/" + name }
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateResourceGroup(ctx, staging); err != nil {
			return err
		}
		if err := tx.CreateResourceGroup(ctx, prod); err != nil {
			return err
		}
		for _, m := range []store.ResourceGroupMember{
			{ResourceGroupID: "rg1", ResourceARN: arn("b")},
			{ResourceGroupID: "rg1", ResourceARN: arn("a")},
			{ResourceGroupID: "rg2", ResourceARN: arn("c")},
		} {
			if err := tx.AddResource(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(ctx context.Context, r store.Reader) error {
		g, err := r.GetResourceGroup(ctx, "rg1")
		if err != nil {
			return err
		}
		same(t, "GetResourceGroup", g, prod)
		g, err = r.GetResourceGroupByName(ctx, "PROD")
		if err != nil {
			return err
		}
		same(t, "GetResourceGroupByName", g, prod)
		gs, _, err := r.ListResourceGroups(ctx, store.Page{})
		if err != nil {
			return err
		}
		same(t, "ListResourceGroups", gs, []store.ResourceGroup{prod, staging})
		n, err := r.CountResourceGroups(ctx)
		if err != nil {
			return err
		}
		same(t, "CountResourceGroups", n, 2)
		ms, next, err := r.ListResources(ctx, "rg1", store.Page{})
		if err != nil {
			return err
		}
		same(t, "ListResources", ms, []store.ResourceGroupMember{{ResourceGroupID: "rg1", ResourceARN: arn("a")}, {ResourceGroupID: "rg1", ResourceARN: arn("b")}})
		same(t, "ListResources next", next, "")
		m, err := r.GetResourceGroupOf(ctx, arn("c"))
		if err != nil {
			return err
		}
		same(t, "GetResourceGroupOf", m, store.ResourceGroupMember{ResourceGroupID: "rg2", ResourceARN: arn("c")})
		return nil
	})

	changed := store.ResourceGroup{ID: "rg2", Name: "Stage", DisplayName: "Stage", Status: "PendingDelete", CreateDate: at(99)}
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.UpdateResourceGroup(ctx, changed); err != nil {
			return err
		}
		// Moving a resource: out of one group, into another.
		if err := tx.RemoveResource(ctx, store.ResourceGroupMember{ResourceGroupID: "rg2", ResourceARN: arn("c")}); err != nil {
			return err
		}
		return tx.AddResource(ctx, store.ResourceGroupMember{ResourceGroupID: "rg1", ResourceARN: arn("c")})
	})
	want := changed
	want.CreateDate = staging.CreateDate
	same(t, "updated resource group", get(t, s, func(ctx context.Context, r store.Reader) (store.ResourceGroup, error) {
		return r.GetResourceGroup(ctx, "rg2")
	}), want)
	same(t, "moved resource", get(t, s, func(ctx context.Context, r store.Reader) (store.ResourceGroupMember, error) {
		return r.GetResourceGroupOf(ctx, arn("c"))
	}),
		store.ResourceGroupMember{ResourceGroupID: "rg1", ResourceARN: arn("c")})

	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.DeleteResourceGroup(ctx, "rg2") })
	same(t, "groups after delete", get(t, s, func(ctx context.Context, r store.Reader) ([]store.ResourceGroup, error) {
		gs, _, err := r.ListResourceGroups(ctx, store.Page{})
		return gs, err
	}), []store.ResourceGroup{prod})
}
