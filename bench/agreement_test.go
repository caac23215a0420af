package bench_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/bench/engine/casbin"
	"github.com/rampart-iam/rampart/bench/engine/cedar"
	"github.com/rampart-iam/rampart/bench/engine/opa"
	"github.com/rampart-iam/rampart/bench/engine/rampart"
	"github.com/rampart-iam/rampart/bench/workload"
)

const (
	agreementRequests = 10000
	agreementSeed     = 20240601
)

// answers is one engine's outcomes for the request stream, or why it could not give them.
type answers struct {
	engine   string
	outcomes []workload.Outcome
	err      error
}

// TestEnginesAgree runs the 1x workload's 10,000 random requests through every engine and
// requires the same decision from all of them and from the reference evaluator: Allow against
// deny, and ExplicitDeny against ImplicitDeny wherever the engine reports it (casbin's Enforce
// does not; its EnforceEx does). Rampart's matched statements must also equal the reference's.
// Every disagreement is reported with the statements the reference matched and the engines
// that depart from it, which is where its cause lies.
func TestEnginesAgree(t *testing.T) {
	w := workload.Generate(workload.Scale(1))
	reqs := workload.Requests(w, agreementRequests, agreementSeed)

	runs := []struct {
		name string
		run  func() ([]workload.Outcome, error)
	}{
		{"rampart", func() ([]workload.Outcome, error) { return answerRampart(w, reqs) }},
		{"cedar", func() ([]workload.Outcome, error) { return answerCedar(w, reqs) }},
		{"opa", func() ([]workload.Outcome, error) { return answerOPA(w, reqs) }},
		{"casbin Enforce", func() ([]workload.Outcome, error) { return answerCasbin(w, reqs, (*casbin.Engine).Decide) }},
		{"casbin EnforceEx", func() ([]workload.Outcome, error) { return answerCasbin(w, reqs, (*casbin.Engine).Explain) }},
	}
	all := make([]answers, len(runs))
	var wg sync.WaitGroup
	for i, r := range runs {
		wg.Go(func() {
			out, err := r.run()
			all[i] = answers{engine: r.name, outcomes: out, err: err}
		})
	}
	wg.Wait()
	for _, a := range all {
		if a.err != nil {
			t.Fatalf("%s: %v", a.engine, a.err)
		}
	}

	var mix workload.Mix
	disagreements := 0
	for i := range reqs {
		want, refs := workload.Evaluate(w, &reqs[i])
		mix.Add(want)
		var off []string
		for _, a := range all {
			if !a.outcomes[i].Agrees(want) {
				off = append(off, fmt.Sprintf("%s says %v", a.engine, a.outcomes[i]))
			}
		}
		if len(off) == 0 {
			continue
		}
		if disagreements++; disagreements <= 20 {
			t.Errorf("request %d disagrees: reference says %v; %s\n%s", i, want, strings.Join(off, ", "),
				describe(w, &reqs[i], refs))
		}
	}
	t.Logf("request mix (reference): %v", mix)
	if disagreements > 0 {
		t.Errorf("%d of %d requests: engines disagree", disagreements, len(reqs))
	}

	t.Run("rampart matched statements", func(t *testing.T) {
		e, err := rampart.New(w)
		if err != nil {
			t.Fatal(err)
		}
		qs := e.Prepare(reqs)
		bad := 0
		for i := range qs {
			_, want := workload.Evaluate(w, &reqs[i])
			_, got := e.Explain(&qs[i])
			if diff := cmp.Diff(want, got); diff != "" {
				if bad++; bad <= 10 {
					t.Errorf("request %d: matched statements (-reference +rampart):\n%s%s", i, diff, describe(w, &reqs[i], want))
				}
			}
		}
		if bad > 0 {
			t.Errorf("%d of %d requests: Rampart matched other statements than the reference", bad, len(qs))
		}
	})
}

// describe prints a request and the statements the reference matched, for a disagreement report.
func describe(w *workload.Workload, req *workload.Request, refs []workload.Ref) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  request: may %s do %s on %s? context %v\n", w.Users[req.User].Name,
		req.Action, req.Resource, req.Context)
	if len(refs) == 0 {
		b.WriteString("  reference matched no statement\n")
	}
	for _, r := range refs {
		s := &w.Policies[r.Policy].Statements[r.Statement]
		fmt.Fprintf(&b, "  reference matched %s statement %d: %v %v on %v", w.Policies[r.Policy].Name,
			r.Statement, s.Effect, s.Actions, s.Resources)
		if c := s.Condition; c != nil {
			fmt.Fprintf(&b, " if %s %s %v", c.Operator, c.Key, c.Values)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func answerRampart(w *workload.Workload, reqs []workload.Request) ([]workload.Outcome, error) {
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
}

func answerCedar(w *workload.Workload, reqs []workload.Request) ([]workload.Outcome, error) {
	e, err := cedar.New(w)
	if err != nil {
		return nil, err
	}
	qs := e.Prepare(reqs)
	out := make([]workload.Outcome, len(qs))
	for i := range qs {
		if out[i], err = e.Decide(&qs[i]); err != nil {
			return nil, fmt.Errorf("request %d: %w", i, err)
		}
	}
	return out, nil
}

func answerOPA(w *workload.Workload, reqs []workload.Request) ([]workload.Outcome, error) {
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
			return nil, fmt.Errorf("request %d: %w", i, err)
		}
	}
	return out, nil
}

func answerCasbin(w *workload.Workload, reqs []workload.Request,
	answer func(*casbin.Engine, *casbin.Query) (workload.Outcome, error)) ([]workload.Outcome, error) {
	e, err := casbin.New(w)
	if err != nil {
		return nil, err
	}
	qs := e.Prepare(reqs)
	out := make([]workload.Outcome, len(qs))
	for i := range qs {
		if out[i], err = answer(e, &qs[i]); err != nil {
			return nil, fmt.Errorf("request %d: %w", i, err)
		}
	}
	return out, nil
}
