package ram

import (
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// The views below hold what RAM's responses carry (shared/reference/ram.md §3.3), so the wire
// layer encodes them without knowing the store. A zero time.Time means "never" or "not set";
// the wire layer leaves such dates out.

// User is a RAM user.
type User struct {
	ID, Name, DisplayName, Email, MobilePhone, Comments string
	CreateDate, UpdateDate, LastLoginDate               time.Time
}

// Group is a RAM user group.
type Group struct {
	ID, Name, Comments     string
	CreateDate, UpdateDate time.Time
}

// GroupMember is a user of a group, with when it joined (ListUsersForGroup).
type GroupMember struct {
	User     User
	JoinDate time.Time
}

// UserGroup is a group a user belongs to, with when it joined (ListGroupsForUser).
type UserGroup struct {
	Group    Group
	JoinDate time.Time
}

// Role is a RAM role. ARN is the role's own ARN (acs:ram::<account>:role/<name>; a
// service-linked role's with the name in lower case, as Alibaba Cloud shows it), and
// PrincipalName its Resource Manager principal name (<name>@role.<alias or account>.onaliyunservice.com).
// ServiceName is the service a service-linked role is linked to, "" for other roles.
type Role struct {
	ID, Name, ARN, PrincipalName, Description, AssumeRolePolicyDocument string
	ServiceName                                                         string
	MaxSessionDuration                                                  int // seconds
	CreateDate, UpdateDate                                              time.Time
}

// Policy is a system or custom policy. AttachmentCount is filled by GetPolicy and ListPolicies only.
type Policy struct {
	Name, Type, Description, DefaultVersion string // Type is "System" or "Custom"
	AttachmentCount                         int
	CreateDate, UpdateDate                  time.Time
}

// PolicyVersion is one version of a policy's document.
type PolicyVersion struct {
	VersionID  string // "v1", "v2", ...
	IsDefault  bool
	Document   string
	CreateDate time.Time
}

// PolicyDetail is what GetPolicy returns: the policy and its default version.
type PolicyDetail struct {
	Policy               Policy
	DefaultPolicyVersion PolicyVersion
}

// AttachedPolicy is a policy attached to a principal, with when (ListPoliciesFor*).
type AttachedPolicy struct {
	Policy     Policy
	AttachDate time.Time
}

// PolicyEntities are the principals a policy is attached to at account scope
// (ListEntitiesForPolicy).
type PolicyEntities struct {
	Users  []AttachedUser
	Groups []AttachedGroup
	Roles  []AttachedRole
}

// AttachedUser, AttachedGroup and AttachedRole are principals with the date a policy was
// attached to them.
type (
	AttachedUser struct {
		User       User
		AttachDate time.Time
	}
	AttachedGroup struct {
		Group      Group
		AttachDate time.Time
	}
	AttachedRole struct {
		Role       Role
		AttachDate time.Time
	}
)

// AccessKey is an AccessKey pair. Secret is set only in CreateAccessKey's result: RAM shows a
// secret once.
type AccessKey struct {
	ID         string
	Secret     secrets.Secret
	Status     string // "Active" or "Inactive"
	CreateDate time.Time
}

// LoginProfile is a user's console sign-in setting.
type LoginProfile struct {
	UserName              string
	PasswordResetRequired bool
	MFABindRequired       bool
	CreateDate            time.Time
}

// NewVirtualMFADevice is what CreateVirtualMFADevice returns, once: the TOTP seed in Base32 and
// the same seed as a QR code (a PNG image of its otpauth:// URL) for authenticator apps.
type NewVirtualMFADevice struct {
	SerialNumber     string
	Base32StringSeed secrets.Secret
	QRCodePNG        []byte
}

// MFADevice is a virtual MFA device. Type is "VMFA". User is nil while the device is unbound.
type MFADevice struct {
	SerialNumber string
	Type         string
	ActivateDate time.Time
	User         *User
}

// PasswordPolicy is the account's rules for RAM users' console passwords.
type PasswordPolicy struct {
	MinimumPasswordLength      int
	RequireLowercaseCharacters bool
	RequireUppercaseCharacters bool
	RequireNumbers             bool
	RequireSymbols             bool
	HardExpiry                 bool
	MaxPasswordAge             int // days; 0: never expire
	PasswordReusePrevention    int // previous passwords that may not be reused; 0: none
	MaxLoginAttempts           int // failures in an hour before a lock; 0: never locked
}

// SecurityPreference is what the account lets RAM users do for themselves, and console
// sign-in settings.
type SecurityPreference struct {
	EnableSaveMFATicket         bool
	AllowUserToChangePassword   bool
	AllowUserToManageAccessKeys bool
	AllowUserToManagePublicKeys bool
	AllowUserToManageMFADevices bool
	LoginSessionDuration        int    // hours
	LoginNetworkMasks           string // semicolon-separated CIDR blocks; "" allows any
}

// ResourceGroup is a Resource Manager resource group.
type ResourceGroup struct {
	ID, Name, DisplayName, AccountID, Status string
	CreateDate                               time.Time
}

// PolicyAttachment is one grant as Resource Manager's ListPolicyAttachments shows it.
// ResourceGroupID is the account ID for account scope; PrincipalType is IMSUser, IMSGroup or
// ServiceRole and PrincipalName its Alibaba form (alice@<alias>.onaliyun.com, ...).
type PolicyAttachment struct {
	ResourceGroupID, PolicyType, PolicyName, Description string
	PrincipalType, PrincipalName                         string
	AttachDate                                           time.Time
}

// Page is one page of a marker-paginated list. Marker is what to pass to get the next page;
// "" on the last one (RAM's IsTruncated is Marker != "").
type Page[T any] struct {
	Items  []T
	Marker string
}

// Truncated reports whether more items follow (RAM's IsTruncated).
func (p Page[T]) Truncated() bool { return p.Marker != "" }

// NumberedPage is one page of a list paginated by page number, as Resource Manager does it.
type NumberedPage[T any] struct {
	Items                            []T
	TotalCount, PageNumber, PageSize int
}

func userView(u store.User) User {
	return User{ID: u.ID, Name: u.Name, DisplayName: u.DisplayName, Email: u.Email, MobilePhone: u.MobilePhone,
		Comments: u.Comments, CreateDate: u.CreateDate, UpdateDate: u.UpdateDate, LastLoginDate: u.LastLoginDate}
}

func groupView(g store.Group) Group {
	return Group{ID: g.ID, Name: g.Name, Comments: g.Comments, CreateDate: g.CreateDate, UpdateDate: g.UpdateDate}
}

func passwordPolicyView(p store.PasswordPolicy) PasswordPolicy { return PasswordPolicy(p) }

func securityPreferenceView(p store.SecurityPreference) SecurityPreference {
	return SecurityPreference(p)
}

// roleView shows a role; domain is the account's alias, or its ID without one, as Resource
// Manager principal names use it.
func roleView(r store.Role, account, domain string) Role {
	arn := authz.RoleARN(account, r.Name)
	if r.ServiceName != "" {
		arn = serviceLinkedARN(account, r.Name)
	}
	return Role{ID: r.ID, Name: r.Name, ARN: arn, PrincipalName: r.Name + "@role." + domain + ".onaliyunservice.com",
		Description: r.Description, AssumeRolePolicyDocument: r.TrustPolicy, ServiceName: r.ServiceName,
		MaxSessionDuration: r.MaxSessionDuration, CreateDate: r.CreateDate, UpdateDate: r.UpdateDate}
}

// principalDomain is what Resource Manager's principal names put after the name: the account's
// alias, or its ID when it has none.
func principalDomain(a store.Account) string {
	if a.Alias != "" {
		return a.Alias
	}
	return a.ID
}
