package ram

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// Service-linked roles (Resource Manager 2020-03-31: CreateServiceLinkedRole,
// DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus). A service-linked role is a RAM
// role that a service owns: the catalog says, per service name, the role's name and the system
// policy it carries; its trust policy names the service alone; and nothing but
// DeleteServiceLinkedRole changes or removes it (UpdateRole, DeleteRole, AttachPolicyToRole,
// DetachPolicyFromRole and Resource Manager's AttachPolicy/DetachPolicy refuse it with
// OperationDenied.ServiceLinkedRole, a code of Rampart's: RAM documents none for this).

// ServiceNameKey is the condition key CreateServiceLinkedRole and DeleteServiceLinkedRole are
// decided with: the service the role is linked to. AliyunPAIFullAccess, for instance, allows
// ram:CreateServiceLinkedRole only where it is "eas.pai.aliyuncs.com".
const ServiceNameKey = "ram:ServiceName"

// serviceLinkedRoleDuration is the MaxSessionDuration of every service-linked role, in seconds.
const serviceLinkedRoleDuration = 3600

// CreateServiceLinkedRoleInput holds CreateServiceLinkedRole's parameters. PAI's service-linked
// roles take neither a custom suffix nor a custom description; both are refused as Resource
// Manager refuses them for such roles.
type CreateServiceLinkedRoleInput struct {
	RequestID    string
	ServiceName  string // "eas.pai.aliyuncs.com"
	CustomSuffix string
	Description  string
}

// CreateServiceLinkedRole creates the service-linked role of a service, with its policy
// attached (ram:CreateServiceLinkedRole on the role, with ram:ServiceName in the request).
// EntityAlreadyExists.Role when a role of that name exists.
func (s *Service) CreateServiceLinkedRole(ctx context.Context, c *authz.Caller, in CreateServiceLinkedRoleInput) (Role, error) {
	r, _, err := s.createServiceLinkedRole(ctx, c, in, false)
	return r, err
}

// EnsureServiceLinkedRole is CreateServiceLinkedRole that succeeds when the service's role
// already exists as its service-linked role, returning it and created false. It is what
// PAI's "Authorize" does: idempotent, and authorized exactly as CreateServiceLinkedRole.
func (s *Service) EnsureServiceLinkedRole(ctx context.Context, c *authz.Caller, in CreateServiceLinkedRoleInput) (r Role, created bool, err error) {
	return s.createServiceLinkedRole(ctx, c, in, true)
}

func (s *Service) createServiceLinkedRole(ctx context.Context, c *authz.Caller, in CreateServiceLinkedRoleInput, ensure bool) (Role, bool, error) {
	def, err := s.checkServiceLinkedRole(in)
	if err != nil {
		return Role{}, false, err
	}
	account, now := s.accountID(), s.clock()
	k := s.begin(c, "ram:CreateServiceLinkedRole", in.RequestID)
	k.Target = roleARN(account, def.RoleName)
	k.Detail = serviceDetail(def.Service)
	var out Role
	created := false
	err = s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := k.allowForService(def.Service, roleARN(account, def.RoleName)); err != nil {
			return err
		}
		a, err := roleDomain(ctx, tx)
		if err != nil {
			return err
		}
		existing, err := tx.GetRoleByName(ctx, def.RoleName)
		switch {
		case err == nil && ensure && existing.ServiceName == def.Service:
			out = roleView(existing, account, principalDomain(a))
			return s.keepServiceLinkedPolicy(ctx, tx, existing, def)
		case err == nil && ensure:
			return alreadyExists("EntityAlreadyExists.Role", fmt.Sprintf(
				"The role %s already exists and is not the service-linked role of %s; rename or delete it, then authorize again.",
				existing.Name, def.Service))
		case err == nil:
			return alreadyExists("EntityAlreadyExists.Role", "The role already exists.")
		case !notFound(err):
			return wrapf(err, "read role %q", def.RoleName)
		}
		n, err := tx.CountRoles(ctx)
		if err != nil {
			return wrapf(err, "count roles")
		}
		if n >= s.limits.Roles {
			return limitExceeded("LimitExceeded.Role", "roles", s.limits.Roles)
		}
		ro := store.Role{ID: s.ids.EntityID(), Name: def.RoleName, Description: s.serviceLinkedDescription(def),
			TrustPolicy: serviceTrustPolicy(def.Service), MaxSessionDuration: serviceLinkedRoleDuration,
			ServiceName: def.Service, CreateDate: now, UpdateDate: now}
		if err := tx.CreateRole(ctx, ro); err != nil {
			return err
		}
		created = true
		out = roleView(ro, account, principalDomain(a))
		return tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: def.RolePolicy,
			PrincipalType: store.PrincipalRole, PrincipalID: ro.ID, AttachDate: now})
	})
	if err != nil {
		return Role{}, false, err
	}
	return out, created, nil
}

