package authz

import (
	"slices"

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
func (s *Snapshot) grantsFor(k principalKey) *grants {
	if g, ok := s.grantsCache.Load(k); ok {
		return g.(*grants)
	}
	g := s.compileGrants(k)
	actual, _ := s.grantsCache.LoadOrStore(k, g)
	return actual.(*grants)
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
	atts := s.attachments[k]
	if k.typ == UserPrincipal {
		if u := s.users[k.id]; u != nil {
			atts = slices.Clone(atts)
			for _, gid := range u.groups {
				atts = append(atts, s.attachments[principalKey{GroupPrincipal, gid}]...)
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
	ra, rb := s.policyOrigin[a], s.policyOrigin[b]
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
