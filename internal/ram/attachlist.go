package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// ListPoliciesForUser lists the policies attached to a user at account scope
// (ram:ListPoliciesForUser on the user). Grants through the user's groups are not included, as
// in RAM.
func (s *Service) ListPoliciesForUser(ctx context.Context, c *authz.Caller, in UserInput) ([]AttachedPolicy, error) {
	return s.listPoliciesFor(ctx, s.begin(c, "ram:ListPoliciesForUser", in.RequestID), userKind, in.UserName)
}

// ListPoliciesForGroup lists the policies attached to a group at account scope.
func (s *Service) ListPoliciesForGroup(ctx context.Context, c *authz.Caller, in GroupInput) ([]AttachedPolicy, error) {
	return s.listPoliciesFor(ctx, s.begin(c, "ram:ListPoliciesForGroup", in.RequestID), groupKind, in.GroupName)
}

// ListPoliciesForRole lists the policies attached to a role at account scope.
func (s *Service) ListPoliciesForRole(ctx context.Context, c *authz.Caller, in RoleInput) ([]AttachedPolicy, error) {
	return s.listPoliciesFor(ctx, s.begin(c, "ram:ListPoliciesForRole", in.RequestID), roleKind, in.RoleName)
}

func (s *Service) listPoliciesFor(ctx context.Context, k *call, kind principalKind, name string) ([]AttachedPolicy, error) {
	if err := s.checkPrincipalName(kind, name); err != nil {
		return nil, err
	}
	var out []AttachedPolicy
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		id, arn, err := kind.find(ctx, r, s.accountID(), name)
		if err != nil {
			return err
		}
		if err := k.allow(arn); err != nil {
			return err
		}
		if id == "" {
			return kind.notExist()
		}
		accountScope := ""
		atts, err := r.ListAttachments(ctx, store.AttachmentFilter{PrincipalType: kind.typ, PrincipalID: id, ResourceGroupID: &accountScope})
		if err != nil {
			return wrapf(err, "list attachments of %s %s", kind.noun, id)
		}
		for _, a := range atts {
			p, err := s.attachedPolicy(ctx, r, a)
			if err != nil {
				return err
			}
			out = append(out, AttachedPolicy{Policy: p, AttachDate: a.AttachDate})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// attachedPolicy is the policy an attachment grants.
func (s *Service) attachedPolicy(ctx context.Context, r store.Reader, a store.Attachment) (Policy, error) {
	p, _, err := s.findPolicy(ctx, r, a.PolicyType, a.PolicyName)
	if err != nil {
		return Policy{}, err
	}
	if !p.found {
		// The store keeps custom policies from being deleted while attached, and the catalog
		// only grows; an attachment without its policy is a broken store.
		return Policy{}, wrapf(store.ErrNotFound, "policy %s %q of an attachment", a.PolicyType, a.PolicyName)
	}
	return p.view(), nil
}

// ListEntitiesForPolicy lists the users, groups and roles a policy is attached to at account
// scope (ram:ListEntitiesForPolicy on the policy).
func (s *Service) ListEntitiesForPolicy(ctx context.Context, c *authz.Caller, in PolicyInput) (PolicyEntities, error) {
	if err := checkPolicyType(in.PolicyType); err != nil {
		return PolicyEntities{}, err
	}
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return PolicyEntities{}, err
	}
	k := s.begin(c, "ram:ListEntitiesForPolicy", in.RequestID)
	var out PolicyEntities
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		p, err := k.policy(ctx, r, in.PolicyType, in.PolicyName)
		if err != nil {
			return err
		}
		account, err := r.GetAccount(ctx)
		if err != nil {
			return wrapf(err, "read account")
		}
		accountScope := ""
		atts, err := r.ListAttachments(ctx, store.AttachmentFilter{PolicyType: p.typ, PolicyName: p.name(), ResourceGroupID: &accountScope})
		if err != nil {
			return wrapf(err, "list attachments of policy %q", p.name())
		}
		for _, a := range atts {
			switch a.PrincipalType {
			case store.PrincipalUser:
				u, err := r.GetUser(ctx, a.PrincipalID)
				if err != nil {
					return wrapf(err, "read user %s", a.PrincipalID)
				}
				out.Users = append(out.Users, AttachedUser{User: userView(u), AttachDate: a.AttachDate})
			case store.PrincipalGroup:
				g, err := r.GetGroup(ctx, a.PrincipalID)
				if err != nil {
					return wrapf(err, "read group %s", a.PrincipalID)
				}
				out.Groups = append(out.Groups, AttachedGroup{Group: groupView(g), AttachDate: a.AttachDate})
			case store.PrincipalRole:
				ro, err := r.GetRole(ctx, a.PrincipalID)
				if err != nil {
					return wrapf(err, "read role %s", a.PrincipalID)
				}
				out.Roles = append(out.Roles, AttachedRole{Role: roleView(ro, account.ID, principalDomain(account)), AttachDate: a.AttachDate})
			}
		}
		return nil
	})
	if err != nil {
		return PolicyEntities{}, err
	}
	return out, nil
}
