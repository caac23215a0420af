package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/resourcemanager"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"

	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

// badInput is one invalid request: the action it calls, the error it must get (status 0: any
// 4xx; code "": any, "X*": any code starting with X) and the call itself.
type badInput struct {
	action string
	what   string
	status int
	code   string
	call   func() error
}

// errOf drops a response, keeping the error.
func errOf[R any](_ R, err error) error { return err }

// TestBadInputChangesNothing sends invalid input to every write action of RAM, STS, Resource
// Manager and AIWorkspace through the official SDK, on an account with something of every kind
// in it, and checks each refusal: a 4xx ServerError with a Code, a Message and a RequestId (RAM's
// documented code where shared/reference/ram.md gives one), and nothing changed: the same store
// revision, no new success record in the audit trail, and the same answers from the List/Get
// calls. The multi-step calls (a new default version with rotation, an update of several
// fields, a batch of members or resources) fail in a later step than the first.
func TestBadInputChangesNothing(t *testing.T) {
	s := startAPI(t)
	c := s.ramClient(t, s.root)
	rm := s.rmClient(t, s.root)
	pai := s.paiClient(t, s.root)

	// The account: users, groups, roles, policies with versions, attachments at both scopes,
	// a login profile, keys, an MFA device, a password policy, an alias, a workspace.
	cu := func(name string) {
		r := ram.CreateCreateUserRequest()
		r.UserName = name
		call(t, c.CreateUser, r)
	}
	cu("alice")
	cu("bob")
	var aliceKeys []credentials
	for range 2 {
		r := ram.CreateCreateAccessKeyRequest()
		r.UserName = "alice"
		k := call(t, c.CreateAccessKey, r).AccessKey
		aliceKeys = append(aliceKeys, credentials{id: k.AccessKeyId, secret: k.AccessKeySecret})
	}
	_, carolKey := newUserWithKey(t, s, "carol")
	attach(t, s, "System", "AliyunSTSAssumeRoleAccess", "carol")
	lp := ram.CreateCreateLoginProfileRequest()
	lp.UserName, lp.Password = "alice", "Rampart-Passw0rd!"
	call(t, c.CreateLoginProfile, lp)
	pp := ram.CreateSetPasswordPolicyRequest()
	pp.MinimumPasswordLength = requests.NewInteger(12)
	call(t, c.SetPasswordPolicy, pp)
	al := ram.CreateSetAccountAliasRequest()
	al.AccountAlias = "acme-corp"
	call(t, c.SetAccountAlias, al)

	groups := []string{"dev"}
	for i := range 9 {
		groups = append(groups, fmt.Sprintf("g%d", i))
	}
	for _, g := range append(groups, "ops") {
		r := ram.CreateCreateGroupRequest()
		r.GroupName = g
		call(t, c.CreateGroup, r)
	}
	for _, g := range groups { // alice is in as many groups as a user may join
		r := ram.CreateAddUserToGroupRequest()
		r.GroupName, r.UserName = g, "alice"
		call(t, c.AddUserToGroup, r)
	}
	ag := ram.CreateAttachPolicyToGroupRequest()
	ag.PolicyType, ag.PolicyName, ag.GroupName = "System", "AliyunRAMReadOnlyAccess", "dev"
	call(t, c.AttachPolicyToGroup, ag)

	const doc = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get*","Resource":"*"}]}`
	createPolicy(t, s, "p1", doc)
	for range 4 { // p1 has as many versions as a policy may keep
		r := ram.CreateCreatePolicyVersionRequest()
		r.PolicyName, r.PolicyDocument, r.SetAsDefault = "p1", doc, requests.NewBoolean(true)
		call(t, c.CreatePolicyVersion, r)
	}
	attach(t, s, "Custom", "p1", "alice")
	createPolicy(t, s, "p3", doc) // unattached, with a second version
	pv := ram.CreateCreatePolicyVersionRequest()
	pv.PolicyName, pv.PolicyDocument = "p3", doc
	call(t, c.CreatePolicyVersion, pv)

	cr := ram.CreateCreateRoleRequest()
	cr.RoleName, cr.AssumeRolePolicyDocument = "r1", trustAccount(s.account)
	call(t, c.CreateRole, cr)
	for i := range 10 { // r1 has as many custom policies as a role may
		name := fmt.Sprintf("c%d", i)
		createPolicy(t, s, name, doc)
		r := ram.CreateAttachPolicyToRoleRequest()
		r.PolicyType, r.PolicyName, r.RoleName = "Custom", name, "r1"
		call(t, c.AttachPolicyToRole, r)
	}

	mfa := func(name string) ram.VirtualMFADevice {
		r := ram.CreateCreateVirtualMFADeviceRequest()
		r.VirtualMFADeviceName = name
		return call(t, c.CreateVirtualMFADevice, r).VirtualMFADevice
	}
	bound, spare := mfa("alice-phone"), mfa("spare")
	now := time.Now()
	bind := ram.CreateBindMFADeviceRequest()
	bind.UserName, bind.SerialNumber = "alice", bound.SerialNumber
	bind.AuthenticationCode1 = totpCode(t, bound.Base32StringSeed, now.Add(-30*time.Second))
	bind.AuthenticationCode2 = totpCode(t, bound.Base32StringSeed, now)
	call(t, c.BindMFADevice, bind)

	crg := resourcemanager.CreateCreateResourceGroupRequest()
	crg.Name, crg.DisplayName = "team-a", "Team A"
	rg := call(t, rm.CreateResourceGroup, crg).ResourceGroup.Id
	bobPrincipal := "bob@" + s.account + ".onaliyun.com"
	rap := resourcemanager.CreateAttachPolicyRequest()
	rap.ResourceGroupId, rap.PolicyType, rap.PolicyName = rg, "System", "AliyunRAMReadOnlyAccess"
	rap.PrincipalType, rap.PrincipalName = "IMSUser", bobPrincipal
	call(t, rm.AttachPolicy, rap)

	ws := createWorkspace(t, s, s.root, "ml_team")
	aliceID, bobID := userID(t, s, "alice"), userID(t, s, "bob")
	addMember(t, s, s.root, ws, aliceID, "PAI.AlgoDeveloper")
	mc := func(name, group string) map[string]any {
		return map[string]any{"Name": name, "GroupName": group, "ResourceType": "MaxCompute", "EnvType": "prod", "IsDefault": true,
			"Spec": map[string]any{"odpsProject": name}}
	}
	cwr := aiworkspace.CreateCreateWorkspaceResourceRequest()
	cwr.WorkspaceId = ws
	cwr.Body = mustJSON(t, map[string]any{"Option": "CreateAndAttach", "Resources": []map[string]any{mc("proj", "grp")}})
	call(t, pai.CreateWorkspaceResource, cwr)

	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(s.data, "rampart.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snap := func() string { return accountState(t, s, db, ws, rg) }

	long := func(n int) string { return strings.Repeat("a", n) }
	malformed := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get*","Resource":"*"}`
	badGrammar := `{"Version":"1","Statement":[{"Effect":"Alow","Action":"ram:Get*","Resource":"*"}]}`
	tooLong := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get*","Resource":"*","Sid":"` + long(6200) + `"}]}`
	memberID := ws + "-" + aliceID

	var cases []badInput
	add := func(action, what string, status int, code string, f func() error) {
		cases = append(cases, badInput{action, what, status, code, f})
	}

	// Users.
	user := func(name, display, email, phone, comments string) func() error {
		return func() error {
			r := ram.CreateCreateUserRequest()
			r.UserName, r.DisplayName, r.Email, r.MobilePhone, r.Comments = name, display, email, phone, comments
			return errOf(c.CreateUser(r))
		}
	}
	add("CreateUser", "name too long", 400, "InvalidParameter.UserName.Length", user(long(65), "", "", "", ""))
	add("CreateUser", "bad character", 400, "InvalidParameter.UserName.InvalidChars", user("a b", "", "", "", ""))
	add("CreateUser", "non-ASCII", 400, "InvalidParameter.UserName.InvalidChars", user("ålice", "", "", "", ""))
	add("CreateUser", "no name", 400, "MissingParameter", user("", "", "", "", ""))
	add("CreateUser", "exists", 409, "EntityAlreadyExists.User", user("ALICE", "", "", "", ""))
	add("CreateUser", "display name too long", 400, "InvalidParameter.DisplayName.Length", user("dave", long(129), "", "", ""))
	add("CreateUser", "bad email", 400, "InvalidParameter.Email.Format", user("dave", "", "nope", "", ""))
	add("CreateUser", "bad phone", 400, "InvalidParameter.MobilePhone.Format", user("dave", "", "", "12x", ""))
	add("CreateUser", "comments too long", 400, "InvalidParameter.Comments.Length", user("dave", "", "", "", long(129)))
	updUser := func(name, newName, display, email, comments string) func() error {
		return func() error {
			r := ram.CreateUpdateUserRequest()
			r.UserName, r.NewUserName, r.NewDisplayName, r.NewEmail, r.NewComments = name, newName, display, email, comments
			return errOf(c.UpdateUser(r))
		}
	}
	add("UpdateUser", "no such user", 404, "EntityNotExist.User", updUser("nobody", "", "X", "", ""))
	add("UpdateUser", "no name", 400, "MissingParameter", updUser("", "", "X", "", ""))
	add("UpdateUser", "bad new name", 400, "InvalidParameter.NewUserName.InvalidChars", updUser("bob", "b b", "", "", ""))
	add("UpdateUser", "new name taken", 409, "EntityAlreadyExists.User", updUser("bob", "alice", "", "", ""))
	add("UpdateUser", "good name, bad email", 400, "InvalidParameter.NewEmail.Format", updUser("bob", "bobby", "Bobby", "nope", ""))
	add("UpdateUser", "good name, long display name", 400, "InvalidParameter.NewDisplayName.Length", updUser("bob", "bobby", long(129), "", ""))
	add("UpdateUser", "renaming a user with things, bad email", 400, "InvalidParameter.NewEmail.Format", updUser("alice", "alicia", "", "nope", ""))
	add("UpdateUser", "good name, long comments", 400, "InvalidParameter.NewComments.Length", updUser("bob", "bobby", "", "", long(129)))
	delUser := func(name string) func() error {
		return func() error {
			r := ram.CreateDeleteUserRequest()
			r.UserName = name
			return errOf(c.DeleteUser(r))
		}
	}
	add("DeleteUser", "no such user", 404, "EntityNotExist.User", delUser("nobody"))
	add("DeleteUser", "still has things", 409, "DeleteConflict.User.*", delUser("alice"))

	// Login profiles and passwords.
	createLP := func(name, password string) func() error {
		return func() error {
			r := ram.CreateCreateLoginProfileRequest()
			r.UserName, r.Password, r.MFABindRequired = name, password, requests.NewBoolean(true)
			return errOf(c.CreateLoginProfile(r))
		}
	}
	add("CreateLoginProfile", "weak password", 400, "InvalidParameter.Password.TooWeak", createLP("bob", "short"))
	add("CreateLoginProfile", "no password", 400, "MissingParameter", createLP("bob", ""))
	add("CreateLoginProfile", "exists", 409, "EntityAlreadyExists.User.LoginProfile", createLP("alice", "Rampart-Passw0rd!9"))
	add("CreateLoginProfile", "no such user", 404, "EntityNotExist.User", createLP("nobody", "Rampart-Passw0rd!9"))
	updLP := func(name, password string) func() error {
		return func() error {
			r := ram.CreateUpdateLoginProfileRequest()
			r.UserName, r.Password = name, password
			r.MFABindRequired, r.PasswordResetRequired = requests.NewBoolean(true), requests.NewBoolean(true)
			return errOf(c.UpdateLoginProfile(r))
		}
	}
	add("UpdateLoginProfile", "no profile", 404, "EntityNotExist.User.LoginProfile", updLP("bob", "Rampart-Passw0rd!9"))
	add("UpdateLoginProfile", "flags and a weak password", 400, "InvalidParameter.Password.TooWeak", updLP("alice", "short"))
	add("DeleteLoginProfile", "no profile", 404, "EntityNotExist.User.LoginProfile", func() error {
		r := ram.CreateDeleteLoginProfileRequest()
		r.UserName = "bob"
		return errOf(c.DeleteLoginProfile(r))
	})
	changePW := func(old, new string) func() error {
		return func() error {
			r := ram.CreateChangePasswordRequest()
			r.OldPassword, r.NewPassword = old, new
			return errOf(s.ramClient(t, aliceKeys[0]).ChangePassword(r))
		}
	}
	add("ChangePassword", "weak new password", 400, "InvalidParameter.Password.TooWeak", changePW("Rampart-Passw0rd!", "short"))
	add("ChangePassword", "wrong old password", 0, "", changePW("Wrong-Passw0rd!", "Rampart-Passw0rd!9"))
	add("ChangePassword", "no new password", 400, "MissingParameter", changePW("Rampart-Passw0rd!", ""))

	// AccessKeys.
	add("CreateAccessKey", "limit", 409, "LimitExceeded.User.AccessKey", func() error {
		r := ram.CreateCreateAccessKeyRequest()
		r.UserName = "alice"
		return errOf(c.CreateAccessKey(r))
	})
	add("CreateAccessKey", "no such user", 404, "EntityNotExist.User", func() error {
		r := ram.CreateCreateAccessKeyRequest()
		r.UserName = "nobody"
		return errOf(c.CreateAccessKey(r))
	})
	updKey := func(user, id, status string) func() error {
		return func() error {
			r := ram.CreateUpdateAccessKeyRequest()
			r.UserName, r.UserAccessKeyId, r.Status = user, id, status
			return errOf(c.UpdateAccessKey(r))
		}
	}
	add("UpdateAccessKey", "bad status", 400, "", updKey("alice", aliceKeys[1].id, "Sleeping"))
	add("UpdateAccessKey", "no such key", 404, "EntityNotExist.User.AccessKey", updKey("alice", "LTAI00000000000000000000", "Inactive"))
	add("UpdateAccessKey", "another user's key", 404, "EntityNotExist.User.AccessKey", updKey("bob", aliceKeys[1].id, "Inactive"))
	add("UpdateAccessKey", "no key", 400, "MissingParameter", updKey("alice", "", "Inactive"))
	delKey := func(user, id string) func() error {
		return func() error {
			r := ram.CreateDeleteAccessKeyRequest()
			r.UserName, r.UserAccessKeyId = user, id
			return errOf(c.DeleteAccessKey(r))
		}
	}
	add("DeleteAccessKey", "no such key", 404, "EntityNotExist.User.AccessKey", delKey("alice", "LTAI00000000000000000000"))
	add("DeleteAccessKey", "another user's key", 404, "EntityNotExist.User.AccessKey", delKey("bob", aliceKeys[1].id))

	// MFA.
	createMFA := func(name string) func() error {
		return func() error {
			r := ram.CreateCreateVirtualMFADeviceRequest()
			r.VirtualMFADeviceName = name
			return errOf(c.CreateVirtualMFADevice(r))
		}
	}
	add("CreateVirtualMFADevice", "name too long", 400, "InvalidParameter.VirtualMFADeviceName.Length", createMFA(long(65)))
	add("CreateVirtualMFADevice", "no name", 400, "MissingParameter", createMFA(""))
	add("CreateVirtualMFADevice", "exists", 409, "EntityAlreadyExists.VirtualMFADevice", createMFA("spare"))
	delMFA := func(serial string) func() error {
		return func() error {
			r := ram.CreateDeleteVirtualMFADeviceRequest()
			r.SerialNumber = serial
			return errOf(c.DeleteVirtualMFADevice(r))
		}
	}
	add("DeleteVirtualMFADevice", "no such device", 404, "EntityNotExist.VirtualMFADevice", delMFA("acs:ram::"+s.account+":mfa/nothing"))
	add("DeleteVirtualMFADevice", "bound", 409, "DeleteConflict.VirtualMFADevice.User", delMFA(bound.SerialNumber))
	bindMFA := func(user, serial, c1, c2 string) func() error {
		return func() error {
			r := ram.CreateBindMFADeviceRequest()
			r.UserName, r.SerialNumber, r.AuthenticationCode1, r.AuthenticationCode2 = user, serial, c1, c2
			return errOf(c.BindMFADevice(r))
		}
	}
	add("BindMFADevice", "code not 6 digits", 400, "InvalidParameter.AuthenticationCode.Format", bindMFA("bob", spare.SerialNumber, "12ab56", "123456"))
	add("BindMFADevice", "wrong codes", 403, "CheckAuthenticationCodeFail", bindMFA("bob", spare.SerialNumber, "000000", "000001"))
	add("BindMFADevice", "user has one", 409, "EntityAlreadyExists.User.MFADevice", bindMFA("alice", spare.SerialNumber, "000000", "000001"))
	add("BindMFADevice", "device bound", 409, "EntityAlreadyExists.VirtualMFADevice.User", bindMFA("bob", bound.SerialNumber, "000000", "000001"))
	add("BindMFADevice", "no such device", 404, "EntityNotExist.VirtualMFADevice", bindMFA("bob", "acs:ram::"+s.account+":mfa/nothing", "000000", "000001"))
	add("BindMFADevice", "no such user", 404, "EntityNotExist.User", bindMFA("nobody", spare.SerialNumber, "000000", "000001"))
	unbind := func(user string) func() error {
		return func() error {
			r := ram.CreateUnbindMFADeviceRequest()
			r.UserName = user
			return errOf(c.UnbindMFADevice(r))
		}
	}
	add("UnbindMFADevice", "none bound", 404, "EntityNotExist.User.MFADevice", unbind("bob"))
	add("UnbindMFADevice", "no such user", 404, "EntityNotExist.User", unbind("nobody"))

	// Groups.
	createGroup := func(name, comments string) func() error {
		return func() error {
			r := ram.CreateCreateGroupRequest()
			r.GroupName, r.Comments = name, comments
			return errOf(c.CreateGroup(r))
		}
	}
	add("CreateGroup", "name too long", 400, "InvalidParameter.GroupName.Length", createGroup(long(65), ""))
	add("CreateGroup", "bad character", 400, "InvalidParameter.GroupName.InvalidChars", createGroup("d v", ""))
	add("CreateGroup", "no name", 400, "MissingParameter", createGroup("", ""))
	add("CreateGroup", "exists", 409, "EntityAlreadyExists.Group", createGroup("DEV", ""))
	add("CreateGroup", "comments too long", 400, "InvalidParameter.Comments.Length", createGroup("qa", long(129)))
	updGroup := func(name, newName, comments string) func() error {
		return func() error {
			r := ram.CreateUpdateGroupRequest()
			r.GroupName, r.NewGroupName, r.NewComments = name, newName, comments
			return errOf(c.UpdateGroup(r))
		}
	}
	add("UpdateGroup", "no such group", 404, "EntityNotExist.Group", updGroup("nothing", "", "x"))
	add("UpdateGroup", "bad new name", 400, "InvalidParameter.NewGroupName.InvalidChars", updGroup("ops", "o p", ""))
	add("UpdateGroup", "new name taken", 409, "EntityAlreadyExists.Group", updGroup("ops", "dev", ""))
	add("UpdateGroup", "good name, long comments", 400, "InvalidParameter.NewComments.Length", updGroup("ops", "ops2", long(129)))
	delGroup := func(name string) func() error {
		return func() error {
			r := ram.CreateDeleteGroupRequest()
			r.GroupName = name
			return errOf(c.DeleteGroup(r))
		}
	}
	add("DeleteGroup", "no such group", 404, "EntityNotExist.Group", delGroup("nothing"))
	add("DeleteGroup", "has members and a policy", 409, "DeleteConflict.Group.*", delGroup("dev"))
	add("DeleteGroup", "has members", 409, "DeleteConflict.Group.User", delGroup("g0"))
	member := func(group, user string, add bool) func() error {
		return func() error {
			if add {
				r := ram.CreateAddUserToGroupRequest()
				r.GroupName, r.UserName = group, user
				return errOf(c.AddUserToGroup(r))
			}
			r := ram.CreateRemoveUserFromGroupRequest()
			r.GroupName, r.UserName = group, user
			return errOf(c.RemoveUserFromGroup(r))
		}
	}
	add("AddUserToGroup", "no such group", 404, "EntityNotExist.Group", member("nothing", "bob", true))
	add("AddUserToGroup", "no such user", 404, "EntityNotExist.User", member("dev", "nobody", true))
	add("AddUserToGroup", "already in", 409, "EntityAlreadyExists.User.Group", member("dev", "alice", true))
	add("AddUserToGroup", "limit", 409, "LimitExceeded.User.Group", member("ops", "alice", true))
	add("RemoveUserFromGroup", "not in", 404, "EntityNotExist.User.Group", member("dev", "bob", false))
	add("RemoveUserFromGroup", "no such group", 404, "EntityNotExist.Group", member("nothing", "bob", false))

	// Roles.
	createRole := func(name, trust, desc string, max int) func() error {
		return func() error {
			r := ram.CreateCreateRoleRequest()
			r.RoleName, r.AssumeRolePolicyDocument, r.Description = name, trust, desc
			if max != 0 {
				r.MaxSessionDuration = requests.NewInteger(max)
			}
			return errOf(c.CreateRole(r))
		}
	}
	trust := trustAccount(s.account)
	add("CreateRole", "underscore", 400, "InvalidParameter.RoleName.InvalidChars", createRole("r_2", trust, "", 0))
	add("CreateRole", "name too long", 400, "InvalidParameter.RoleName.Length", createRole(long(65), trust, "", 0))
	add("CreateRole", "no trust policy", 400, "MissingParameter", createRole("r2", "", "", 0))
	add("CreateRole", "malformed trust policy", 400, "MalformedPolicyDocument", createRole("r2", malformed, "", 0))
	add("CreateRole", "trust policy grammar", 400, "MalformedPolicyDocument", createRole("r2", badGrammar, "", 0))
	add("CreateRole", "session too short", 400, "", createRole("r2", trust, "", 100))
	add("CreateRole", "session too long", 400, "", createRole("r2", trust, "", 43201))
	add("CreateRole", "description too long", 400, "InvalidParameter.Description.Length", createRole("r2", trust, long(1025), 0))
	add("CreateRole", "exists", 409, "EntityAlreadyExists.Role", createRole("R1", trust, "", 0))
	updRole := func(name, trust, desc string, max int) func() error {
		return func() error {
			r := ram.CreateUpdateRoleRequest()
			r.RoleName, r.NewAssumeRolePolicyDocument, r.NewDescription = name, trust, desc
			if max != 0 {
				r.NewMaxSessionDuration = requests.NewInteger(max)
			}
			return errOf(c.UpdateRole(r))
		}
	}
	add("UpdateRole", "no such role", 404, "EntityNotExist.Role", updRole("nothing", trust, "", 0))
	add("UpdateRole", "good duration, malformed trust policy", 400, "MalformedPolicyDocument", updRole("r1", malformed, "new", 7200))
	add("UpdateRole", "good duration, trust policy grammar", 400, "MalformedPolicyDocument", updRole("r1", badGrammar, "new", 7200))
	add("UpdateRole", "good trust policy, bad duration", 400, "", updRole("r1", trust, "new", 99999))
	add("UpdateRole", "good duration, long description", 400, "InvalidParameter.NewDescription.Length", updRole("r1", trust, long(1025), 7200))
	add("UpdateRole", "duration not a number", 400, "", func() error {
		r := ram.CreateUpdateRoleRequest()
		r.RoleName, r.NewDescription, r.NewMaxSessionDuration = "r1", "new", "99999999999999999999"
		return errOf(c.UpdateRole(r))
	})
	add("UpdateRole", "trust policy too long", 400, "", updRole("r1", tooLong, "", 7200))
	delRole := func(name string) func() error {
		return func() error {
			r := ram.CreateDeleteRoleRequest()
			r.RoleName = name
			return errOf(c.DeleteRole(r))
		}
	}
	add("DeleteRole", "no such role", 404, "EntityNotExist.Role", delRole("nothing"))
	add("DeleteRole", "has policies", 409, "DeleteConflict.Role.Policy", delRole("r1"))

	// Policies and versions.
	createPol := func(name, doc, desc string) func() error {
		return func() error {
			r := ram.CreateCreatePolicyRequest()
			r.PolicyName, r.PolicyDocument, r.Description = name, doc, desc
			return errOf(c.CreatePolicy(r))
		}
	}
	add("CreatePolicy", "bad character", 400, "InvalidParameter.PolicyName.InvalidChars", createPol("p 2", doc, ""))
	add("CreatePolicy", "name too long", 400, "InvalidParameter.PolicyName.Length", createPol(long(129), doc, ""))
	add("CreatePolicy", "no document", 400, "MissingParameter", createPol("p2", "", ""))
	add("CreatePolicy", "malformed", 400, "MalformedPolicyDocument", createPol("p2", malformed, ""))
	add("CreatePolicy", "grammar", 400, "MalformedPolicyDocument", createPol("p2", badGrammar, ""))
	add("CreatePolicy", "document too long", 400, "InvalidParameter.PolicyDocument.Length", createPol("p2", tooLong, ""))
	add("CreatePolicy", "description too long", 400, "InvalidParameter.Description.Length", createPol("p2", doc, long(1025)))
	add("CreatePolicy", "exists", 409, "EntityAlreadyExists.Policy", createPol("p1", doc, ""))
	add("CreatePolicy", "null document", 400, "MalformedPolicyDocument", createPol("p2", "null", ""))
	add("CreatePolicy", "empty document", 400, "MalformedPolicyDocument", createPol("p2", "{}", ""))
	add("CreatePolicy", "deeply nested document", 400, "MalformedPolicyDocument", createPol("p2", strings.Repeat("[", 3000)+strings.Repeat("]", 3000), ""))
	updDesc := func(name, desc string) func() error {
		return func() error {
			r := ram.CreateUpdatePolicyDescriptionRequest()
			r.PolicyName, r.NewDescription = name, desc
			return errOf(c.UpdatePolicyDescription(r))
		}
	}
	add("UpdatePolicyDescription", "no such policy", 404, "EntityNotExist.Policy", updDesc("nothing", "x"))
	add("UpdatePolicyDescription", "too long", 400, "InvalidParameter.*", updDesc("p1", long(1025)))
	add("UpdatePolicyDescription", "system policy", 0, "", updDesc("AliyunRAMReadOnlyAccess", "x"))
	newVersion := func(name, doc string, setDefault bool, rotate string) func() error {
		return func() error {
			r := ram.CreateCreatePolicyVersionRequest()
			r.PolicyName, r.PolicyDocument, r.SetAsDefault, r.RotateStrategy = name, doc, requests.NewBoolean(setDefault), rotate
			return errOf(c.CreatePolicyVersion(r))
		}
	}
	const rotate = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
	add("CreatePolicyVersion", "limit", 409, "LimitExceeded.Policy.Version", newVersion("p1", doc, true, ""))
	add("CreatePolicyVersion", "default, rotating, malformed", 400, "MalformedPolicyDocument", newVersion("p1", malformed, true, rotate))
	add("CreatePolicyVersion", "default, rotating, grammar", 400, "MalformedPolicyDocument", newVersion("p1", badGrammar, true, rotate))
	add("CreatePolicyVersion", "default, rotating, too long", 400, "InvalidParameter.PolicyDocument.Length", newVersion("p1", tooLong, true, rotate))
	add("CreatePolicyVersion", "default, bad strategy", 400, "", newVersion("p1", doc, true, "DeleteEverything"))
	add("CreatePolicyVersion", "default, malformed", 400, "MalformedPolicyDocument", newVersion("p3", malformed, true, ""))
	add("CreatePolicyVersion", "no such policy", 404, "EntityNotExist.Policy", newVersion("nothing", doc, true, rotate))
	add("CreatePolicyVersion", "system policy", 0, "", newVersion("AliyunRAMReadOnlyAccess", doc, true, rotate))
	add("CreatePolicyVersion", "no document", 400, "MissingParameter", newVersion("p3", "", true, rotate))
	version := func(name, id string, del bool) func() error {
		return func() error {
			if del {
				r := ram.CreateDeletePolicyVersionRequest()
				r.PolicyName, r.VersionId = name, id
				return errOf(c.DeletePolicyVersion(r))
			}
			r := ram.CreateSetDefaultPolicyVersionRequest()
			r.PolicyName, r.VersionId = name, id
			return errOf(c.SetDefaultPolicyVersion(r))
		}
	}
	add("DeletePolicyVersion", "default", 409, "DeleteConflict.Policy.Version.Default", version("p1", "v5", true))
	add("DeletePolicyVersion", "no such version", 404, "EntityNotExist.Policy.Version", version("p1", "v9", true))
	add("DeletePolicyVersion", "bad version ID", 400, "InvalidParameter.VersionId.Format", version("p1", "x1", true))
	add("DeletePolicyVersion", "no such policy", 404, "EntityNotExist.Policy", version("nothing", "v1", true))
	add("SetDefaultPolicyVersion", "no such version", 404, "EntityNotExist.Policy.Version", version("p1", "v9", false))
	add("SetDefaultPolicyVersion", "bad version ID", 400, "InvalidParameter.VersionId.Format", version("p1", "x1", false))
	add("SetDefaultPolicyVersion", "system policy", 0, "", version("AliyunRAMReadOnlyAccess", "v1", false))
	add("DeletePolicyVersion", "system policy", 0, "", version("AliyunRAMReadOnlyAccess", "v1", true))
	add("SetDefaultPolicyVersion", "no such policy", 404, "EntityNotExist.Policy", version("nothing", "v1", false))
	delPol := func(name string) func() error {
		return func() error {
			r := ram.CreateDeletePolicyRequest()
			r.PolicyName = name
			return errOf(c.DeletePolicy(r))
		}
	}
	add("DeletePolicy", "attached, with versions", 409, "DeleteConflict.Policy.*", delPol("p1"))
	add("DeletePolicy", "attached to a role", 409, "DeleteConflict.Policy.*", delPol("c0"))
	add("DeletePolicy", "a version besides the default", 409, "DeleteConflict.Policy.Version", delPol("p3"))
	add("DeletePolicy", "no such policy", 404, "EntityNotExist.Policy", delPol("nothing"))
	add("DeletePolicy", "system policy", 0, "", delPol("AliyunRAMReadOnlyAccess"))

	// Attachments.
	attachTo := func(kind, typ, policy, name string, detach bool) func() error {
		return func() error {
			switch kind {
			case "User":
				if detach {
					r := ram.CreateDetachPolicyFromUserRequest()
					r.PolicyType, r.PolicyName, r.UserName = typ, policy, name
					return errOf(c.DetachPolicyFromUser(r))
				}
				r := ram.CreateAttachPolicyToUserRequest()
				r.PolicyType, r.PolicyName, r.UserName = typ, policy, name
				return errOf(c.AttachPolicyToUser(r))
			case "Group":
				if detach {
					r := ram.CreateDetachPolicyFromGroupRequest()
					r.PolicyType, r.PolicyName, r.GroupName = typ, policy, name
					return errOf(c.DetachPolicyFromGroup(r))
				}
				r := ram.CreateAttachPolicyToGroupRequest()
				r.PolicyType, r.PolicyName, r.GroupName = typ, policy, name
				return errOf(c.AttachPolicyToGroup(r))
			}
			if detach {
				r := ram.CreateDetachPolicyFromRoleRequest()
				r.PolicyType, r.PolicyName, r.RoleName = typ, policy, name
				return errOf(c.DetachPolicyFromRole(r))
			}
			r := ram.CreateAttachPolicyToRoleRequest()
			r.PolicyType, r.PolicyName, r.RoleName = typ, policy, name
			return errOf(c.AttachPolicyToRole(r))
		}
	}
	for _, k := range []struct{ kind, name, attached, attachedType string }{
		{"User", "alice", "p1", "Custom"}, {"Group", "dev", "AliyunRAMReadOnlyAccess", "System"}, {"Role", "r1", "c0", "Custom"}} {
		a, d := "AttachPolicyTo"+k.kind, "DetachPolicyFrom"+k.kind
		add(a, "bad policy type", 400, "InvalidParameter.PolicyType", attachTo(k.kind, "Managed", "p3", k.name, false))
		add(a, "no policy type", 400, "MissingParameter", attachTo(k.kind, "", "p3", k.name, false))
		add(a, "no such policy", 404, "EntityNotExist.Policy", attachTo(k.kind, "Custom", "nothing", k.name, false))
		add(a, "custom policy named System", 404, "EntityNotExist.Policy", attachTo(k.kind, "System", "p3", k.name, false))
		add(a, "no such "+strings.ToLower(k.kind), 404, "EntityNotExist."+k.kind, attachTo(k.kind, "Custom", "p3", "nothing", false))
		add(a, "already attached", 409, "EntityAlreadyExists."+k.kind+".Policy", attachTo(k.kind, k.attachedType, k.attached, k.name, false))
		add(d, "not attached", 404, "EntityNotExist."+k.kind+".Policy", attachTo(k.kind, "Custom", "p3", k.name, true))
		add(d, "bad policy type", 400, "InvalidParameter.PolicyType", attachTo(k.kind, "Managed", k.attached, k.name, true))
		add(d, "no such "+strings.ToLower(k.kind), 404, "EntityNotExist."+k.kind, attachTo(k.kind, k.attachedType, k.attached, "nothing", true))
	}
	add("AttachPolicyToRole", "limit", 409, "LimitExceeded.Role.Policy", attachTo("Role", "Custom", "p3", "r1", false))

	// Password policy, security preference, alias.
	setPP := func(f func(r *ram.SetPasswordPolicyRequest)) func() error {
		return func() error {
			r := ram.CreateSetPasswordPolicyRequest()
			r.RequireNumbers, r.RequireSymbols = requests.NewBoolean(true), requests.NewBoolean(true)
			f(r)
			return errOf(c.SetPasswordPolicy(r))
		}
	}
	add("SetPasswordPolicy", "length 7", 400, "InvalidParameter.MinimumPasswordLength.Range", setPP(func(r *ram.SetPasswordPolicyRequest) { r.MinimumPasswordLength = "7" }))
	add("SetPasswordPolicy", "length 33", 400, "InvalidParameter.MinimumPasswordLength.Range", setPP(func(r *ram.SetPasswordPolicyRequest) { r.MinimumPasswordLength = "33" }))
	add("SetPasswordPolicy", "length not a number", 400, "", setPP(func(r *ram.SetPasswordPolicyRequest) { r.MinimumPasswordLength = "ten" }))
	add("SetPasswordPolicy", "max age", 400, "", setPP(func(r *ram.SetPasswordPolicyRequest) { r.MaxPasswordAge = "1096" }))
	add("SetPasswordPolicy", "reuse prevention", 400, "", setPP(func(r *ram.SetPasswordPolicyRequest) { r.PasswordReusePrevention = "25" }))
	add("SetPasswordPolicy", "login attempts", 400, "", setPP(func(r *ram.SetPasswordPolicyRequest) { r.MaxLoginAttemps = "33" }))
	add("SetPasswordPolicy", "not a boolean", 400, "", setPP(func(r *ram.SetPasswordPolicyRequest) { r.HardExpiry = "maybe" }))
	setSP := func(f func(r *ram.SetSecurityPreferenceRequest)) func() error {
		return func() error {
			r := ram.CreateSetSecurityPreferenceRequest()
			r.EnableSaveMFATicket, r.AllowUserToChangePassword = requests.NewBoolean(false), requests.NewBoolean(false)
			f(r)
			return errOf(c.SetSecurityPreference(r))
		}
	}
	add("SetSecurityPreference", "session duration 0", 400, "", setSP(func(r *ram.SetSecurityPreferenceRequest) { r.LoginSessionDuration = "0" }))
	add("SetSecurityPreference", "session duration 25", 400, "", setSP(func(r *ram.SetSecurityPreferenceRequest) { r.LoginSessionDuration = "25" }))
	add("SetSecurityPreference", "bad network mask", 400, "", setSP(func(r *ram.SetSecurityPreferenceRequest) { r.LoginNetworkMasks = "999.1.1.1/8" }))
	add("SetSecurityPreference", "not a boolean", 400, "", setSP(func(r *ram.SetSecurityPreferenceRequest) { r.AllowUserToManageAccessKeys = "maybe" }))
	setAlias := func(alias string) func() error {
		return func() error {
			r := ram.CreateSetAccountAliasRequest()
			r.AccountAlias = alias
			return errOf(c.SetAccountAlias(r))
		}
	}
	add("SetAccountAlias", "too short", 400, "InvalidParameter.AccountAlias.Length", setAlias("ab"))
	add("SetAccountAlias", "too long", 400, "InvalidParameter.AccountAlias.Length", setAlias(long(64)))
	add("SetAccountAlias", "upper case and underscore", 400, "InvalidParameter.AccountAlias.Format", setAlias("Bad_Alias"))
	add("SetAccountAlias", "double dash", 400, "InvalidParameter.AccountAlias.Format", setAlias("a--b"))
	add("SetAccountAlias", "leading dash", 400, "InvalidParameter.AccountAlias.Format", setAlias("-abc"))
	add("SetAccountAlias", "none", 400, "MissingParameter", setAlias(""))

	// STS.
	sc := s.stsClient(t, carolKey)
	assume := func(arn, session, policy string, duration int) func() error {
		return func() error {
			r := sts.CreateAssumeRoleRequest()
			r.RoleArn, r.RoleSessionName, r.Policy = arn, session, policy
			if duration != 0 {
				r.DurationSeconds = requests.NewInteger(duration)
			}
			return errOf(sc.AssumeRole(r))
		}
	}
	arn := "acs:ram::" + s.account + ":role/r1"
	add("AssumeRole", "malformed ARN", 400, "InvalidParameter.RoleArn", assume("r1", "s1", "", 0))
	add("AssumeRole", "no ARN", 400, "MissingParameter", assume("", "s1", "", 0))
	add("AssumeRole", "no such role", 404, "EntityNotExist.Role", assume("acs:ram::"+s.account+":role/nothing", "s1", "", 0))
	add("AssumeRole", "session name too short", 400, "InvalidParameter.RoleSessionName", assume(arn, "s", "", 0))
	add("AssumeRole", "session name character", 400, "InvalidParameter.RoleSessionName", assume(arn, "s 1", "", 0))
	add("AssumeRole", "duration too short", 400, "InvalidParameter.DurationSeconds", assume(arn, "s1", "", 899))
	add("AssumeRole", "duration over the role's", 400, "InvalidParameter.DurationSeconds", assume(arn, "s1", "", 7200))
	add("AssumeRole", "malformed policy", 400, "InvalidParameter.PolicyGrammar", assume(arn, "s1", malformed, 0))
	add("AssumeRole", "policy grammar", 400, "InvalidParameter.PolicyGrammar", assume(arn, "s1", badGrammar, 0))
	add("AssumeRole", "null policy", 400, "InvalidParameter.PolicyGrammar", assume(arn, "s1", "null", 0))
	add("AssumeRole", "duration not a number", 400, "InvalidParameter*", func() error {
		r := sts.CreateAssumeRoleRequest()
		r.RoleArn, r.RoleSessionName, r.DurationSeconds = arn, "s1", "1e3"
		return errOf(sc.AssumeRole(r))
	})
	add("AssumeRole", "policy too long", 400, "InvalidParameter.PolicySize", assume(arn, "s1", tooLong, 0))

	// Resource Manager.
	createRG := func(name, display string) func() error {
		return func() error {
			r := resourcemanager.CreateCreateResourceGroupRequest()
			r.Name, r.DisplayName = name, display
			return errOf(rm.CreateResourceGroup(r))
		}
	}
	add("CreateResourceGroup", "no name", 400, "MissingParameter", createRG("", "B"))
	add("CreateResourceGroup", "bad character", 400, "", createRG("team b", "B"))
	add("CreateResourceGroup", "name too long", 400, "", createRG(long(51), "B"))
	add("CreateResourceGroup", "display name too long", 400, "", createRG("team-b", long(51)))
	add("CreateResourceGroup", "exists", 409, "", createRG("team-a", "A"))
	updRG := func(id, display string) func() error {
		return func() error {
			r := resourcemanager.CreateUpdateResourceGroupRequest()
			r.ResourceGroupId, r.NewDisplayName = id, display
			return errOf(rm.UpdateResourceGroup(r))
		}
	}
	add("UpdateResourceGroup", "no such group", 404, "", updRG("rg-nothing", "X"))
	add("UpdateResourceGroup", "display name too long", 400, "", updRG(rg, long(51)))
	add("UpdateResourceGroup", "no display name", 400, "MissingParameter", updRG(rg, ""))
	add("DeleteResourceGroup", "no such group", 404, "", func() error {
		r := resourcemanager.CreateDeleteResourceGroupRequest()
		r.ResourceGroupId = "rg-nothing"
		return errOf(rm.DeleteResourceGroup(r))
	})
	rmAttach := func(group, typ, policy, ptype, principal string, detach bool) func() error {
		return func() error {
			if detach {
				r := resourcemanager.CreateDetachPolicyRequest()
				r.ResourceGroupId, r.PolicyType, r.PolicyName, r.PrincipalType, r.PrincipalName = group, typ, policy, ptype, principal
				return errOf(rm.DetachPolicy(r))
			}
			r := resourcemanager.CreateAttachPolicyRequest()
			r.ResourceGroupId, r.PolicyType, r.PolicyName, r.PrincipalType, r.PrincipalName = group, typ, policy, ptype, principal
			return errOf(rm.AttachPolicy(r))
		}
	}
	add("AttachPolicy", "no such resource group", 404, "", rmAttach("rg-nothing", "Custom", "p3", "IMSUser", bobPrincipal, false))
	add("AttachPolicy", "no resource group", 400, "MissingParameter", rmAttach("", "Custom", "p3", "IMSUser", bobPrincipal, false))
	add("AttachPolicy", "bad principal type", 400, "", rmAttach(rg, "Custom", "p3", "Robot", bobPrincipal, false))
	add("AttachPolicy", "malformed principal", 400, "", rmAttach(rg, "Custom", "p3", "IMSUser", "bob", false))
	add("AttachPolicy", "another account's principal", 0, "", rmAttach(rg, "Custom", "p3", "IMSUser", "bob@1234567890123456.onaliyun.com", false))
	add("AttachPolicy", "no such principal", 404, "", rmAttach(rg, "Custom", "p3", "IMSUser", "nobody@"+s.account+".onaliyun.com", false))
	add("AttachPolicy", "bad policy type", 400, "", rmAttach(rg, "Managed", "p3", "IMSUser", bobPrincipal, false))
	add("AttachPolicy", "no such policy", 404, "", rmAttach(rg, "Custom", "nothing", "IMSUser", bobPrincipal, false))
	add("AttachPolicy", "already attached", 409, "", rmAttach(rg, "System", "AliyunRAMReadOnlyAccess", "IMSUser", bobPrincipal, false))
	add("DetachPolicy", "not attached", 404, "", rmAttach(rg, "Custom", "p3", "IMSUser", bobPrincipal, true))
	add("DetachPolicy", "no such resource group", 404, "", rmAttach("rg-nothing", "System", "AliyunRAMReadOnlyAccess", "IMSUser", bobPrincipal, true))
	add("DetachPolicy", "bad principal type", 400, "", rmAttach(rg, "System", "AliyunRAMReadOnlyAccess", "Robot", bobPrincipal, true))
	add("CreateServiceLinkedRole", "unknown service", 0, "", func() error {
		r := resourcemanager.CreateCreateServiceLinkedRoleRequest()
		r.ServiceName = "nothing.aliyuncs.com"
		return errOf(rm.CreateServiceLinkedRole(r))
	})
	add("CreateServiceLinkedRole", "no service", 400, "MissingParameter", func() error {
		return errOf(rm.CreateServiceLinkedRole(resourcemanager.CreateCreateServiceLinkedRoleRequest()))
	})
	delSLR := func(name string) func() error {
		return func() error {
			r := resourcemanager.CreateDeleteServiceLinkedRoleRequest()
			r.RoleName = name
			return errOf(rm.DeleteServiceLinkedRole(r))
		}
	}
	add("DeleteServiceLinkedRole", "no such role", 404, "EntityNotExist.Role", delSLR("nothing"))
	add("DeleteServiceLinkedRole", "not service-linked", 0, "", delSLR("r1"))

	// AIWorkspace.
	wsBody := func(body string) func() error {
		return func() error {
			r := aiworkspace.CreateCreateWorkspaceRequest()
			r.Body = body
			return errOf(pai.CreateWorkspace(r))
		}
	}
	add("CreateWorkspace", "malformed body", 400, "InvalidParameter.body", wsBody(`{"WorkspaceName":`))
	add("CreateWorkspace", "no name", 400, "", wsBody(`{"Description":"x"}`))
	add("CreateWorkspace", "a list", 400, "", wsBody(`[{"WorkspaceName":"other"}]`))
	add("CreateWorkspace", "bad character", 400, "", wsBody(`{"WorkspaceName":"ml team"}`))
	add("CreateWorkspace", "name too long", 400, "", wsBody(`{"WorkspaceName":"`+long(100)+`"}`))
	add("CreateWorkspace", "bad environment", 400, "", wsBody(`{"WorkspaceName":"other","EnvTypes":["moon"]}`))
	add("CreateWorkspace", "no such resource group", 0, "", wsBody(`{"WorkspaceName":"other","ResourceGroupId":"rg-nothing"}`))
	add("CreateWorkspace", "exists", 409, "", wsBody(`{"WorkspaceName":"ml_team"}`))
	updWS := func(id, body string) func() error {
		return func() error {
			r := aiworkspace.CreateUpdateWorkspaceRequest()
			r.WorkspaceId, r.Body = id, body
			return errOf(pai.UpdateWorkspace(r))
		}
	}
	add("UpdateWorkspace", "no such workspace", 404, "", updWS("404404", `{"Description":"x"}`))
	add("UpdateWorkspace", "malformed body", 400, "", updWS(ws, `{"Description":`))
	add("UpdateWorkspace", "good description, long display name", 400, "", updWS(ws, `{"Description":"new","DisplayName":"`+long(1000)+`"}`))
	add("UpdateWorkspace", "good description, wrong type", 400, "", updWS(ws, `{"Description":"new","DisplayName":7}`))
	add("DeleteWorkspace", "no such workspace", 404, "", func() error {
		r := aiworkspace.CreateDeleteWorkspaceRequest()
		r.WorkspaceId = "404404"
		return errOf(pai.DeleteWorkspace(r))
	})
	defWS := func(body string) func() error {
		return func() error {
			r := aiworkspace.CreateUpdateDefaultWorkspaceRequest()
			r.Body = body
			return errOf(pai.UpdateDefaultWorkspace(r))
		}
	}
	add("UpdateDefaultWorkspace", "no such workspace", 404, "", defWS(`{"WorkspaceId":"404404"}`))
	add("UpdateDefaultWorkspace", "malformed body", 400, "", defWS(`{"WorkspaceId":`))
	add("UpdateDefaultWorkspace", "no workspace", 400, "", defWS(`{}`))
	members := func(id string, ms ...map[string]any) func() error {
		return func() error {
			r := aiworkspace.CreateCreateMemberRequest()
			r.WorkspaceId, r.Body = id, mustJSON(t, map[string]any{"Members": ms})
			return errOf(pai.CreateMember(r))
		}
	}
	m := func(id string, roles ...string) map[string]any { return map[string]any{"UserId": id, "Roles": roles} }
	add("CreateMember", "one good, one unknown user", 404, "", members(ws, m(bobID, "PAI.AlgoDeveloper"), m("1999999999999999", "PAI.AlgoDeveloper")))
	add("CreateMember", "one good, one bad role", 400, "", members(ws, m(bobID, "PAI.AlgoDeveloper"), m(aliceID, "PAI.Astronaut")))
	add("CreateMember", "bad role", 400, "", members(ws, m(bobID, "PAI.Astronaut")))
	add("CreateMember", "no roles", 400, "", members(ws, m(bobID)))
	add("CreateMember", "one good, one already a member", 409, "", members(ws, m(bobID, "PAI.AlgoDeveloper"), m(aliceID, "PAI.AlgoDeveloper")))
	add("CreateMember", "the same user twice", 0, "", members(ws, m(bobID, "PAI.AlgoDeveloper"), m(bobID, "PAI.WorkspaceGuest")))
	add("CreateMember", "no members", 400, "", members(ws))
	add("CreateMember", "members not a list", 400, "", func() error {
		r := aiworkspace.CreateCreateMemberRequest()
		r.WorkspaceId, r.Body = ws, `{"Members":"bob"}`
		return errOf(pai.CreateMember(r))
	})
	add("CreateMember", "null body", 400, "", func() error {
		r := aiworkspace.CreateCreateMemberRequest()
		r.WorkspaceId, r.Body = ws, `null`
		return errOf(pai.CreateMember(r))
	})
	add("CreateMember", "no such workspace", 404, "", members("404404", m(bobID, "PAI.AlgoDeveloper")))
	add("CreateMember", "malformed body", 400, "", func() error {
		r := aiworkspace.CreateCreateMemberRequest()
		r.WorkspaceId, r.Body = ws, `{"Members":[`
		return errOf(pai.CreateMember(r))
	})
	delMembers := func(id, ids string) func() error {
		return func() error {
			r := aiworkspace.CreateDeleteMembersRequest()
			r.WorkspaceId, r.MemberIds = id, ids
			return errOf(pai.DeleteMembers(r))
		}
	}
	add("DeleteMembers", "one member, one unknown", 404, "", delMembers(ws, memberID+","+ws+"-1999999999999999"))
	add("DeleteMembers", "no member IDs", 400, "", delMembers(ws, ""))
	add("DeleteMembers", "no such workspace", 404, "", delMembers("404404", memberID))
	memberRole := func(id, member, role string, remove bool) func() error {
		return func() error {
			if remove {
				r := aiworkspace.CreateRemoveMemberRoleRequest()
				r.WorkspaceId, r.MemberId, r.RoleName = id, member, role
				return errOf(pai.RemoveMemberRole(r))
			}
			r := aiworkspace.CreateAddMemberRoleRequest()
			r.WorkspaceId, r.MemberId, r.RoleName = id, member, role
			return errOf(pai.AddMemberRole(r))
		}
	}
	add("AddMemberRole", "bad role", 0, "", memberRole(ws, memberID, "PAI.Astronaut", false))
	add("AddMemberRole", "no such member", 404, "", memberRole(ws, ws+"-1999999999999999", "PAI.WorkspaceGuest", false))
	add("AddMemberRole", "no such workspace", 404, "", memberRole("404404", memberID, "PAI.WorkspaceGuest", false))
	add("RemoveMemberRole", "role not held", 0, "", memberRole(ws, memberID, "PAI.WorkspaceGuest", true))
	add("RemoveMemberRole", "bad role", 0, "", memberRole(ws, memberID, "PAI.Astronaut", true))
	add("RemoveMemberRole", "no such member", 404, "", memberRole(ws, ws+"-1999999999999999", "PAI.AlgoDeveloper", true))
	resources := func(id, body string) func() error {
		return func() error {
			r := aiworkspace.CreateCreateWorkspaceResourceRequest()
			r.WorkspaceId, r.Body = id, body
			return errOf(pai.CreateWorkspaceResource(r))
		}
	}
	badRes := mc("bad", "grp3")
	delete(badRes, "ResourceType")
	add("CreateWorkspaceResource", "one good, one without a type", 400, "", resources(ws, mustJSON(t, map[string]any{"Option": "CreateAndAttach",
		"Resources": []map[string]any{mc("good", "grp2"), badRes}})))
	add("CreateWorkspaceResource", "one good, one existing", 409, "", resources(ws, mustJSON(t, map[string]any{"Option": "CreateAndAttach",
		"Resources": []map[string]any{mc("good", "grp2"), mc("proj", "grp")}})))
	add("CreateWorkspaceResource", "bad option", 400, "", resources(ws, mustJSON(t, map[string]any{"Option": "Teleport",
		"Resources": []map[string]any{mc("good", "grp2")}})))
	add("CreateWorkspaceResource", "malformed body", 400, "", resources(ws, `{"Resources":[`))
	add("CreateWorkspaceResource", "no such workspace", 404, "", resources("404404", mustJSON(t, map[string]any{"Option": "CreateAndAttach",
		"Resources": []map[string]any{mc("good", "grp2")}})))
	add("UpdateWorkspaceResource", "not true", 400, "InvalidParameter.IsDefault", func() error {
		r := aiworkspace.CreateUpdateWorkspaceResourceRequest()
		r.WorkspaceId, r.GroupName, r.Body = ws, "grp", `{"IsDefault":false}`
		return errOf(pai.UpdateWorkspaceResource(r))
	})
	add("UpdateWorkspaceResource", "no such group", 404, "", func() error {
		r := aiworkspace.CreateUpdateWorkspaceResourceRequest()
		r.WorkspaceId, r.GroupName, r.Body = ws, "nothing", `{"IsDefault":true}`
		return errOf(pai.UpdateWorkspaceResource(r))
	})
	delRes := func(id, group string) func() error {
		return func() error {
			r := aiworkspace.CreateDeleteWorkspaceResourceRequest()
			r.WorkspaceId, r.GroupName = id, group
			return errOf(pai.DeleteWorkspaceResource(r))
		}
	}
	add("DeleteWorkspaceResource", "no such group", 404, "", delRes(ws, "nothing"))
	add("DeleteWorkspaceResource", "no group", 400, "", delRes(ws, ""))
	add("DeleteWorkspaceResource", "no such workspace", 404, "", delRes("404404", "grp"))

	// Every write action has a case.
	covered := map[string]bool{"AssumeRole": true}
	for _, bc := range cases {
		covered[bc.action] = true
	}
	for _, p := range openapi.Catalog() {
		for _, a := range p.Actions {
			if a.Write && !covered[a.Name] && a.Name != "ClearAccountAlias" { // it takes no input
				t.Errorf("no bad input for %s %s", p.Name, a.Name)
			}
		}
	}

	start := time.Now()
	before, beforeStore := snap(), storeState(t, db)
	for i, bc := range cases {
		name := bc.action + "/" + bc.what
		err := bc.call()
		var se *sdkerrors.ServerError
		switch {
		case err == nil:
			t.Errorf("%s: succeeded", name)
		case !errors.As(err, &se):
			t.Errorf("%s: %v, want a server error", name, err)
		default:
			code, status := se.ErrorCode(), se.HttpStatus()
			switch {
			case status < 400 || status > 499 || (bc.status != 0 && status != bc.status):
				t.Errorf("%s: HTTP %d %s (%s), want %d", name, status, code, se.Message(), bc.status)
			case code == "" || se.Message() == "" || !requestIDRE.MatchString(se.RequestId()):
				t.Errorf("%s: Code %q, Message %q, RequestId %q: want all three", name, code, se.Message(), se.RequestId())
			case bc.code != "" && code != bc.code && !(strings.HasSuffix(bc.code, "*") && strings.HasPrefix(code, strings.TrimSuffix(bc.code, "*"))):
				t.Errorf("%s: %d %s (%s), want %s", name, status, code, se.Message(), bc.code)
			}
		}
		// The store's revision and audit trail after every call; the API's view after the last
		// call of each action (a full snapshot per call would make the test several times slower).
		if after := storeState(t, db); after != beforeStore {
			t.Errorf("%s changed the store: %s, then %s", name, beforeStore, after)
			beforeStore = after
		}
		if i+1 < len(cases) && cases[i+1].action == bc.action {
			continue
		}
		if after := snap(); after != before {
			t.Errorf("%s changed the account:\n%s", bc.action, diffLines(before, after))
			before = after
		}
	}
	t.Logf("%d bad inputs in %v", len(cases), time.Since(start))
}
