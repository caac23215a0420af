package policy_test

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/rampart-iam/rampart/policy"
)

// Properties of the combining rules that must hold for every policy set and request. Cases
// come from the differential test's generator, driven by rapid's bit stream (propRand), so a
// failure shrinks towards fewer, simpler statements.

// propRand turns rapid's draws into a math/rand source: shrinking the draws towards zero
// shrinks the generated case towards the first choice at every step. rapid favours small
// numbers, which rand.IntN would map to 0 every time, so the bits are reversed: a small draw
// becomes a high-order bit pattern and selects across the whole range.
func propRand(t *rapid.T) *rand.Rand {
	return rand.New(propSource{t})
}

type propSource struct{ t *rapid.T }

func (s propSource) Uint64() uint64 { return bits.Reverse64(rapid.Uint64().Draw(s.t, "bits")) }

// propBuild parses the case's policies (named L<layer>P<index>) into an evaluator, failing
// the property when a generated policy does not parse.
func propBuild(t *rapid.T, layers [][]genPolicy) *policy.Evaluator {
	ev, _, err := diffBuild(layers, 1)
	if err != nil {
		t.Fatalf("generated policy does not parse: %v", err)
	}
	return ev
}

// propMatches renders matches as "L0P1#2:Deny", sorted, for set comparison.
func propMatches(d *policy.Decision) []string {
	var out []string
	for _, m := range d.Matches() {
		out = append(out, fmt.Sprintf("%s#%d:%v", m.Policy.Name(), m.Statement, m.Effect()))
	}
	slices.Sort(out)
	return out
}

// propAddStatement returns a copy of layers with s appended to one policy (or added as a new
// policy of its kind), chosen by r.
func propAddStatement(r *rand.Rand, layers [][]genPolicy, deny bool) [][]genPolicy {
	out := make([][]genPolicy, len(layers))
	for i, l := range layers {
		out[i] = slices.Clone(l)
	}
	li := r.IntN(len(out))
	if len(out[li]) == 0 || r.IntN(4) == 0 {
		p := genPolicyOf(r)
		p.stmts = p.stmts[:1]
		p.stmts[0].deny = deny
		out[li] = append(out[li], p)
		return out
	}
	pi := r.IntN(len(out[li]))
	p := &out[li][pi]
	s := genStatementOf(r, p.kind)
	s.deny = deny
	p.stmts = append(slices.Clone(p.stmts), s)
	p.single = false
	return out
}

func TestPropertyAddingDenyNeverAllows(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := propRand(t)
		c := genCaseOf(r)
		req := c.request.policyRequest()
		before := propBuild(t, c.layers).Evaluate(req)
		after := propBuild(t, propAddStatement(r, c.layers, true)).Evaluate(req)
		if after.Outcome != before.Outcome && after.Outcome != policy.ExplicitDeny {
			t.Fatalf("adding a Deny statement turned %v into %v", before.Outcome, after.Outcome)
		}
	})
}

func TestPropertyAddingAllowNeverDenies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := propRand(t)
		c := genCaseOf(r)
		req := c.request.policyRequest()
		before := propBuild(t, c.layers).Evaluate(req)
		after := propBuild(t, propAddStatement(r, c.layers, false)).Evaluate(req)
		ok := after.Outcome == before.Outcome ||
			(before.Outcome == policy.ImplicitDeny && after.Outcome == policy.Allowed)
		if !ok {
			t.Fatalf("adding an Allow statement turned %v into %v", before.Outcome, after.Outcome)
		}
	})
}

