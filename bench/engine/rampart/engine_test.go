package rampart_test

import (
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/bench/engine/rampart"
	"github.com/rampart-iam/rampart/bench/workload"
	"github.com/rampart-iam/rampart/bench/workload/workloadtest"
)

func TestConformance(t *testing.T) {
	workloadtest.Run(t, func(w *workload.Workload, reqs []workload.Request) ([]workload.Outcome, error) {
		e, err := rampart.New(w)
		if err != nil {
			return nil, err
		}
		qs := e.Prepare(reqs)
		out := make([]workload.Outcome, len(qs))
		for i := range qs {
			out[i] = e.Decide(&qs[i])
		}
		return out, nil
	})
}

// TestExplain checks the matched statements, not only the outcome, against the hand cases.
func TestExplain(t *testing.T) {
	e, err := rampart.New(workloadtest.Hand())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range workloadtest.HandCases() {
		q := e.Prepare([]workload.Request{c.Request})
		got, refs := e.Explain(&q[0])
		if got != c.Want {
			t.Errorf("%s: outcome %v, want %v", c.Name, got, c.Want)
		}
		if diff := cmp.Diff(c.Refs, refs); diff != "" {
			t.Errorf("%s: matched statements (-want +got):\n%s", c.Name, diff)
		}
	}
}

func TestDocument(t *testing.T) {
	p := workload.Policy{Name: "p", Statements: []workload.Statement{
		{Effect: workload.Allow, Actions: []string{"ecs:Describe*"}, Resources: []string{"*"}},
		{Effect: workload.Deny, Actions: []string{"oss:*Object"}, Resources: []string{"acs:oss:*:*:b/*"},
			Condition: &workload.Condition{Operator: workload.NotIPAddress, Key: workload.KeySourceIP,
				Values: []string{"10.0.0.0/8"}}},
	}}
	got, err := rampart.Document(&p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Version":"1","Statement":[` +
		`{"Effect":"Allow","Action":["ecs:Describe*"],"Resource":["*"]},` +
		`{"Effect":"Deny","Action":["oss:*Object"],"Resource":["acs:oss:*:*:b/*"],` +
		`"Condition":{"NotIpAddress":{"acs:SourceIp":["10.0.0.0/8"]}}}]}`
	if string(got) != want {
		t.Errorf("Document:\n got %s\nwant %s", got, want)
	}
}

// TestGeneratedWorkloadParses checks that every 10x document parses under Rampart's default
// limits (so within RAM's 6,144 characters).
func TestGeneratedWorkloadParses(t *testing.T) {
	w := workload.Generate(workload.Scale(10))
	longest := 0
	for i := range w.Policies {
		doc, err := rampart.Document(&w.Policies[i])
		if err != nil {
			t.Fatal(err)
		}
		longest = max(longest, utf8.RuneCount(doc))
	}
	if _, err := rampart.New(w); err != nil {
		t.Fatal(err)
	}
	t.Logf("longest document: %d characters", longest)
}
