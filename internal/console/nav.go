package console

// The navigation pane, in the seed's words. PAI's pages ("PAI > Workspaces" and "PAI >
// Activation & Authorization > Dependent Services") join as one more navSection once their
// domains exist; until then the pane leaves them out rather than show links that lead nowhere.

type navItem struct {
	Label string
	Path  string
}

type navSection struct {
	Label string
	Items []navItem
}

// navSections is the pane, top to bottom. It returns a new slice on every call, so a page can
// never change another's pane.
func navSections() []navSection {
	return []navSection{
		{Label: "Identities", Items: []navItem{
			{"Users", Prefix + "users"},
			{"User Groups", Prefix + "groups"},
			{"Roles", Prefix + "roles"},
		}},
		{Label: "Permissions", Items: []navItem{
			{"Policies", Prefix + "policies"},
			{"Policy Simulator", Prefix + "simulator"},
		}},
		{Label: "Audit", Items: []navItem{
			{"Actions and Denials", Prefix + "audit"},
		}},
	}
}
