package policy

import (
	"slices"
	"strings"
)

// layer indexes one set of policies by action, so that a decision looks only at statements
// that can match the request's action, however many policies the set holds. It is built for
// compactness as much as speed: an account holds one evaluator per principal, and a decision
// for a principal whose evaluator is not in the CPU cache costs what it touches.
//
// Every statement has an ordinal: its place in the order of policies given to NewEvaluator and
// of statements within them. Candidate lists are in increasing ordinal order, so matches come
// out in that order without sorting.
//
// Two tables answer the questions a request asks of the index:
//   - names maps an action name written literally anywhere in the layer ("ecs:runinstances",
//     lower-cased) to exactly the statements whose Action or NotAction matches it, worked out
//     when the layer is built, so the decision runs no action pattern at all;
//   - any other action falls back to its service: services maps "ecs:" to the statements with a
//     wildcard pattern for that service, and the global statements are merged in (or stand
//     alone when the service has no entry): NotAction statements and statements with a
//     wildcard in a pattern's service ("*", "*:List*"). Fallback candidates test their wildcard
//     patterns; their literal ones cannot match, or the name would have been found.
type layer struct {
	// What the common path (a literal name) reads comes first.
	names    nameIndex            // spans of exact
	exact    []int32              // ordinals
	stmts    []*compiledStatement // by ordinal
	services nameIndex            // spans of fallback
	fallback []fallback
	global   span // in fallback
}

// span is a candidate list: a range of exact or of fallback.
type span struct{ start, end int32 }

// fallback is a candidate that must test the action. A pattern of the commonest shapes
// (prefix*, *suffix, *infix*) is tested inline, from kind and lit, without a call; any other
// candidate tests the actionGlb[lo:hi] of statement ord, matching when one of them does or, for
// NotAction, when none does. A statement with several patterns for a service has one entry per
// pattern, next to each other. Ordinals are int32, as no process holds 2^31 statements.
type fallback struct {
	lit    string
	ord    int32
	lo, hi int32
	kind   globKind // globPrefix, globSuffix or globInfix for an inline test; else globGeneral
}

// newFallback makes the entry for c's patterns [lo, hi).
func newFallback(c *compiledStatement, ord, lo, hi int) fallback {
	f := fallback{ord: int32(ord), kind: globGeneral, lo: int32(lo), hi: int32(hi)}
	if hi == lo+1 && !c.notAction {
		switch g := &c.actionGlb[lo]; g.kind {
		case globPrefix, globSuffix, globInfix:
			f.kind, f.lit = g.kind, g.lit
		}
	}
	return f
}

func newLayer(ps []*Policy) layer {
	var l layer
	for _, p := range ps {
		if p != nil {
			for i := range p.compiled {
				l.stmts = append(l.stmts, &p.compiled[i])
			}
		}
	}

	// File every statement as global or under the services of its wildcard patterns, and
	// note which Action statements name each literal action. Literal NotAction values are
	// names too: the fallback path assumes that no literal pattern matches.
	var global []fallback
	services := map[string][]fallback{}
	literals := map[string][]int32{}
	for ord, c := range l.stmts {
		for _, name := range c.actions[:c.nLiteral] {
			ords := literals[name]
			if !c.notAction {
				ords = append(ords, int32(ord))
			}
			literals[name] = ords
		}
		if isGlobal(c) {
			global = append(global, newFallback(c, ord, c.nLiteral, len(c.actions)))
			continue
		}
		for i := c.nLiteral; i < len(c.actions); i++ {
			svc := serviceKey(c.actions[i])
			services[svc] = append(services[svc], newFallback(c, ord, i, i+1))
		}
	}

	l.global = l.addFallback(global)
	svcEntries := make([]nameEntry, 0, len(services))
	for svc, fs := range services {
		svcEntries = append(svcEntries, nameEntry{svc, l.addFallback(fs)})
	}
	l.services = newNameIndex(svcEntries)

	// A literal name's candidates: the Action statements that name it, those of its service
	// whose wildcard patterns match it, and the global ones (NotAction among them) that match
	// it. Only those can, so the cost is not names times statements.
	nameEntries := make([]nameEntry, 0, len(literals))
	for name, ords := range literals {
		ords = slices.Clone(ords)
		for i := range services[serviceKey(name)] {
			if f := &services[serviceKey(name)][i]; f.matches(name, l.stmts[f.ord]) {
				ords = append(ords, f.ord)
			}
		}
		for _, f := range global {
			if l.stmts[f.ord].matchesAction(name) {
				ords = append(ords, f.ord)
			}
		}
		slices.Sort(ords)
		ords = slices.Compact(ords)
		nameEntries = append(nameEntries, nameEntry{name, l.addExact(ords)})
	}
	l.names = newNameIndex(nameEntries)
	l.stmts = slices.Clip(l.stmts)
	l.exact = slices.Clip(l.exact)
	l.fallback = slices.Clip(l.fallback)
	return l
}

