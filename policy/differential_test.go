package policy_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/policy"
)

// TestDifferential holds the engine to the reference evaluator on random (policy set, request)
// pairs: at least a million per normal run. Each block of pairs shares one generated policy
// set (parsing is the expensive part) and is generated from its own random stream, derived
// from the seed and the block number, so a run is reproducible whatever GOMAXPROCS is:
//
//	go test ./policy -run TestDifferential -args -seed=N
//	RAMPART_DIFF_SEED=N go test ./policy -run TestDifferential
var (
	diffSeedFlag  = flag.Uint64("seed", 0, "seed for TestDifferential (0: from RAMPART_DIFF_SEED or the clock)")
	diffPairsFlag = flag.Int("pairs", 0, "pairs for TestDifferential (0: 1,000,000, or 20,000 with -short)")
)

const diffRequestsPerSet = 64

func TestDifferential(t *testing.T) {
	seed := *diffSeedFlag
	if env := os.Getenv("RAMPART_DIFF_SEED"); seed == 0 && env != "" {
		var err error
		if seed, err = strconv.ParseUint(env, 10, 64); err != nil {
			t.Fatalf("RAMPART_DIFF_SEED: %v", err)
		}
	}
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	pairs := *diffPairsFlag
	if pairs == 0 {
		pairs = 1_000_000
		if testing.Short() {
			pairs = 20_000
		}
	}
	t.Logf("seed %d (replay: go test ./policy -run TestDifferential -args -seed=%d)", seed, seed)

	blocks := (pairs + diffRequestsPerSet - 1) / diffRequestsPerSet
	var next atomic.Int64
	var failed atomic.Bool
	var mu sync.Mutex
	var stats diffStats
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var local diffStats
			for !failed.Load() {
				b := next.Add(1) - 1
				if b >= int64(blocks) {
					break
				}
				if report, bad := diffBlock(seed, uint64(b), &local); bad {
					if failed.CompareAndSwap(false, true) {
						t.Errorf("engine and reference disagree (seed %d, block %d):\n%s", seed, b, report)
					}
				}
			}
			mu.Lock()
			stats.add(&local)
			mu.Unlock()
		})
	}
	wg.Wait()
	t.Logf("%d pairs over %d policy sets: %s", stats.pairs, blocks, stats.String())
	if !failed.Load() && stats.pairs < int64(pairs) {
		t.Errorf("compared %d pairs, want %d", stats.pairs, pairs)
	}
	if !failed.Load() && !testing.Short() {
		stats.checkBalance(t)
	}
}

// diffBlock generates one policy set and diffRequestsPerSet requests and compares every
// decision. On a disagreement it returns a minimised reproduction.
func diffBlock(seed, block uint64, stats *diffStats) (string, bool) {
	r := rand.New(rand.NewPCG(seed, block))
	c := genCaseOf(r)
	texts := r.Uint64()
	ev, ref, err := diffBuild(c.layers, texts)
	if err != nil {
		return fmt.Sprintf("a generated policy does not parse: %v\n%s", err, diffShow(c, texts)), true
	}
	for i := range diffRequestsPerSet {
		if i > 0 {
			c.request = genRequestOf(r)
		}
		d := ev.Evaluate(c.request.policyRequest())
		want := ref.evaluate(c.request.refRequest())
		stats.count(want.outcome)
		if !diffSame(&d, want) {
			c = diffShrink(c, texts)
			return diffShow(c, texts), true
		}
	}
	return "", false
}

// diffBuild parses every generated policy (named L<layer>P<index>) and builds the engine's
// evaluator and the reference's. texts seeds the rendering choices (string or list forms).
func diffBuild(layers [][]genPolicy, texts uint64) (*policy.Evaluator, refEvaluator, error) {
	r := rand.New(rand.NewPCG(texts, 0))
	var ev *policy.Evaluator
	var ref refEvaluator
	for li, layer := range layers {
		var ps []*policy.Policy
		for pi := range layer {
			name := fmt.Sprintf("L%dP%d", li, pi)
			p, err := policy.Parse([]byte(layer[pi].text(r)), policy.WithName(name), policy.WithKind(layer[pi].kind))
			if err != nil {
				return nil, nil, err
			}
			ps = append(ps, p)
		}
		ref = append(ref, ps)
		if ev == nil {
			ev = policy.NewEvaluator(ps...)
		} else {
			ev = ev.Intersect(policy.NewEvaluator(ps...))
		}
	}
	return ev, ref, nil
}

func diffSame(d *policy.Decision, want refDecision) bool {
	got := d.Matches()
	if d.Outcome != want.outcome || len(got) != len(want.matches) {
		return false
	}
	for i, m := range got {
		if m.Policy != want.matches[i].policy || m.Statement != want.matches[i].statement {
			return false
		}
	}
	return true
}

// diffDisagrees rebuilds c and reports whether the engine and the reference still disagree
// on its request (or the policies no longer parse, which shrinking must not cause).
func diffDisagrees(c genCase, texts uint64) bool {
	ev, ref, err := diffBuild(c.layers, texts)
	if err != nil {
		return false
	}
	d := ev.Evaluate(c.request.policyRequest())
	return !diffSame(&d, ref.evaluate(c.request.refRequest()))
}

