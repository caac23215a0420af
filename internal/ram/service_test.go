package ram_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestNewChecksItsDependencies(t *testing.T) {
	if _, err := ram.New(nil, nil, nil, nil, nil, nil, nil, ram.DefaultLimits()); err == nil {
		t.Error("New without dependencies succeeded")
	}
	if err := ram.DefaultLimits().Validate(); err != nil {
		t.Errorf("DefaultLimits: %v", err)
	}
	bad := ram.DefaultLimits()
	bad.Users, bad.MFADevicesPerUser, bad.PolicyVersions = 0, 2, 1
	err := bad.Validate()
	for _, want := range []string{"Users", "MFADevicesPerUser", "PolicyVersions"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate of bad limits = %v, want it to name %s", err, want)
		}
	}
}

// failingSync is a snapshot source whose Sync fails: the node cannot catch up with a write.
type failingSync struct{ ram.Snapshots }

func (failingSync) Sync(context.Context, store.Revision) error {
	return errors.New("snapshot rebuild failed")
}

// TestSyncFailure: a committed write whose snapshot cannot follow is reported as
// ServiceUnavailable, not as a failure after which nothing changed.
func TestSyncFailure(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := t.Context()
		cat, err := catalog.Load()
		if err != nil {
			t.Fatal(err)
		}
		box, _ := secrets.NewBox(mustKey(t))
		hasher, _ := secrets.NewPasswordHasher(secrets.TestPasswordParams(), 1, nil)
		svc, err := ram.New(e.Store, failingSync{e.Snaps}, cat, box, hasher, secrets.NewIDGen(nil), e.clock, ram.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.CreateUser(ctx, e.root, ram.CreateUserInput{UserName: "alice"})
		if errs.KindOf(err) != errs.Unavailable {
			t.Errorf("CreateUser with a failing Sync: %v, want Unavailable", err)
		}
		wantCode(t, "CreateUser with a failing Sync", err, "ServiceUnavailable")
		if _, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil {
			t.Errorf("the committed user is missing: %v", err)
		}
	})
}

func mustKey(t *testing.T) secrets.MasterKey {
	t.Helper()
	k, err := secrets.GenerateMasterKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestConcurrentQuota: the quota is checked inside the transaction, so concurrent creations
// cannot overshoot it.
func TestConcurrentQuota(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		limits := ram.DefaultLimits()
		limits.Users = 5
		e := newEnvWith(t, b, limits)
		const callers = 12
		var wg sync.WaitGroup
		codes := make([]string, callers)
		for i := range callers {
			wg.Go(func() {
				_, err := e.svc.CreateUser(t.Context(), e.root, ram.CreateUserInput{UserName: "u" + string(rune('a'+i))})
				if err != nil {
					codes[i] = errs.CodeOf(err)
				}
			})
		}
		wg.Wait()
		created, limited := 0, 0
		for _, c := range codes {
			switch c {
			case "":
				created++
			case "LimitExceeded.User":
				limited++
			default:
				t.Errorf("unexpected error code %s", c)
			}
		}
		if created != 5 || limited != callers-5 {
			t.Errorf("%d created and %d refused, want 5 and %d", created, limited, callers-5)
		}
	})
}

// TestEveryMutationIsAudited runs each mutating operation once and checks that its audit record,
// with the request ID, the caller and the result, was written with it.
func TestEveryMutationIsAudited(t *testing.T) { forEachBackend(t, testEveryMutationIsAudited) }

