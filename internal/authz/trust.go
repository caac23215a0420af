package authz

import (
	"errors"
	"strings"

	"github.com/rampart-iam/rampart/policy"
)

// Reasons CanAssumeRole refuses before any policy is consulted.
var (
	ErrRootCannotAssume = errors.New("the account's root identity cannot assume roles")
	ErrNoSuchRole       = errors.New("role does not exist")
)

// AssumeDecision is the answer to "may this caller assume this role?": both the caller's own
// permission (sts:AssumeRole on the role) and the role's trust policy must allow.
type AssumeDecision struct {
	// Identity is the caller's own permission; a Service caller needs none and gets Allowed.
	Identity Decision
	// Trust is the role's trust policy's answer for this caller.
	Trust policy.Outcome
}

// Allowed reports whether the caller may assume the role.
func (d AssumeDecision) Allowed() bool {
	return d.Identity.Allowed() && d.Trust == policy.Allowed
}

// TrustPrincipal is the caller as a trust policy's Principal names it: a role session is its
// role ("acs:ram::<account>:role/<role>", RAM's documented way to let one role assume another),
// every other caller its ARN.
func (c *Caller) TrustPrincipal() string {
	if c.Type == RoleSession {
		return RoleARN(c.AccountID, c.Name)
	}
	return c.ARN
}

// AssumeRoleAction is the action checked on both sides of AssumeRole.
const AssumeRoleAction = "sts:AssumeRole"

// CanAssumeRole decides whether caller may assume the role named roleName (case-insensitive,
// as role names are unique regardless of case). ctx carries the request's condition keys, which
// both the caller's policies and the trust policy may test.
func (s *Snapshot) CanAssumeRole(caller *Caller, roleName string, ctx policy.Context) (AssumeDecision, error) {
	if caller.Type == Root {
		return AssumeDecision{}, ErrRootCannotAssume
	}
	id, ok := s.rolesByName.get(strings.ToLower(roleName))
	if !ok {
		return AssumeDecision{}, ErrNoSuchRole
	}
	role := s.roles.at(id)
	arn := RoleARN(s.accountID, role.Name)

	var d AssumeDecision
	principalType := policy.PrincipalRAM
	if caller.Type == Service {
		principalType = policy.PrincipalService
		d.Identity = Decision{Outcome: policy.Allowed}
	} else {
		d.Identity = s.Decide(caller, &Request{Action: AssumeRoleAction, Resource: arn, Context: ctx})
	}
	trust := role.trust.Evaluate(&policy.Request{
		Action:        AssumeRoleAction,
		Resource:      arn,
		PrincipalType: principalType,
		Principal:     caller.TrustPrincipal(),
		Context:       ctx,
	})
	d.Trust = trust.Outcome
	return d, nil
}
