package workload_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/bench/workload"
	"github.com/rampart-iam/rampart/bench/workload/workloadtest"
)

func TestEvaluate(t *testing.T) {
	w := workloadtest.Hand()
	for _, c := range workloadtest.HandCases() {
		t.Run(c.Name, func(t *testing.T) {
			got, refs := workload.Evaluate(w, &c.Request)
			if got != c.Want {
				t.Errorf("outcome = %v, want %v", got, c.Want)
			}
			if diff := cmp.Diff(c.Refs, refs); diff != "" {
				t.Errorf("matched statements (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEvaluateConformance runs the suite the translators run on the reference itself: its
// "random" half then checks the suite's plumbing, and its "hand" half the reference.
func TestEvaluateConformance(t *testing.T) {
	workloadtest.Run(t, func(w *workload.Workload, reqs []workload.Request) ([]workload.Outcome, error) {
		out := make([]workload.Outcome, len(reqs))
		for i := range reqs {
			out[i], _ = workload.Evaluate(w, &reqs[i])
		}
		return out, nil
	})
}
