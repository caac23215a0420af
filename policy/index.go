package policy

import (
	"slices"
	"strings"
)

// layer indexes one set of policies by action, so that a decision looks only at statements
// that can match the request's action, however many policies the set holds.
//
// Every statement has an ordinal: its place in the order of policies given to NewEvaluator and
// of statements within them. Candidate lists hold ordinals in increasing order, so matches
// come out in that order without sorting.
//
// One map answers both questions a request asks of the index:
//   - an action name written literally anywhere in the layer ("ecs:runinstances", lower-cased)
//     maps to exactly the statements whose Action or NotAction matches it, worked out when the
//     layer is built, so the decision runs no action pattern at all;
//   - any other action falls back to its service ("ecs:"), which maps to the statements with a
//     pattern for that service plus the global ones, or, when the service has no entry, to the
//     global list: NotAction statements and patterns with a wildcard in the service ("*",
//     "*:List*"). These candidates still test their patterns.
type layer struct {
	stmts  []indexedStatement
	lookup map[string]span
	global span
	cands  []int32 // the ordinals every span points into
}

// span is a candidate list: cands[start:end]. check says whether the candidates must still
// test the action against their patterns.
type span struct {
	start, end int32
	check      bool
}

// indexedStatement locates a compiled statement. Ordinals are int32 to keep the index
// compact; no process holds 2^31 statements.
// The effect and whether the statement is unconditional are copied in, so that the commonest
// candidates, "Resource": "*" without conditions, are decided without following c.
type indexedStatement struct {
	c             *compiledStatement
	policy        *Policy
	index         int32
	effect        Effect
	unconditional bool
}

func newLayer(ps []*Policy) layer {
	l := layer{lookup: map[string]span{}}
	for _, p := range ps {
		if p == nil {
			continue
		}
		for i := range p.compiled {
			c := &p.compiled[i]
			l.stmts = append(l.stmts, indexedStatement{
				c: c, policy: p, index: int32(i), effect: c.effect, unconditional: c.unconditional(),
			})
		}
	}

	// Sort statements into global ones and per-service ones, and collect literal names.
	var global []int32
	services := map[string][]int32{}
	var names []string
	for ord := range l.stmts {
		c := l.stmts[ord].c
		for _, a := range c.actions {
			if !hasWildcard(a) {
				names = append(names, a)
			}
		}
		if isGlobal(c) {
			global = append(global, int32(ord))
			continue
		}
		for _, a := range c.actions {
			if hasWildcard(a) {
				svc, _, _ := strings.Cut(a, ":")
				services[svc+":"] = appendOnce(services[svc+":"], int32(ord))
			}
		}
	}

	l.global = l.addSpan(global, true)
	for svc, ords := range services {
		l.lookup[svc] = l.addSpan(mergeOrdinals(ords, global), true)
	}
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		var ords []int32
		for ord := range l.stmts {
			if l.stmts[ord].c.matchesAction(name) {
				ords = append(ords, int32(ord))
			}
		}
		l.lookup[name] = l.addSpan(ords, false)
	}
	return l
}

// isGlobal reports whether a statement can match actions of any service.
func isGlobal(c *compiledStatement) bool {
	if c.notAction {
		return true
	}
	for _, a := range c.actions {
		if svc, _, ok := strings.Cut(a, ":"); hasWildcard(a) && (!ok || hasWildcard(svc)) {
			return true
		}
	}
	return false
}

func (l *layer) addSpan(ords []int32, check bool) span {
	s := span{start: int32(len(l.cands)), check: check}
	l.cands = append(l.cands, ords...)
	s.end = int32(len(l.cands))
	return s
}

// appendOnce appends ord unless it is already last: a statement with two patterns for one
// service needs one entry.
func appendOnce(list []int32, ord int32) []int32 {
	if n := len(list); n > 0 && list[n-1] == ord {
		return list
	}
	return append(list, ord)
}

// mergeOrdinals merges two increasing lists.
func mergeOrdinals(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// evaluate adds the layer's matching statements to d, in ordinal order, and reports whether
// any Allow and any Deny matched.
func (l *layer) evaluate(r *request, d *Decision) (allowed, denied bool) {
	sp, ok := l.lookup[r.action]
	if !ok {
		sp = l.global
		if r.serviceKey != "" {
			if s, ok := l.lookup[r.serviceKey]; ok {
				sp = s
			}
		}
	}
	for _, ord := range l.cands[sp.start:sp.end] {
		st := &l.stmts[ord]
		if sp.check && !st.c.matchesAction(r.action) || !st.unconditional && !st.c.appliesBeyondAction(r) {
			continue
		}
		d.add(Match{Policy: st.policy, Statement: int(st.index)})
		if st.effect == Deny {
			denied = true
		} else {
			allowed = true
		}
	}
	return allowed, denied
}