// diffShrink removes layers, policies, statements, conditions, patterns and context entries
// one at a time for as long as the disagreement survives, so the report shows a small case.
func diffShrink(c genCase, texts uint64) genCase {
	for changed := true; changed; {
		changed = false
		for _, candidate := range diffSmaller(c) {
			if diffDisagrees(candidate, texts) {
				c, changed = candidate, true
				break
			}
		}
	}
	return c
}

// diffSmaller lists every case one step smaller than c.
func diffSmaller(c genCase) []genCase {
	var out []genCase
	clone := func() genCase {
		n := genCase{request: c.request}
		n.request.context = append([]refEntry(nil), c.request.context...)
		for _, layer := range c.layers {
			var l []genPolicy
			for _, p := range layer {
				p.stmts = append([]genStatement(nil), p.stmts...)
				l = append(l, p)
			}
			n.layers = append(n.layers, l)
		}
		return n
	}
	for li := range c.layers {
		if len(c.layers) > 1 {
			n := clone()
			n.layers = append(n.layers[:li], n.layers[li+1:]...)
			out = append(out, n)
		}
		for pi := range c.layers[li] {
			n := clone()
			n.layers[li] = append(n.layers[li][:pi], n.layers[li][pi+1:]...)
			out = append(out, n)
			for si, s := range c.layers[li][pi].stmts {
				if len(c.layers[li][pi].stmts) > 1 {
					n := clone()
					p := &n.layers[li][pi]
					p.stmts = append(p.stmts[:si], p.stmts[si+1:]...)
					p.single = false
					out = append(out, n)
				}
				for ci := range s.conds {
					n := clone()
					st := &n.layers[li][pi].stmts[si]
					st.conds = append(append([]genCondition(nil), st.conds[:ci]...), st.conds[ci+1:]...)
					out = append(out, n)
				}
				for ai := range s.actions {
					if len(s.actions) > 1 {
						n := clone()
						st := &n.layers[li][pi].stmts[si]
						st.actions = append(append([]string(nil), st.actions[:ai]...), st.actions[ai+1:]...)
						out = append(out, n)
					}
				}
				for ri := range s.resources {
					if len(s.resources) > 1 {
						n := clone()
						st := &n.layers[li][pi].stmts[si]
						st.resources = append(append([]string(nil), st.resources[:ri]...), st.resources[ri+1:]...)
						out = append(out, n)
					}
				}
			}
		}
	}
	for ei := range c.request.context {
		n := clone()
		n.request.context = append(n.request.context[:ei], n.request.context[ei+1:]...)
		out = append(out, n)
	}
	return out
}

// diffShow prints a case as the policy texts, the request and both answers.
func diffShow(c genCase, texts uint64) string {
	var b strings.Builder
	r := rand.New(rand.NewPCG(texts, 0))
	for li, layer := range c.layers {
		fmt.Fprintf(&b, "layer %d (Intersect after the first):\n", li)
		for pi := range layer {
			fmt.Fprintf(&b, "  L%dP%d (%v): %s\n", li, pi, layer[pi].kind, layer[pi].text(r))
		}
	}
	q := c.request
	fmt.Fprintf(&b, "request: action=%q resource=%q principal=%v:%q\n", q.action, q.resource, q.principalType, q.principal)
	for _, e := range q.context {
		fmt.Fprintf(&b, "  context %q = %q\n", e.key, e.values)
	}
	if ev, ref, err := diffBuild(c.layers, texts); err == nil {
		d := ev.Evaluate(q.policyRequest())
		fmt.Fprintf(&b, "engine:    %+v\n", corpusDescribe(&d))
		fmt.Fprintf(&b, "reference: %+v\n", refDescribe(ref.evaluate(q.refRequest())))
	}
	return b.String()
}

// diffStats counts the reference's outcomes, to show the generator exercises all three.
type diffStats struct {
	pairs    int64
	outcomes [3]int64 // indexed by policy.Outcome
}

func (s *diffStats) count(o policy.Outcome) {
	s.pairs++
	s.outcomes[o]++
}

func (s *diffStats) add(o *diffStats) {
	s.pairs += o.pairs
	for i := range s.outcomes {
		s.outcomes[i] += o.outcomes[i]
	}
}

func (s *diffStats) String() string {
	pct := func(o policy.Outcome) float64 { return 100 * float64(s.outcomes[o]) / float64(max(s.pairs, 1)) }
	return fmt.Sprintf("Allow %.1f%%, ExplicitDeny %.1f%%, ImplicitDeny %.1f%%",
		pct(policy.Allowed), pct(policy.ExplicitDeny), pct(policy.ImplicitDeny))
}

// checkBalance fails when an outcome is so rare that the comparison says little about it.
func (s *diffStats) checkBalance(t *testing.T) {
	for _, o := range []policy.Outcome{policy.Allowed, policy.ExplicitDeny, policy.ImplicitDeny} {
		if share := float64(s.outcomes[o]) / float64(s.pairs); share < 0.15 {
			t.Errorf("only %.1f%% of pairs are %v; the generator needs rebalancing", 100*share, o)
		}
	}
}
