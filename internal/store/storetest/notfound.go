package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

// errorCase is one call that must fail with a given sentinel error, in its own Update.
type errorCase struct {
	name string
	op   func(ctx context.Context, tx store.Tx) error
}

// runErrorCases runs each case against a store populated by world; each must fail with want
// and change nothing.
func runErrorCases(t *testing.T, s store.Store, want error, cases []errorCase) {
	update(t, s, world)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { updateFails(t, s, want, c.op) })
	}
}

// read adapts a read method to an errorCase op.
func read[T any](f func(ctx context.Context, tx store.Tx) (T, error)) func(ctx context.Context, tx store.Tx) error {
	return func(ctx context.Context, tx store.Tx) error { _, err := f(ctx, tx); return err }
}

// all returns the first non-nil error of calls made in order. (After a failed write the Tx
// returns that failure again, so later calls cannot hide it.)
func all(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// testNotFound: every call that names a missing row fails with ErrNotFound.
func testNotFound(t *testing.T, s store.Store) {
	runErrorCases(t, s, store.ErrNotFound, []errorCase{
		{"get missing user", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetUser(ctx, "nope") })},
		{"get missing user by name", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetUserByName(ctx, "nope") })},
		{"update missing user", func(ctx context.Context, tx store.Tx) error { return tx.UpdateUser(ctx, newUser("nope", "nope")) }},
		{"delete missing user", func(ctx context.Context, tx store.Tx) error { return tx.DeleteUser(ctx, "nope") }},
		{"get missing group", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetGroup(ctx, "nope") })},
		{"get missing group by name", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetGroupByName(ctx, "nope") })},
		{"update missing group", func(ctx context.Context, tx store.Tx) error { return tx.UpdateGroup(ctx, newGroup("nope", "nope")) }},
		{"delete missing group", func(ctx context.Context, tx store.Tx) error { return tx.DeleteGroup(ctx, "nope") }},
		{"remove a non-member", func(ctx context.Context, tx store.Tx) error { return tx.RemoveUserFromGroup(ctx, "g1", "u2") }},
		{"get missing role", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetRole(ctx, "nope") })},
		{"get missing role by name", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetRoleByName(ctx, "nope") })},
		{"update missing role", func(ctx context.Context, tx store.Tx) error { return tx.UpdateRole(ctx, newRole("nope", "nope")) }},
		{"delete missing role", func(ctx context.Context, tx store.Tx) error { return tx.DeleteRole(ctx, "nope") }},
		{"get missing policy", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetPolicy(ctx, "nope") })},
		{"update missing policy", func(ctx context.Context, tx store.Tx) error { return tx.UpdatePolicy(ctx, newPolicy("nope")) }},
		{"delete missing policy", func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicy(ctx, "nope") }},
		{"get missing version", read(func(ctx context.Context, tx store.Tx) (any, error) {
			return tx.GetPolicyVersion(ctx, "ReadThings", "v9")
		})},
		{"get malformed version", read(func(ctx context.Context, tx store.Tx) (any, error) {
			return tx.GetPolicyVersion(ctx, "ReadThings", "v01")
		})},
		{"version of a missing policy", read(func(ctx context.Context, tx store.Tx) (any, error) {
			return tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "nope", Document: "{}", CreateDate: at(1)})
		})},
		{"delete missing version", func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicyVersion(ctx, "ReadThings", "v7") }},
		{"detach missing attachment", func(ctx context.Context, tx store.Tx) error {
			return tx.Detach(ctx, attachment(store.PolicyTypeSystem, "AliyunOSSFullAccess", store.PrincipalUser, "u1", "rg1"))
		}},
		{"get missing access key", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetAccessKey(ctx, "nope") })},
		{"update missing access key", func(ctx context.Context, tx store.Tx) error {
			return tx.UpdateAccessKey(ctx, newAccessKey("nope", "u1"))
		}},
		{"delete missing access key", func(ctx context.Context, tx store.Tx) error { return tx.DeleteAccessKey(ctx, "nope") }},
		{"get missing login profile", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetLoginProfile(ctx, "u2") })},
		{"update missing login profile", func(ctx context.Context, tx store.Tx) error { return tx.UpdateLoginProfile(ctx, newLoginProfile("u2")) }},
		{"delete missing login profile", func(ctx context.Context, tx store.Tx) error { return tx.DeleteLoginProfile(ctx, "u2") }},
		{"get missing MFA device", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetMFADevice(ctx, "nope") })},
		{"get MFA device of a user without one", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetMFADeviceForUser(ctx, "u2") })},
		{"update missing MFA device", func(ctx context.Context, tx store.Tx) error { return tx.UpdateMFADevice(ctx, newMFADevice("nope")) }},
		{"delete missing MFA device", func(ctx context.Context, tx store.Tx) error { return tx.DeleteMFADevice(ctx, "nope") }},
		{"get missing resource group", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetResourceGroup(ctx, "nope") })},
		{"get missing resource group by name", read(func(ctx context.Context, tx store.Tx) (any, error) { return tx.GetResourceGroupByName(ctx, "nope") })},
		{"update missing resource group", func(ctx context.Context, tx store.Tx) error {
			return tx.UpdateResourceGroup(ctx, newResourceGroup("nope", "nope"))
		}},
		{"delete missing resource group", func(ctx context.Context, tx store.Tx) error { return tx.DeleteResourceGroup(ctx, "nope") }},
		{"remove a resource from the wrong group", func(ctx context.Context, tx store.Tx) error {
			return tx.RemoveResource(ctx, store.ResourceGroupMember{ResourceGroupID: "rg2", ResourceARN: "acs:oss:*:" + accountID + ":bucket/a"})
		}},
		{"resource group of an ungrouped resource", read(func(ctx context.Context, tx store.Tx) (any, error) {
			return tx.GetResourceGroupOf(ctx, "acs:oss:*:1:bucket/z")
		})},
		{"update another account", func(ctx context.Context, tx store.Tx) error { return tx.UpdateAccount(ctx, store.Account{ID: "1"}) }},
	})
}
