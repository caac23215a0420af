package catalog

import (
	"fmt"
	"slices"
)

// checkReferences verifies that every name one file uses is defined by another: activation and
// role policies are system policies, modules depend on listed services, roles in the permission
// list and in the services table are workspace roles, a role shared by modules is described
// the same way everywhere, and a service has at most one service-linked role.
func (c *Catalog) checkReferences() error {
	roleIDs := make([]string, len(c.roles))
	for i, r := range c.roles {
		roleIDs[i] = r.ID
	}
	if _, ok := c.policyIndex[c.resourceAdmin.Policy]; !ok {
		return fmt.Errorf("catalog: the Resource Administrator's policy %q is not a system policy", c.resourceAdmin.Policy)
	}
	for _, s := range c.services {
		for _, p := range s.ActivationPolicies {
			if _, ok := c.policyIndex[p]; !ok {
				return fmt.Errorf("catalog: dependent service %q: activation policy %q is not a system policy", s.Name, p)
			}
		}
		if s.WorkspaceRole != "" && !slices.Contains(roleIDs, s.WorkspaceRole) {
			return fmt.Errorf("catalog: dependent service %q: unknown workspace role %q", s.Name, s.WorkspaceRole)
		}
	}
	for _, p := range c.activation.Policies {
		if _, ok := c.policyIndex[p]; !ok {
			return fmt.Errorf("catalog: PAI's activation policy %q is not a system policy", p)
		}
	}
	byName := make(map[string]ModuleRole)
	linked := make(map[string]string) // service name → its service-linked role
	for _, m := range c.modules {
		for _, s := range m.DependentServices {
			if _, ok := c.DependentService(s); !ok {
				return fmt.Errorf("catalog: module %q depends on %q, which is not a dependent service", m.Name, s)
			}
		}
		for _, r := range m.Roles {
			if _, ok := c.policyIndex[r.RolePolicy]; !ok {
				return fmt.Errorf("catalog: module %q: role %s: policy %q is not a system policy", m.Name, r.RoleName, r.RolePolicy)
			}
			if prev, ok := byName[r.RoleName]; ok && (prev.Type != r.Type || prev.Service != r.Service || prev.RolePolicy != r.RolePolicy) {
				return fmt.Errorf("catalog: role %s is described differently by two modules", r.RoleName)
			}
			byName[r.RoleName] = r
			if r.Type == ServiceLinkedRole {
				if prev, ok := linked[r.Service]; ok && prev != r.RoleName {
					return fmt.Errorf("catalog: service %s has two service-linked roles, %s and %s", r.Service, prev, r.RoleName)
				}
				linked[r.Service] = r.RoleName
			}
		}
	}
	for _, m := range c.permissions {
		for _, role := range m.Roles {
			if !slices.Contains(roleIDs, role) {
				return fmt.Errorf("catalog: role permissions %q: unknown role ID %q", m.Module, role)
			}
		}
	}
	return nil
}
