// Package opa runs the benchmark workload on the Open Policy Agent (rego).
//
// The policy logic is one Rego module (ram.rego) that implements RAM's evaluation over data: the
// workload's users and statements are loaded into OPA's in-memory store as data.rampart, and the
// query data.rampart.authz.decision is prepared once with rego.PrepareForEval. Each request is a
// parsed input value built up front, so the measured loop is OPA's evaluation alone. The
// decision names the outcome ("Allow", "ExplicitDeny", "ImplicitDeny"), so OPA can tell the two
// kinds of denial apart.
package opa

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/rampart-iam/rampart/bench/workload"
)

//go:embed ram.rego
var module string

// Engine is the workload loaded into OPA with the decision query prepared.
type Engine struct {
	query rego.PreparedEvalQuery
	users []string
}

// New loads w as data and prepares the decision query.
func New(w *workload.Workload) (*Engine, error) {
	store := inmem.NewFromObjectWithOpts(map[string]any{"rampart": Data(w)},
		inmem.OptRoundTripOnWrite(false), inmem.OptReturnASTValuesOnRead(true))
	q, err := rego.New(
		rego.Query("data.rampart.authz.decision"),
		rego.Module("ram.rego", module),
		rego.Store(store),
	).PrepareForEval(context.Background())
	if err != nil {
		return nil, fmt.Errorf("prepare the decision query: %w", err)
	}
	e := &Engine{query: q, users: make([]string, len(w.Users))}
	for i, u := range w.Users {
		e.users[i] = u.Name
	}
	return e, nil
}

// Data returns w in the shape ram.rego reads: {"users": {name: [policy names]}, "policies":
// {name: [statements]}}, as plain JSON-like values.
func Data(w *workload.Workload) map[string]any {
	users := make(map[string]any, len(w.Users))
	for _, u := range w.Users {
		names := make([]any, len(u.Policies))
		for i, p := range u.Policies {
			names[i] = w.Policies[p].Name
		}
		users[u.Name] = names
	}
	policies := make(map[string]any, len(w.Policies))
	for _, p := range w.Policies {
		statements := make([]any, len(p.Statements))
		for i, s := range p.Statements {
			statements[i] = statement(&s)
		}
		policies[p.Name] = statements
	}
	return map[string]any{"users": users, "policies": policies}
}

func statement(s *workload.Statement) map[string]any {
	actions := make([]any, len(s.Actions))
	for i, a := range s.Actions {
		actions[i] = strings.ToLower(a)
	}
	resources := make([]any, len(s.Resources))
	for i, r := range s.Resources {
		resources[i] = r
	}
	conditions := []any{}
	if c := s.Condition; c != nil {
		values := make([]any, len(c.Values))
		for i, v := range c.Values {
			if c.Operator == workload.Bool {
				v = strings.ToLower(v)
			}
			values[i] = v
		}
		conditions = append(conditions, map[string]any{
			"op": string(c.Operator), "key": strings.ToLower(c.Key), "values": values,
		})
	}
	return map[string]any{
		"effect": s.Effect.String(), "actions": actions, "resources": resources, "conditions": conditions,
	}
}

// Query is one request as a parsed OPA input value.
type Query struct {
	input ast.Value
}

// Prepare converts requests to parsed input values, once, outside any measured loop.
func (e *Engine) Prepare(reqs []workload.Request) ([]Query, error) {
	qs := make([]Query, len(reqs))
	for i := range reqs {
		r := &reqs[i]
		ctx := make(map[string]any, len(r.Context))
		for _, kv := range r.Context {
			ctx[strings.ToLower(kv.Key)] = kv.Value
		}
		v, err := ast.InterfaceToValue(map[string]any{
			"user": e.users[r.User], "action": strings.ToLower(r.Action), "resource": r.Resource, "context": ctx,
		})
		if err != nil {
			return nil, err
		}
		qs[i] = Query{input: v}
	}
	return qs, nil
}

// Decide evaluates the prepared decision query on q.
func (e *Engine) Decide(q *Query) (workload.Outcome, error) {
	rs, err := e.query.Eval(context.Background(), rego.EvalParsedInput(q.input))
	if err != nil {
		return 0, err
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return 0, fmt.Errorf("opa: unexpected result set %v", rs)
	}
	switch d := rs[0].Expressions[0].Value; d {
	case "Allow":
		return workload.Allowed, nil
	case "ExplicitDeny":
		return workload.ExplicitDeny, nil
	case "ImplicitDeny":
		return workload.ImplicitDeny, nil
	default:
		return 0, fmt.Errorf("opa: unexpected decision %v", d)
	}
}
