package policy

import (
	"math"
	"strings"
)

// layer indexes one set of policies by action, so that a decision looks only at statements
// that can match the request's action, however many policies the set holds.
//
// A statement's place in the layer (its ordinal) follows the order of policies given to
// NewEvaluator and of statements within them; every index list is sorted by ordinal, so
// matches come out in that order.
type layer struct {
	stmts []indexedStatement
	// exact maps a lower-cased action name to the statements that name it exactly.
	exact map[string][]int32
	// service maps a lower-cased service to the statements with a pattern for it, such as
	// "ecs:Describe*": their service is literal but their name is not.
	service map[string][]int32
	// global lists the statements that may match any service: NotAction, "*", and patterns
	// with a wildcard in the service part.
	global []int32
}

// indexedStatement locates a compiled statement. Ordinals are int32 to keep index lists
// compact; no process holds 2^31 statements.
type indexedStatement struct {
	policy *Policy
	index  int
	c      *compiledStatement
}

func newLayer(ps []*Policy) layer {
	l := layer{exact: map[string][]int32{}, service: map[string][]int32{}}
	for _, p := range ps {
		if p == nil {
			continue
		}
		for i := range p.compiled {
			ord := int32(len(l.stmts))
			c := &p.compiled[i]
			l.stmts = append(l.stmts, indexedStatement{policy: p, index: i, c: c})
			l.add(ord, c)
		}
	}
	return l
}

// add files a statement under every bucket through which a request could match it.
func (l *layer) add(ord int32, c *compiledStatement) {
	if c.notAction {
		l.global = append(l.global, ord)
		return
	}
	for _, a := range c.actions {
		if !hasWildcard(a) {
			continue
		}
		if svc, _, ok := strings.Cut(a, ":"); !ok || hasWildcard(svc) {
			l.global = append(l.global, ord) // the global entry tests every pattern
			return
		}
	}
	for _, a := range c.actions {
		if !hasWildcard(a) {
			l.exact[a] = appendOnce(l.exact[a], ord)
			continue
		}
		svc, _, _ := strings.Cut(a, ":")
		l.service[svc] = appendOnce(l.service[svc], ord)
	}
}

// appendOnce appends ord unless it is already last: a statement naming one action twice, or
// two patterns of one service, needs one entry.
func appendOnce(list []int32, ord int32) []int32 {
	if n := len(list); n > 0 && list[n-1] == ord {
		return list
	}
	return append(list, ord)
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// evaluate adds the layer's matching statements to d, in ordinal order, and reports whether
// any Allow and any Deny matched. It merges the three candidate lists (exact name, service,
// global); statements found through a service or global entry still test their patterns.
func (l *layer) evaluate(r *request, d *Decision) (allowed, denied bool) {
	ex := l.exact[r.action]
	var sv []int32
	if len(l.service) > 0 && r.service != "" {
		sv = l.service[r.service]
	}
	gl := l.global
	i, j, k := 0, 0, 0
	for {
		ord := int32(math.MaxInt32)
		if i < len(ex) {
			ord = ex[i]
		}
		if j < len(sv) && sv[j] < ord {
			ord = sv[j]
		}
		if k < len(gl) && gl[k] < ord {
			ord = gl[k]
		}
		if ord == math.MaxInt32 {
			return allowed, denied
		}
		st := &l.stmts[ord]
		matched := false
		if i < len(ex) && ex[i] == ord {
			matched = true
			i++
		}
		if j < len(sv) && sv[j] == ord {
			matched = matched || st.c.matchesAction(r.action)
			j++
		}
		if k < len(gl) && gl[k] == ord {
			matched = matched || st.c.matchesAction(r.action)
			k++
		}
		if !matched || !st.c.appliesBeyondAction(r) {
			continue
		}
		d.add(Match{Policy: st.policy, Statement: st.index})
		if st.c.effect == Deny {
			denied = true
		} else {
			allowed = true
		}
	}
}