// checkServiceLinkedRole validates CreateServiceLinkedRole's input and finds the role the
// catalog defines for the service.
func (s *Service) checkServiceLinkedRole(in CreateServiceLinkedRoleInput) (catalog.ModuleRole, error) {
	switch {
	case in.ServiceName == "":
		return catalog.ModuleRole{}, missing("ServiceName")
	case len(in.CustomSuffix) > 64:
		return catalog.ModuleRole{}, errorf("InvalidParameter.CustomSuffix.Length", "The maximum length of the parameter CustomSuffix is exceeded.")
	case in.CustomSuffix != "":
		return catalog.ModuleRole{}, errorf("InvalidParameter.CustomSuffix.NotAllowed", "Custom suffix is not allowed for this Service Linked Role.")
	case len(in.Description) > 1024:
		return catalog.ModuleRole{}, errorf("InvalidParameter.Description.Length",
			"The maximum length of the description is exceeded. It must not exceed 1024 characters.")
	case in.Description != "":
		return catalog.ModuleRole{}, errorf("InvalidParameter.Description.NotAllowed", "Custom description is not allowed for default service linked role.")
	}
	def, ok := s.catalog.ServiceLinkedRole(in.ServiceName)
	if !ok {
		return catalog.ModuleRole{}, notExist("EntityNotExist.Service", "The service does not exist.")
	}
	return def, nil
}

// keepServiceLinkedPolicy attaches the role's policy again if it is missing (nothing through
// the API can detach it, but a store restored from an old backup might lack it).
func (s *Service) keepServiceLinkedPolicy(ctx context.Context, tx store.Tx, ro store.Role, def catalog.ModuleRole) error {
	a := store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: def.RolePolicy,
		PrincipalType: store.PrincipalRole, PrincipalID: ro.ID}
	empty := ""
	n, err := tx.CountAttachments(ctx, store.AttachmentFilter{PolicyType: a.PolicyType, PolicyName: a.PolicyName,
		PrincipalType: a.PrincipalType, PrincipalID: a.PrincipalID, ResourceGroupID: &empty})
	if err != nil || n > 0 {
		return err
	}
	a.AttachDate = s.clock()
	return tx.Attach(ctx, a)
}

// serviceLinkedDescription describes a role by the modules that act through it.
func (s *Service) serviceLinkedDescription(def catalog.ModuleRole) string {
	_, modules, _ := s.catalog.ModuleRole(def.RoleName)
	return fmt.Sprintf("Service-linked role of PAI %s: %s assumes it to access %s.",
		strings.Join(modules, ", "), def.Service, strings.Join(def.Services, ", "))
}

// serviceTrustPolicy is the trust policy of a role only the service may assume, spelled as
// Alibaba Cloud shows a service-linked role's.
func serviceTrustPolicy(service string) string {
	return `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["` + service + `"]}}],"Version":"1"}`
}

func serviceDetail(service string) string {
	b, _ := json.Marshal(struct{ ServiceName string }{service})
	return string(b)
}

// allowForService authorizes the call on arn with ram:ServiceName set to service in the
// request's condition keys, leaving the caller's own keys as they are.
func (k *call) allowForService(service, arn string) error {
	own := k.Caller
	c := *own
	c.Context = policy.Context{}
	for _, key := range own.Context.Keys() {
		vs, _ := own.Context.Lookup(key)
		c.Context.Set(key, vs...)
	}
	c.Context.Set(ServiceNameKey, service)
	k.Caller = &c
	defer func() { k.Caller = own }()
	return k.allow(arn)
}

// refuseServiceLinked is the error of a plain RAM operation on a service-linked role.
func refuseServiceLinked(ro store.Role) error {
	if ro.ServiceName == "" {
		return nil
	}
	return errs.E(errs.Conflict, "OperationDenied.ServiceLinkedRole",
		"The role %s is a service-linked role of %s: only the service changes it. Delete it with DeleteServiceLinkedRole.",
		ro.Name, ro.ServiceName)
}

// refuseServiceLinkedGrant refuses attaching a policy to, or detaching one from, a
// service-linked role.
func refuseServiceLinkedGrant(ctx context.Context, r store.Reader, a store.Attachment) error {
	if a.PrincipalType != store.PrincipalRole {
		return nil
	}
	ro, err := r.GetRole(ctx, a.PrincipalID)
	if err != nil {
		return wrapf(err, "read role %s", a.PrincipalID)
	}
	return refuseServiceLinked(ro)
}
