package authz

import (
	"encoding/json"

	"github.com/rampart-iam/rampart/policy"
)

// explainStatement says whether statement st applies to r and, when it does not, which part
// fails: it re-checks the statement's action, then its resource, then each condition on its
// own, each as a one-statement policy, so the answer comes from the same engine as decisions.
func explainStatement(st policy.Statement, r *policy.Request) (bool, string) {
	if probe(st, true, true, -1, r) {
		return true, "matched"
	}
	if !probe(st, false, false, -1, r) {
		return false, "action does not match"
	}
	if !probe(st, true, false, -1, r) {
		return false, "resource does not match (or names a policy variable the request does not carry)"
	}
	reason := ""
	for i, c := range st.Conditions {
		if probe(st, true, false, i, r) {
			continue
		}
		if reason != "" {
			reason += "; "
		}
		op := c.Operator
		if q := c.Qualifier.String(); q != "" {
			op = q + ":" + c.Operator
		}
		reason += "condition " + op + " on " + c.Key + " does not hold"
	}
	if reason == "" {
		reason = "conditions do not hold together"
	}
	return false, reason
}

// probe evaluates an Allow statement made of st's action, its resource when resource is set
// (else "*"), and its conditions when all is set, or only condition cond when cond >= 0.
func probe(st policy.Statement, resource, all bool, cond int, r *policy.Request) bool {
	type statement struct {
		Effect      string
		Action      []string                       `json:",omitempty"`
		NotAction   []string                       `json:",omitempty"`
		Resource    []string                       `json:",omitempty"`
		NotResource []string                       `json:",omitempty"`
		Condition   map[string]map[string][]string `json:",omitempty"`
	}
	ps := statement{Effect: "Allow", Action: st.Action, NotAction: st.NotAction, Resource: []string{"*"}}
	if resource {
		ps.Resource, ps.NotResource = st.Resource, st.NotResource
	}
	for i, c := range st.Conditions {
		if !all && i != cond {
			continue
		}
		if ps.Condition == nil {
			ps.Condition = map[string]map[string][]string{}
		}
		op := c.Operator
		if q := c.Qualifier.String(); q != "" {
			op = q + ":" + c.Operator
		}
		if ps.Condition[op] == nil {
			ps.Condition[op] = map[string][]string{}
		}
		ps.Condition[op][c.Key] = c.Values
	}
	doc, err := json.Marshal(struct {
		Version   string
		Statement []statement
	}{"1", []statement{ps}})
	if err != nil {
		return false
	}
	p, err := policy.Parse(doc, policy.WithMaxLength(0), policy.WithMaxStatements(0))
	if err != nil {
		return false
	}
	return policy.NewEvaluator(p).Evaluate(r).Allowed()
}
