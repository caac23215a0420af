package workload

import (
	"net/netip"
	"strings"
)

// Ref names one statement: Workload.Policies[Policy].Statements[Statement].
type Ref struct {
	Policy, Statement int
}

// Evaluate answers req the slow, obvious way, straight from the documented RAM semantics: a
// statement matches when one of its action patterns matches the action (ignoring case), one of
// its resource patterns matches the resource (case-sensitively) and its condition holds; any
// matching Deny gives ExplicitDeny, else any matching Allow gives Allow, else ImplicitDeny.
// It returns every matching statement, in the order of the user's policies and their statements.
func Evaluate(w *Workload, req *Request) (Outcome, []Ref) {
	var refs []Ref
	allow, deny := false, false
	for _, pi := range w.Users[req.User].Policies {
		for si := range w.Policies[pi].Statements {
			s := &w.Policies[pi].Statements[si]
			if !anyMatch(s.Actions, req.Action, strings.ToLower) ||
				!anyMatch(s.Resources, req.Resource, nil) ||
				!s.Condition.holds(req) {
				continue
			}
			refs = append(refs, Ref{pi, si})
			allow = allow || s.Effect == Allow
			deny = deny || s.Effect == Deny
		}
	}
	switch {
	case deny:
		return ExplicitDeny, refs
	case allow:
		return Allowed, refs
	}
	return ImplicitDeny, refs
}

func anyMatch(patterns []string, s string, fold func(string) string) bool {
	if fold != nil {
		s = fold(s)
	}
	for _, p := range patterns {
		if fold != nil {
			p = fold(p)
		}
		if Match(p, s) {
			return true
		}
	}
	return false
}

// holds reports whether the condition is met. A nil condition always is. An absent key makes a
// positive operator false and a negated one true, as Rampart documents.
func (c *Condition) holds(req *Request) bool {
	if c == nil {
		return true
	}
	var v string
	found := false
	for _, kv := range req.Context {
		if strings.EqualFold(kv.Key, c.Key) {
			v, found = kv.Value, true
		}
	}
	hit := false
	for _, want := range c.Values {
		hit = hit || (found && c.Operator.compare(want, v))
	}
	return hit != c.Operator.Negated()
}

// compare reports whether request value v satisfies one policy value of the (positive form of
// the) operator.
func (o Operator) compare(want, v string) bool {
	switch o {
	case StringEquals, StringNotEquals:
		return want == v
	case Bool:
		return strings.EqualFold(want, v)
	case IPAddress, NotIPAddress:
		prefix, err := netip.ParsePrefix(want)
		addr, err2 := netip.ParseAddr(v)
		return err == nil && err2 == nil && prefix.Contains(addr)
	}
	return false
}
