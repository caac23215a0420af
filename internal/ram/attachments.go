package ram

import (
	"context"
	"encoding/json"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// AttachmentInput names a policy and a principal (AttachPolicyToUser, DetachPolicyFromGroup,
// ...). PrincipalName is the UserName, GroupName or RoleName, as the operation says.
type AttachmentInput struct {
	RequestID     string
	PolicyType    string // "System" or "Custom"
	PolicyName    string
	PrincipalName string
}

// grant is one attachment asked for: a policy, a principal and a scope.
type grant struct {
	kind                   principalKind
	policyType, policyName string
	principalName          string
	resourceGroupID        string // "" for account scope
}

func (s *Service) checkGrant(g grant) error {
	if err := checkPolicyType(g.policyType); err != nil {
		return err
	}
	if err := s.checkPolicyName(g.policyName); err != nil {
		return err
	}
	return s.checkPrincipalName(g.kind, g.principalName)
}

// resolve finds the grant's policy, principal and resource group, authorizes the call on the
// policy and the principal (RAM's authorization tables name both), and returns the attachment.
func (k *call) resolve(ctx context.Context, r store.Reader, g grant) (store.Attachment, error) {
	account := k.s.accountID()
	id, principalARN, err := g.kind.find(ctx, r, account, g.principalName)
	if err != nil {
		return store.Attachment{}, err
	}
	p, policyARN, err := k.s.findPolicy(ctx, r, g.policyType, g.policyName)
	if err != nil {
		return store.Attachment{}, err
	}
	k.Target = principalARN
	policyName := g.policyName
	if p.found {
		policyName = p.name()
	}
	detail, _ := json.Marshal(struct{ PolicyType, PolicyName, ResourceGroupId string }{g.policyType, policyName, g.resourceGroupID})
	k.Detail = string(detail)
	if err := k.allowInGroup(g.resourceGroupID, policyARN, principalARN); err != nil {
		return store.Attachment{}, err
	}
	if id == "" {
		return store.Attachment{}, g.kind.notExist()
	}
	if !p.found {
		return store.Attachment{}, errNoPolicy()
	}
	if g.resourceGroupID != "" {
		if _, err := r.GetResourceGroup(ctx, g.resourceGroupID); notFound(err) {
			return store.Attachment{}, errNoResourceGroup()
		} else if err != nil {
			return store.Attachment{}, wrapf(err, "read resource group %s", g.resourceGroupID)
		}
	}
	return store.Attachment{PolicyType: p.typ, PolicyName: p.name(), PrincipalType: g.kind.typ, PrincipalID: id,
		ResourceGroupID: g.resourceGroupID, AttachDate: k.s.clock()}, nil
}

// attach stores a grant: EntityAlreadyExists.<Kind>.Policy when it exists at that scope,
// LimitExceeded.<Kind>.Policy when the principal has its quota of policies of that type
// (counted over every scope).
func (s *Service) attach(ctx context.Context, k *call, g grant) error {
	if err := s.checkGrant(g); err != nil {
		return err
	}
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		a, err := k.resolve(ctx, tx, g)
		if err != nil {
			return err
		}
		if err := refuseServiceLinkedGrant(ctx, tx, a); err != nil {
			return err
		}
		n, err := tx.CountAttachments(ctx, store.AttachmentFilter{PolicyType: a.PolicyType, PolicyName: a.PolicyName,
			PrincipalType: a.PrincipalType, PrincipalID: a.PrincipalID, ResourceGroupID: &a.ResourceGroupID})
		if err != nil {
			return wrapf(err, "count attachments")
		}
		if n > 0 {
			return alreadyExists(g.kind.attached, "The policy is already attached to the "+g.kind.noun+".")
		}
		limit, what := s.limits.CustomPoliciesPerPrincipal, "custom policies attached to a "+g.kind.noun
		if a.PolicyType == store.PolicyTypeSystem {
			limit, what = s.limits.SystemPoliciesPerPrincipal, "system policies attached to a "+g.kind.noun
		}
		n, err = tx.CountAttachments(ctx, store.AttachmentFilter{PolicyType: a.PolicyType, PrincipalType: a.PrincipalType, PrincipalID: a.PrincipalID})
		if err != nil {
			return wrapf(err, "count attachments")
		}
		if n >= limit {
			return limitExceeded(g.kind.limit, what, limit)
		}
		return tx.Attach(ctx, a)
	})
}

// detach removes a grant: EntityNotExist.<Kind>.Policy when there is none at that scope.
func (s *Service) detach(ctx context.Context, k *call, g grant) error {
	if err := s.checkGrant(g); err != nil {
		return err
	}
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		a, err := k.resolve(ctx, tx, g)
		if err != nil {
			return err
		}
		if err := refuseServiceLinkedGrant(ctx, tx, a); err != nil {
			return err
		}
		if err := tx.Detach(ctx, a); notFound(err) {
			return notExist(g.kind.notAttached, "The policy is not attached to the "+g.kind.noun+".")
		} else if err != nil {
			return err
		}
		return nil
	})
}

// AttachPolicyToUser grants a policy to a user at account scope (ram:AttachPolicyToUser on the
// policy and the user).
func (s *Service) AttachPolicyToUser(ctx context.Context, c *authz.Caller, in AttachmentInput) error {
	return s.attach(ctx, s.begin(c, "ram:AttachPolicyToUser", in.RequestID), accountGrant(userKind, in))
}

// DetachPolicyFromUser revokes a user's account-scope grant of a policy.
func (s *Service) DetachPolicyFromUser(ctx context.Context, c *authz.Caller, in AttachmentInput) error {
	return s.detach(ctx, s.begin(c, "ram:DetachPolicyFromUser", in.RequestID), accountGrant(userKind, in))
}

// AttachPolicyToGroup grants a policy to a group, and so to its users, at account scope.
func (s *Service) AttachPolicyToGroup(ctx context.Context, c *authz.Caller, in AttachmentInput) error {
	return s.attach(ctx, s.begin(c, "ram:AttachPolicyToGroup", in.RequestID), accountGrant(groupKind, in))
}

// DetachPolicyFromGroup revokes a group's account-scope grant of a policy.
func (s *Service) DetachPolicyFromGroup(ctx context.Context, c *authz.Caller, in AttachmentInput) error {
	return s.detach(ctx, s.begin(c, "ram:DetachPolicyFromGroup", in.RequestID), accountGrant(groupKind, in))
}

// AttachPolicyToRole grants a policy to a role, and so to its sessions, at account scope.
func (s *Service) AttachPolicyToRole(ctx context.Context, c *authz.Caller, in AttachmentInput) error {
	return s.attach(ctx, s.begin(c, "ram:AttachPolicyToRole", in.RequestID), accountGrant(roleKind, in))
}

// DetachPolicyFromRole revokes a role's account-scope grant of a policy.
func (s *Service) DetachPolicyFromRole(ctx context.Context, c *authz.Caller, in AttachmentInput) error {
	return s.detach(ctx, s.begin(c, "ram:DetachPolicyFromRole", in.RequestID), accountGrant(roleKind, in))
}

func accountGrant(kind principalKind, in AttachmentInput) grant {
	return grant{kind: kind, policyType: in.PolicyType, policyName: in.PolicyName, principalName: in.PrincipalName}
}
