package catalog

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// Confidence says how firmly a fact rests on the sources.
type Confidence string

const (
	Confirmed   Confidence = "confirmed"   // stated by an official source
	Inferred    Confidence = "inferred"    // Rampart's best reading of the sources
	Unconfirmed Confidence = "unconfirmed" // an assumption; no source names it
)

func (c Confidence) valid() bool {
	return c == Confirmed || c == Inferred || c == Unconfirmed
}

// RoleType tells the two ways a PAI module acts on the account's behalf apart.
type RoleType string

const (
	// ServiceRole is an ordinary RAM role whose trust policy names the service; the account may
	// change its policies.
	ServiceRole RoleType = "ServiceRole"
	// ServiceLinkedRole is created for the service by CreateServiceLinkedRole; its policy is fixed.
	ServiceLinkedRole RoleType = "ServiceLinkedRole"
)

// Module is a PAI sub-service (the seed's "PAI sub-service" column) with the cloud services it
// depends on and the roles through which it reaches them.
type Module struct {
	Name              string   // "Designer", "AI asset management"
	DependentServices []string // the seed's "Dependent cloud service" column, in its order
	Roles             []ModuleRole
	Note              string
}

// ModuleRole is a service role or service-linked role a module acts through.
type ModuleRole struct {
	RoleName string
	Type     RoleType
	// Service is the trust principal: the Service element of the role's trust policy, and for a
	// service-linked role the ServiceName passed to CreateServiceLinkedRole.
	Service    string
	RolePolicy string   // the system policy attached to the role
	Services   []string // the dependent services the module reaches through this role
	Confidence Confidence
	Source     string
	Note       string
}

// RolesFor returns the module's roles that serve the dependent service: at most one (Load
// checks), none when the service needs only to be activated.
func (m Module) RolesFor(service string) []ModuleRole {
	var out []ModuleRole
	for _, r := range m.Roles {
		if slices.Contains(r.Services, service) {
			out = append(out, r.clone())
		}
	}
	return out
}

func (m Module) clone() Module {
	m.DependentServices = slices.Clone(m.DependentServices)
	roles := make([]ModuleRole, len(m.Roles))
	for i, r := range m.Roles {
		roles[i] = r.clone()
	}
	m.Roles = roles
	return m
}

func (r ModuleRole) clone() ModuleRole {
	r.Services = slices.Clone(r.Services)
	return r
}

type modulesFile struct {
	Source  string
	Note    string
	Modules []Module
}

func loadModules(fsys fs.FS, name string) ([]Module, error) {
	var f modulesFile
	if err := decodeFile(fsys, name, &f); err != nil {
		return nil, err
	}
	if len(f.Modules) == 0 {
		return nil, dataError(name, "no modules")
	}
	seen := make(map[string]bool)
	for _, m := range f.Modules {
		if m.Name == "" || seen[m.Name] {
			return nil, dataError(name, "module name %q is empty or listed twice", m.Name)
		}
		seen[m.Name] = true
		if len(m.DependentServices) == 0 {
			return nil, dataError(name, "module %q has no DependentServices", m.Name)
		}
		for _, r := range m.Roles {
			if err := r.check(m); err != nil {
				return nil, dataError(name, "module %q: %v", m.Name, err)
			}
		}
	}
	return f.Modules, nil
}

func (r ModuleRole) check(m Module) error {
	switch {
	case r.RoleName == "" || r.Service == "" || r.RolePolicy == "":
		return fmt.Errorf("role %q needs a RoleName, a Service and a RolePolicy", r.RoleName)
	case r.Type != ServiceRole && r.Type != ServiceLinkedRole:
		return fmt.Errorf("role %s: Type must be %q or %q, got %q", r.RoleName, ServiceRole, ServiceLinkedRole, r.Type)
	case !strings.HasSuffix(r.Service, ".aliyuncs.com"):
		return fmt.Errorf("role %s: Service %q is not a service principal", r.RoleName, r.Service)
	case !r.Confidence.valid():
		return fmt.Errorf("role %s: invalid Confidence %q", r.RoleName, r.Confidence)
	case !strings.HasPrefix(r.Source, "https://"):
		return fmt.Errorf("role %s: Source must be an https URL", r.RoleName)
	case len(r.Services) == 0:
		return fmt.Errorf("role %s serves no dependent service", r.RoleName)
	}
	for _, s := range r.Services {
		if !slices.Contains(m.DependentServices, s) {
			return fmt.Errorf("role %s serves %q, which is not a dependent service of the module", r.RoleName, s)
		}
		if served := m.RolesFor(s); len(served) > 1 {
			// The Dependent Services page shows one role per module and service.
			return fmt.Errorf("%s is served by two roles, %s and %s", s, served[0].RoleName, served[1].RoleName)
		}
	}
	return nil
}
