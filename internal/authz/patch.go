package authz

import (
	"errors"
	"fmt"
	"maps"
	"slices"

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
