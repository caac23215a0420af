package authz

import (
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/policy"
)

// DisplayName is how RAM's AccessDeniedDetail names the caller: a user or service by its name, a
// role session as "<role>:<session>", the root by its account ID.
func (c *Caller) DisplayName() string {
	switch c.Type {
	case Root:
		return c.AccountID
	case RoleSession:
		if c.SessionName != "" {
			return c.Name + ":" + c.SessionName
		}
	}
	return c.Name
}

// Denial describes a request of the caller's that was refused, for AccessDeniedDetail: the
// action and resource decided, who asked, and whether a Deny statement matched (ExplicitDeny) or
// nothing allowed it (ImplicitDeny, for any other outcome).
func (c *Caller) Denial(action, resource string, o policy.Outcome) *errs.Denial {
	policyType := "ImplicitDeny"
	if o == policy.ExplicitDeny {
		policyType = "ExplicitDeny"
	}
	return &errs.Denial{Action: action, Resource: resource, PrincipalType: c.Type.String(),
		PrincipalDisplayName: c.DisplayName(), PrincipalOwnerID: c.AccountID, PolicyType: policyType}
}
