package policy_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/policy"
)

// The benchmark workload is synthetic: policies of 3-8 statements (20% Deny; exact, prefix,
// suffix, infix and "*" action patterns; ARN patterns with "*"; conditions on 10% of
// statements) over 50 actions in 5 services; a user has 5 of them.
var (
	benchServices = []string{"ecs", "oss", "ram", "vpc", "pai"}
	benchVerbs    = []string{"Describe", "Create", "Delete", "Get", "List", "Update", "Start", "Stop", "Put", "Attach"}
	benchNouns    = [][]string{
		{"Instances", "Disk", "Image", "SecurityGroup", "Snapshot"},
		{"Bucket", "Object", "BucketAcl", "ObjectTagging", "LiveChannel"},
		{"User", "Group", "Role", "Policy", "AccessKey"},
		{"Vpc", "VSwitch", "RouteTable", "NatGateway", "EipAddress"},
		{"Workspace", "Job", "Dataset", "Model", "Service"},
	}
)

// benchAction picks one of the 50 actions: verb j with noun j%5 of a service, so a prefix
// pattern matches one action of ten, a suffix or infix pattern about two.
func benchAction(r *rand.Rand) (svc, verb, noun string) {
	i, j := r.IntN(len(benchServices)), r.IntN(len(benchVerbs))
	return benchServices[i], benchVerbs[j], benchNouns[i][j%5]
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

// benchUsers returns evaluators for users with 5 policies each, drawn from a world of n
// policies, and a stream of requests.
func benchUsers(b *testing.B, n, users int) ([]*policy.Evaluator, []policy.Request) {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	ps := make([]*policy.Policy, n)
	for i := range ps {
		stmts := make([]string, 3+r.IntN(6))
		for j := range stmts {
			stmts[j] = benchStatement(r)
		}
		doc := strings.ReplaceAll(stmtDoc(strings.Join(stmts, ",")), `" "`, `","`) // %q of a slice uses spaces
		ps[i] = parseOrFail(b, doc, policy.WithMaxLength(0), policy.WithName(fmt.Sprint("p", i)))
	}
	es := make([]*policy.Evaluator, users)
	for u := range es {
		mine := make([]*policy.Policy, 5)
		for i := range mine {
			mine[i] = ps[r.IntN(len(ps))]
		}
		es[u] = policy.NewEvaluator(mine...)
	}
	reqs := make([]policy.Request, 1024)
	for i := range reqs {
		svc, verb, noun := benchAction(r)
		reqs[i] = policy.Request{
			Action:   svc + ":" + verb + noun,
			Resource: fmt.Sprintf("acs:%s:cn-hangzhou:123:%s/name-%d", svc, strings.ToLower(noun), r.IntN(100)),
		}
		reqs[i].Context.Set("acs:SourceIp", fmt.Sprintf("10.0.%d.%d", r.IntN(256), r.IntN(256)))
	}
	return es, reqs
}

// BenchmarkEvaluate measures decisions for users with 5 policies each (8 users in turn, to
// average over their mixes), drawn from worlds of 200 and 2,000 policies. A decision consults
// only the user's evaluator, so the size of the world should not show.
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{200, 2000} {
		users, reqs := benchUsers(b, n, 8)
		b.Run(fmt.Sprintf("policies=%d", n), func(b *testing.B) {
			allowed := 0
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if d := users[i%len(users)].Evaluate(&reqs[i%len(reqs)]); d.Allowed() {
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
