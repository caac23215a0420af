package authz

import "github.com/rampart-iam/rampart/policy"

// CallerType says what kind of identity made a request.
type CallerType uint8

const (
	// Root is the account's own identity. It needs no authorization.
	Root CallerType = iota + 1
	// User is a RAM user, signed in to the console or signing with one of its AccessKeys.
	User
	// RoleSession is a RAM role assumed through STS; it acts with the role's policies,
	// intersected with the session policy it was issued with.
	RoleSession
	// Service is a trusted service principal (such as "pai.aliyuncs.com"). On its own it may only
	// assume roles whose trust policy names it.
	Service
)

// String returns the type's name as RAM's AccessDeniedDetail spells AuthPrincipalType.
func (t CallerType) String() string {
	switch t {
	case Root:
		return "Account"
	case User:
		return "SubUser"
	case RoleSession:
		return "AssumedRoleUser"
	case Service:
		return "Service"
	}
	return "Unknown"
}

// Caller is an authenticated identity: who is asking. Package authn produces it from a signed
// request, an STS token or a console session; the domain passes it to every decision explicitly.
type Caller struct {
	Type      CallerType
	AccountID string
	// ID is the user's or role's stable ID ("" for Root and Service).
	ID string
	// Name is the user name, role name or service principal name.
	Name string
	// ARN identifies the caller in policies: acs:ram::<account>:root, acs:ram::<account>:user/<name>,
	// acs:ram::<account>:role/<role>/<session>, or the service name for a Service.
	ARN string
	// SessionName is the RoleSessionName of a role session.
	SessionName string
	// SourceIdentity is the SourceIdentity a role session was issued with ("" for none). Set
	// where a role chain starts, it is carried unchanged to every session assumed from it.
	SourceIdentity string
	// SessionPolicy is the compiled policy passed to AssumeRole, if any; it narrows a role
	// session. It is compiled once, when the session's credentials are authenticated.
	SessionPolicy *policy.Evaluator
	// AccessKeyID is the AccessKey (or STS key) that signed the request; "" for console sessions.
	AccessKeyID string
	// MFA reports whether the caller proved a second factor (console logon with MFA).
	MFA bool
	// Context holds the condition keys of the request the caller made (acs:SourceIp,
	// acs:CurrentTime, acs:SecureTransport, acs:MFAPresent, acs:AccessId, acs:UserAgent,
	// acs:PrincipalARN, ...) and the values of policy variables such as ${acs:PrincipalName}.
	// The authentication layer fills it for each request; decisions start from it.
	Context policy.Context
}

// RootCaller returns the root identity of account.
func RootCaller(account string) Caller {
	return Caller{Type: Root, AccountID: account, ARN: RootARN(account), Name: "root"}
}

// RootARN is the ARN of an account's root identity, also the trust principal meaning "any
// identity of this account".
func RootARN(account string) string { return "acs:ram::" + account + ":root" }

// UserARN is the ARN of a RAM user.
func UserARN(account, name string) string { return "acs:ram::" + account + ":user/" + name }

// RoleARN is the ARN of a RAM role.
func RoleARN(account, name string) string { return "acs:ram::" + account + ":role/" + name }

// AssumedRoleARN is the ARN of a role session, as STS AssumeRole returns it in AssumedRoleUser.
func AssumedRoleARN(account, role, session string) string {
	return "acs:ram::" + account + ":role/" + role + "/" + session
}

// UID is the caller's ID as PAI records it for the creator of a resource and compares it for
// rules limited to one's own resources: the account ID for the root, the user's ID for a RAM
// user, the role's ID for a role session (every session of a role acts as that role), and the
// service name for a service.
func (c *Caller) UID() string {
	switch c.Type {
	case Root:
		return c.AccountID
	case Service:
		return c.Name
	}
	return c.ID
}
