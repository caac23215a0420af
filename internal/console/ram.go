package console

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// RAM is what the console needs of the RAM domain; *ram.Service implements it. Every operation
// takes the signed-in person as the caller and authorizes it, as it does for the API.
type RAM interface {
	// Signing in.
	VerifyLogonPassword(ctx context.Context, in ram.LogonInput) (ram.Logon, error)
	VerifyLogonMFA(ctx context.Context, in ram.LogonMFAInput) (ram.Logon, error)
	NewLogonMFABinding(ctx context.Context, userID string) (ram.LogonMFABinding, error)
	LogonMFABindingOf(ctx context.Context, userID, token string) (ram.LogonMFABinding, error)
	BindLogonMFA(ctx context.Context, in ram.BindLogonMFAInput) (ram.Logon, error)
	ConsoleCaller(ctx context.Context, userID string, mfa bool) (authz.Caller, error)
	ChangePassword(ctx context.Context, c *authz.Caller, in ram.ChangePasswordInput) error

	// Users and what they hold.
	ListUsers(ctx context.Context, c *authz.Caller, in ram.PageInput) (ram.Page[ram.User], error)
	GetUser(ctx context.Context, c *authz.Caller, in ram.UserInput) (ram.User, error)
	CreateUserWithAccess(ctx context.Context, c *authz.Caller, in ram.NewUserInput) (ram.NewUser, error)
	GetLoginProfile(ctx context.Context, c *authz.Caller, in ram.UserInput) (ram.LoginProfile, error)
	CreateAccessKey(ctx context.Context, c *authz.Caller, in ram.UserInput) (ram.AccessKey, error)
	ListAccessKeys(ctx context.Context, c *authz.Caller, in ram.UserInput) ([]ram.AccessKey, error)
	UpdateAccessKey(ctx context.Context, c *authz.Caller, in ram.UpdateAccessKeyInput) error
	DeleteAccessKey(ctx context.Context, c *authz.Caller, in ram.AccessKeyInput) error
	GetUserMFAInfo(ctx context.Context, c *authz.Caller, in ram.UserInput) (ram.MFADevice, error)
	EnableMFA(ctx context.Context, c *authz.Caller, in ram.UserInput) (ram.NewVirtualMFADevice, error)
	BindMFADevice(ctx context.Context, c *authz.Caller, in ram.BindMFADeviceInput) error
	DisableMFA(ctx context.Context, c *authz.Caller, in ram.UserInput) (ram.MFADevice, error)

	// Groups and roles.
	ListGroups(ctx context.Context, c *authz.Caller, in ram.PageInput) (ram.Page[ram.Group], error)
	GetGroup(ctx context.Context, c *authz.Caller, in ram.GroupInput) (ram.Group, error)
	CreateGroup(ctx context.Context, c *authz.Caller, in ram.CreateGroupInput) (ram.Group, error)
	ListGroupsForUser(ctx context.Context, c *authz.Caller, in ram.UserInput) ([]ram.UserGroup, error)
	ListUsersForGroup(ctx context.Context, c *authz.Caller, in ram.ListUsersForGroupInput) (ram.Page[ram.GroupMember], error)
	AddUserToGroup(ctx context.Context, c *authz.Caller, in ram.MembershipInput) error
	RemoveUserFromGroup(ctx context.Context, c *authz.Caller, in ram.MembershipInput) error
	ListRoles(ctx context.Context, c *authz.Caller, in ram.PageInput) (ram.Page[ram.Role], error)
	GetRole(ctx context.Context, c *authz.Caller, in ram.RoleInput) (ram.Role, error)
	CreateRole(ctx context.Context, c *authz.Caller, in ram.CreateRoleInput) (ram.Role, error)
	UpdateRole(ctx context.Context, c *authz.Caller, in ram.UpdateRoleInput) (ram.Role, error)

	// Policies and grants.
	ListPolicies(ctx context.Context, c *authz.Caller, in ram.ListPoliciesInput) (ram.Page[ram.Policy], error)
	GetPolicy(ctx context.Context, c *authz.Caller, in ram.PolicyInput) (ram.PolicyDetail, error)
	CreatePolicy(ctx context.Context, c *authz.Caller, in ram.CreatePolicyInput) (ram.Policy, error)
	DeletePolicy(ctx context.Context, c *authz.Caller, in ram.DeletePolicyInput) error
	ListPolicyVersions(ctx context.Context, c *authz.Caller, in ram.PolicyInput) ([]ram.PolicyVersion, error)
	CreatePolicyVersion(ctx context.Context, c *authz.Caller, in ram.CreatePolicyVersionInput) (ram.PolicyVersion, error)
	SetDefaultPolicyVersion(ctx context.Context, c *authz.Caller, in ram.CustomPolicyVersionInput) error
	DeletePolicyVersion(ctx context.Context, c *authz.Caller, in ram.CustomPolicyVersionInput) error
	ListEntitiesForPolicy(ctx context.Context, c *authz.Caller, in ram.PolicyInput) (ram.PolicyEntities, error)
	ListPoliciesForUser(ctx context.Context, c *authz.Caller, in ram.UserInput) ([]ram.AttachedPolicy, error)
	ListPoliciesForGroup(ctx context.Context, c *authz.Caller, in ram.GroupInput) ([]ram.AttachedPolicy, error)
	ListPoliciesForRole(ctx context.Context, c *authz.Caller, in ram.RoleInput) ([]ram.AttachedPolicy, error)
	AttachPolicyToUser(ctx context.Context, c *authz.Caller, in ram.AttachmentInput) error
	AttachPolicyToGroup(ctx context.Context, c *authz.Caller, in ram.AttachmentInput) error
	AttachPolicyToRole(ctx context.Context, c *authz.Caller, in ram.AttachmentInput) error
	DetachPolicyFromUser(ctx context.Context, c *authz.Caller, in ram.AttachmentInput) error
	DetachPolicyFromGroup(ctx context.Context, c *authz.Caller, in ram.AttachmentInput) error
	DetachPolicyFromRole(ctx context.Context, c *authz.Caller, in ram.AttachmentInput) error
	AttachPolicy(ctx context.Context, c *authz.Caller, in ram.PolicyAttachmentInput) error
	ListResourceGroups(ctx context.Context, c *authz.Caller, in ram.ListResourceGroupsInput) (ram.NumberedPage[ram.ResourceGroup], error)

	// The simulator and the action trail.
	SimulatePrincipalPolicy(ctx context.Context, c *authz.Caller, in ram.SimulateInput) (ram.Simulation, error)
	LookupEvents(ctx context.Context, c *authz.Caller, in ram.EventsInput) (ram.EventPage, error)
}

var _ RAM = (*ram.Service)(nil)
