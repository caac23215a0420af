package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

// testExists: every write that would duplicate a unique key fails with ErrExists.
func testExists(t *testing.T, s store.Store) {
	spare := newMFADevice("spare")
	runErrorCases(t, s, store.ErrExists, []errorCase{
		{"second account", func(ctx context.Context, tx store.Tx) error {
			return tx.CreateAccount(ctx, store.Account{ID: "2", CreateDate: at(0)})
		}},
		{"user ID taken", func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, newUser("u1", "carol")) }},
		{"user name taken in another case", func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, newUser("u9", "ALICE")) }},
		{"rename user onto a taken name", func(ctx context.Context, tx store.Tx) error { return tx.UpdateUser(ctx, newUser("u2", "Alice")) }},
		{"group name taken", func(ctx context.Context, tx store.Tx) error { return tx.CreateGroup(ctx, newGroup("g9", "Devs")) }},
		{"rename group onto a taken name", func(ctx context.Context, tx store.Tx) error { return tx.UpdateGroup(ctx, newGroup("g2", "DEVS")) }},
		{"membership exists", func(ctx context.Context, tx store.Tx) error {
			return tx.AddUserToGroup(ctx, store.Membership{GroupID: "g1", UserID: "u1", JoinDate: at(9)})
		}},
		{"role name taken", func(ctx context.Context, tx store.Tx) error { return tx.CreateRole(ctx, newRole("r9", "Auditor")) }},
		{"policy name taken", func(ctx context.Context, tx store.Tx) error { return tx.CreatePolicy(ctx, newPolicy("readthings")) }},
		{"attachment exists", func(ctx context.Context, tx store.Tx) error {
			return tx.Attach(ctx, attachment(store.PolicyTypeCustom, "READTHINGS", store.PrincipalRole, "r1", "rg1"))
		}},
		{"access key ID taken", func(ctx context.Context, tx store.Tx) error { return tx.CreateAccessKey(ctx, newAccessKey("k1", "u2")) }},
		{"login profile exists", func(ctx context.Context, tx store.Tx) error { return tx.CreateLoginProfile(ctx, newLoginProfile("u1")) }},
		{"MFA serial taken", func(ctx context.Context, tx store.Tx) error { return tx.CreateMFADevice(ctx, spare) }},
		{"second MFA device for a user", func(ctx context.Context, tx store.Tx) error {
			d := spare
			d.UserID, d.ActivateDate = "u1", at(9)
			return tx.UpdateMFADevice(ctx, d)
		}},
		{"resource group name taken", func(ctx context.Context, tx store.Tx) error {
			return tx.CreateResourceGroup(ctx, newResourceGroup("rg9", "PROD"))
		}},
		{"resource already in a group", func(ctx context.Context, tx store.Tx) error {
			return tx.AddResource(ctx, store.ResourceGroupMember{ResourceGroupID: "rg2", ResourceARN: "acs:oss:*:" + accountID + ":bucket/a"})
		}},
	})
}

// testMissingReferences: every write that would refer to a missing row fails with ErrConflict.
func testMissingReferences(t *testing.T, s store.Store) {
	spare := newMFADevice("spare")
	runErrorCases(t, s, store.ErrConflict, []errorCase{
		{"member of a missing group", func(ctx context.Context, tx store.Tx) error {
			return tx.AddUserToGroup(ctx, store.Membership{GroupID: "nope", UserID: "u1", JoinDate: at(9)})
		}},
		{"missing user in a group", func(ctx context.Context, tx store.Tx) error {
			return tx.AddUserToGroup(ctx, store.Membership{GroupID: "g1", UserID: "nope", JoinDate: at(9)})
		}},
		{"attach to a missing user", func(ctx context.Context, tx store.Tx) error {
			return tx.Attach(ctx, attachment(store.PolicyTypeSystem, "AdministratorAccess", store.PrincipalUser, "nope", ""))
		}},
		{"attach to a missing group", func(ctx context.Context, tx store.Tx) error {
			return tx.Attach(ctx, attachment(store.PolicyTypeSystem, "AdministratorAccess", store.PrincipalGroup, "nope", ""))
		}},
		{"attach to a missing role", func(ctx context.Context, tx store.Tx) error {
			return tx.Attach(ctx, attachment(store.PolicyTypeSystem, "AdministratorAccess", store.PrincipalRole, "nope", ""))
		}},
		{"attach a missing custom policy", func(ctx context.Context, tx store.Tx) error {
			return tx.Attach(ctx, attachment(store.PolicyTypeCustom, "nope", store.PrincipalUser, "u2", ""))
		}},
		{"attach in a missing resource group", func(ctx context.Context, tx store.Tx) error {
			return tx.Attach(ctx, attachment(store.PolicyTypeSystem, "AdministratorAccess", store.PrincipalUser, "u2", "nope"))
		}},
		{"access key of a missing user", func(ctx context.Context, tx store.Tx) error {
			return tx.CreateAccessKey(ctx, newAccessKey("k9", "nope"))
		}},
		{"login profile of a missing user", func(ctx context.Context, tx store.Tx) error {
			return tx.CreateLoginProfile(ctx, newLoginProfile("nope"))
		}},
		{"bind MFA to a missing user", func(ctx context.Context, tx store.Tx) error {
			d := spare
			d.UserID = "nope"
			return tx.UpdateMFADevice(ctx, d)
		}},
		{"resource in a missing group", func(ctx context.Context, tx store.Tx) error {
			return tx.AddResource(ctx, store.ResourceGroupMember{ResourceGroupID: "nope", ResourceARN: "acs:oss:*:1:bucket/z"})
		}},
	})
}
