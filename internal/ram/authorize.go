package ram

import (
	"errors"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/operation"
	"github.com/rampart-iam/rampart/policy"
)

// call is one operation in progress: who asks, for which action, and what its audit record
// names as the target.
type call struct {
	s *Service
	operation.Op
}

// begin starts an operation of action ("ram:CreateUser") for caller.
func (s *Service) begin(c *authz.Caller, action, requestID string) *call {
	return &call{s: s, Op: operation.Op{Caller: c, Action: action, RequestID: requestID}}
}

// allow authorizes the call on every resource ARN, which must all be allowed (AddUserToGroup
// acts on a user and a group). The resources are not in a resource group.
func (k *call) allow(arns ...string) error { return k.authorize("", false, arns) }

// allowInGroup is allow for resources in resource group rg, so that policies attached at that
// scope apply too.
func (k *call) allowInGroup(rg string, arns ...string) error { return k.authorize(rg, false, arns) }

// allowSelf is allow for an operation a RAM user may perform on itself without a policy when
// self is true (the caller acts on its own user and the security preference lets it). An
// explicit Deny still wins.
func (k *call) allowSelf(self bool, arns ...string) error { return k.authorize("", self, arns) }

func (k *call) authorize(rg string, self bool, arns []string) error {
	if k.Caller == nil {
		return errs.Wrap(errors.New("ram: operation without a caller"))
	}
	snap := k.s.snaps.Current()
	for _, arn := range arns {
		if k.Target == "" {
			k.Target = arn
		}
		d := snap.Decide(k.Caller, &authz.Request{Action: k.Action, Resource: arn, ResourceGroupID: rg, Context: k.Caller.Context})
		switch {
		case d.Allowed():
		case self && d.Outcome == policy.ImplicitDeny:
		default:
			return k.denied(arn, d.Outcome)
		}
	}
	return nil
}

// denied is RAM's NoPermission error, with what AccessDeniedDetail reports.
func (k *call) denied(resource string, o policy.Outcome) error {
	return errs.NoPermission("You are not authorized to do this action.", k.Caller.Denial(k.Action, resource, o))
}

// isSelf reports whether the caller is the RAM user with this ID.
func isSelf(c *authz.Caller, userID string) bool {
	return c != nil && c.Type == authz.User && userID != "" && c.ID == userID
}
