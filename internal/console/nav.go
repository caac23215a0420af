package console

import "slices"

// The navigation pane, in the seed's words: the RAM console's "Identities" and "Permissions",
// then PAI's "Workspaces" (with the appendix's role-permission list) and "Activation &
// Authorization > Dependent Services".

type navItem struct {
	Label string
	Path  string
}

type navSection struct {
	Label string
	Items []navItem
}

// navSections is the pane, top to bottom; "Dependent Services" is in it when the console has
// the activation domain. It returns a new slice on every call, so a page can never change
// another's pane.
func navSections(dependentServices bool) []navSection {
	sections := []navSection{
		{Label: "Identities", Items: []navItem{
			{"Users", Prefix + "users"},
			{"User Groups", Prefix + "groups"},
			{"Roles", Prefix + "roles"},
		}},
		{Label: "Permissions", Items: []navItem{
			{"Policies", Prefix + "policies"},
			{"Policy Simulator", Prefix + "simulator"},
		}},
		{Label: "PAI", Items: []navItem{
			{"Workspaces", Prefix + "pai/workspaces"},
			{"Role and Permission List", Prefix + "pai/roles"},
		}},
		{Label: "Audit", Items: []navItem{
			{"Actions and Denials", Prefix + "audit"},
		}},
	}
	if dependentServices {
		sections = slices.Insert(sections, 3, navSection{Label: "Activation & Authorization", Items: []navItem{
			{"Dependent Services", dependentServicesPath},
		}})
	}
	return sections
}
