package ram

import (
	"errors"
	"fmt"
)

// Limits are the quotas and length limits RAM enforces. Alibaba's own pages disagree on several
// (shared/reference/ram.md §2.1), so they are configuration; DefaultLimits has the values of
// RAM's limits page as updated in December 2025.
type Limits struct {
	Users                      int // RAM users per account
	GroupsPerUser              int // groups a user can join
	AccessKeysPerUser          int // AccessKey pairs per RAM user (and for the root)
	SystemPoliciesPerPrincipal int // system policies attached to one user, group or role
	CustomPoliciesPerPrincipal int // custom policies attached to one user, group or role
	Groups                     int // user groups per account
	Roles                      int // roles per account
	CustomPolicies             int // custom policies per account
	PolicyDocumentLength       int // characters in a policy document (custom policies and trust policies)
	PolicyVersions             int // versions kept per custom policy
	MFADevicesPerUser          int // MFA devices bound to one user; the store binds at most one
	MFADevices                 int // virtual MFA devices per account
	ResourceGroups             int // resource groups per account

	UserNameLength      int // UserName, NewUserName
	GroupNameLength     int // GroupName, NewGroupName
	RoleNameLength      int // RoleName
	PolicyNameLength    int // PolicyName
	DisplayNameLength   int // DisplayName of users
	CommentsLength      int // Comments of users and groups
	DescriptionLength   int // Description of roles and policies
	MFADeviceNameLength int // VirtualMFADeviceName
}

// DefaultLimits returns RAM's limits as of December 2025. The resource-group quota is not on
// RAM's page but on Resource Manager's: CreateResourceGroup allows 30 per account.
func DefaultLimits() Limits {
	return Limits{
		Users:                      5000,
		GroupsPerUser:              10,
		AccessKeysPerUser:          2,
		SystemPoliciesPerPrincipal: 20,
		CustomPoliciesPerPrincipal: 10,
		Groups:                     300,
		Roles:                      1000,
		CustomPolicies:             1500,
		PolicyDocumentLength:       6144,
		PolicyVersions:             5,
		MFADevicesPerUser:          1,
		MFADevices:                 5000,
		ResourceGroups:             30,

		UserNameLength:      64,
		GroupNameLength:     64,
		RoleNameLength:      64,
		PolicyNameLength:    128,
		DisplayNameLength:   128,
		CommentsLength:      128,
		DescriptionLength:   1024,
		MFADeviceNameLength: 64,
	}
}

// Validate reports every limit that cannot work: each must be positive, and a user can have
// exactly one MFA device (the store's schema binds one).
func (l Limits) Validate() error {
	var problems []error
	for _, f := range []struct {
		name string
		v    int
	}{
		{"Users", l.Users}, {"GroupsPerUser", l.GroupsPerUser}, {"AccessKeysPerUser", l.AccessKeysPerUser},
		{"SystemPoliciesPerPrincipal", l.SystemPoliciesPerPrincipal},
		{"CustomPoliciesPerPrincipal", l.CustomPoliciesPerPrincipal}, {"Groups", l.Groups}, {"Roles", l.Roles},
		{"CustomPolicies", l.CustomPolicies}, {"PolicyDocumentLength", l.PolicyDocumentLength},
		{"MFADevices", l.MFADevices}, {"ResourceGroups", l.ResourceGroups},
		{"UserNameLength", l.UserNameLength}, {"GroupNameLength", l.GroupNameLength},
		{"RoleNameLength", l.RoleNameLength}, {"PolicyNameLength", l.PolicyNameLength},
		{"DisplayNameLength", l.DisplayNameLength}, {"CommentsLength", l.CommentsLength},
		{"DescriptionLength", l.DescriptionLength}, {"MFADeviceNameLength", l.MFADeviceNameLength},
	} {
		if f.v <= 0 {
			problems = append(problems, fmt.Errorf("%s must be positive, not %d", f.name, f.v))
		}
	}
	if l.MFADevicesPerUser != 1 {
		problems = append(problems, fmt.Errorf("MFADevicesPerUser must be 1, not %d: the store binds one device per user", l.MFADevicesPerUser))
	}
	if l.PolicyVersions < 2 {
		problems = append(problems, fmt.Errorf("PolicyVersions must be at least 2, not %d: a new version must fit beside the default", l.PolicyVersions))
	}
	if len(problems) > 0 {
		return fmt.Errorf("ram limits: %w", errors.Join(problems...))
	}
	return nil
}