func TestPropertyOrderDoesNotMatter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := propRand(t)
		c := genCaseOf(r)
		req := c.request.policyRequest()
		before := propBuild(t, c.layers).Evaluate(req)

		// Shuffle statements and policies, remembering where each came from, and name the
		// shuffled policies after their original position so matches can be compared.
		var shuffled [][]genPolicy
		origin := map[string][]int{} // shuffled name -> original statement index per position
		renamed := map[string]string{}
		for li, layer := range c.layers {
			order := r.Perm(len(layer))
			var l []genPolicy
			for newPI, oldPI := range order {
				p := layer[oldPI]
				perm := r.Perm(len(p.stmts))
				stmts := make([]genStatement, len(perm))
				for newSI, oldSI := range perm {
					stmts[newSI] = p.stmts[oldSI]
				}
				p.stmts = stmts
				l = append(l, p)
				name := fmt.Sprintf("L%dP%d", li, newPI)
				origin[name] = perm
				renamed[name] = fmt.Sprintf("L%dP%d", li, oldPI)
			}
			shuffled = append(shuffled, l)
		}
		after := propBuild(t, shuffled).Evaluate(req)
		if after.Outcome != before.Outcome {
			t.Fatalf("reordering changed the outcome from %v to %v", before.Outcome, after.Outcome)
		}
		var mapped []string
		for _, m := range after.Matches() {
			name := m.Policy.Name()
			mapped = append(mapped, fmt.Sprintf("%s#%d:%v", renamed[name], origin[name][m.Statement], m.Effect()))
		}
		slices.Sort(mapped)
		if want := propMatches(&before); !slices.Equal(mapped, want) {
			t.Fatalf("reordering changed the matched statements:\nbefore %v\nafter  %v", want, mapped)
		}
	})
}

func TestPropertyEmptyEvaluatorDenies(t *testing.T) {
	empty := []*policy.Evaluator{policy.NewEvaluator(), policy.NewEvaluator(nil), policy.NewEvaluator().Intersect(policy.NewEvaluator())}
	rapid.Check(t, func(t *rapid.T) {
		r := propRand(t)
		c := genCaseOf(r)
		req := c.request.policyRequest()
		for i, ev := range empty {
			if d := ev.Evaluate(req); d.Outcome != policy.ImplicitDeny || len(d.Matches()) != 0 {
				t.Fatalf("empty evaluator %d: %v with %d matches, want ImplicitDeny and none", i, d.Outcome, len(d.Matches()))
			}
		}
		// An empty layer allows nothing, whichever side of the intersection it is on.
		ev := propBuild(t, c.layers)
		for _, x := range []*policy.Evaluator{ev.Intersect(policy.NewEvaluator()), policy.NewEvaluator().Intersect(ev), ev.Intersect(nil)} {
			if d := x.Evaluate(req); d.Allowed() {
				t.Fatalf("an intersection with an empty evaluator allowed the request")
			}
		}
	})
}

func TestPropertyIntersectCommutes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := propRand(t)
		a, b := genCaseOf(r), genCaseOf(r)
		req := a.request.policyRequest()
		ea, eb := propBuild(t, a.layers[:1]), propBuild(t, b.layers[:1])
		ab, ba := ea.Intersect(eb).Evaluate(req), eb.Intersect(ea).Evaluate(req)
		if ab.Outcome != ba.Outcome {
			t.Fatalf("a∩b is %v but b∩a is %v", ab.Outcome, ba.Outcome)
		}
		if got, want := len(ab.Matches()), len(ba.Matches()); got != want {
			t.Fatalf("a∩b matched %d statements but b∩a %d", got, want)
		}
	})
}

func TestPropertyActionCaseDoesNotMatter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := propRand(t)
		c := genCaseOf(r)
		ev := propBuild(t, c.layers)
		req := c.request.policyRequest()
		before := ev.Evaluate(req)
		for _, change := range []func(string) string{strings.ToUpper, strings.ToLower} {
			req.Action = change(c.request.action)
			after := ev.Evaluate(req)
			if after.Outcome != before.Outcome || !slices.Equal(propMatches(&after), propMatches(&before)) {
				t.Fatalf("action %q decided %v %v, but %q decided %v %v", c.request.action, before.Outcome,
					propMatches(&before), req.Action, after.Outcome, propMatches(&after))
			}
		}
	})
}
