package catalog

import (
	"io/fs"
	"regexp"
	"strings"
)

// WorkspaceRole is one of PAI's basic workspace member roles.
type WorkspaceRole struct {
	ID          string // the role ID the AIWorkspace API uses, "PAI.AlgoDeveloper"
	DisplayName string // the console's English name, "Algorithm Developer"
	Description string
	Source      string
}

// ResourceAdministrator is the member role granted through RAM: the Alibaba Cloud account, or a
// RAM user holding Policy (or an equivalent custom policy). It has no role ID.
type ResourceAdministrator struct {
	DisplayName string
	Description string
	Policy      string // "AliyunPAIFullAccess"
	Note        string
	Source      string
}

type workspaceRolesFile struct {
	Source string
	Note   string
	Roles  []struct {
		RoleID      string
		DisplayName string
		Description string
		Source      string
	}
	ResourceAdministrator ResourceAdministrator
}

var roleIDRE = regexp.MustCompile(`^PAI\.[A-Za-z]+$`)

func loadWorkspaceRoles(fsys fs.FS, name string) ([]WorkspaceRole, ResourceAdministrator, error) {
	var f workspaceRolesFile
	if err := decodeFile(fsys, name, &f); err != nil {
		return nil, ResourceAdministrator{}, err
	}
	seen := make(map[string]bool)
	roles := make([]WorkspaceRole, 0, len(f.Roles))
	for _, r := range f.Roles {
		switch {
		case !roleIDRE.MatchString(r.RoleID):
			return nil, ResourceAdministrator{}, dataError(name, "invalid RoleId %q", r.RoleID)
		case seen[r.RoleID]:
			return nil, ResourceAdministrator{}, dataError(name, "RoleId %q listed twice", r.RoleID)
		case r.DisplayName == "" || r.Description == "":
			return nil, ResourceAdministrator{}, dataError(name, "role %s needs a DisplayName and a Description", r.RoleID)
		case !strings.HasPrefix(r.Source, "https://"):
			return nil, ResourceAdministrator{}, dataError(name, "role %s: Source must be an https URL", r.RoleID)
		}
		seen[r.RoleID] = true
		roles = append(roles, WorkspaceRole{ID: r.RoleID, DisplayName: r.DisplayName, Description: r.Description, Source: r.Source})
	}
	if len(roles) == 0 {
		return nil, ResourceAdministrator{}, dataError(name, "no roles")
	}
	a := f.ResourceAdministrator
	if a.DisplayName == "" || a.Policy == "" {
		return nil, ResourceAdministrator{}, dataError(name, "ResourceAdministrator needs a DisplayName and a Policy")
	}
	return roles, a, nil
}
