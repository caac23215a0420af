package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// MaxSessionDuration bounds, in seconds (CreateRole).
const (
	minSessionDuration     = 3600
	maxSessionDuration     = 43200
	defaultSessionDuration = 3600
)

// CreateRoleInput holds CreateRole's parameters. MaxSessionDuration 0 means RAM's default, 3600.
type CreateRoleInput struct {
	RequestID                string
	RoleName                 string
	AssumeRolePolicyDocument string
	Description              string
	MaxSessionDuration       int
}

// UpdateRoleInput holds UpdateRole's parameters; empty or zero New* fields are left as they are.
type UpdateRoleInput struct {
	RequestID                   string
	RoleName                    string
	NewAssumeRolePolicyDocument string
	NewDescription              string
	NewMaxSessionDuration       int
}

// AssumableRole is what STS needs to issue a role session.
type AssumableRole struct {
	ID, Name, ARN      string
	MaxSessionDuration int // seconds
}

func (s *Service) checkRoleName(name string) error {
	return checkName("RoleName", name, s.limits.RoleNameLength, roleNameChar)
}

// roleDomain reads the account to name roles in Resource Manager's principal form.
func roleDomain(ctx context.Context, r store.Reader) (store.Account, error) {
	a, err := r.GetAccount(ctx)
	if err != nil {
		return store.Account{}, wrapf(err, "read account")
	}
	return a, nil
}

// CreateRole creates a role with a trust policy saying who may assume it (ram:CreateRole on
// role/<name>, as RAM's CreateRole authorization table names the role to be created).
func (s *Service) CreateRole(ctx context.Context, c *authz.Caller, in CreateRoleInput) (Role, error) {
	if err := s.checkRoleName(in.RoleName); err != nil {
		return Role{}, err
	}
	if err := checkText("Description", in.Description, s.limits.DescriptionLength); err != nil {
		return Role{}, err
	}
	duration := in.MaxSessionDuration
	if duration == 0 {
		duration = defaultSessionDuration
	}
	if err := checkRange("MaxSessionDuration", duration, minSessionDuration, maxSessionDuration); err != nil {
		return Role{}, err
	}
	if err := s.checkDocument("AssumeRolePolicyDocument", in.AssumeRolePolicyDocument, policy.Trust); err != nil {
		return Role{}, err
	}
	account, now := s.accountID(), s.clock()
	ro := store.Role{ID: s.ids.EntityID(), Name: in.RoleName, Description: in.Description, TrustPolicy: in.AssumeRolePolicyDocument,
		MaxSessionDuration: duration, CreateDate: now, UpdateDate: now}
	k := s.begin(c, "ram:CreateRole", in.RequestID)
	k.Target = roleARN(account, ro.Name)
	var out Role
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := k.allow(roleARN(account, ro.Name)); err != nil {
			return err
		}
		if _, err := tx.GetRoleByName(ctx, ro.Name); !notFound(err) {
			if err != nil {
				return wrapf(err, "read role %q", ro.Name)
			}
			return alreadyExists("EntityAlreadyExists.Role", "The role does already EXIST.")
		}
		n, err := tx.CountRoles(ctx)
		if err != nil {
			return wrapf(err, "count roles")
		}
		if n >= s.limits.Roles {
			return limitExceeded("LimitExceeded.Role", "roles", s.limits.Roles)
		}
		a, err := roleDomain(ctx, tx)
		if err != nil {
			return err
		}
		out = roleView(ro, account, principalDomain(a))
		return tx.CreateRole(ctx, ro)
	})
	if err != nil {
		return Role{}, err
	}
	return out, nil
}

// GetRole returns a role (ram:GetRole on the role).
func (s *Service) GetRole(ctx context.Context, c *authz.Caller, in RoleInput) (Role, error) {
	if err := s.checkRoleName(in.RoleName); err != nil {
		return Role{}, err
	}
	k := s.begin(c, "ram:GetRole", in.RequestID)
	var out Role
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		ro, err := k.role(ctx, r, in.RoleName)
		if err != nil {
			return err
		}
		a, err := roleDomain(ctx, r)
		out = roleView(ro, a.ID, principalDomain(a))
		return err
	})
	if err != nil {
		return Role{}, err
	}
	return out, nil
}

