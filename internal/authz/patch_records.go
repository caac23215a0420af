package authz

import (
	"fmt"
	"slices"
	"strings"
)

// The writes a patch is made of, one entity each, whole.

// putPolicy compiles a custom policy's default version, or borrows it when the text is unchanged.
func (w *patch) putPolicy(pd PolicyData) {
	compiled, err := reuseOrParse(w.reuse, pd.Name, pd.Document)
	if err != nil {
		w.problems = append(w.problems, fmt.Errorf("custom policy %q: %w", pd.Name, err))
		return
	}
	w.custom.set(pd.Name, compiledPolicy{pd.Document, compiled})
	if w.base != nil && w.base.custom.at(pd.Name).p != compiled {
		w.changedPolicies = append(w.changedPolicies, pd.Name)
	}
	w.addKeys(compiled)
}

// deletePolicy deletes the custom policies named name, ignoring case.
func (w *patch) deletePolicy(name string) {
	var found []string
	for n := range w.s.custom.all() {
		if strings.EqualFold(n, name) {
			found = append(found, n)
		}
	}
	for _, n := range found {
		w.custom.delete(n)
	}
	w.deletedPolicies = append(w.deletedPolicies, found...)
}

func (w *patch) putRole(r RoleData) {
	trust, err := reuseOrParseTrust(w.reuse, r)
	if err != nil {
		w.problems = append(w.problems, fmt.Errorf("trust policy of role %q: %w", r.Name, err))
		return
	}
	w.deleteRole(r.ID)
	w.roles.set(r.ID, &roleEntry{ID: r.ID, Name: r.Name, trustDoc: r.TrustPolicy, trust: trust})
	w.rolesByName.set(strings.ToLower(r.Name), r.ID)
}

func (w *patch) deleteRole(id string) {
	if old, ok := w.s.roles.get(id); ok {
		w.roles.delete(id)
		unname(&w.rolesByName, old.Name, id)
	}
}

func (w *patch) putGroup(g GroupData) { w.groups.set(g.ID, &groupEntry{ID: g.ID, Name: g.Name}) }

func (w *patch) deleteGroup(id string) { w.groups.delete(id) }

// putUser writes a user with its groups, and the user into the members of each.
func (w *patch) putUser(u UserState) {
	w.deleteUser(u.ID)
	groups := slices.Clone(u.Groups)
	slices.Sort(groups)
	groups = slices.Compact(groups)
	w.users.set(u.ID, &userEntry{ID: u.ID, Name: u.Name, groups: groups})
	w.usersByName.set(strings.ToLower(u.Name), u.ID)
	for _, g := range groups {
		w.groupMembers.set(g, appendTo(w, w.s.groupMembers.at(g), u.ID))
	}
}

func (w *patch) deleteUser(id string) {
	old, ok := w.s.users.get(id)
	if !ok {
		return
	}
	w.users.delete(id)
	unname(&w.usersByName, old.Name, id)
	for _, g := range old.groups {
		members := slices.DeleteFunc(slices.Clone(w.s.groupMembers.at(g)), func(m string) bool { return m == id })
		if len(members) == 0 {
			w.groupMembers.delete(g)
		} else {
			w.groupMembers.set(g, members)
		}
	}
}

// unname forgets a lower-cased name's ID unless the name now belongs to another entity.
func unname(byName *cowWriter[string, string], name, id string) {
	k := strings.ToLower(name)
	if byName.m.at(k) == id {
		byName.delete(k)
	}
}

// setAttachments replaces every attachment of one principal, and the principal among the
// holders of each custom policy. An attachment of a policy that does not exist is a problem.
func (w *patch) setAttachments(pa PrincipalAttachments) {
	k := principalKey{pa.PrincipalType, pa.PrincipalID}
	atts := make([]Attachment, 0, len(pa.Attachments))
	for _, a := range pa.Attachments {
		a.PrincipalType, a.PrincipalID = pa.PrincipalType, pa.PrincipalID
		if w.s.lookupPolicy(a.PolicyType, a.PolicyName) == nil {
			w.problems = append(w.problems, fmt.Errorf("%s policy %q attached to %s %s does not exist",
				a.PolicyType, a.PolicyName, a.PrincipalType, a.PrincipalID))
			continue
		}
		atts = append(atts, a)
	}
	before, now := customNames(w.s.attachments.at(k)), customNames(atts)
	for _, name := range before {
		if !slices.Contains(now, name) {
			held := slices.DeleteFunc(slices.Clone(w.s.holders.at(name)), func(h principalKey) bool { return h == k })
			if len(held) == 0 {
				w.holders.delete(name)
			} else {
				w.holders.set(name, held)
			}
		}
	}
	for _, name := range now {
		if !slices.Contains(before, name) {
			w.holders.set(name, appendTo(w, w.s.holders.at(name), k))
		}
	}
	if len(atts) == 0 {
		w.attachments.delete(k)
	} else {
		w.attachments.set(k, atts)
	}
	if w.stale != nil {
		w.stale[k] = true
	}
}

// customNames lists the custom policies among atts, each once.
func customNames(atts []Attachment) []string {
	var names []string
	for _, a := range atts {
		if a.PolicyType == CustomPolicy && !slices.Contains(names, a.PolicyName) {
			names = append(names, a.PolicyName)
		}
	}
	return names
}

func (w *patch) putWorkspace(ws WorkspaceState) {
	w.workspaces.set(ws.ID, newWorkspaceEntry(w.s.rolePerms, ws))
}

func (w *patch) deleteWorkspace(id string) { w.workspaces.delete(id) }
