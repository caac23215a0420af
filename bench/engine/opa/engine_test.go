package opa_test

import (
	"testing"

	"github.com/rampart-iam/rampart/bench/engine/opa"
	"github.com/rampart-iam/rampart/bench/workload"
	"github.com/rampart-iam/rampart/bench/workload/workloadtest"
)

func TestConformance(t *testing.T) {
	workloadtest.Run(t, func(w *workload.Workload, reqs []workload.Request) ([]workload.Outcome, error) {
		e, err := opa.New(w)
		if err != nil {
			return nil, err
		}
		qs, err := e.Prepare(reqs)
		if err != nil {
			return nil, err
		}
		out := make([]workload.Outcome, len(qs))
		for i := range qs {
			if out[i], err = e.Decide(&qs[i]); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// TestGeneratedWorkloadTranslates parses the whole 1x workload, so a generator change that
// produces something the Rego module cannot read fails here rather than in the benchmark.
func TestGeneratedWorkloadTranslates(t *testing.T) {
	if _, err := opa.New(workload.Generate(workload.Scale(1))); err != nil {
		t.Fatal(err)
	}
}