// UpdateRole changes a role's trust policy, description or maximum session duration
// (ram:UpdateRole on the role). A new trust policy governs the next AssumeRole at once.
// OperationDenied.ServiceLinkedRole for a service-linked role.
func (s *Service) UpdateRole(ctx context.Context, c *authz.Caller, in UpdateRoleInput) (Role, error) {
	if err := s.checkRoleName(in.RoleName); err != nil {
		return Role{}, err
	}
	if err := checkText("NewDescription", in.NewDescription, s.limits.DescriptionLength); err != nil {
		return Role{}, err
	}
	if in.NewMaxSessionDuration != 0 {
		if err := checkRange("NewMaxSessionDuration", in.NewMaxSessionDuration, minSessionDuration, maxSessionDuration); err != nil {
			return Role{}, err
		}
	}
	if in.NewAssumeRolePolicyDocument != "" {
		if err := s.checkDocument("NewAssumeRolePolicyDocument", in.NewAssumeRolePolicyDocument, policy.Trust); err != nil {
			return Role{}, err
		}
	}
	k := s.begin(c, "ram:UpdateRole", in.RequestID)
	var out Role
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		ro, err := k.role(ctx, tx, in.RoleName)
		if err != nil {
			return err
		}
		if err := refuseServiceLinked(ro); err != nil {
			return err
		}
		setIf(&ro.TrustPolicy, in.NewAssumeRolePolicyDocument)
		setIf(&ro.Description, in.NewDescription)
		if in.NewMaxSessionDuration != 0 {
			ro.MaxSessionDuration = in.NewMaxSessionDuration
		}
		ro.UpdateDate = s.clock()
		a, err := roleDomain(ctx, tx)
		if err != nil {
			return err
		}
		out = roleView(ro, a.ID, principalDomain(a))
		return tx.UpdateRole(ctx, ro)
	})
	if err != nil {
		return Role{}, err
	}
	return out, nil
}

// DeleteRole deletes a role without policies (ram:DeleteRole on the role);
// DeleteConflict.Role.Policy otherwise, OperationDenied.ServiceLinkedRole for a service-linked
// role (DeleteServiceLinkedRole deletes those).
func (s *Service) DeleteRole(ctx context.Context, c *authz.Caller, in RoleInput) error {
	if err := s.checkRoleName(in.RoleName); err != nil {
		return err
	}
	k := s.begin(c, "ram:DeleteRole", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		ro, err := k.role(ctx, tx, in.RoleName)
		if err != nil {
			return err
		}
		if err := refuseServiceLinked(ro); err != nil {
			return err
		}
		n, err := tx.CountAttachments(ctx, store.AttachmentFilter{PrincipalType: store.PrincipalRole, PrincipalID: ro.ID})
		if err != nil || n > 0 {
			return conflictOr(err, "DeleteConflict.Role.Policy", "The role still has policies attached.")
		}
		return tx.DeleteRole(ctx, ro.ID)
	})
}

// ListRoles lists roles by name, one page at a time (ram:ListRoles on role/*).
func (s *Service) ListRoles(ctx context.Context, c *authz.Caller, in PageInput) (Page[Role], error) {
	limit, err := pageLimit(in.MaxItems, in.Marker)
	if err != nil {
		return Page[Role]{}, err
	}
	k := s.begin(c, "ram:ListRoles", in.RequestID)
	var out Page[Role]
	err = s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		if err := k.allow(roleARN(s.accountID(), "*")); err != nil || filteredByTags(in.Tags) {
			return err
		}
		a, err := roleDomain(ctx, r)
		if err != nil {
			return err
		}
		roles, next, err := r.ListRoles(ctx, store.Page{Marker: in.Marker, Limit: limit})
		if err != nil {
			return wrapf(err, "list roles")
		}
		out.Marker = next
		for _, ro := range roles {
			out.Items = append(out.Items, roleView(ro, a.ID, principalDomain(a)))
		}
		return nil
	})
	if err != nil {
		return Page[Role]{}, err
	}
	return out, nil
}

// RoleForAssume returns the role STS's AssumeRole names, for the session it issues. It
// authorizes nothing: the STS domain asks the snapshot (authz.Snapshot.CanAssumeRole), which
// checks both the caller's permission and the trust policy. EntityNotExist.Role when there is
// no such role.
func (s *Service) RoleForAssume(ctx context.Context, name string) (AssumableRole, error) {
	var out AssumableRole
	err := s.store.View(ctx, func(r store.Reader) error {
		ro, err := r.GetRoleByName(ctx, name)
		if notFound(err) {
			return errNoRole()
		} else if err != nil {
			return errs.Wrap(wrapf(err, "read role %q", name))
		}
		out = AssumableRole{ID: ro.ID, Name: ro.Name, ARN: authz.RoleARN(s.accountID(), ro.Name), MaxSessionDuration: ro.MaxSessionDuration}
		return nil
	})
	if err != nil {
		return AssumableRole{}, errs.As(err)
	}
	return out, nil
}
