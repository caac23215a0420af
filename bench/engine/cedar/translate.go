// Package cedar runs the benchmark workload on github.com/cedar-policy/cedar-go.
//
// Each RAM statement becomes one Cedar policy, permit for Allow and forbid for Deny, whose when
// clause tests string attributes of the request context:
//
//	forbid (principal, action, resource)
//	when {
//	  (context.action like "ecs:*instances") &&
//	  (context.resource like "acs:ecs:*:*:instance/prod-*") &&
//	  !(context has "acs:sourceip" && (context["acs:sourceip"].isInRange(ip("10.1.0.0/16"))))
//	};
//
// Cedar's forbid-overrides-permit, default-deny rule is RAM's. Action names are lower-cased on
// both sides to emulate RAM's case-insensitive action matching; condition keys are lower-cased
// likewise. Exact names compare with ==, patterns with like (whose "*" is RAM's "*"). An absent
// key makes a positive condition false and a negated one true through the `has` guard. Each user
// gets a PolicySet holding only its own policies' statements, which is how a service would ask
// Cedar about one principal.
package cedar

import (
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/bench/workload"
)

// Text renders policy p as Cedar source, one Cedar policy per statement, in statement order.
func Text(p *workload.Policy) ([]byte, error) {
	var b strings.Builder
	for i := range p.Statements {
		if err := writeStatement(&b, &p.Statements[i]); err != nil {
			return nil, fmt.Errorf("%s statement %d: %w", p.Name, i, err)
		}
	}
	return []byte(b.String()), nil
}

func writeStatement(b *strings.Builder, s *workload.Statement) error {
	effect := "permit"
	if s.Effect == workload.Deny {
		effect = "forbid"
	}
	actions := make([]string, len(s.Actions))
	for i, a := range s.Actions {
		actions[i] = strings.ToLower(a)
	}
	actionTest, err := anyOf(`context.action`, actions)
	if err != nil {
		return err
	}
	resourceTest, err := anyOf(`context.resource`, s.Resources)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "%s (principal, action, resource)\nwhen {\n  %s &&\n  %s", effect, actionTest, resourceTest)
	if s.Condition != nil {
		c, err := condition(s.Condition)
		if err != nil {
			return err
		}
		fmt.Fprintf(b, " &&\n  %s", c)
	}
	b.WriteString("\n};\n")
	return nil
}

// anyOf is a Cedar expression that is true when attr matches one of the RAM patterns.
func anyOf(attr string, patterns []string) (string, error) {
	terms := make([]string, len(patterns))
	for i, p := range patterns {
		q, err := quote(p)
		if err != nil {
			return "", err
		}
		switch {
		case p == "*":
			return "true", nil
		case strings.Contains(p, "*"):
			terms[i] = attr + " like " + q // RAM's "*" is Cedar's: any run of characters
		default:
			terms[i] = attr + " == " + q
		}
	}
	return "(" + strings.Join(terms, " || ") + ")", nil
}

// condition renders c; keys are lower-cased, as RAM compares them case-insensitively.
func condition(c *workload.Condition) (string, error) {
	key, err := quote(strings.ToLower(c.Key))
	if err != nil {
		return "", err
	}
	attr := "context[" + key + "]"
	terms := make([]string, len(c.Values))
	for i, v := range c.Values {
		q, err := quote(v)
		if err != nil {
			return "", err
		}
		switch c.Operator {
		case workload.StringEquals, workload.StringNotEquals:
			terms[i] = attr + " == " + q
		case workload.IPAddress, workload.NotIPAddress:
			terms[i] = attr + ".isInRange(ip(" + q + "))"
		case workload.Bool:
			b := strings.ToLower(v)
			if b != "true" && b != "false" {
				return "", fmt.Errorf("Bool value %q is not true or false", v)
			}
			terms[i] = attr + " == " + b
		default:
			return "", fmt.Errorf("operator %s has no Cedar translation", c.Operator)
		}
	}
	test := "(context has " + key + " && (" + strings.Join(terms, " || ") + "))"
	if c.Operator.Negated() {
		return "!" + test, nil
	}
	return test, nil
}

// quote returns s as a Cedar string literal. The workload never uses the two characters that
// would need escaping, so meeting one is a translation error rather than something to escape.
func quote(s string) (string, error) {
	if strings.ContainsAny(s, `"\`) {
		return "", fmt.Errorf("value %q needs escaping", s)
	}
	return `"` + s + `"`, nil
}
