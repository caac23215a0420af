package workload

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Config sizes a workload and seeds its generator.
type Config struct {
	Users           int
	Policies        int
	PoliciesPerUser int // distinct policies attached to each user; at most Policies
	Seed            uint64
}

// Scale returns the workload at factor x: Scale(1) has 1,000 users and 200 custom
// policies, Scale(10) has 10,000 users and 2,000 policies; five policies per user in both.
func Scale(x int) Config {
	return Config{Users: 1000 * x, Policies: 200 * x, PoliciesPerUser: 5, Seed: 2024}
}

// Shares of the generated workload, as the issue specifies them.
const (
	minStatements  = 3
	maxStatements  = 8
	denyShare      = 0.20 // of statements
	conditionShare = 0.10 // of statements
)

// Generate builds the workload c describes. The same Config always yields the same workload.
func Generate(c Config) *Workload {
	g := newGen(c.Seed)
	w := &Workload{Policies: make([]Policy, c.Policies), Users: make([]User, c.Users)}
	for _, s := range &services {
		for _, a := range s.actions {
			w.Actions = append(w.Actions, s.code+":"+a)
		}
	}
	for i := range w.Policies {
		p := &w.Policies[i]
		p.Name = fmt.Sprintf("policy-%04d", i)
		p.Statements = make([]Statement, minStatements+g.r.IntN(maxStatements-minStatements+1))
		for j := range p.Statements {
			p.Statements[j] = g.statement()
		}
	}
	k := min(c.PoliciesPerUser, c.Policies)
	for i := range w.Users {
		w.Users[i] = User{Name: fmt.Sprintf("user-%05d", i), Policies: g.distinct(k, c.Policies)}
	}
	return w
}

// gen draws workload pieces from one seeded source.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, 0x5eed))} }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) service() *service { return &services[g.r.IntN(len(services))] }

// distinct returns k distinct indexes below n, in the order drawn.
func (g *gen) distinct(k, n int) []int {
	out := make([]int, 0, k)
	for len(out) < k {
		i := g.r.IntN(n)
		dup := false
		for _, j := range out {
			dup = dup || i == j
		}
		if !dup {
			out = append(out, i)
		}
	}
	return out
}

func (g *gen) statement() Statement {
	s := Statement{Effect: Allow}
	if g.chance(denyShare) {
		s.Effect = Deny
	}
	svc := g.service()
	for range 1 + g.r.IntN(3) {
		as := svc
		if g.chance(0.15) {
			as = g.service()
		}
		s.Actions = append(s.Actions, g.actionPattern(as, s.Effect))
	}
	for range 1 + g.r.IntN(2) {
		s.Resources = append(s.Resources, g.resourcePattern(svc, s.Effect))
	}
	if g.chance(conditionShare) {
		s.Condition = g.condition(s.Effect)
	}
	return s
}

// actionPattern draws an exact name (sometimes in another case, as RAM ignores action case), a
// prefix ("ecs:Describe*"), suffix ("ecs:*Instances"), infix ("vpc:*Vpc*") or, for Allow
// statements, service ("ecs:*") pattern, and now and then the global "*".
func (g *gen) actionPattern(s *service, e Effect) string {
	a := s.actions[g.r.IntN(len(s.actions))]
	r := g.r.Float64()
	if e == Deny {
		r *= 0.90 // Deny statements name what they forbid: no "svc:*" or "*"
	}
	switch {
	case r < 0.50:
		name := s.code + ":" + a
		switch r := g.r.Float64(); {
		case r < 0.15:
			return strings.ToLower(name)
		case r < 0.20:
			return strings.ToUpper(name)
		}
		return name
	case r < 0.70:
		return s.code + ":" + firstWord(a) + "*"
	case r < 0.80:
		return s.code + ":*" + lastWord(a)
	case r < 0.90:
		return s.code + ":*" + s.infixes[g.r.IntN(len(s.infixes))] + "*"
	case r < 0.995:
		return s.code + ":*"
	}
	return "*"
}

