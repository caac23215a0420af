// Package workloadtest is the conformance suite every engine translator runs: hand-made cases
// whose answers can be read off the policies, and a randomized comparison with the reference
// evaluator on a small generated workload. One suite for every engine means a translator that
// passes it answers the benchmark workload the way RAM's documented semantics do.
package workloadtest

import (
	"testing"

	"github.com/rampart-iam/rampart/bench/workload"
)

// Func builds an engine for w and answers reqs with it, in order. An engine that cannot tell
// ExplicitDeny from ImplicitDeny answers workload.Denied for both.
type Func func(w *workload.Workload, reqs []workload.Request) ([]workload.Outcome, error)

// Run checks that decide answers the hand-made cases and a random small workload as the
// reference evaluator does.
func Run(t *testing.T, decide Func) {
	t.Run("hand", func(t *testing.T) {
		w := Hand()
		cases := HandCases()
		reqs := make([]workload.Request, len(cases))
		for i, c := range cases {
			reqs[i] = c.Request
		}
		got, err := decide(w, reqs)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cases {
			if !got[i].Agrees(c.Want) {
				t.Errorf("%s: got %v, want %v", c.Name, got[i], c.Want)
			}
		}
	})
	t.Run("random", func(t *testing.T) {
		w := workload.Generate(workload.Config{Users: 40, Policies: 30, PoliciesPerUser: 5, Seed: 99})
		reqs := workload.Requests(w, 2000, 99)
		got, err := decide(w, reqs)
		if err != nil {
			t.Fatal(err)
		}
		bad := 0
		for i := range reqs {
			want, refs := workload.Evaluate(w, &reqs[i])
			if got[i].Agrees(want) {
				continue
			}
			if bad++; bad <= 10 {
				t.Errorf("request %d %+v: got %v, want %v (matching statements %v)", i, reqs[i], got[i], want, refs)
			}
		}
		if bad > 0 {
			t.Errorf("%d of %d requests answered differently from the reference", bad, len(reqs))
		}
	})
}
