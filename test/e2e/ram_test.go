package e2e_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// trustAccount is a trust policy letting every identity of account assume the role (with
// sts:AssumeRole permission of its own).
func trustAccount(account string) string {
	return `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`
}

const readUsersPolicy = `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:Get*","ram:List*"],"Resource":"*"}]}`

// TestRAMActions drives every RAM action through the official SDK as the account's root, in
// the order an administrator would use them, and checks what each returns.
func TestRAMActions(t *testing.T) {
	s := startAPI(t)
	c := s.ramClient(t, s.root)

	t.Run("users", func(t *testing.T) {
		req := ram.CreateCreateUserRequest()
		req.UserName, req.DisplayName, req.Email, req.Comments = "alice", "Alice", "alice@example.com", "first user"
		u := call(t, c.CreateUser, req).User
		if u.UserName != "alice" || u.DisplayName != "Alice" || u.Email != "alice@example.com" || u.Comments != "first user" ||
			len(u.UserId) != 16 || u.CreateDate == "" {
			t.Errorf("CreateUser: %+v", u)
		}
		req = ram.CreateCreateUserRequest()
		req.UserName = "bob"
		call(t, c.CreateUser, req)

		get := ram.CreateGetUserRequest()
		get.UserName = "ALICE"
		if got := call(t, c.GetUser, get).User; got.UserId != u.UserId || got.UserName != "alice" {
			t.Errorf("GetUser: %+v", got)
		}
		upd := ram.CreateUpdateUserRequest()
		upd.UserName, upd.NewDisplayName = "alice", "Alice A."
		if got := call(t, c.UpdateUser, upd).User; got.DisplayName != "Alice A." {
			t.Errorf("UpdateUser: %+v", got)
		}

		list := ram.CreateListUsersRequest()
		list.MaxItems = requests.NewInteger(1)
		first := call(t, c.ListUsers, list)
		if !first.IsTruncated || first.Marker == "" || len(first.Users.User) != 1 || first.Users.User[0].UserName != "alice" {
			t.Fatalf("ListUsers page 1: %+v", first)
		}
		list = ram.CreateListUsersRequest()
		list.MaxItems, list.Marker = requests.NewInteger(1), first.Marker
		second := call(t, c.ListUsers, list)
		if second.IsTruncated || len(second.Users.User) != 1 || second.Users.User[0].UserName != "bob" {
			t.Errorf("ListUsers page 2: %+v", second)
		}
	})

	t.Run("groups", func(t *testing.T) {
		req := ram.CreateCreateGroupRequest()
		req.GroupName, req.Comments = "dev", "developers"
		if g := call(t, c.CreateGroup, req).Group; g.GroupName != "dev" || g.Comments != "developers" {
			t.Errorf("CreateGroup: %+v", g)
		}
		get := ram.CreateGetGroupRequest()
		get.GroupName = "dev"
		call(t, c.GetGroup, get)
		upd := ram.CreateUpdateGroupRequest()
		upd.GroupName, upd.NewComments = "dev", "all developers"
		if g := call(t, c.UpdateGroup, upd).Group; g.Comments != "all developers" {
			t.Errorf("UpdateGroup: %+v", g)
		}
		if gs := call(t, c.ListGroups, ram.CreateListGroupsRequest()).Groups.Group; len(gs) != 1 || gs[0].GroupName != "dev" {
			t.Errorf("ListGroups: %+v", gs)
		}
		add := ram.CreateAddUserToGroupRequest()
		add.UserName, add.GroupName = "alice", "dev"
		call(t, c.AddUserToGroup, add)
		lg := ram.CreateListGroupsForUserRequest()
		lg.UserName = "alice"
		if gs := call(t, c.ListGroupsForUser, lg).Groups.Group; len(gs) != 1 || gs[0].GroupName != "dev" || gs[0].JoinDate == "" {
			t.Errorf("ListGroupsForUser: %+v", gs)
		}
		lu := ram.CreateListUsersForGroupRequest()
		lu.GroupName = "dev"
		if us := call(t, c.ListUsersForGroup, lu).Users.User; len(us) != 1 || us[0].UserName != "alice" || us[0].JoinDate == "" {
			t.Errorf("ListUsersForGroup: %+v", us)
		}
	})

	t.Run("policies", func(t *testing.T) {
		req := ram.CreateCreatePolicyRequest()
		req.PolicyName, req.PolicyDocument, req.Description = "read-users", readUsersPolicy, "read RAM"
		if p := call(t, c.CreatePolicy, req).Policy; p.PolicyName != "read-users" || p.PolicyType != "Custom" || p.DefaultVersion != "v1" {
			t.Errorf("CreatePolicy: %+v", p)
		}
		get := ram.CreateGetPolicyRequest()
		get.PolicyName, get.PolicyType = "read-users", "Custom"
		gp := call(t, c.GetPolicy, get)
		if gp.Policy.Description != "read RAM" || gp.DefaultPolicyVersion.VersionId != "v1" || !gp.DefaultPolicyVersion.IsDefaultVersion ||
			gp.DefaultPolicyVersion.PolicyDocument != readUsersPolicy {
			t.Errorf("GetPolicy: %+v", gp)
		}
		upd := ram.CreateUpdatePolicyDescriptionRequest()
		upd.PolicyName, upd.NewDescription = "read-users", "read RAM users"
		if p := call(t, c.UpdatePolicyDescription, upd).Policy; p.Description != "read RAM users" {
			t.Errorf("UpdatePolicyDescription: %+v", p)
		}
		lp := ram.CreateListPoliciesRequest()
		lp.PolicyType = "Custom"
		if ps := call(t, c.ListPolicies, lp).Policies.Policy; len(ps) != 1 || ps[0].PolicyName != "read-users" {
			t.Errorf("ListPolicies Custom: %+v", ps)
		}
		lp = ram.CreateListPoliciesRequest()
		lp.PolicyType, lp.MaxItems = "System", requests.NewInteger(1000)
		if ps := call(t, c.ListPolicies, lp).Policies.Policy; len(ps) < 10 {
			t.Errorf("ListPolicies System: %d policies", len(ps))
		}

		cv := ram.CreateCreatePolicyVersionRequest()
		cv.PolicyName, cv.SetAsDefault = "read-users", requests.NewBoolean(true)
		cv.PolicyDocument = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}]}`
		if v := call(t, c.CreatePolicyVersion, cv).PolicyVersion; v.VersionId != "v2" || !v.IsDefaultVersion {
			t.Errorf("CreatePolicyVersion: %+v", v)
		}
		gv := ram.CreateGetPolicyVersionRequest()
		gv.PolicyName, gv.PolicyType, gv.VersionId = "read-users", "Custom", "v1"
		if v := call(t, c.GetPolicyVersion, gv).PolicyVersion; v.IsDefaultVersion || v.PolicyDocument != readUsersPolicy {
			t.Errorf("GetPolicyVersion v1: %+v", v)
		}
		lv := ram.CreateListPolicyVersionsRequest()
		lv.PolicyName, lv.PolicyType = "read-users", "Custom"
		if vs := call(t, c.ListPolicyVersions, lv).PolicyVersions.PolicyVersion; len(vs) != 2 {
			t.Errorf("ListPolicyVersions: %+v", vs)
		}
		sd := ram.CreateSetDefaultPolicyVersionRequest()
		sd.PolicyName, sd.VersionId = "read-users", "v1"
		call(t, c.SetDefaultPolicyVersion, sd)
		dv := ram.CreateDeletePolicyVersionRequest()
		dv.PolicyName, dv.VersionId = "read-users", "v2"
		call(t, c.DeletePolicyVersion, dv)
	})

	t.Run("attachments", func(t *testing.T) {
		au := ram.CreateAttachPolicyToUserRequest()
		au.PolicyType, au.PolicyName, au.UserName = "Custom", "read-users", "alice"
		call(t, c.AttachPolicyToUser, au)
		ag := ram.CreateAttachPolicyToGroupRequest()
		ag.PolicyType, ag.PolicyName, ag.GroupName = "System", "AliyunSTSAssumeRoleAccess", "dev"
		call(t, c.AttachPolicyToGroup, ag)

		lu := ram.CreateListPoliciesForUserRequest()
		lu.UserName = "alice"
		if ps := call(t, c.ListPoliciesForUser, lu).Policies.Policy; len(ps) != 1 || ps[0].PolicyName != "read-users" || ps[0].AttachDate == "" {
			t.Errorf("ListPoliciesForUser: %+v", ps)
		}
		lg := ram.CreateListPoliciesForGroupRequest()
		lg.GroupName = "dev"
		if ps := call(t, c.ListPoliciesForGroup, lg).Policies.Policy; len(ps) != 1 || ps[0].PolicyType != "System" {
			t.Errorf("ListPoliciesForGroup: %+v", ps)
		}
		le := ram.CreateListEntitiesForPolicyRequest()
		le.PolicyType, le.PolicyName = "Custom", "read-users"
		if e := call(t, c.ListEntitiesForPolicy, le); len(e.Users.User) != 1 || len(e.Groups.Group) != 0 || len(e.Roles.Role) != 0 {
			t.Errorf("ListEntitiesForPolicy: %+v", e)
		}
		dg := ram.CreateDetachPolicyFromGroupRequest()
		dg.PolicyType, dg.PolicyName, dg.GroupName = "System", "AliyunSTSAssumeRoleAccess", "dev"
		call(t, c.DetachPolicyFromGroup, dg)
	})

	var aliceKey credentials
	t.Run("access keys", func(t *testing.T) {
		ck := ram.CreateCreateAccessKeyRequest()
		ck.UserName = "alice"
		k := call(t, c.CreateAccessKey, ck).AccessKey
		if !strings.HasPrefix(k.AccessKeyId, "LTAI") || len(k.AccessKeySecret) != 30 || k.Status != "Active" {
			t.Fatalf("CreateAccessKey: %+v", k)
		}
		aliceKey = credentials{id: k.AccessKeyId, secret: k.AccessKeySecret}
		lk := ram.CreateListAccessKeysRequest()
		lk.UserName = "alice"
		if ks := call(t, c.ListAccessKeys, lk).AccessKeys.AccessKey; len(ks) != 1 || ks[0].AccessKeyId != k.AccessKeyId || ks[0].AccessKeySecret != "" {
			t.Errorf("ListAccessKeys: %+v", ks)
		}

		// Alice signs with her key; read-users lets her read.
		get := ram.CreateGetUserRequest()
		get.UserName = "bob"
		call(t, s.ramClient(t, aliceKey).GetUser, get)
		lu := ram.CreateGetAccessKeyLastUsedRequest()
		lu.UserName, lu.UserAccessKeyId = "alice", k.AccessKeyId
		if d := call(t, c.GetAccessKeyLastUsed, lu).AccessKeyLastUsed.LastUsedDate; d == "" {
			t.Error("GetAccessKeyLastUsed: no date after a signed request")
		}

		uk := ram.CreateUpdateAccessKeyRequest()
		uk.UserName, uk.UserAccessKeyId, uk.Status = "alice", k.AccessKeyId, "Inactive"
		call(t, c.UpdateAccessKey, uk)
		get = ram.CreateGetUserRequest()
		get.UserName = "bob"
		_, err := s.ramClient(t, aliceKey).GetUser(get)
		wantError(t, err, 403, "InvalidAccessKeyId.Inactive")
		uk.Status = "Active"
		uk.SetHTTPSInsecure(false)
		call(t, c.UpdateAccessKey, uk)
	})

	t.Run("login profiles", func(t *testing.T) {
		cp := ram.CreateCreateLoginProfileRequest()
		cp.UserName, cp.Password, cp.MFABindRequired = "alice", "Rampart-Passw0rd!", requests.NewBoolean(true)
		if p := call(t, c.CreateLoginProfile, cp).LoginProfile; p.UserName != "alice" || !p.MFABindRequired || p.PasswordResetRequired {
			t.Errorf("CreateLoginProfile: %+v", p)
		}
		up := ram.CreateUpdateLoginProfileRequest()
		up.UserName, up.PasswordResetRequired = "alice", requests.NewBoolean(true)
		call(t, c.UpdateLoginProfile, up)
		gp := ram.CreateGetLoginProfileRequest()
		gp.UserName = "alice"
		if p := call(t, c.GetLoginProfile, gp).LoginProfile; !p.PasswordResetRequired || !p.MFABindRequired {
			t.Errorf("GetLoginProfile after update: %+v", p)
		}
		// Alice changes her own password, signing with her own key.
		ch := ram.CreateChangePasswordRequest()
		ch.OldPassword, ch.NewPassword = "Rampart-Passw0rd!", "Rampart-Passw0rd!2"
		call(t, s.ramClient(t, aliceKey).ChangePassword, ch)
		ch = ram.CreateChangePasswordRequest()
		ch.OldPassword, ch.NewPassword = "wrong-Passw0rd!", "Rampart-Passw0rd!3"
		if _, err := s.ramClient(t, aliceKey).ChangePassword(ch); err == nil {
			t.Error("ChangePassword with a wrong old password succeeded")
		}
		dp := ram.CreateDeleteLoginProfileRequest()
		dp.UserName = "alice"
		call(t, c.DeleteLoginProfile, dp)
	})

	t.Run("MFA", func(t *testing.T) {
		cd := ram.CreateCreateVirtualMFADeviceRequest()
		cd.VirtualMFADeviceName = "alice-phone"
		d := call(t, c.CreateVirtualMFADevice, cd).VirtualMFADevice
		png, err := base64.StdEncoding.DecodeString(d.QRCodePNG)
		if d.SerialNumber == "" || d.Base32StringSeed == "" || err != nil || !strings.HasPrefix(string(png), "\x89PNG") {
			t.Fatalf("CreateVirtualMFADevice: serial %q, seed %q, QR code %.20q (%v)", d.SerialNumber, d.Base32StringSeed, png, err)
		}
		now := time.Now()
		bind := ram.CreateBindMFADeviceRequest()
		bind.UserName, bind.SerialNumber = "alice", d.SerialNumber
		bind.AuthenticationCode1 = totpCode(t, d.Base32StringSeed, now.Add(-30*time.Second))
		bind.AuthenticationCode2 = totpCode(t, d.Base32StringSeed, now)
		call(t, c.BindMFADevice, bind)
		gi := ram.CreateGetUserMFAInfoRequest()
		gi.UserName = "alice"
		if m := call(t, c.GetUserMFAInfo, gi).MFADevice; m.SerialNumber != d.SerialNumber {
			t.Errorf("GetUserMFAInfo: %+v", m)
		}
		ds := call(t, c.ListVirtualMFADevices, ram.CreateListVirtualMFADevicesRequest()).VirtualMFADevices.VirtualMFADevice
		if len(ds) != 1 || ds[0].User.UserName != "alice" || ds[0].ActivateDate == "" || ds[0].Base32StringSeed != "" {
			t.Errorf("ListVirtualMFADevices: %+v", ds)
		}
		ub := ram.CreateUnbindMFADeviceRequest()
		ub.UserName = "alice"
		if m := call(t, c.UnbindMFADevice, ub).MFADevice; m.SerialNumber != d.SerialNumber {
			t.Errorf("UnbindMFADevice: %+v", m)
		}
		dd := ram.CreateDeleteVirtualMFADeviceRequest()
		dd.SerialNumber = d.SerialNumber
		call(t, c.DeleteVirtualMFADevice, dd)
	})

	t.Run("roles", func(t *testing.T) {
		cr := ram.CreateCreateRoleRequest()
		cr.RoleName, cr.AssumeRolePolicyDocument, cr.Description = "admin", trustAccount(s.account), "administrators"
		cr.MaxSessionDuration = requests.NewInteger(7200)
		r := call(t, c.CreateRole, cr).Role
		if r.RoleName != "admin" || r.Arn != "acs:ram::"+s.account+":role/admin" || r.MaxSessionDuration != 7200 ||
			r.AssumeRolePolicyDocument != trustAccount(s.account) || len(r.RoleId) != 16 {
			t.Errorf("CreateRole: %+v", r)
		}
		gr := ram.CreateGetRoleRequest()
		gr.RoleName = "admin"
		if got := call(t, c.GetRole, gr).Role; got.RoleId != r.RoleId || got.Description != "administrators" {
			t.Errorf("GetRole: %+v", got)
		}
		ur := ram.CreateUpdateRoleRequest()
		ur.RoleName, ur.NewDescription, ur.NewMaxSessionDuration = "admin", "admins", requests.NewInteger(3600)
		if got := call(t, c.UpdateRole, ur).Role; got.Description != "admins" || got.MaxSessionDuration != 3600 {
			t.Errorf("UpdateRole: %+v", got)
		}
		if rs := call(t, c.ListRoles, ram.CreateListRolesRequest()).Roles.Role; len(rs) != 1 || rs[0].RoleName != "admin" {
			t.Errorf("ListRoles: %+v", rs)
		}
		ap := ram.CreateAttachPolicyToRoleRequest()
		ap.PolicyType, ap.PolicyName, ap.RoleName = "System", "AdministratorAccess", "admin"
		call(t, c.AttachPolicyToRole, ap)
		lp := ram.CreateListPoliciesForRoleRequest()
		lp.RoleName = "admin"
		if ps := call(t, c.ListPoliciesForRole, lp).Policies.Policy; len(ps) != 1 || ps[0].PolicyName != "AdministratorAccess" {
			t.Errorf("ListPoliciesForRole: %+v", ps)
		}
		le := ram.CreateListEntitiesForPolicyRequest()
		le.PolicyType, le.PolicyName = "System", "AdministratorAccess"
		if rs := call(t, c.ListEntitiesForPolicy, le).Roles.Role; len(rs) != 1 || rs[0].RoleName != "admin" || rs[0].AttachDate == "" {
			t.Errorf("ListEntitiesForPolicy roles: %+v", rs)
		}
		dr := ram.CreateDeleteRoleRequest()
		dr.RoleName = "admin"
		_, err := c.DeleteRole(dr)
		wantError(t, err, 409, "DeleteConflict.Role.Policy")
		dp := ram.CreateDetachPolicyFromRoleRequest()
		dp.PolicyType, dp.PolicyName, dp.RoleName = "System", "AdministratorAccess", "admin"
		call(t, c.DetachPolicyFromRole, dp)
		call(t, c.DeleteRole, dr)
	})

	t.Run("account", func(t *testing.T) {
		sp := ram.CreateSetPasswordPolicyRequest()
		sp.MinimumPasswordLength, sp.RequireNumbers, sp.MaxLoginAttemps = requests.NewInteger(12), requests.NewBoolean(true), requests.NewInteger(5)
		if p := call(t, c.SetPasswordPolicy, sp).PasswordPolicy; p.MinimumPasswordLength != 12 || !p.RequireNumbers || p.MaxLoginAttemps != 5 {
			t.Errorf("SetPasswordPolicy: %+v", p)
		}
		if p := call(t, c.GetPasswordPolicy, ram.CreateGetPasswordPolicyRequest()).PasswordPolicy; p.MinimumPasswordLength != 12 || p.MaxLoginAttemps != 5 {
			t.Errorf("GetPasswordPolicy: %+v", p)
		}
		ss := ram.CreateSetSecurityPreferenceRequest()
		ss.AllowUserToManageAccessKeys, ss.LoginSessionDuration = requests.NewBoolean(false), requests.NewInteger(4)
		if p := call(t, c.SetSecurityPreference, ss).SecurityPreference; p.AccessKeyPreference.AllowUserToManageAccessKeys ||
			p.LoginProfilePreference.LoginSessionDuration != 4 {
			t.Errorf("SetSecurityPreference: %+v", p)
		}
		if p := call(t, c.GetSecurityPreference, ram.CreateGetSecurityPreferenceRequest()).SecurityPreference; p.LoginProfilePreference.LoginSessionDuration != 4 {
			t.Errorf("GetSecurityPreference: %+v", p)
		}
		sa := ram.CreateSetAccountAliasRequest()
		sa.AccountAlias = "rampart-e2e"
		call(t, c.SetAccountAlias, sa)
		if a := call(t, c.GetAccountAlias, ram.CreateGetAccountAliasRequest()).AccountAlias; a != "rampart-e2e" {
			t.Errorf("GetAccountAlias = %q", a)
		}
		call(t, c.ClearAccountAlias, ram.CreateClearAccountAliasRequest())
		if a := call(t, c.GetAccountAlias, ram.CreateGetAccountAliasRequest()).AccountAlias; a != "" {
			t.Errorf("GetAccountAlias after ClearAccountAlias = %q", a)
		}
	})

	t.Run("clean up", func(t *testing.T) {
		// A user with a key, a group and a policy cannot be deleted.
		du := ram.CreateDeleteUserRequest()
		du.UserName = "alice"
		_, err := c.DeleteUser(du)
		if se := wantErrorStatus(t, err, 409); !strings.HasPrefix(se.ErrorCode(), "DeleteConflict.User.") {
			t.Errorf("DeleteUser of a user still in use: %s", se.ErrorCode())
		}

		dk := ram.CreateDeleteAccessKeyRequest()
		dk.UserName, dk.UserAccessKeyId = "alice", aliceKey.id
		call(t, c.DeleteAccessKey, dk)
		rm := ram.CreateRemoveUserFromGroupRequest()
		rm.UserName, rm.GroupName = "alice", "dev"
		call(t, c.RemoveUserFromGroup, rm)
		dp := ram.CreateDetachPolicyFromUserRequest()
		dp.PolicyType, dp.PolicyName, dp.UserName = "Custom", "read-users", "alice"
		call(t, c.DetachPolicyFromUser, dp)
		call(t, c.DeleteUser, du)
		dg := ram.CreateDeleteGroupRequest()
		dg.GroupName = "dev"
		call(t, c.DeleteGroup, dg)
		dpol := ram.CreateDeletePolicyRequest()
		dpol.PolicyName = "read-users"
		call(t, c.DeletePolicy, dpol)

		get := ram.CreateGetUserRequest()
		get.UserName = "alice"
		_, err = c.GetUser(get)
		wantError(t, err, 404, "EntityNotExist.User")
	})
}
