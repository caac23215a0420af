package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

// testDeleteConflicts deletes rows that others still refer to; each must fail with ErrConflict
// and change nothing. Every case has its own rows, with exactly the one reference it tests.
func testDeleteConflicts(t *testing.T, s store.Store) {
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.CreateAccount(ctx, store.Account{ID: accountID, CreateDate: at(0)})
	})
	type op = func(ctx context.Context, tx store.Tx) error
	cases := []struct {
		name   string
		setup  op
		delete op
	}{
		{"user in a group",
			func(ctx context.Context, tx store.Tx) error {
				return all(tx.CreateUser(ctx, newUser("u1", "u1")), tx.CreateGroup(ctx, newGroup("g1", "g1")),
					tx.AddUserToGroup(ctx, store.Membership{GroupID: "g1", UserID: "u1", JoinDate: at(1)}))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteUser(ctx, "u1") }},
		{"group with a member",
			nil,
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteGroup(ctx, "g1") }},
		{"user with an access key",
			func(ctx context.Context, tx store.Tx) error {
				return all(tx.CreateUser(ctx, newUser("u2", "u2")), tx.CreateAccessKey(ctx, newAccessKey("k2", "u2")))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteUser(ctx, "u2") }},
		{"user with a login profile",
			func(ctx context.Context, tx store.Tx) error {
				return all(tx.CreateUser(ctx, newUser("u3", "u3")), tx.CreateLoginProfile(ctx, newLoginProfile("u3")))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteUser(ctx, "u3") }},
		{"user with a bound MFA device",
			func(ctx context.Context, tx store.Tx) error {
				d := newMFADevice("u4")
				d.UserID, d.ActivateDate = "u4", at(1)
				return all(tx.CreateUser(ctx, newUser("u4", "u4")), tx.CreateMFADevice(ctx, d))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteUser(ctx, "u4") }},
		{"user with an attached policy",
			func(ctx context.Context, tx store.Tx) error {
				return all(tx.CreateUser(ctx, newUser("u5", "u5")),
					tx.Attach(ctx, attachment(store.PolicyTypeSystem, "AdministratorAccess", store.PrincipalUser, "u5", "")))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteUser(ctx, "u5") }},
		{"group with an attached policy",
			func(ctx context.Context, tx store.Tx) error {
				return all(tx.CreateGroup(ctx, newGroup("g6", "g6")),
					tx.Attach(ctx, attachment(store.PolicyTypeSystem, "AdministratorAccess", store.PrincipalGroup, "g6", "")))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteGroup(ctx, "g6") }},
		{"role with an attached policy",
			func(ctx context.Context, tx store.Tx) error {
				return all(tx.CreateRole(ctx, newRole("r7", "r7")),
					tx.Attach(ctx, attachment(store.PolicyTypeSystem, "AdministratorAccess", store.PrincipalRole, "r7", "")))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteRole(ctx, "r7") }},
		{"policy with a version",
			func(ctx context.Context, tx store.Tx) error {
				if err := tx.CreatePolicy(ctx, newPolicy("p8")); err != nil {
					return err
				}
				_, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "p8", Document: "{}", CreateDate: at(1)})
				return err
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicy(ctx, "P8") }},
		{"policy still attached",
			func(ctx context.Context, tx store.Tx) error {
				return all(tx.CreatePolicy(ctx, newPolicy("p9")), tx.CreateUser(ctx, newUser("u9", "u9")),
					tx.Attach(ctx, attachment(store.PolicyTypeCustom, "p9", store.PrincipalUser, "u9", "")))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicy(ctx, "p9") }},
		{"resource group with a resource",
			func(ctx context.Context, tx store.Tx) error {
				return all(tx.CreateResourceGroup(ctx, newResourceGroup("rg10", "rg10")),
					tx.AddResource(ctx, store.ResourceGroupMember{ResourceGroupID: "rg10", ResourceARN: "acs:oss:*:1:bucket/x"}))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteResourceGroup(ctx, "rg10") }},
		{"resource group scoping an attachment",
			func(ctx context.Context, tx store.Tx) error {
				return all(tx.CreateResourceGroup(ctx, newResourceGroup("rg11", "rg11")), tx.CreateUser(ctx, newUser("u11", "u11")),
					tx.Attach(ctx, attachment(store.PolicyTypeSystem, "AdministratorAccess", store.PrincipalUser, "u11", "rg11")))
			},
			func(ctx context.Context, tx store.Tx) error { return tx.DeleteResourceGroup(ctx, "rg11") }},
	}
	for _, c := range cases {
		if c.setup != nil {
			update(t, s, c.setup)
		}
		t.Run(c.name, func(t *testing.T) { updateFails(t, s, store.ErrConflict, c.delete) })
	}
}