// firstWord returns the leading capitalised word of an action name: "Describe" of
// "DescribeInstances".
func firstWord(a string) string {
	for i := 1; i < len(a); i++ {
		if isUpper(a[i]) {
			return a[:i]
		}
	}
	return a
}

// lastWord returns the trailing capitalised word: "Instances" of "DescribeInstances".
func lastWord(a string) string {
	for i := len(a) - 1; i > 0; i-- {
		if isUpper(a[i]) {
			return a[i:]
		}
	}
	return a
}

func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }

// resourcePattern draws an ARN pattern for service s, from "*" to one exact ARN; Deny statements
// never name every resource of a service.
func (g *gen) resourcePattern(s *service, e Effect) string {
	acct := accounts[0]
	r := g.r.Float64()
	if e == Deny {
		r = 0.35 + 0.65*r
	}
	switch {
	case r < 0.20:
		return "*"
	case r < 0.35:
		return "acs:" + s.code + ":*:*:*"
	case r < 0.45:
		return "acs:" + s.code + ":" + g.region(s) + ":" + acct + ":*"
	case r < 0.60:
		if s.types == nil {
			return "acs:oss:*:" + acct + ":" + g.team() + "-bucket/*"
		}
		return "acs:" + s.code + ":*:" + acct + ":" + g.resourceType(s) + "/*"
	case r < 0.75:
		if s.types == nil {
			return "acs:oss:*:*:" + g.team() + "-bucket/" + dirs[g.r.IntN(len(dirs))] + "/*"
		}
		return "acs:" + s.code + ":*:*:" + g.resourceType(s) + "/" + g.team() + "-*"
	case r < 0.85:
		return g.arn(s)
	case r < 0.95:
		if s.types == nil {
			return "acs:oss:*:*:*/" + dirs[g.r.IntN(len(dirs))] + "/*"
		}
		return "acs:" + s.code + ":*:*:*/" + g.team() + "-0*"
	}
	return "acs:*:*:" + acct + ":*"
}

func (g *gen) region(s *service) string {
	if s.regionless {
		return ""
	}
	return regions[g.r.IntN(len(regions))]
}

func (g *gen) team() string { return teams[g.r.IntN(len(teams))] }

func (g *gen) resourceType(s *service) string { return s.types[g.r.IntN(len(s.types))] }

// arn draws a concrete resource of service s, mostly in our own account.
func (g *gen) arn(s *service) string {
	acct := accounts[0]
	if g.chance(0.15) {
		acct = accounts[1]
	}
	var rel string
	switch {
	case s.types != nil:
		rel = fmt.Sprintf("%s/%s-%03d", g.resourceType(s), g.team(), g.r.IntN(150))
	case g.chance(0.2):
		rel = g.team() + "-bucket"
	default:
		rel = fmt.Sprintf("%s-bucket/%s/f%03d.bin", g.team(), dirs[g.r.IntN(len(dirs))], g.r.IntN(150))
	}
	return "acs:" + s.code + ":" + g.region(s) + ":" + acct + ":" + rel
}

// condition draws one of the six condition shapes the workload uses. Deny statements get the
// shapes that read naturally for them ("deny unless over HTTPS", "deny without MFA").
func (g *gen) condition(e Effect) *Condition {
	want := "true"
	if e == Deny {
		want = "false"
	}
	switch g.r.IntN(6) {
	case 0:
		return &Condition{IPAddress, KeySourceIP, g.pick(cidrs[:], 1+g.r.IntN(2))}
	case 1:
		return &Condition{NotIPAddress, KeySourceIP, g.pick(cidrs[:], 1)}
	case 2:
		return &Condition{Bool, KeySecureTransport, []string{want}}
	case 3:
		return &Condition{Bool, KeyMFAPresent, []string{want}}
	case 4:
		return &Condition{StringEquals, KeyTeamTag, g.pick(teams[:], 1+g.r.IntN(2))}
	}
	return &Condition{StringNotEquals, KeyTeamTag, g.pick(teams[:], 1)}
}

// pick returns k distinct values of from.
func (g *gen) pick(from []string, k int) []string {
	out := make([]string, 0, k)
	for _, i := range g.distinct(k, len(from)) {
		out = append(out, from[i])
	}
	return out
}
