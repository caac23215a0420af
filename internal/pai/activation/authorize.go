package activation

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
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
	roles := m.RolesFor(in.Service)
	switch {
	case len(roles) == 0:
		_, err = s.Activate(ctx, c, ActivateInput{RequestID: in.RequestID, Service: in.Service})
	case roles[0].Type == catalog.ServiceLinkedRole:
		_, _, err = s.ram.EnsureServiceLinkedRole(ctx, c, ram.CreateServiceLinkedRoleInput{RequestID: in.RequestID, ServiceName: roles[0].Service})
	default:
		_, modules, _ := s.catalog.ModuleRole(roles[0].RoleName)
		_, _, err = s.ram.EnsureServiceRole(ctx, c, ram.ServiceRoleInput{RequestID: in.RequestID, RoleName: roles[0].RoleName,
			ServiceName: roles[0].Service, PolicyName: roles[0].RolePolicy,
			Description: fmt.Sprintf("Service role of PAI %s: %s assumes it to access %s.",
				strings.Join(modules, ", "), roles[0].Service, strings.Join(roles[0].Services, ", "))})
	}
	if err != nil {
		return DependentService{}, err
	}
	return s.dependentService(ctx, m, in.Service)
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
