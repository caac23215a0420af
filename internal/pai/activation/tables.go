package activation

import (
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/catalog"
)

// Markers around the generated part of docs/service-authorization.md.
const (
	TablesBegin = "<!-- BEGIN tables generated from internal/catalog/data by `go run ./internal/pai/activation/cmd/slrdoc`; do not edit. -->"
	TablesEnd   = "<!-- END generated tables -->"
)

// TablesMarkdown renders what the catalog says about activation and authorization as the
// Markdown of docs/service-authorization.md: the seed's two tables, PAI's own activation, and
// the role that serves each module × dependent service. The docs hold exactly this between
// TablesBegin and TablesEnd, and a test keeps it so.
func TablesMarkdown(cat *catalog.Catalog) string {
	var b strings.Builder
	b.WriteString(TablesBegin + "\n\n")

	b.WriteString("### PAI modules and the cloud services they depend on\n\n")
	b.WriteString("| PAI sub-service | Dependent cloud service |\n|---|---|\n")
	for _, m := range cat.Modules() {
		fmt.Fprintf(&b, "| %s | %s |\n", m.Name, strings.Join(m.DependentServices, ", "))
	}

	a := cat.PAIActivation()
	fmt.Fprintf(&b, "\n### What activation takes\n\nActivating PAI itself takes %s (\"%s\").\n\n",
		code(a.Policies), a.Text)
	b.WriteString("| Dependent cloud service | Policy required for activation | RAM account usage authorization | Operation guide |\n|---|---|---|---|\n")
	for _, d := range cat.DependentServices() {
		usage := d.UsageAuthorization
		if d.WorkspaceRole != "" {
			usage += " (workspace role `" + d.WorkspaceRole + "`)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", d.Name, code(d.ActivationPolicies), usage, d.OperationGuide)
	}

	b.WriteString("\n### The role behind each row of Dependent Services\n\n")
	b.WriteString("| Module | Dependent service | Role | Type | ServiceName (trust principal) | Role policy | Confidence |\n|---|---|---|---|---|---|---|\n")
	for _, m := range cat.Modules() {
		for _, s := range m.DependentServices {
			roles := m.RolesFor(s)
			if len(roles) == 0 {
				fmt.Fprintf(&b, "| %s | %s | none: activating %s is enough | | | | |\n", m.Name, s, s)
				continue
			}
			r := roles[0]
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s | `%s` | `%s` | %s |\n", m.Name, s, r.RoleName, r.Type, r.Service, r.RolePolicy, r.Confidence)
		}
	}
	b.WriteString("\n" + TablesEnd + "\n")
	return b.String()
}

// code renders policy names as inline code, comma-separated.
func code(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "`" + n + "`"
	}
	return strings.Join(out, ", ")
}
