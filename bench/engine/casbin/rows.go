// Package casbin runs the benchmark workload on github.com/casbin/casbin/v2.
//
// casbin has no statements, only flat policy rows, so each RAM statement becomes the rows of
// every (action pattern, resource pattern, condition value) combination: a statement matches when
// any of its actions and any of its resources match, and a positive condition holds when any of
// its values does, so OR-ing the rows is exact. A negated condition is an AND over its values and
// cannot be split into rows; the workload gives negated operators one value. The effect
// `some(where (p.eft == allow)) && !some(where (p.eft == deny))` is RAM's deny-overrides rule.
//
// Conditions become columns: the request definition has one field per condition key the
// workload uses, and the matcher (model.conf) dispatches on a condition tag in the row, with
// casbin's built-in ipMatch for the IP operators. Matching of "*" patterns uses ramMatch, a
// custom function registered with AddFunction (workload.Match), because casbin's globMatch stops
// "*" at "/" and keyMatch honours only a prefix. Actions are lower-cased on both sides.
//
// Every user gets its own Enforcer holding only its policies' rows: casbin scans every row on
// each request, so one shared enforcer would cost time in proportion to all users' policies.
package casbin

import (
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/bench/workload"
)

// conditionTag names an (operator, key) pair the model's matcher knows.
func conditionTag(op workload.Operator, key string) (string, bool) {
	switch {
	case op == workload.IPAddress && key == workload.KeySourceIP:
		return "ip", true
	case op == workload.NotIPAddress && key == workload.KeySourceIP:
		return "notip", true
	case op == workload.Bool && key == workload.KeySecureTransport:
		return "tls", true
	case op == workload.Bool && key == workload.KeyMFAPresent:
		return "mfa", true
	case op == workload.StringEquals && key == workload.KeyTeamTag:
		return "team", true
	case op == workload.StringNotEquals && key == workload.KeyTeamTag:
		return "notteam", true
	}
	return "", false
}

// Rows returns the casbin policy rows of statement s: [act, obj, cond, cval, eft].
func Rows(s *workload.Statement) ([][]string, error) {
	conds := [][2]string{{"", ""}}
	if c := s.Condition; c != nil {
		tag, ok := conditionTag(c.Operator, c.Key)
		if !ok {
			return nil, fmt.Errorf("no casbin column for %s on %s", c.Operator, c.Key)
		}
		if c.Operator.Negated() && len(c.Values) != 1 {
			return nil, fmt.Errorf("%s with %d values cannot be split into casbin rows", c.Operator, len(c.Values))
		}
		conds = conds[:0]
		for _, v := range c.Values {
			if c.Operator == workload.Bool {
				v = strings.ToLower(v)
			}
			conds = append(conds, [2]string{tag, v})
		}
	}
	eft := "allow"
	if s.Effect == workload.Deny {
		eft = "deny"
	}
	var rows [][]string
	for _, a := range s.Actions {
		for _, r := range s.Resources {
			for _, c := range conds {
				rows = append(rows, []string{strings.ToLower(a), r, c[0], c[1], eft})
			}
		}
	}
	return rows, nil
}
