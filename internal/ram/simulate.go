package ram

import (
	"context"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// The policy simulator: what the snapshot would decide for a user or a role (acting without a
// session policy), with every statement that matched and every policy that was consulted. It
// reveals what a principal is granted, so it is authorized as reading those grants:
// ram:ListPoliciesForUser and ram:ListGroupsForUser on a user (its groups' policies count, and
// the answer names the groups), or ram:ListPoliciesForRole on a role.

// SimulateInput names the principal ("User" or "Role" and its name) and the request to decide.
// ResourceGroupID is the resource group the resource is in; for a resource in a PAI workspace
// it is the workspace's group, whatever it says.
// Context holds the request's condition keys; the principal's own variables (acs:PrincipalARN,
// acs:AccountId and, for a user, acs:PrincipalName) and the time (acs:CurrentTime, as every
// signed request and console page has it) are added to Context unless it sets them.
type SimulateInput struct {
	RequestID       string
	PrincipalType   string
	PrincipalName   string
	Action          string
	Resource        string
	ResourceGroupID string
	Context         policy.Context
}

// ConsultedPolicy is a policy that applied to the simulated principal: attached to it or to one
// of its groups (Via names the group), at account scope or in the request's resource group.
type ConsultedPolicy struct {
	PolicyType      string
	PolicyName      string
	Via             string // "" when attached to the principal itself; the group's name otherwise
	ResourceGroupID string // "" for account scope
}

// Simulation is the simulator's answer.
type Simulation struct {
	Caller    authz.Caller
	Decision  authz.Decision
	Consulted []ConsultedPolicy
}

// SimulatePrincipalPolicy decides a request as the named user or role would make it.
func (s *Service) SimulatePrincipalPolicy(ctx context.Context, c *authz.Caller, in SimulateInput) (Simulation, error) {
	if in.PrincipalName == "" {
		return Simulation{}, missing("PrincipalName")
	}
	if in.Action == "" {
		return Simulation{}, missing("Action")
	}
	if in.Resource == "" {
		return Simulation{}, missing("Resource")
	}
	var action string
	switch in.PrincipalType {
	case store.PrincipalUser:
		action = "ram:ListPoliciesForUser"
	case store.PrincipalRole:
		action = "ram:ListPoliciesForRole"
	default:
		return Simulation{}, badValue("PrincipalType", `it must be "User" or "Role"`)
	}
	k := s.begin(c, action, in.RequestID)
	// A resource in a workspace is in that workspace's group, whatever group was asked about,
	// as the services decide it.
	rg := s.snaps.Current().GroupOf(in.Resource, in.ResourceGroupID)
	var out Simulation
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		var id, arn string
		var groups []store.UserGroup
		if in.PrincipalType == store.PrincipalUser {
			u, err := k.user(ctx, r, in.PrincipalName)
			if err != nil {
				return err
			}
			listGroups := s.begin(c, "ram:ListGroupsForUser", in.RequestID)
			if err := listGroups.allow(authz.UserARN(s.accountID(), u.Name)); err != nil {
				k.Op = listGroups.Op // the refused call is the one audited
				return err
			}
			if groups, err = r.ListGroupsForUser(ctx, u.ID); err != nil {
				return wrapf(err, "read groups of user %s", u.ID)
			}
			id, arn = u.ID, authz.UserARN(s.accountID(), u.Name)
		} else {
			ro, err := k.role(ctx, r, in.PrincipalName)
			if err != nil {
				return err
			}
			id, arn = ro.ID, authz.RoleARN(s.accountID(), ro.Name)
		}
		caller, ok := s.snaps.Current().CallerForARN(arn)
		if !ok {
			return errs.E(errs.Unavailable, "ServiceUnavailable", "The principal is not in this node's view yet. Retry.")
		}
		consulted, err := consultedPolicies(ctx, r, in.PrincipalType, id, rg, groups)
		if err != nil {
			return err
		}
		out.Caller, out.Consulted = caller, consulted
		return nil
	})
	if err != nil {
		return Simulation{}, err
	}
	reqCtx := in.Context // the input's copy: the caller does not use it again
	setDefault(&reqCtx, "acs:PrincipalARN", out.Caller.ARN)
	setDefault(&reqCtx, "acs:AccountId", out.Caller.AccountID)
	setDefault(&reqCtx, "acs:CurrentTime", s.clock().Format(time.RFC3339))
	if out.Caller.Type == authz.User {
		setDefault(&reqCtx, "acs:PrincipalName", out.Caller.Name)
	}
	out.Caller.Context = reqCtx
	out.Decision = s.snaps.Current().Decide(&out.Caller, &authz.Request{Action: in.Action, Resource: in.Resource,
		ResourceGroupID: rg, Context: reqCtx})
	return out, nil
}

// consultedPolicies lists the attachments that govern a principal for a request in resource
// group rg: its own and its groups', at account scope and in rg.
func consultedPolicies(ctx context.Context, r store.Reader, principalType, id, rg string, groups []store.UserGroup) ([]ConsultedPolicy, error) {
	type holder struct{ typ, id, via string }
	holders := []holder{{principalType, id, ""}}
	for _, g := range groups {
		holders = append(holders, holder{store.PrincipalGroup, g.Group.ID, g.Group.Name})
	}
	var out []ConsultedPolicy
	for _, h := range holders {
		as, err := r.ListAttachments(ctx, store.AttachmentFilter{PrincipalType: h.typ, PrincipalID: h.id})
		if err != nil {
			return nil, wrapf(err, "read attachments of %s %s", h.typ, h.id)
		}
		for _, a := range as {
			if a.ResourceGroupID != "" && a.ResourceGroupID != rg {
				continue
			}
			out = append(out, ConsultedPolicy{PolicyType: a.PolicyType, PolicyName: a.PolicyName, Via: h.via, ResourceGroupID: a.ResourceGroupID})
		}
	}
	return out, nil
}

func setDefault(c *policy.Context, key, value string) {
	if _, ok := c.Lookup(key); !ok {
		c.Set(key, value)
	}
}
