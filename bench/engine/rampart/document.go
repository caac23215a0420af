// Package rampart runs the benchmark workload on Rampart's own engine,
// github.com/rampart-iam/rampart/policy.
//
// Each workload policy is rendered as a RAM policy document (JSON, exactly as a user would
// write it: actions and keys in their original case) and parsed with policy.Parse; each user
// gets one policy.Evaluator over its policies, built once up front, which is how Rampart's authz
// snapshot holds them.
package rampart

import (
	"encoding/json"

	"github.com/rampart-iam/rampart/bench/workload"
)

// document and statement are the RAM policy grammar's JSON shape, in its element order.
type document struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Effect    string                         `json:"Effect"`
	Action    []string                       `json:"Action"`
	Resource  []string                       `json:"Resource"`
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// Document renders p as a RAM policy document.
func Document(p *workload.Policy) ([]byte, error) {
	d := document{Version: "1", Statement: make([]statement, len(p.Statements))}
	for i, s := range p.Statements {
		d.Statement[i] = statement{Effect: s.Effect.String(), Action: s.Actions, Resource: s.Resources}
		if c := s.Condition; c != nil {
			d.Statement[i].Condition = map[string]map[string][]string{string(c.Operator): {c.Key: c.Values}}
		}
	}
	return json.Marshal(d)
}
