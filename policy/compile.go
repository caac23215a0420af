package policy

import (
	"cmp"
	"slices"
	"strings"
)

// compiledStatement is a statement prepared for evaluation: patterns compiled to globs (action
// patterns lower-cased), the principal and conditions bound to their comparators. Evaluators
// share it: it lives in its Policy, however many evaluators use the policy. A decision reads
// the statement's record in the policy's code (see appendRecord) and comes here only for what
// the record leaves out: variables, principals, conditions and unusual patterns.
type compiledStatement struct {
	effect      Effect
	anyResource bool // the statement applies to every resource: trust statements, "Resource": "*"
	notResource bool
	resources   []glob            // may hold policy variables
	vars        []string          // the resources' variables: all must resolve for the statement to apply
	principal   *principalMatcher // nil outside trust policies
	conditions  []condition

	// The action patterns, lower-cased, literal ones first, then wildcard ones grouped by
	// service, so that an index can point at the patterns of one service as a sub-slice.
	notAction bool
	actions   []string
	actionGlb []glob // parallel to actions
	nLiteral  int    // actions[:nLiteral] have no wildcard

	rec int // offset of the statement's record in its policy's code
}

// compile prepares every statement of a validated policy and writes the policy's code.
func compile(p *Policy) {
	p.compiled = make([]compiledStatement, len(p.statements))
	var code []byte
	for i := range p.statements {
		c := &p.compiled[i]
		*c = compileStatement(&p.statements[i])
		c.rec = len(code)
		code = appendRecord(code, i, c)
	}
	p.code = append(code[:len(code):len(code)], make([]byte, codePadding)...) // see eqAt
}

func compileStatement(s *Statement) compiledStatement {
	c := compiledStatement{effect: s.Effect, principal: compilePrincipal(s.Principal)}
	actions := s.Action
	if s.NotAction != nil {
		c.notAction, actions = true, s.NotAction
	}
	c.actions = make([]string, len(actions))
	for i, a := range actions {
		c.actions[i] = strings.ToLower(a)
	}
	slices.SortStableFunc(c.actions, func(a, b string) int {
		if d := cmp.Compare(b2i(hasWildcard(a)), b2i(hasWildcard(b))); d != 0 {
			return d
		}
		if d := cmp.Compare(serviceKey(a), serviceKey(b)); d != 0 {
			return d
		}
		return cmp.Compare(a, b)
	})
	c.actions = slices.Compact(c.actions)
	c.actionGlb = make([]glob, len(c.actions))
	for i, a := range c.actions {
		c.actionGlb[i] = compileGlob(a, false)
		if !hasWildcard(a) {
			c.nLiteral = i + 1
		}
	}
	resources := s.Resource
	switch {
	case s.NotResource != nil:
		c.notResource, resources = true, s.NotResource
	case s.Resource == nil:
		c.anyResource = true
	}
	c.resources = make([]glob, len(resources))
	for i, r := range resources {
		c.resources[i] = compileGlob(r, true)
		if c.resources[i].kind == globAny && !c.notResource {
			c.anyResource = true // "Resource": "*" (among others): no need to look
		}
		c.vars = c.resources[i].appendVariables(c.vars)
	}
	slices.Sort(c.vars)
	c.vars = slices.Compact(c.vars)
	c.conditions = make([]condition, len(s.Conditions))
	for i, cond := range s.Conditions {
		c.conditions[i] = compileCondition(cond)
	}
	return c
}

// appliesSlow reports whether the statement's variables resolve, its principal matches and its
// conditions hold: what its record leaves to it. A resource pattern that needs a variable the
// request cannot resolve makes the whole statement inapplicable, Resource or NotResource,
// Allow or Deny.
func (c *compiledStatement) appliesSlow(r *request) bool {
	for _, k := range c.vars {
		if _, ok := r.ctx.variable(k); !ok {
			return false
		}
	}
	if c.principal != nil && !c.principal.match(r) {
		return false
	}
	for i := range c.conditions {
		if !c.conditions[i].holds(r.ctx) {
			return false
		}
	}
	return true
}

// matchesResource tests the resource against the compiled globs, for records that leave it to
// the statement.
func (c *compiledStatement) matchesResource(r *request) bool {
	for i := range c.resources {
		if c.resources[i].match(r.resource, r.ctx) {
			return true
		}
	}
	return false
}

// matchesActions tests the statement's action patterns [lo, hi) against a lower-cased action:
// true when one matches or, for NotAction, when none does. The index avoids calling it for
// exact names.
func (c *compiledStatement) matchesActions(action []byte, lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if c.actionGlb[i].matchLower(action) {
			return !c.notAction
		}
	}
	return c.notAction
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// serviceKey returns a pattern's service with its colon, "ecs:"; "" when there is no colon.
func serviceKey(a string) string {
	if i := strings.IndexByte(a, ':'); i >= 0 {
		return a[:i+1]
	}
	return ""
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }
