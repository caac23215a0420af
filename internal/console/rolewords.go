package console

import (
	"strings"

	"github.com/rampart-iam/rampart/internal/catalog"
)

// Workspace roles and the rules of the role-permission list as a person reads them: role IDs
// become the seed's role names ("Algorithm Developer"), and GetPermission's rules become words
// ("public", "private, created by me").

// roleNames maps each workspace role ID to its name in the seed.
func roleNames(c *catalog.Catalog) map[string]string {
	names := map[string]string{}
	for _, r := range c.WorkspaceRoles() {
		names[r.ID] = r.DisplayName
	}
	return names
}

// roleName is a role's name, or its ID when the catalog does not know it.
func roleName(names map[string]string, id string) string {
	if n, ok := names[id]; ok {
		return n
	}
	return id
}

// ruleWords says in words which resources one rule covers.
func ruleWords(r catalog.PermissionRule) string {
	mine := r.EntityAccessType == catalog.Creator
	switch r.Accessibility {
	case catalog.Public:
		if mine {
			return "public, created by me"
		}
		return "public"
	case catalog.Private:
		if mine {
			return "private, created by me"
		}
		return "private, anyone's"
	}
	if mine {
		return "created by me"
	}
	return "all"
}

// rulesWords joins the words of several rules; "" for none.
func rulesWords(rules []catalog.PermissionRule) string {
	words := make([]string, len(rules))
	for i, r := range rules {
		words[i] = ruleWords(r)
	}
	return strings.Join(words, "; ")
}
