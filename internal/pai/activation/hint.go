package activation

import (
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/catalog"
)

// RoleHint returns what to tell a caller that names a role which does not exist, when the role
// is one a PAI module acts through: where to authorize it. It is the seed's "you will be
// prompted to authorize when needed", for STS's EntityNotExist.Role; "" for other names.
func RoleHint(cat *catalog.Catalog) func(roleName string) string {
	return func(name string) string {
		role, modules, ok := cat.ModuleRole(name)
		if !ok {
			return ""
		}
		noun := "service"
		if len(role.Services) > 1 {
			noun = "services"
		}
		return fmt.Sprintf("%s is the %s of PAI %s and has not been authorized: authorize it in "+
			"Activation & Authorization > Dependent Services (module %s, %s %s), or run "+
			"'rampart pai authorize --module %q --service %q'.",
			role.RoleName, roleKind(role.Type), strings.Join(modules, ", "), modules[0], noun, strings.Join(role.Services, ", "),
			modules[0], role.Services[0])
	}
}

func roleKind(t catalog.RoleType) string {
	if t == catalog.ServiceLinkedRole {
		return "service-linked role"
	}
	return "service role"
}
