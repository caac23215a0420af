package pai

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
)

// RolePermissionsMarkdown renders PAI's role-permission list as the docs show it
// (docs/role-permissions.md): one table per module, one row per group of permission codes the
// data gives the same rules, one column per workspace role with a column in the module, then the
// members' dependent-service grants. It writes exactly what the catalog says, so the docs cannot
// drift from what Rampart enforces (a test compares them).
func RolePermissionsMarkdown(cat *catalog.Catalog) string {
	var b strings.Builder
	names := map[string]string{}
	for _, r := range cat.WorkspaceRoles() {
		names[r.ID] = r.DisplayName
	}
	b.WriteString("<!-- Generated from internal/catalog/data by `go run ./internal/pai/cmd/roledoc > docs/role-permissions.md`; do not edit. -->\n\n")
	b.WriteString("# PAI workspace roles and permissions\n\n")
	b.WriteString("What each workspace role may do, module by module, exactly as Rampart's catalog holds PAI's\n")
	b.WriteString("\"Appendix: Role and permission list\" and enforces it (GetPermission, ListPermissions, the\n")
	b.WriteString("decision API and every AIWorkspace call).\n\n")
	b.WriteString("## Roles\n\n| Role ID | Role | Description |\n|---|---|---|\n")
	for _, r := range cat.WorkspaceRoles() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", r.ID, r.DisplayName, cell(r.Description))
	}
	admin := cat.ResourceAdministrator()
	fmt.Fprintf(&b, "| (none) | %s | %s %s |\n\n", admin.DisplayName, cell(admin.Description), cell(admin.Note))
	b.WriteString("## How to read the tables\n\n")
	b.WriteString("A cell lists the rules under which the role holds the row's permission codes, as GetPermission\n")
	b.WriteString("returns them: **any** (every resource), **public** (resources published to the workspace),\n")
	b.WriteString("**own private** (private resources the member created), **any private**. An empty cell (–) means\n")
	b.WriteString("the role does not hold the codes; a role without a column holds nothing in that module.\n")
	b.WriteString("**Allowed unless denied** rows hold for anyone: PAI allows them unless a RAM policy denies them.\n")
	b.WriteString("Marks is the row's ✅ count in PAI's appendix; Confidence says whether the placing of the marks\n")
	b.WriteString("on roles is confirmed by the appendix or inferred by Rampart. A RAM policy that allows the RAM\n")
	b.WriteString("action (AliyunPAIFullAccess allows them all) grants the code for every resource; an explicit RAM\n")
	b.WriteString("Deny beats every role.\n")
	for _, m := range cat.RolePermissions() {
		writeModule(&b, m, names)
	}
	writeMemberGrants(&b, names)
	return b.String()
}

func writeModule(b *strings.Builder, m catalog.ModulePermissions, names map[string]string) {
	fmt.Fprintf(b, "\n## %s\n\n", m.DisplayName)
	if m.Note != "" {
		fmt.Fprintf(b, "%s\n\n", m.Note)
	}
	if len(m.Resources) > 0 {
		fmt.Fprintf(b, "Resources (relative to the workspace): `%s`\n\n", strings.Join(m.Resources, "`, `"))
	}
	b.WriteString("| Permission | Codes |")
	for _, r := range m.Roles {
		fmt.Fprintf(b, " %s |", names[r])
	}
	b.WriteString(" Marks | Confidence |\n|---|---|")
	b.WriteString(strings.Repeat("---|", len(m.Roles)+2))
	b.WriteString("\n")
	for _, g := range groups(m.Permissions) {
		p := g[0]
		var codes []string
		for _, q := range g {
			c := "`" + q.Code + "`"
			if q.RAMAction != q.Code {
				c += " (RAM `" + q.RAMAction + "`)"
			}
			if q.Resource != "" {
				c += " on `" + q.Resource + "`"
			}
			codes = append(codes, c)
		}
		desc := cell(p.Description)
		if p.DefaultAllow {
			desc += " <br>**Allowed unless denied**"
		}
		if p.Note != "" {
			desc += " <br>*" + cell(p.Note) + "*"
		}
		fmt.Fprintf(b, "| %s | %s |", desc, strings.Join(codes, ", "))
		for _, r := range m.Roles {
			switch {
			case p.DefaultAllow:
				b.WriteString(" anyone |")
			default:
				fmt.Fprintf(b, " %s |", rulesText(p.Rules[r]))
			}
		}
		fmt.Fprintf(b, " %d | %s |\n", p.Marks, p.Confidence)
	}
}

// groups splits a module's permissions into runs that the data describes together: the same
// description, rules and marks.
func groups(ps []catalog.Permission) [][]catalog.Permission {
	var out [][]catalog.Permission
	for _, p := range ps {
		if n := len(out); n > 0 && sameGroup(out[n-1][0], p) {
			out[n-1] = append(out[n-1], p)
			continue
		}
		out = append(out, []catalog.Permission{p})
	}
	return out
}

func sameGroup(a, b catalog.Permission) bool {
	return a.Description == b.Description && a.Marks == b.Marks && a.Confidence == b.Confidence && a.Note == b.Note &&
		a.DefaultAllow == b.DefaultAllow && maps.EqualFunc(a.Rules, b.Rules, slices.Equal)
}

// rulesText is a cell: the rules in words, "–" for none.
func rulesText(rules []catalog.PermissionRule) string {
	if len(rules) == 0 {
		return "–"
	}
	var words []string
	for _, r := range rules {
		switch {
		case r.Accessibility == catalog.AnyAccessibility:
			words = append(words, "any")
		case r.Accessibility == catalog.Public:
			words = append(words, "public")
		case r.EntityAccessType == catalog.Creator:
			words = append(words, "own private")
		default:
			words = append(words, "any private")
		}
	}
	return strings.Join(words, ", ")
}

func writeMemberGrants(b *strings.Builder, names map[string]string) {
	b.WriteString("\n## Rights on dependent services that workspace roles carry\n\n")
	b.WriteString("\"If your RAM users have been added as workspace members, they will have partial permissions for\n")
	b.WriteString("other cloud services based on their assigned roles.\" PAI does not list them; these are\n")
	b.WriteString("Rampart's, in the workspace where the member holds the role (the decision API applies them when\n")
	b.WriteString("a check names the workspace). OSS paths and MaxCompute projects are the workspace's resources\n")
	b.WriteString("(CreateWorkspaceResource with ResourceType OSS and Spec.Path, or MaxCompute and\n")
	b.WriteString("Spec.odpsProject). An explicit RAM Deny still wins.\n\n")
	b.WriteString("| Service | Actions | On | Roles | Why |\n|---|---|---|---|---|\n")
	on := map[string]string{
		authz.OnAccount:            "the account's resources",
		authz.OnOSSBuckets:         "the buckets of the workspace's OSS paths",
		authz.OnOSSObjects:         "objects under the workspace's OSS paths",
		authz.OnMaxComputeProjects: "the workspace's MaxCompute projects",
	}
	for _, g := range authz.MemberServiceGrants() {
		var roles []string
		for _, r := range g.Roles {
			roles = append(roles, names[r])
		}
		fmt.Fprintf(b, "| %s | `%s` | %s | %s | %s |\n", g.Service, strings.Join(g.Actions, "`, `"), on[g.On],
			strings.Join(roles, ", "), g.Why)
	}
}

// cell makes text safe in a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ") }
