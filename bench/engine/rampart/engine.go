package rampart

import (
	"fmt"

	"github.com/rampart-iam/rampart/bench/workload"
	"github.com/rampart-iam/rampart/policy"
)

// Engine is the workload compiled for Rampart: one Evaluator per user.
type Engine struct {
	evaluators []*policy.Evaluator // by user index
	index      map[*policy.Policy]int
}

// New parses every policy of w once (default limits: a generated document stays under RAM's
// 6,144 characters) and builds each user's Evaluator from the parsed policies, in the order the
// user lists them.
func New(w *workload.Workload) (*Engine, error) {
	parsed := make([]*policy.Policy, len(w.Policies))
	e := &Engine{evaluators: make([]*policy.Evaluator, len(w.Users)), index: make(map[*policy.Policy]int, len(w.Policies))}
	for i := range w.Policies {
		doc, err := Document(&w.Policies[i])
		if err != nil {
			return nil, err
		}
		p, err := policy.Parse(doc, policy.WithName(w.Policies[i].Name))
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", w.Policies[i].Name, err)
		}
		parsed[i] = p
		e.index[p] = i
	}
	for u, user := range w.Users {
		ps := make([]*policy.Policy, len(user.Policies))
		for i, pi := range user.Policies {
			ps[i] = parsed[pi]
		}
		e.evaluators[u] = policy.NewEvaluator(ps...)
	}
	return e, nil
}

// Query is one request in Rampart's form, with the Evaluator of the user who asks.
type Query struct {
	Evaluator *policy.Evaluator
	Request   policy.Request
}

// Prepare converts requests to Rampart's form, once, outside any measured loop.
func (e *Engine) Prepare(reqs []workload.Request) []Query {
	qs := make([]Query, len(reqs))
	for i := range reqs {
		r := &reqs[i]
		q := &qs[i]
		q.Evaluator = e.evaluators[r.User]
		q.Request = policy.Request{Action: r.Action, Resource: r.Resource}
		for _, kv := range r.Context {
			q.Request.Context.Set(kv.Key, kv.Value)
		}
	}
	return qs
}

// Decide evaluates q.
func (e *Engine) Decide(q *Query) workload.Outcome {
	return outcome(q.Evaluator.Evaluate(&q.Request).Outcome)
}

// Explain evaluates q and also returns the statements that matched, as workload references.
func (e *Engine) Explain(q *Query) (workload.Outcome, []workload.Ref) {
	d := q.Evaluator.Evaluate(&q.Request)
	var refs []workload.Ref
	for _, m := range d.Matches() {
		refs = append(refs, workload.Ref{Policy: e.index[m.Policy], Statement: m.Statement})
	}
	return outcome(d.Outcome), refs
}

func outcome(o policy.Outcome) workload.Outcome {
	switch o {
	case policy.Allowed:
		return workload.Allowed
	case policy.ExplicitDeny:
		return workload.ExplicitDeny
	}
	return workload.ImplicitDeny
}
