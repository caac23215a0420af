package storetest

import (
	"context"

	"github.com/rampart-iam/rampart/internal/store"
)

const accountID = "1234567890123456"

func newUser(id, name string) store.User {
	return store.User{ID: id, Name: name, DisplayName: name + " display", Email: name + "@example.com",
		MobilePhone: "86-18600000000", Comments: "user " + name, CreateDate: at(1), UpdateDate: at(2)}
}

func newGroup(id, name string) store.Group {
	return store.Group{ID: id, Name: name, Comments: "group " + name, CreateDate: at(1), UpdateDate: at(2)}
}

func newRole(id, name string) store.Role {
	return store.Role{ID: id, Name: name, Description: "role " + name,
		TrustPolicy:        `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + accountID + `:root"]}}]}`,
		MaxSessionDuration: 3600, CreateDate: at(1), UpdateDate: at(2)}
}

func newPolicy(name string) store.Policy {
	return store.Policy{Name: name, Description: "policy " + name, DefaultVersion: "v1", CreateDate: at(1), UpdateDate: at(2)}
}

func newResourceGroup(id, name string) store.ResourceGroup {
	return store.ResourceGroup{ID: id, Name: name, DisplayName: name + " display", Status: "OK", CreateDate: at(1)}
}

func newAccessKey(id, userID string) store.AccessKey {
	return store.AccessKey{ID: id, UserID: userID, SecretCiphertext: []byte("ciphertext of " + id),
		Status: store.AccessKeyActive, CreateDate: at(3)}
}

func newLoginProfile(userID string) store.LoginProfile {
	return store.LoginProfile{UserID: userID, PasswordHash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA",
		PasswordResetRequired: true, CreateDate: at(3), UpdateDate: at(3), PasswordChangeDate: at(3)}
}

func newMFADevice(name string) store.VirtualMFADevice {
	return store.VirtualMFADevice{SerialNumber: "acs:ram::" + accountID + ":mfa/" + name,
		SeedCiphertext: []byte("sealed seed " + name), CreateDate: at(4)}
}

func attachment(policyType, policyName, principalType, principalID, resourceGroupID string) store.Attachment {
	return store.Attachment{PolicyType: policyType, PolicyName: policyName, PrincipalType: principalType,
		PrincipalID: principalID, ResourceGroupID: resourceGroupID, AttachDate: at(5)}
}

// world is a store populated with one of everything, related to each other:
// alice (u1) is in devs (g1), has an AccessKey, a login profile, a bound MFA device and the
// system policy AliyunOSSFullAccess; bob (u2) has nothing; ops (g2) is empty; devs has the
// custom policy ReadThings (v1 default, v2); the role auditor (r1) has ReadThings in resource
// group prod (rg1), which holds one bucket; staging (rg2) is empty; the root has an AccessKey; an
// unbound MFA device "spare" exists.
func world(ctx context.Context, tx store.Tx) error {
	steps := []func() error{
		func() error { return tx.CreateAccount(ctx, store.Account{ID: accountID, CreateDate: at(0)}) },
		func() error { return tx.CreateUser(ctx, newUser("u1", "alice")) },
		func() error { return tx.CreateUser(ctx, newUser("u2", "bob")) },
		func() error { return tx.CreateGroup(ctx, newGroup("g1", "devs")) },
		func() error { return tx.CreateGroup(ctx, newGroup("g2", "ops")) },
		func() error {
			return tx.AddUserToGroup(ctx, store.Membership{GroupID: "g1", UserID: "u1", JoinDate: at(3)})
		},
		func() error { return tx.CreateRole(ctx, newRole("r1", "auditor")) },
		func() error { return tx.CreatePolicy(ctx, newPolicy("ReadThings")) },
		func() error {
			_, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "ReadThings", Document: `{"v":1}`, CreateDate: at(1)})
			return err
		},
		func() error {
			_, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "ReadThings", Document: `{"v":2}`, CreateDate: at(2)})
			return err
		},
		func() error { return tx.CreateResourceGroup(ctx, newResourceGroup("rg1", "prod")) },
		func() error { return tx.CreateResourceGroup(ctx, newResourceGroup("rg2", "staging")) },
		func() error {
			return tx.AddResource(ctx, store.ResourceGroupMember{ResourceGroupID: "rg1", ResourceARN: "acs:oss:*:" + accountID + ":bucket/a"})
		},
		func() error {
			return tx.Attach(ctx, attachment(store.PolicyTypeSystem, "AliyunOSSFullAccess", store.PrincipalUser, "u1", ""))
		},
		func() error {
			return tx.Attach(ctx, attachment(store.PolicyTypeCustom, "ReadThings", store.PrincipalGroup, "g1", ""))
		},
		func() error {
			return tx.Attach(ctx, attachment(store.PolicyTypeCustom, "ReadThings", store.PrincipalRole, "r1", "rg1"))
		},
		func() error { return tx.CreateAccessKey(ctx, newAccessKey("k1", "u1")) },
		func() error { return tx.CreateAccessKey(ctx, newAccessKey("k0", "")) },
		func() error { return tx.CreateLoginProfile(ctx, newLoginProfile("u1")) },
		func() error {
			d := newMFADevice("alice")
			d.UserID, d.ActivateDate = "u1", at(4)
			return tx.CreateMFADevice(ctx, d)
		},
		func() error { return tx.CreateMFADevice(ctx, newMFADevice("spare")) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
