package authz

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/policy"
)

// patch writes one new snapshot: Build writes every record into an empty one, Apply the records
// of a Delta into a copy of the snapshot it patches (base). Each put or delete replaces what the
// snapshot held for one entity, keeping the indexes that Apply needs in step (the members of
// each group, the holders of each custom policy); finish then makes sure no principal whose
// policies changed keeps an evaluator compiled before the change.
type patch struct {
	s     *Snapshot
	base  *Snapshot // the snapshot s was copied from; nil for Build
	reuse *Snapshot // lends compiled policies whose text is unchanged; may be nil

	users        cowWriter[string, *userEntry]
	usersByName  cowWriter[string, string]
	groups       cowWriter[string, *groupEntry]
	groupMembers cowWriter[string, []string]
	roles        cowWriter[string, *roleEntry]
	rolesByName  cowWriter[string, string]
	custom       cowWriter[string, compiledPolicy]
	holders      cowWriter[string, []principalKey]
	attachments  cowWriter[principalKey, []Attachment]
	workspaces   cowWriter[string, *workspaceEntry]
	ownKeys      bool // s.readKeys is this patch's own copy

	deletedPolicies []string
	changedPolicies []string              // custom policies compiled anew (Apply only)
	stale           map[principalKey]bool // principals whose grants changed (Apply only)
	problems        []error
}

func newPatch(s, base, reuse *Snapshot) *patch {
	fresh := base == nil
	w := &patch{
		s: s, base: base, reuse: reuse,
		users:        newCowWriter(&s.users, fresh),
		usersByName:  newCowWriter(&s.usersByName, fresh),
		groups:       newCowWriter(&s.groups, fresh),
		groupMembers: newCowWriter(&s.groupMembers, fresh),
		roles:        newCowWriter(&s.roles, fresh),
		rolesByName:  newCowWriter(&s.rolesByName, fresh),
		custom:       newCowWriter(&s.custom, fresh),
		holders:      newCowWriter(&s.holders, fresh),
		attachments:  newCowWriter(&s.attachments, fresh),
		workspaces:   newCowWriter(&s.workspaces, fresh),
		ownKeys:      fresh,
	}
	if base != nil {
		w.stale = map[principalKey]bool{}
	}
	return w
}

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

// addKeys records the condition keys and variables p reads, copying the set before its first
// change.
func (w *patch) addKeys(p *policy.Policy) {
	if w.ownKeys {
		readKeys(w.s.readKeys, p)
		return
	}
	keys := map[string]bool{}
	readKeys(keys, p)
	for k := range keys {
		if !w.s.readKeys[k] {
			w.s.readKeys, w.ownKeys = maps.Clone(w.s.readKeys), true
			maps.Copy(w.s.readKeys, keys)
			return
		}
	}
}

// each writes every record of a kind.
func each[T any](records []T, write func(T)) {
	for _, r := range records {
		write(r)
	}
}

// appendTo appends v to a slice the base snapshot may share, copying it first; Build's slices are
// its own.
func appendTo[T any](w *patch, s []T, v T) []T {
	if w.base != nil {
		s = slices.Clip(s)
	}
	return append(s, v)
}

// finish reports the problems found, or refreshes the principals whose policies changed: those
// whose attachments were set, the members of such groups, and every holder of a custom policy
// compiled anew. Fresh entries start with no compiled grants, so their next decision compiles
// from this snapshot; entries left alone keep what snapshots before compiled.
func (w *patch) finish() error {
	for _, name := range w.deletedPolicies {
		if _, ok := w.s.custom.get(name); ok {
			continue // deleted, then created again
		}
		for _, h := range w.s.holders.at(name) {
			w.problems = append(w.problems, fmt.Errorf("%s policy %q attached to %s %s does not exist",
				CustomPolicy, name, h.typ, h.id))
		}
	}
	if len(w.problems) > 0 {
		return errors.Join(w.problems...)
	}
	if w.base == nil {
		return nil // every entry is new
	}
	for _, name := range w.changedPolicies {
		for _, h := range w.s.holders.at(name) {
			w.stale[h] = true
		}
	}
	for k := range w.stale {
		switch k.typ {
		case UserPrincipal:
			w.refreshUser(k.id)
		case RolePrincipal:
			w.refreshRole(k.id)
		case GroupPrincipal:
			for _, id := range w.s.groupMembers.at(k.id) {
				w.refreshUser(id)
			}
		}
	}
	return nil
}

// refreshUser gives a user a new entry, without compiled grants, unless this patch made it.
func (w *patch) refreshUser(id string) {
	u, ok := w.s.users.get(id)
	if !ok || w.base.users.at(id) != u {
		return
	}
	w.users.set(id, &userEntry{ID: u.ID, Name: u.Name, groups: u.groups})
}

func (w *patch) refreshRole(id string) {
	r, ok := w.s.roles.get(id)
	if !ok || w.base.roles.at(id) != r {
		return
	}
	w.roles.set(id, &roleEntry{ID: r.ID, Name: r.Name, trustDoc: r.trustDoc, trust: r.trust})
}
