package policy

import "strings"

// compiledStatement is a statement prepared for evaluation: patterns compiled to globs (action
// patterns lower-cased), the principal and conditions bound to their comparators.
type compiledStatement struct {
	effect Effect

	notAction bool
	actions   []string // lower-cased patterns, for building an Evaluator's action index
	actionGlb []glob   // parallel to actions

	anyResource bool // the statement applies to every resource: trust statements, "Resource": "*"
	notResource bool
	resources   []glob // may hold policy variables

	principal  *principalMatcher // nil outside trust policies
	conditions []condition
}

// compile prepares every statement of a validated document.
func compile(stmts []Statement) []compiledStatement {
	out := make([]compiledStatement, len(stmts))
	for i := range stmts {
		out[i] = compileStatement(&stmts[i])
	}
	return out
}

func compileStatement(s *Statement) compiledStatement {
	c := compiledStatement{effect: s.Effect, principal: compilePrincipal(s.Principal)}
	actions := s.Action
	if s.NotAction != nil {
		c.notAction, actions = true, s.NotAction
	}
	c.actions = make([]string, len(actions))
	c.actionGlb = make([]glob, len(actions))
	for i, a := range actions {
		c.actions[i] = strings.ToLower(a)
		c.actionGlb[i] = compileGlob(c.actions[i], false)
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
	}
	c.conditions = make([]condition, len(s.Conditions))
	for i, cond := range s.Conditions {
		c.conditions[i] = compileCondition(cond)
	}
	return c
}

// unconditional reports whether the statement applies to every request its action matches.
func (c *compiledStatement) unconditional() bool {
	return c.anyResource && c.principal == nil && len(c.conditions) == 0
}

// appliesBeyondAction reports whether everything but the action matches: resource, principal
// and conditions, cheapest first.
func (c *compiledStatement) appliesBeyondAction(r *request) bool {
	if !c.anyResource && anyGlobVars(c.resources, r.resource, r.ctx) == c.notResource {
		return false
	}
	if c.principal != nil && !c.principal.match(r.principalType, r.principal) {
		return false
	}
	for i := range c.conditions {
		if !c.conditions[i].holds(r.ctx) {
			return false
		}
	}
	return true
}

// matchesAction tests the statement's own action patterns; the index avoids calling it for
// exact names.
func (c *compiledStatement) matchesAction(action string) bool {
	return anyGlob(c.actionGlb, action) != c.notAction
}

func anyGlobVars(globs []glob, s string, ctx *Context) bool {
	for i := range globs {
		if globs[i].match(s, ctx) {
			return true
		}
	}
	return false
}
