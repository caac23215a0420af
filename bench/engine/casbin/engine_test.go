package casbin_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/bench/engine/casbin"
	"github.com/rampart-iam/rampart/bench/workload"
	"github.com/rampart-iam/rampart/bench/workload/workloadtest"
)

// decideWith adapts one of the engine's answering methods to the conformance suite.
func decideWith(answer func(*casbin.Engine, *casbin.Query) (workload.Outcome, error)) workloadtest.Func {
	return func(w *workload.Workload, reqs []workload.Request) ([]workload.Outcome, error) {
		e, err := casbin.New(w)
		if err != nil {
			return nil, err
		}
		qs := e.Prepare(reqs)
		out := make([]workload.Outcome, len(qs))
		for i := range qs {
			if out[i], err = answer(e, &qs[i]); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
}

func TestConformanceEnforce(t *testing.T) {
	workloadtest.Run(t, decideWith((*casbin.Engine).Decide))
}

func TestConformanceEnforceEx(t *testing.T) {
	workloadtest.Run(t, decideWith((*casbin.Engine).Explain))
}

func TestRows(t *testing.T) {
	tests := []struct {
		name string
		s    workload.Statement
		want [][]string
	}{
		{"cross product, actions lower-cased",
			workload.Statement{Effect: workload.Allow, Actions: []string{"ecs:Describe*", "ECS:RunInstances"},
				Resources: []string{"acs:ecs:*:*:instance/*", "acs:ecs:*:*:disk/*"}},
			[][]string{
				{"ecs:describe*", "acs:ecs:*:*:instance/*", "", "", "allow"},
				{"ecs:describe*", "acs:ecs:*:*:disk/*", "", "", "allow"},
				{"ecs:runinstances", "acs:ecs:*:*:instance/*", "", "", "allow"},
				{"ecs:runinstances", "acs:ecs:*:*:disk/*", "", "", "allow"},
			}},
		{"one row per value of a positive condition",
			workload.Statement{Effect: workload.Deny, Actions: []string{"oss:*"}, Resources: []string{"*"},
				Condition: &workload.Condition{Operator: workload.IPAddress, Key: workload.KeySourceIP,
					Values: []string{"10.0.0.0/8", "192.168.1.0/24"}}},
			[][]string{
				{"oss:*", "*", "ip", "10.0.0.0/8", "deny"},
				{"oss:*", "*", "ip", "192.168.1.0/24", "deny"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := casbin.Rows(&tt.s)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRowsRejectsWhatCasbinCannotExpress(t *testing.T) {
	tests := []struct {
		name string
		c    workload.Condition
	}{
		{"negated operator with two values", workload.Condition{Operator: workload.NotIPAddress,
			Key: workload.KeySourceIP, Values: []string{"10.0.0.0/8", "192.168.1.0/24"}}},
		{"key without a request column", workload.Condition{Operator: workload.StringEquals,
			Key: "acs:UserAgent", Values: []string{"x"}}},
	}
	for _, tt := range tests {
		s := workload.Statement{Effect: workload.Allow, Actions: []string{"*"}, Resources: []string{"*"}, Condition: &tt.c}
		if _, err := casbin.Rows(&s); err == nil {
			t.Errorf("%s: Rows accepted it", tt.name)
		}
	}
}

// TestGeneratedWorkloadTranslates builds the whole 1x workload, so a generator change that
// produces something casbin cannot express fails here rather than in the benchmark.
func TestGeneratedWorkloadTranslates(t *testing.T) {
	if _, err := casbin.New(workload.Generate(workload.Scale(1))); err != nil {
		t.Fatal(err)
	}
}
