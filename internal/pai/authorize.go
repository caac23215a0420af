package pai

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
	s            *Service
	operation.Op // Action is the RAM action, "paiworkspace:CreateMember"; code() the permission code
}

// begin starts operation name ("CreateWorkspace") for caller.
func (s *Service) begin(c *authz.Caller, name, requestID string) *call {
	return &call{s: s, Op: operation.Op{Caller: c, Action: "paiworkspace:" + name, RequestID: requestID}}
}

// beginAction starts an operation checked as a RAM action of another service ("pai:ListQuotas").
func (s *Service) beginAction(c *authz.Caller, action, requestID string) *call {
	return &call{s: s, Op: operation.Op{Caller: c, Action: action, RequestID: requestID}}
}

// code is the permission code of the call's action: "PaiWorkspace:CreateMember".
func (k *call) code() string { return "PaiWorkspace:" + k.Action[len("paiworkspace:"):] }

// allowIn authorizes the call on workspace id (which need not exist): RAM on the workspace's
// ARN, then the caller's roles in it. rg is the workspace's resource group, "" when unknown.
func (k *call) allowIn(id, rg string) error {
	_, err := k.decide(id, rg, k.s.workspaceARN(id))
	return err
}

// allowAccount authorizes an account-level action (CreateWorkspace, ListQuotas) on resource,
// in resource group rg ("" for none), by RAM (and default-allowed codes) alone.
func (k *call) allowAccount(code, resource, rg string) error {
	if k.Caller == nil {
		return errs.Wrap(errors.New("pai: operation without a caller"))
	}
	d := k.s.snaps.Current().DecideWorkspace(k.Caller, &authz.WorkspaceRequest{
		Request: authz.Request{Action: k.Action, Resource: resource, ResourceGroupID: rg, Context: k.Caller.Context}, Code: code})
	if k.Target == "" {
		k.Target = resource
	}
	if !d.Allowed() {
		return k.denied(resource, d.Outcome)
	}
	return nil
}

// decide runs the combined decision for the call's code in workspace id on resource.
func (k *call) decide(id, rg, resource string) (authz.WorkspaceDecision, error) {
	if k.Caller == nil {
		return authz.WorkspaceDecision{}, errs.Wrap(errors.New("pai: operation without a caller"))
	}
	if k.Target == "" {
		k.Target = resource
	}
	d := k.s.snaps.Current().DecideWorkspace(k.Caller, &authz.WorkspaceRequest{
		Request:     authz.Request{Action: k.Action, Resource: resource, ResourceGroupID: rg, Context: k.Caller.Context},
		Code:        k.code(),
		WorkspaceID: id,
	})
	if !d.Allowed() {
		return d, k.denied(resource, d.Outcome)
	}
	return d, nil
}

// denied is the NoPermission error, with what AccessDeniedDetail reports.
func (k *call) denied(resource string, o policy.Outcome) error {
	return errs.NoPermission("You are not authorized to do this action.", k.Caller.Denial(k.Action, resource, o))
}

// workspaceARN is the ARN workspace operations are authorized on ("*" for every workspace).
func (s *Service) workspaceARN(id string) string {
	return "acs:paiworkspace:" + s.region + ":" + s.accountID() + ":workspace/" + id
}
