package activation

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// AuthorizeInput names one row of the Dependent Services page.
type AuthorizeInput struct {
	RequestID string
	Module    string // "EAS", "AI asset management"
	Service   string // "OSS", "API Gateway"
}

// Authorize lets a module reach a dependent service (see the package documentation) and
// returns the row as it is then. MissingParameter, EntityNotExist.Module for an unknown module,
// EntityNotExist.DependentService for a service the module does not depend on; RAM's errors
// (NoPermission, EntityAlreadyExists.Role for a role of that name that is not the module's)
// come through as they are.
func (s *Service) Authorize(ctx context.Context, c *authz.Caller, in AuthorizeInput) (DependentService, error) {
	m, err := s.moduleService(in.Module, in.Service)
	if err != nil {
		return DependentService{}, err
	}
	if roles := m.RolesFor(in.Service); len(roles) == 0 {
		_, err = s.Activate(ctx, c, ActivateInput{RequestID: in.RequestID, Service: in.Service})
	} else {
		err = s.ensureRole(ctx, c, in.RequestID, roles[0])
	}
	if err != nil {
		return DependentService{}, err
	}
	return s.dependentService(ctx, m, in.Service)
}

// ensureRole creates a module's service-linked role, or its service role with its trust
// principal and role policy, unless it is in place.
func (s *Service) ensureRole(ctx context.Context, c *authz.Caller, requestID string, role catalog.ModuleRole) error {
	if role.Type == catalog.ServiceLinkedRole {
		_, _, err := s.ram.EnsureServiceLinkedRole(ctx, c, ram.CreateServiceLinkedRoleInput{RequestID: requestID, ServiceName: role.Service})
		return err
	}
	_, modules, _ := s.catalog.ModuleRole(role.RoleName)
	_, _, err := s.ram.EnsureServiceRole(ctx, c, ram.ServiceRoleInput{RequestID: requestID, RoleName: role.RoleName,
		ServiceName: role.Service, PolicyName: role.RolePolicy,
		Description: fmt.Sprintf("Service role of PAI %s: %s assumes it to access %s.",
			strings.Join(modules, ", "), role.Service, strings.Join(role.Services, ", "))})
	return err
}

// RoleAuthorization is what activating PAI did about one of its modules' roles. The seed:
// "Authorization is usually completed when PAI is activated. If any authorization operations
// were missed during activation, you will be prompted to authorize when needed".
type RoleAuthorization struct {
	RoleName string
	RoleType catalog.RoleType
	Modules  []string // the modules that act through the role, in the catalog's order
	// Authorized: the role is in place, created now or found. When it is not, Code and Message
	// are RAM's answer to creating it (NoPermission, EntityAlreadyExists.Role).
	Authorized    bool
	Code, Message string
}

// authorizeRoles puts every module role in place that is not, each once, as far as the caller
// may, and says for each whether it is in place. A role already in place costs no write.
// Refusals are answers, not failures; only an internal error stops it.
func (s *Service) authorizeRoles(ctx context.Context, c *authz.Caller, requestID string) ([]RoleAuthorization, error) {
	var out []RoleAuthorization
	done := map[string]bool{}
	for _, m := range s.catalog.Modules() {
		for _, role := range m.Roles {
			if done[role.RoleName] {
				continue
			}
			done[role.RoleName] = true
			_, modules, _ := s.catalog.ModuleRole(role.RoleName)
			a := RoleAuthorization{RoleName: role.RoleName, RoleType: role.Type, Modules: modules, Authorized: true}
			var inPlace bool
			snap := s.snaps.Current()
			err := s.store.View(ctx, func(r store.Reader) (err error) {
				inPlace, err = roleInPlace(ctx, r, snap, role)
				return err
			})
			if err != nil {
				return nil, errs.Wrap(err)
			}
			if !inPlace {
				if err := s.ensureRole(ctx, c, requestID, role); err != nil {
					e := errs.As(err)
					if e.Kind == errs.Internal {
						return nil, err
					}
					a.Authorized, a.Code, a.Message = false, e.Code, e.Message
				}
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// moduleService checks that module depends on service.
func (s *Service) moduleService(module, service string) (catalog.Module, error) {
	switch {
	case module == "":
		return catalog.Module{}, missing("Module")
	case service == "":
		return catalog.Module{}, missing("Service")
	}
	m, ok := s.catalog.Module(module)
	if !ok {
		var names []string
		for _, m := range s.catalog.Modules() {
			names = append(names, m.Name)
		}
		return catalog.Module{}, errs.E(errs.NotFound, "EntityNotExist.Module", "PAI has no module %q; its modules are %s.",
			module, strings.Join(names, ", "))
	}
	for _, d := range m.DependentServices {
		if d == service {
			return m, nil
		}
	}
	return catalog.Module{}, errs.E(errs.NotFound, "EntityNotExist.DependentService", "PAI %s does not depend on %q; it depends on %s.",
		m.Name, service, strings.Join(m.DependentServices, ", "))
}

func missing(param string) error {
	return errs.E(errs.Invalid, "MissingParameter",
		"The input parameter %q that is mandatory for processing this request is not supplied.", param)
}
