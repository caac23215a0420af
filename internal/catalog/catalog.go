package catalog

import (
	"slices"
	"sort"
	"strings"
)

// Catalog is the validated reference data. It is immutable and safe for concurrent use; every
// accessor returns a copy.
type Catalog struct {
	policies      []SystemPolicy // sorted by name
	policyIndex   map[string]int
	roles         []WorkspaceRole // in file order
	resourceAdmin ResourceAdministrator
	permissions   []ModulePermissions // in file order
	modules       []Module            // in the seed's order
	services      []DependentService  // in the seed's order
	activation    PAIActivation
}

// SystemPolicies returns every system policy, sorted by name.
func (c *Catalog) SystemPolicies() []SystemPolicy {
	return slices.Clone(c.policies)
}

// SystemPolicy returns the system policy with exactly this name. RAM matches policy names
// exactly, so "aliyunossfullaccess" is not AliyunOSSFullAccess.
func (c *Catalog) SystemPolicy(name string) (SystemPolicy, bool) {
	i, ok := c.policyIndex[name]
	if !ok {
		return SystemPolicy{}, false
	}
	return c.policies[i], true
}

// WorkspaceRoles returns PAI's basic workspace roles in the order the data lists them.
func (c *Catalog) WorkspaceRoles() []WorkspaceRole {
	return slices.Clone(c.roles)
}

// WorkspaceRole returns the workspace role with this ID, such as "PAI.AlgoDeveloper".
func (c *Catalog) WorkspaceRole(id string) (WorkspaceRole, bool) {
	for _, r := range c.roles {
		if r.ID == id {
			return r, true
		}
	}
	return WorkspaceRole{}, false
}

// ResourceAdministrator describes the one member role that is granted through RAM rather than
// workspace membership, and so has no role ID.
func (c *Catalog) ResourceAdministrator() ResourceAdministrator {
	return c.resourceAdmin
}

// RolePermissions returns the role-permission list, one entry per module in the appendix's order.
func (c *Catalog) RolePermissions() []ModulePermissions {
	out := make([]ModulePermissions, len(c.permissions))
	for i, m := range c.permissions {
		out[i] = m.clone()
	}
	return out
}

// Modules returns the PAI modules in the seed's order.
func (c *Catalog) Modules() []Module {
	out := make([]Module, len(c.modules))
	for i, m := range c.modules {
		out[i] = m.clone()
	}
	return out
}

// Module returns the PAI module with this name, such as "EAS" or "AI asset management".
func (c *Catalog) Module(name string) (Module, bool) {
	for _, m := range c.modules {
		if m.Name == name {
			return m.clone(), true
		}
	}
	return Module{}, false
}

// DependentServices returns the cloud services PAI depends on, in the seed's order.
func (c *Catalog) DependentServices() []DependentService {
	out := make([]DependentService, len(c.services))
	for i, s := range c.services {
		out[i] = s.clone()
	}
	return out
}

// DependentService returns the dependent cloud service with this name, such as "OSS" or
// "Cloud Monitor".
func (c *Catalog) DependentService(name string) (DependentService, bool) {
	for _, s := range c.services {
		if s.Name == name {
			return s.clone(), true
		}
	}
	return DependentService{}, false
}

// PAIActivation returns what activating PAI itself takes.
func (c *Catalog) PAIActivation() PAIActivation { return c.activation.clone() }

// ModuleRole returns the service role or service-linked role with this name (ignoring case, as
// RAM role names are unique regardless of case) and the modules that act through it.
func (c *Catalog) ModuleRole(name string) (ModuleRole, []string, bool) {
	var role ModuleRole
	var modules []string
	for _, m := range c.modules {
		for _, r := range m.Roles {
			if strings.EqualFold(r.RoleName, name) {
				role = r.clone()
				modules = append(modules, m.Name)
			}
		}
	}
	return role, modules, len(modules) > 0
}

// ServiceLinkedRole returns the service-linked role created for a service principal
// ("eas.pai.aliyuncs.com"), the one CreateServiceLinkedRole makes for that ServiceName.
// Service names match exactly.
func (c *Catalog) ServiceLinkedRole(serviceName string) (ModuleRole, bool) {
	for _, m := range c.modules {
		for _, r := range m.Roles {
			if r.Type == ServiceLinkedRole && r.Service == serviceName {
				return r.clone(), true
			}
		}
	}
	return ModuleRole{}, false
}

func sortPolicies(ps []SystemPolicy) map[string]int {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	index := make(map[string]int, len(ps))
	for i, p := range ps {
		index[p.Name] = i
	}
	return index
}
