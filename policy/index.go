package policy

import (
	"cmp"
	"slices"
)

// layer indexes one set of policies by action, so that a decision looks only at statements
// that can match the request's action, however many policies the set holds. It is built for
// compactness as much as speed: an account holds one evaluator per principal, and a decision
// for a principal whose evaluator is not in the CPU cache costs what it touches. The compiled
// statements belong to their policies; a layer holds only pointers to them and its table.
//
// Every statement has an ordinal: its place in the order of policies given to NewEvaluator and
// of statements within them. Candidate lists are in increasing ordinal order, so matches come
// out in that order without sorting.
//
// The table (see table) answers the two questions a request asks of the index:
//   - an action name written literally anywhere in the layer ("ecs:runinstances",
//     lower-cased) has an entry listing exactly the statements whose Action or NotAction
//     matches it, worked out when the layer is built, so the decision runs no action pattern;
//   - any other action falls back to its service: the entry of "ecs:" holds records (see
//     record) for the statements with a wildcard pattern for that service, merged with the
//     global ones: NotAction statements and statements with a wildcard in a pattern's service
//     ("*", "*:List*"). When the service has no entry, the global records stand alone. The
//     literal patterns of fallback candidates need no test: they cannot match, or the name
//     would have been found.
type layer struct {
	t      table
	stmts  []*compiledStatement // by ordinal
	global int                  // offset in t of the global records
	nGlob  int                  // how many there are
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
	l.stmts = slices.Clip(l.stmts)

	// File every statement as global or under the services of its wildcard patterns, and
	// note which Action statements name each literal action. Literal NotAction values are
	// names too: the fallback path assumes that no literal pattern matches.
	var global []record
	services := map[string][]record{}
	literals := map[string][]int{}
	for ord, c := range l.stmts {
		for _, name := range c.actions[:c.nLiteral] {
			ords := literals[name]
			if !c.notAction {
				ords = append(ords, ord)
			}
			literals[name] = ords
		}
		if isGlobal(c) {
			global = append(global, globalRecord(c, ord))
			continue
		}
		for i := c.nLiteral; i < len(c.actions); i++ {
			svc := serviceKey(c.actions[i])
			services[svc] = append(services[svc], serviceRecord(c, ord, i, svc))
		}
	}

	w := newTableBuilder(len(literals) + len(services))
	l.global, l.nGlob = w.off(), len(global)
	for i := range global {
		w.record(&global[i])
	}
	for _, svc := range sortedKeys(services) {
		rs := slices.Concat(services[svc], global)
		slices.SortStableFunc(rs, func(a, b record) int { return cmp.Compare(a.ord, b.ord) })
		w.entry(svc, entryService, len(rs))
		for i := range rs {
			w.record(&rs[i])
		}
	}

	// A literal name's candidates: the Action statements that name it, those of its service
	// whose wildcard patterns match it, and the global ones (NotAction among them) that match
	// it. Only those can, so the cost is not names times statements.
	for _, name := range sortedKeys(literals) {
		ords := slices.Clone(literals[name])
		lower := []byte(name)
		for _, r := range services[serviceKey(name)] {
			if l.stmts[r.ord].matchesActions(lower, r.lo, r.hi) {
				ords = append(ords, r.ord)
			}
		}
		for _, r := range global {
			if l.stmts[r.ord].matchesActions(lower, 0, len(l.stmts[r.ord].actions)) {
				ords = append(ords, r.ord)
			}
		}
		slices.Sort(ords)
		ords = slices.Compact(ords)
		w.entry(name, 0, len(ords))
		for _, ord := range ords {
			w.u32(uint32(ord))
		}
	}
	l.t = w.done()
	return l
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

// evaluate adds the layer's matching statements to d, in ordinal order, and reports whether
// any Allow and any Deny matched.
func (l *layer) evaluate(r *request, d *Decision) (allowed, denied bool) {
	if items, n, ok := l.t.find(r.action, 0); ok {
		b := l.t.b[items : items+4*n]
		for i := 0; i < len(b); i += 4 {
			apply(l.stmts[u32(b, i)], r, d, &allowed, &denied)
		}
		return allowed, denied
	}
	if len(r.service) > 0 {
		if items, n, ok := l.t.find(r.service, entryService); ok {
			return l.evaluateRecords(items, n, r, d)
		}
	}
	return l.evaluateRecords(l.global, l.nGlob, r, d)
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