func testEveryMutationIsAudited(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	root := e.root
	var key ram.AccessKey
	var dev ram.NewVirtualMFADevice
	var rg ram.ResourceGroup
	yes := true
	steps := []struct {
		action string
		run    func(id string) error
	}{
		{"ram:CreateUser", func(id string) error {
			_, err := e.svc.CreateUser(ctx, root, ram.CreateUserInput{RequestID: id, UserName: "alice"})
			return err
		}},
		{"ram:UpdateUser", func(id string) error {
			_, err := e.svc.UpdateUser(ctx, root, ram.UpdateUserInput{RequestID: id, UserName: "alice", NewComments: "c"})
			return err
		}},
		{"ram:CreateGroup", func(id string) error {
			_, err := e.svc.CreateGroup(ctx, root, ram.CreateGroupInput{RequestID: id, GroupName: "devs"})
			return err
		}},
		{"ram:UpdateGroup", func(id string) error {
			_, err := e.svc.UpdateGroup(ctx, root, ram.UpdateGroupInput{RequestID: id, GroupName: "devs", NewComments: "c"})
			return err
		}},
		{"ram:AddUserToGroup", func(id string) error {
			return e.svc.AddUserToGroup(ctx, root, ram.MembershipInput{RequestID: id, GroupName: "devs", UserName: "alice"})
		}},
		{"ram:RemoveUserFromGroup", func(id string) error {
			return e.svc.RemoveUserFromGroup(ctx, root, ram.MembershipInput{RequestID: id, GroupName: "devs", UserName: "alice"})
		}},
		{"ram:CreateRole", func(id string) error {
			_, err := e.svc.CreateRole(ctx, root, ram.CreateRoleInput{RequestID: id, RoleName: "ops", AssumeRolePolicyDocument: trustRoot(e.account)})
			return err
		}},
		{"ram:UpdateRole", func(id string) error {
			_, err := e.svc.UpdateRole(ctx, root, ram.UpdateRoleInput{RequestID: id, RoleName: "ops", NewDescription: "d"})
			return err
		}},
		{"ram:CreatePolicy", func(id string) error {
			_, err := e.svc.CreatePolicy(ctx, root, ram.CreatePolicyInput{RequestID: id, PolicyName: "P", PolicyDocument: readUsers})
			return err
		}},
		{"ram:UpdatePolicyDescription", func(id string) error {
			_, err := e.svc.UpdatePolicyDescription(ctx, root, ram.UpdatePolicyDescriptionInput{RequestID: id, PolicyName: "P", NewDescription: "d"})
			return err
		}},
		{"ram:CreatePolicyVersion", func(id string) error {
			_, err := e.svc.CreatePolicyVersion(ctx, root, ram.CreatePolicyVersionInput{RequestID: id, PolicyName: "P", PolicyDocument: readUsers})
			return err
		}},
		{"ram:SetDefaultPolicyVersion", func(id string) error {
			return e.svc.SetDefaultPolicyVersion(ctx, root, ram.CustomPolicyVersionInput{RequestID: id, PolicyName: "P", VersionID: "v2"})
		}},
		{"ram:DeletePolicyVersion", func(id string) error {
			return e.svc.DeletePolicyVersion(ctx, root, ram.CustomPolicyVersionInput{RequestID: id, PolicyName: "P", VersionID: "v1"})
		}},
		{"ram:AttachPolicyToUser", func(id string) error {
			return e.svc.AttachPolicyToUser(ctx, root, ram.AttachmentInput{RequestID: id, PolicyType: "Custom", PolicyName: "P", PrincipalName: "alice"})
		}},
		{"ram:DetachPolicyFromUser", func(id string) error {
			return e.svc.DetachPolicyFromUser(ctx, root, ram.AttachmentInput{RequestID: id, PolicyType: "Custom", PolicyName: "P", PrincipalName: "alice"})
		}},
		{"ram:AttachPolicyToGroup", func(id string) error {
			return e.svc.AttachPolicyToGroup(ctx, root, ram.AttachmentInput{RequestID: id, PolicyType: "Custom", PolicyName: "P", PrincipalName: "devs"})
		}},
		{"ram:DetachPolicyFromGroup", func(id string) error {
			return e.svc.DetachPolicyFromGroup(ctx, root, ram.AttachmentInput{RequestID: id, PolicyType: "Custom", PolicyName: "P", PrincipalName: "devs"})
		}},
		{"ram:AttachPolicyToRole", func(id string) error {
			return e.svc.AttachPolicyToRole(ctx, root, ram.AttachmentInput{RequestID: id, PolicyType: "Custom", PolicyName: "P", PrincipalName: "ops"})
		}},
		{"ram:DetachPolicyFromRole", func(id string) error {
			return e.svc.DetachPolicyFromRole(ctx, root, ram.AttachmentInput{RequestID: id, PolicyType: "Custom", PolicyName: "P", PrincipalName: "ops"})
		}},
		{"ram:CreateAccessKey", func(id string) (err error) {
			key, err = e.svc.CreateAccessKey(ctx, root, ram.UserInput{RequestID: id, UserName: "alice"})
			return err
		}},
		{"ram:UpdateAccessKey", func(id string) error {
			return e.svc.UpdateAccessKey(ctx, root, ram.UpdateAccessKeyInput{RequestID: id, UserName: "alice", UserAccessKeyID: key.ID, Status: "Inactive"})
		}},
		{"ram:DeleteAccessKey", func(id string) error {
			return e.svc.DeleteAccessKey(ctx, root, ram.AccessKeyInput{RequestID: id, UserName: "alice", UserAccessKeyID: key.ID})
		}},
		{"ram:CreateLoginProfile", func(id string) error {
			_, err := e.svc.CreateLoginProfile(ctx, root, ram.CreateLoginProfileInput{RequestID: id, UserName: "alice", Password: "Start-Pa55word"})
			return err
		}},
		{"ram:UpdateLoginProfile", func(id string) error {
			return e.svc.UpdateLoginProfile(ctx, root, ram.UpdateLoginProfileInput{RequestID: id, UserName: "alice", MFABindRequired: &yes})
		}},
		{"ram:ChangePassword", func(id string) error {
			return e.svc.ChangePassword(ctx, e.user("alice"), ram.ChangePasswordInput{RequestID: id, OldPassword: "Start-Pa55word", NewPassword: "Next-Pa55word"})
		}},
		{"ram:DeleteLoginProfile", func(id string) error {
			return e.svc.DeleteLoginProfile(ctx, root, ram.UserInput{RequestID: id, UserName: "alice"})
		}},
		{"ram:CreateVirtualMFADevice", func(id string) (err error) {
			dev, err = e.svc.CreateVirtualMFADevice(ctx, root, ram.CreateVirtualMFADeviceInput{RequestID: id, VirtualMFADeviceName: "d"})
			return err
		}},
		{"ram:BindMFADevice", func(id string) error {
			prev, cur := e.codes(dev.Base32StringSeed)
			return e.svc.BindMFADevice(ctx, root, ram.BindMFADeviceInput{RequestID: id, UserName: "alice", SerialNumber: dev.SerialNumber, AuthenticationCode1: prev, AuthenticationCode2: cur})
		}},
		{"ram:UnbindMFADevice", func(id string) error {
			_, err := e.svc.UnbindMFADevice(ctx, root, ram.UserInput{RequestID: id, UserName: "alice"})
			return err
		}},
		{"ram:DeleteVirtualMFADevice", func(id string) error {
			return e.svc.DeleteVirtualMFADevice(ctx, root, ram.MFADeviceInput{RequestID: id, SerialNumber: dev.SerialNumber})
		}},
		{"ram:SetPasswordPolicy", func(id string) error {
			_, err := e.svc.SetPasswordPolicy(ctx, root, ram.SetPasswordPolicyInput{RequestID: id})
			return err
		}},
		{"ram:SetSecurityPreference", func(id string) error {
			_, err := e.svc.SetSecurityPreference(ctx, root, ram.SetSecurityPreferenceInput{RequestID: id, EnableSaveMFATicket: &yes})
			return err
		}},
		{"ram:SetAccountAlias", func(id string) error {
			return e.svc.SetAccountAlias(ctx, root, ram.AccountAliasInput{RequestID: id, AccountAlias: "acme"})
		}},
		{"ram:ClearAccountAlias", func(id string) error { return e.svc.ClearAccountAlias(ctx, root, ram.Request{RequestID: id}) }},
		{"ram:CreateResourceGroup", func(id string) (err error) {
			rg, err = e.svc.CreateResourceGroup(ctx, root, ram.CreateResourceGroupInput{RequestID: id, Name: "prod"})
			return err
		}},
		{"ram:UpdateResourceGroup", func(id string) error {
			_, err := e.svc.UpdateResourceGroup(ctx, root, ram.UpdateResourceGroupInput{RequestID: id, ResourceGroupID: rg.ID, NewDisplayName: "Prod"})
			return err
		}},
		{"ram:AttachPolicy", func(id string) error {
			return e.svc.AttachPolicy(ctx, root, ram.PolicyAttachmentInput{RequestID: id, ResourceGroupID: rg.ID, PolicyType: "Custom", PolicyName: "P",
				PrincipalType: "IMSUser", PrincipalName: "alice@" + e.account + ".onaliyun.com"})
		}},
		{"ram:DetachPolicy", func(id string) error {
			return e.svc.DetachPolicy(ctx, root, ram.PolicyAttachmentInput{RequestID: id, ResourceGroupID: rg.ID, PolicyType: "Custom", PolicyName: "P",
				PrincipalType: "IMSUser", PrincipalName: "alice@" + e.account + ".onaliyun.com"})
		}},
		{"ram:DeleteResourceGroup", func(id string) error {
			_, err := e.svc.DeleteResourceGroup(ctx, root, ram.ResourceGroupInput{RequestID: id, ResourceGroupID: rg.ID})
			return err
		}},
		{"ram:DeletePolicy", func(id string) error {
			return e.svc.DeletePolicy(ctx, root, ram.DeletePolicyInput{RequestID: id, PolicyName: "P"})
		}},
		{"ram:DeleteRole", func(id string) error {
			return e.svc.DeleteRole(ctx, root, ram.RoleInput{RequestID: id, RoleName: "ops"})
		}},
		{"ram:DeleteGroup", func(id string) error {
			return e.svc.DeleteGroup(ctx, root, ram.GroupInput{RequestID: id, GroupName: "devs"})
		}},
		{"ram:DeleteUser", func(id string) error {
			return e.svc.DeleteUser(ctx, root, ram.UserInput{RequestID: id, UserName: "alice"})
		}},
	}
	for i, st := range steps {
		e.advance(time.Minute) // fresh TOTP steps, distinct times
		id := "req-" + st.action
		before := e.revision()
		if err := st.run(id); err != nil {
			t.Fatalf("step %d, %s: %v", i, st.action, err)
		}
		if e.revision() == before {
			t.Errorf("%s did not move the revision", st.action)
		}
		recs := e.audit(store.AuditQuery{Limit: 1})
		if len(recs) != 1 || recs[0].Action != st.action || recs[0].RequestID != id || recs[0].Result != "Success" ||
			recs[0].Target == "" || recs[0].PrincipalARN == "" || !recs[0].Time.Equal(e.clock()) {
			t.Errorf("after %s the newest audit record is %+v", st.action, recs)
		}
	}
}
