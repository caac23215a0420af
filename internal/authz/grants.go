package authz

import (
	"slices"
	"sync/atomic"

	"github.com/rampart-iam/rampart/policy"
)

// grants are one principal's compiled policies: those attached at account scope, and those
// attached within each resource group. A user's grants include its groups' attachments.
type grants struct {
	account *policy.Evaluator // nil when nothing is attached at account scope
	scoped  map[string]*policy.Evaluator
}

var noGrants = &grants{}

// grantsFor returns the principal's compiled grants, compiling them on first use.
//
// They are kept in the principal's entry (userEntry, roleEntry), not in the snapshot, so that
// they outlive a write that does not concern the principal: Apply shares every entry it does not
// replace with the snapshot it patches, and replaces, without compiled grants, the entry of every
// principal whose policies may have changed (its attachments or, for a user, its groups or their
// attachments, or the text of a custom policy it holds). An entry's grants are therefore the same
// in every snapshot that holds the entry, whichever of them compiled them. A principal without an
// entry (a user deleted since it authenticated) compiles on every decision.
func (s *Snapshot) grantsFor(k principalKey) *grants {
	var slot *atomic.Pointer[grants]
	switch k.typ {
	case UserPrincipal:
		if u := s.users.at(k.id); u != nil {
			slot = &u.compiled
		}
	case RolePrincipal:
		if r := s.roles.at(k.id); r != nil {
			slot = &r.compiled
		}
	}
	if slot == nil {
		return s.compileGrants(k)
	}
	if g := slot.Load(); g != nil {
		return g
	}
	slot.CompareAndSwap(nil, s.compileGrants(k)) // a concurrent first use may have won
	return slot.Load()
}

func (s *Snapshot) compileGrants(k principalKey) *grants {
	byScope := s.attachedPolicies(k)
	if len(byScope) == 0 {
		return noGrants
	}
	g := &grants{}
	for scope, ps := range byScope {
		ev := policy.NewEvaluator(ps...)
		if scope == "" {
			g.account = ev
			continue
		}
		if g.scoped == nil {
			g.scoped = make(map[string]*policy.Evaluator)
		}
		g.scoped[scope] = ev
	}
	return g
}

// attachedPolicies returns the policies that govern principal k, grouped by the scope they are
// attached at ("" for the account), each policy once per scope, in a stable order (system
// before custom, then by name) so that explanations list matches the same way every time. A
// user's include its groups'.
func (s *Snapshot) attachedPolicies(k principalKey) map[string][]*policy.Policy {
	atts := s.attachments.at(k)
	if k.typ == UserPrincipal {
		if u := s.users.at(k.id); u != nil {
			atts = slices.Clone(atts)
			for _, gid := range u.groups {
				atts = append(atts, s.attachments.at(principalKey{GroupPrincipal, gid})...)
			}
		}
	}
	if len(atts) == 0 {
		return nil
	}
	byScope := map[string][]*policy.Policy{}
	for _, a := range atts {
		p := s.lookupPolicy(a.PolicyType, a.PolicyName)
		if p == nil || slices.Contains(byScope[a.ResourceGroupID], p) {
			continue
		}
		byScope[a.ResourceGroupID] = append(byScope[a.ResourceGroupID], p)
	}
	for _, ps := range byScope {
		slices.SortFunc(ps, func(a, b *policy.Policy) int { return s.comparePolicies(a, b) })
	}
	return byScope
}

// comparePolicies orders system policies before custom ones, then by name.
func (s *Snapshot) comparePolicies(a, b *policy.Policy) int {
	ra, rb := s.origin(a), s.origin(b)
	if ra.typ != rb.typ {
		if ra.typ == SystemPolicy {
			return -1
		}
		return 1
	}
	switch {
	case ra.name < rb.name:
		return -1
	case ra.name > rb.name:
		return 1
	}
	return 0
}
