package policy_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/policy"
)

// TestLargeEvaluators checks, against the reference evaluator, the parts of the action index
// that small policy sets do not reach: more than 256 policies in a layer, action names longer
// than a bucket's key, names with many candidates, tables too big for the control bytes kept
// in the Evaluator, and those tables as the second layer of an Intersect.
func TestLargeEvaluators(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var actions []string
	for _, svc := range []string{"ecs", "oss", "ram"} {
		for i := range 30 {
			name := fmt.Sprintf("%s:Describe%dThing", svc, i)
			if i%2 == 0 {
				name = fmt.Sprintf("%s:Describe%dThingWithAVeryLongNameIndeed%s", svc, i, strings.Repeat("X", i))
			}
			actions = append(actions, name)
		}
	}
	// Names few policies use, so that they have few candidates: for the last policies, whose
	// slots do not fit in a bucket, and names a bucket cannot tell apart by their first 40 bytes.
	lateActions := []string{"vpc:CreateVpc", "vpc:DeleteVpc", "vpc:DescribeVpcs"}
	lookalikes := []string{"rds:" + strings.Repeat("DescribeDBAttribute", 2) + "A", "rds:" + strings.Repeat("DescribeDBAttribute", 2) + "B"}
	pattern := func(global bool) string {
		a := actions[r.IntN(len(actions))]
		k := r.IntN(10)
		if !global && k == 2 {
			k = 9
		}
		switch k {
		case 0:
			return a[:strings.IndexByte(a, ':')+1] + "Describe1*"
		case 1:
			return a[:strings.IndexByte(a, ':')+1] + "*Thing"
		case 2:
			return "*"
		case 3:
			return strings.ToUpper(a)
		}
		return a
	}
	policies := make([]*policy.Policy, 300)
	for i := range policies {
		var stmts []string
		global := i < 2 // the few statements that match every service
		n := 1 + r.IntN(3)
		few := lateActions
		if i >= 250 && i < 254 {
			few = lookalikes
		}
		if i >= 296 || i >= 250 && i < 254 {
			n = 1
		}
		for range n {
			element := "Action"
			if global && r.IntN(3) == 0 {
				element = "NotAction"
			}
			effect := "Allow"
			if r.IntN(6) == 0 {
				effect = "Deny"
			}
			resource := []string{"*", "acs:ecs:*:*:*", "acs:oss:*:1:b/*"}[r.IntN(3)]
			p1, p2 := pattern(global), pattern(global)
			if i >= 296 || i >= 250 && i < 254 {
				p1, p2 = few[r.IntN(len(few))], few[r.IntN(len(few))]
			}
			stmts = append(stmts, fmt.Sprintf(`{"Effect":%q,%q:[%q,%q],"Resource":%q}`,
				effect, element, p1, p2, resource))
		}
		policies[i] = parseOrFail(t, stmtDoc(strings.Join(stmts, ",")), policy.WithName(fmt.Sprint("p", i)))
	}
	small := policies[:3]
	evaluators := map[string]struct {
		e   *policy.Evaluator
		ref refEvaluator
	}{
		"300 policies":          {policy.NewEvaluator(policies...), refEvaluator{policies}},
		"40 policies":           {policy.NewEvaluator(policies[:40]...), refEvaluator{policies[:40]}},
		"small then 300":        {policy.NewEvaluator(small...).Intersect(policy.NewEvaluator(policies...)), refEvaluator{small, policies}},
		"300 then small":        {policy.NewEvaluator(policies...).Intersect(policy.NewEvaluator(small...)), refEvaluator{policies, small}},
		"300 then 300 reversed": {policy.NewEvaluator(policies...).Intersect(policy.NewEvaluator(reversed(policies)...)), refEvaluator{policies, reversed(policies)}},
	}
	resources := []string{"acs:ecs:cn:1:instance/i", "acs:oss:cn:1:b/x", "acs:ram::1:user/u"}
	for name, ev := range evaluators {
		for range 150 {
			action := actions[r.IntN(len(actions))]
			switch r.IntN(5) {
			case 4:
				action = append(lateActions, lookalikes...)[r.IntN(len(lateActions)+len(lookalikes))]
			case 0:
				action = strings.ToUpper(action)
			case 1:
				action = action[:strings.IndexByte(action, ':')+1] + "Unknown" // fallback path
			}
			req := &policy.Request{Action: action, Resource: resources[r.IntN(len(resources))]}
			d := ev.e.Evaluate(req)
			want := ev.ref.evaluate(&refRequest{action: req.Action, resource: req.Resource})
			if !diffSame(&d, want) {
				t.Fatalf("%s: %q on %q: engine %v %v, reference %v", name, req.Action, req.Resource,
					d.Outcome, corpusDescribe(&d).Matched, refDescribe(want).Matched)
			}
		}
	}
}

func reversed(ps []*policy.Policy) []*policy.Policy {
	out := make([]*policy.Policy, len(ps))
	for i, p := range ps {
		out[len(ps)-1-i] = p
	}
	return out
}
