package console

import (
	"maps"
	"net/http"
	"slices"

	"github.com/rampart-iam/rampart/internal/catalog"
)

// The appendix's "Role and permission list" as the catalog holds it and Rampart enforces it:
// one table per module, one column per workspace role the module's table has, one row per
// group of permission codes the data gives the same rules, each cell the rules in words.

type roleListData struct {
	Admin   catalog.ResourceAdministrator
	Roles   []catalog.WorkspaceRole
	Modules []moduleTable
}

type moduleTable struct {
	Anchor, Name, Note string
	Roles              []string // column headings: role names
	Rows               []permissionRow
}

type permissionRow struct {
	Description, Note string
	Codes             []string
	Cells             []string // one per column; "" where the role does not hold the codes
	DefaultAllow      bool
}

func (h *Handler) rolePermissions(v *visit) {
	v.page(http.StatusOK, "role-permissions", "Role and Permission List", Prefix+"pai/roles", roleListView(h.catalog))
}

// roleListView builds the tables from the catalog.
func roleListView(c *catalog.Catalog) roleListData {
	names := roleNames(c)
	d := roleListData{Admin: c.ResourceAdministrator(), Roles: c.WorkspaceRoles()}
	for _, m := range c.RolePermissions() {
		t := moduleTable{Anchor: "module-" + m.Module, Name: m.DisplayName, Note: m.Note}
		for _, r := range m.Roles {
			t.Roles = append(t.Roles, roleName(names, r))
		}
		var first catalog.Permission // of the last row
		for i, p := range m.Permissions {
			if n := len(t.Rows); i > 0 && sameRow(first, p) {
				t.Rows[n-1].Codes = append(t.Rows[n-1].Codes, p.Code)
				continue
			}
			first = p
			row := permissionRow{Description: p.Description, Note: p.Note, Codes: []string{p.Code}, DefaultAllow: p.DefaultAllow}
			for _, r := range m.Roles {
				row.Cells = append(row.Cells, rulesWords(p.Rules[r]))
			}
			t.Rows = append(t.Rows, row)
		}
		d.Modules = append(d.Modules, t)
	}
	return d
}

// sameRow reports whether p continues the row that first began: the data describes them
// together (the same description, note and rules), as the appendix merges their cells.
func sameRow(first, p catalog.Permission) bool {
	return first.Description == p.Description && first.Note == p.Note && first.DefaultAllow == p.DefaultAllow &&
		maps.EqualFunc(first.Rules, p.Rules, slices.Equal)
}