// isGlobal reports whether a statement can match actions of any service.
func isGlobal(c *compiledStatement) bool {
	if c.notAction {
		return true
	}
	for _, a := range c.actions[c.nLiteral:] {
		if svc := serviceKey(a); svc == "" || hasWildcard(svc) {
			return true
		}
	}
	return false
}

func (l *layer) addExact(ords []int32) span {
	s := span{start: int32(len(l.exact))}
	l.exact = append(l.exact, ords...)
	s.end = int32(len(l.exact))
	return s
}

func (l *layer) addFallback(fs []fallback) span {
	s := span{start: int32(len(l.fallback))}
	l.fallback = append(l.fallback, fs...)
	s.end = int32(len(l.fallback))
	return s
}

// evaluate adds the layer's matching statements to d, in ordinal order, and reports whether
// any Allow and any Deny matched.
func (l *layer) evaluate(r *request, d *Decision) (allowed, denied bool) {
	sp, ok := l.names.lookup(r.action)
	if !ok {
		return l.evaluateFallback(r, d)
	}
	for _, ord := range l.exact[sp.start:sp.end] {
		apply(l.stmts[ord], r, d, &allowed, &denied)
	}
	return allowed, denied
}

// evaluateFallback merges the service's candidates with the global ones, testing patterns.
func (l *layer) evaluateFallback(r *request, d *Decision) (allowed, denied bool) {
	var svc []fallback
	if r.serviceKey != "" {
		if sp, ok := l.services.lookup(r.serviceKey); ok {
			svc = l.fallback[sp.start:sp.end]
		}
	}
	global := l.fallback[l.global.start:l.global.end]
	matched := int32(-1) // a statement's later patterns need no test once one has matched
	for len(svc) > 0 || len(global) > 0 {
		var f *fallback
		if len(global) == 0 || len(svc) > 0 && svc[0].ord < global[0].ord {
			f, svc = &svc[0], svc[1:]
		} else {
			f, global = &global[0], global[1:]
		}
		if f.ord == matched {
			continue
		}
		if c := l.stmts[f.ord]; f.matches(r.action, c) {
			matched = f.ord
			apply(c, r, d, &allowed, &denied)
		}
	}
	return allowed, denied
}

func (f *fallback) matches(action string, c *compiledStatement) bool {
	switch f.kind {
	case globPrefix:
		return len(action) >= len(f.lit) && action[:len(f.lit)] == f.lit
	case globSuffix:
		return len(action) >= len(f.lit) && action[len(action)-len(f.lit):] == f.lit
	case globInfix:
		return strings.Contains(action, f.lit)
	}
	return anyGlob(c.actionGlb[f.lo:f.hi], action) != c.notAction
}

// apply checks the rest of a statement whose action matched and records it if it applies.
func apply(c *compiledStatement, r *request, d *Decision, allowed, denied *bool) {
	if !c.unconditional && !c.appliesBeyondAction(r) {
		return
	}
	d.add(Match{Policy: c.policy, Statement: int(c.index)})
	if c.effect == Deny {
		*denied = true
	} else {
		*allowed = true
	}
}
