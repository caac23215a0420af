package cedar_test

import (
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/bench/engine/cedar"
	"github.com/rampart-iam/rampart/bench/workload"
	"github.com/rampart-iam/rampart/bench/workload/workloadtest"
)

func TestConformance(t *testing.T) {
	workloadtest.Run(t, func(w *workload.Workload, reqs []workload.Request) ([]workload.Outcome, error) {
		e, err := cedar.New(w)
		if err != nil {
			return nil, err
		}
		qs := e.Prepare(reqs)
		out := make([]workload.Outcome, len(qs))
		for i := range qs {
			if out[i], err = e.Decide(&qs[i]); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

func TestText(t *testing.T) {
	p := workloadtest.Hand().Policies[1]
	text, err := cedar.Text(&p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"permit (principal, action, resource)",
		`context.action == "oss:getobject"`,
		`!(context has "acs:sourceip" && (context["acs:sourceip"].isInRange(ip("10.1.0.0/16"))))`,
		`context.action like "vpc:*vpc*"`,
		`(context has "acs:securetransport" && (context["acs:securetransport"] == true))`,
		`context["acs:resourcetag/team"] == "alpha" || context["acs:resourcetag/team"] == "beta"`,
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("Cedar text lacks %s:\n%s", want, text)
		}
	}
	if n := strings.Count(string(text), "\n};\n"); n != len(p.Statements) {
		t.Errorf("%d Cedar policies for %d statements", n, len(p.Statements))
	}
}

func TestTextRejectsWhatItCannotQuote(t *testing.T) {
	p := workload.Policy{Name: "bad", Statements: []workload.Statement{{
		Effect: workload.Allow, Actions: []string{`ecs:"x`}, Resources: []string{"*"}}}}
	if _, err := cedar.Text(&p); err == nil {
		t.Error("Text accepted a pattern with a quote")
	}
}

// TestGeneratedWorkloadTranslates parses the whole 1x workload, so a generator change that
// produces something Cedar cannot express fails here rather than in the benchmark.
func TestGeneratedWorkloadTranslates(t *testing.T) {
	if _, err := cedar.New(workload.Generate(workload.Scale(1))); err != nil {
		t.Fatal(err)
	}
}
