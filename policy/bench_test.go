package policy_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/policy"
)

// benchWorld is a synthetic account: policies of 3-8 statements (20% Deny; exact, prefix,
// suffix, infix and "*" action patterns; ARN patterns with "*"; conditions on 10% of
// statements) over 50 actions in 5 services, and users with 5 policies each.
type benchWorld struct {
	users    []*policy.Evaluator
	requests []policy.Request
	userOf   []int // the user asking each request
}

var (
	benchServices = []string{"ecs", "oss", "ram", "vpc", "pai"}
	benchVerbs    = []string{"Describe", "Create", "Delete", "Get", "List", "Update", "Start", "Stop", "Put", "Attach"}
	benchNouns    = []string{"Instance", "Bucket", "User", "Vpc", "Job"}
)

func benchAction(r *rand.Rand) (svc, verb, noun string) {
	i := r.IntN(len(benchServices))
	return benchServices[i], benchVerbs[r.IntN(len(benchVerbs))], benchNouns[i]
}

func benchStatement(r *rand.Rand) string {
	effect := "Allow"
	if r.IntN(5) == 0 {
		effect = "Deny"
	}
	var actions []string
	for range 1 + r.IntN(3) {
		svc, verb, noun := benchAction(r)
		switch k := r.IntN(100); {
		case k < 50:
			actions = append(actions, svc+":"+verb+noun)
		case k < 70:
			actions = append(actions, svc+":"+verb+"*")
		case k < 85:
			actions = append(actions, svc+":*"+noun)
		case k < 97:
			actions = append(actions, svc+":*"+noun[:3]+"*")
		default:
			actions = append(actions, "*")
		}
	}
	svc, _, noun := benchAction(r)
	resource := "*"
	switch r.IntN(3) {
	case 0:
		resource = fmt.Sprintf("acs:%s:*:123:%s/*", svc, strings.ToLower(noun))
	case 1:
		resource = fmt.Sprintf("acs:%s:*:*:%s/name-%d*", svc, strings.ToLower(noun), r.IntN(10))
	}
	cond := ""
	if r.IntN(10) == 0 {
		cond = `,"Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}`
	}
	return fmt.Sprintf(`{"Effect":%q,"Action":%q,"Resource":%q%s}`, effect, actions, resource, cond)
}

func newBenchWorld(b *testing.B, policies, users int) *benchWorld {
	r := rand.New(rand.NewPCG(1, uint64(policies)))
	ps := make([]*policy.Policy, policies)
	for i := range ps {
		stmts := make([]string, 3+r.IntN(6))
		for j := range stmts {
			stmts[j] = benchStatement(r)
		}
		doc := strings.ReplaceAll(stmtDoc(strings.Join(stmts, ",")), `" "`, `","`) // %q of a slice uses spaces
		ps[i] = parseOrFail(b, doc, policy.WithMaxLength(0), policy.WithName(fmt.Sprint("p", i)))
	}
	w := &benchWorld{users: make([]*policy.Evaluator, users)}
	for u := range w.users {
		mine := make([]*policy.Policy, 5)
		for i := range mine {
			mine[i] = ps[r.IntN(len(ps))]
		}
		w.users[u] = policy.NewEvaluator(mine...)
	}
	for range 4096 {
		svc, verb, noun := benchAction(r)
		req := policy.Request{
			Action:   svc + ":" + verb + noun,
			Resource: fmt.Sprintf("acs:%s:cn-hangzhou:123:%s/name-%d", svc, strings.ToLower(noun), r.IntN(100)),
		}
		req.Context.Set("acs:SourceIp", fmt.Sprintf("10.0.%d.%d", r.IntN(256), r.IntN(256)))
		w.requests = append(w.requests, req)
		w.userOf = append(w.userOf, r.IntN(users))
	}
	return w
}

// BenchmarkEvaluate measures one decision for a user with 5 policies. The worlds differ ten
// times in size, but a decision consults only the user's evaluator, so they should cost the
// same.
func BenchmarkEvaluate(b *testing.B) {
	for _, size := range []struct{ policies, users int }{{200, 1000}, {2000, 10000}} {
		w := newBenchWorld(b, size.policies, size.users)
		b.Run(fmt.Sprintf("policies=%d", size.policies), func(b *testing.B) {
			allowed := 0
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				n := i % len(w.requests)
				if d := w.users[w.userOf[n]].Evaluate(&w.requests[n]); d.Allowed() {
					allowed++
				}
				i++
			}
			b.ReportMetric(float64(allowed)/float64(i), "allowed/op")
		})
	}
}

// BenchmarkParse measures parsing and compiling a realistic document of eight statements.
func BenchmarkParse(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 7))
	stmts := make([]string, 8)
	for i := range stmts {
		stmts[i] = benchStatement(r)
	}
	doc := []byte(strings.ReplaceAll(stmtDoc(strings.Join(stmts, ",")), `" "`, `","`))
	parseOrFail(b, string(doc))
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := policy.Parse(doc); err != nil {
			b.Fatal(err)
		}
	}
}
