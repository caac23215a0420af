package policy

import (
	"cmp"
	"slices"
)

// layer indexes one set of policies by action, so that a decision looks only at statements
// that can match the request's action, however many policies the set holds. It is built for
// compactness as much as speed: an account holds one evaluator per principal, and a decision
// for a principal whose evaluator is not in the CPU cache costs what it touches. The compiled
// statements and their records belong to their policies; a layer holds only the policies and
// its table.
//
// A statement is named by its policy's place in pols (its slot) and the offset of its record
// in the policy's code; in that order, the order of policies given to NewEvaluator and of
// statements within them, candidate lists are sorted, so matches come out in that order
// without sorting.
//
// The table (see table) answers the two questions a request asks of the index:
//   - an action name written literally anywhere in the layer ("ecs:runinstances",
//     lower-cased) has an entry listing exactly the statements whose Action or NotAction
//     matches it, worked out when the layer is built, so the decision runs no action pattern;
//   - any other action falls back to its service: the entry of "ecs:" holds fallbacks (see
//     fallback) for the statements with a wildcard pattern for that service, merged with the
//     global ones: NotAction statements and statements with a wildcard in a pattern's service
//     ("*", "*:List*"). When the service has no entry, the global fallbacks stand alone. The
//     literal patterns of fallback candidates need no test: they cannot match, or the name
//     would have been found.
type layer struct {
	t    table
	pols []*Policy // by slot; nil policies left out
}

// stmtRef names a statement while a layer is built.
type stmtRef struct {
	c          *compiledStatement
	slot, code int // code: the offset of its record
}

func (a stmtRef) compare(b stmtRef) int {
	return cmp.Or(cmp.Compare(a.slot, b.slot), cmp.Compare(a.code, b.code))
}

// newLayer indexes ps, appending them to pols (which may have room for them).
func newLayer(ps []*Policy, pols []*Policy) layer {
	var stmts []stmtRef
	for _, p := range ps {
		if p == nil {
			continue
		}
		for i := range p.compiled {
			stmts = append(stmts, stmtRef{&p.compiled[i], len(pols), p.compiled[i].rec})
		}
		pols = append(pols, p)
	}

	// File every statement as global or under the services of its wildcard patterns, and
	// note which Action statements name each literal action. Literal NotAction values are
	// names too: the fallback path assumes that no literal pattern matches.
	var global []fallback
	services := map[string][]fallback{}
	literals := map[string][]stmtRef{}
	for _, s := range stmts {
		c := s.c
		for _, name := range c.actions[:c.nLiteral] {
			refs := literals[name]
			if !c.notAction {
				refs = append(refs, s)
			}
			literals[name] = refs
		}
		if isGlobal(c) {
			global = append(global, globalFallback(s))
			continue
		}
		for i := c.nLiteral; i < len(c.actions); i++ {
			svc := serviceKey(c.actions[i])
			services[svc] = append(services[svc], serviceFallback(s, i, svc))
		}
	}

	w := newTableBuilder(len(literals) + len(services))
	w.globals(global)
	for _, svc := range sortedKeys(services) {
		rs := slices.Concat(services[svc], global)
		slices.SortStableFunc(rs, func(a, b fallback) int { return a.stmt.compare(b.stmt) })
		w.service(svc, rs)
	}

	// A literal name's candidates: the Action statements that name it, those of its service
	// whose wildcard patterns match it, and the global ones (NotAction among them) that match
	// it. Only those can, so the cost is not names times statements.
	for _, name := range sortedKeys(literals) {
		refs := slices.Clone(literals[name])
		lower := []byte(name)
		for _, r := range services[serviceKey(name)] {
			if r.stmt.c.matchesActions(lower, r.lo, r.hi) {
				refs = append(refs, r.stmt)
			}
		}
		for _, r := range global {
			if r.stmt.c.matchesActions(lower, 0, len(r.stmt.c.actions)) {
				refs = append(refs, r.stmt)
			}
		}
		slices.SortFunc(refs, stmtRef.compare)
		refs = slices.CompactFunc(refs, func(a, b stmtRef) bool { return a.compare(b) == 0 })
		w.name(name, refs)
	}
	return layer{t: w.done(), pols: pols}
}

// sortedKeys returns m's keys in order, so that equal policy sets give equal tables.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
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

// evaluate adds the layer's matching statements to d, in order, and reports whether any Allow
// and any Deny matched. ctrl is the table's control bytes, wherever they are kept; h is the
// hash of the action with the table's seed.
func (l *layer) evaluate(ctrl []byte, h uint64, r *request, d *Decision) (allowed, denied bool) {
	if bk, items, n, ok := l.t.findName(ctrl, h, r); ok {
		if bk != nil {
			for i := range n {
				c := u32(bk[:], 8+bucketKey+4*i)
				l.apply(int(c>>24), int(c&(1<<24-1)), r, d, &allowed, &denied)
			}
			return allowed, denied
		}
		for i := range n {
			l.apply(int(u32(items, 8*i)), int(u32(items, 8*i+4)), r, d, &allowed, &denied)
		}
		return allowed, denied
	}
	if len(r.service) > 0 {
		if items, n, ok := l.t.findService(ctrl, r); ok {
			return l.evaluateFallbacks(items, n, r, d)
		}
	}
	off, n := l.t.globalFallbacks()
	return l.evaluateFallbacks(l.t.b[off:], n, r, d)
}

// apply checks the rest of the statement whose record is at off in the code of policy slot,
// and whose action matched, and records it if it applies.
func (l *layer) apply(slot, off int, r *request, d *Decision, allowed, denied *bool) {
	p := l.pols[slot]
	code := p.code
	flags := code[off+4]
	switch {
	case flags&recAnyResource != 0:
	case flags&recResGlobs != 0:
		if p.compiled[u32(code, off)].matchesResource(r) == (flags&recNotResource != 0) {
			return
		}
	default:
		if r.matchesResource(p, off) == (flags&recNotResource != 0) {
			return
		}
	}
	index := int(u32(code, off))
	if flags&recSlow != 0 && !p.compiled[index].appliesSlow(r) {
		return
	}
	d.add(Match{Policy: p, Statement: index})
	if flags&recDeny != 0 {
		*denied = true
	} else {
		*allowed = true
	}
}
