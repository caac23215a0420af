package workload

import "strings"

// Requests returns n requests against w drawn from seed. Most requests aim at something one of
// the user's statements names, as real traffic does; the rest are random, so the stream mixes
// Allow, ExplicitDeny and ImplicitDeny (see [Mix]).
func Requests(w *Workload, n int, seed uint64) []Request {
	g := newGen(seed)
	reqs := make([]Request, n)
	for i := range reqs {
		reqs[i] = g.request(w)
	}
	return reqs
}

func (g *gen) request(w *Workload) Request {
	u := g.r.IntN(len(w.Users))
	req := Request{User: u}
	if g.chance(0.6) {
		user := &w.Users[u]
		p := &w.Policies[user.Policies[g.r.IntN(len(user.Policies))]]
		s := &p.Statements[g.r.IntN(len(p.Statements))]
		req.Action = g.actionMatching(w, s.Actions[g.r.IntN(len(s.Actions))])
		svc := serviceOf(req.Action)
		req.Resource = g.arn(svc)
		if g.chance(0.6) {
			req.Resource = g.arnMatching(svc, s.Resources[g.r.IntN(len(s.Resources))])
		}
	} else {
		req.Action = w.Actions[g.r.IntN(len(w.Actions))]
		req.Resource = g.arn(serviceOf(req.Action))
	}
	if g.chance(0.9) {
		req.Context = append(req.Context, KV{KeySourceIP, sourceIPs[g.r.IntN(len(sourceIPs))]})
	}
	if g.chance(0.85) {
		req.Context = append(req.Context, KV{KeySecureTransport, boolString(g.chance(0.75))})
	}
	if g.chance(0.5) {
		req.Context = append(req.Context, KV{KeyMFAPresent, boolString(g.chance(0.5))})
	}
	if g.chance(0.6) {
		req.Context = append(req.Context, KV{KeyTeamTag, g.team()})
	}
	return req
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// actionMatching returns one of w's actions that pattern matches, or a random one if none does.
func (g *gen) actionMatching(w *Workload, pattern string) string {
	pattern = strings.ToLower(pattern)
	var hits []string
	for _, a := range w.Actions {
		if Match(pattern, strings.ToLower(a)) {
			hits = append(hits, a)
		}
	}
	if len(hits) == 0 {
		return w.Actions[g.r.IntN(len(w.Actions))]
	}
	return hits[g.r.IntN(len(hits))]
}

// arnMatching returns a concrete ARN of svc that pattern matches, if a few draws find one.
func (g *gen) arnMatching(svc *service, pattern string) string {
	arn := g.arn(svc)
	for range 20 {
		if Match(pattern, arn) {
			return arn
		}
		arn = g.arn(svc)
	}
	return arn
}

// serviceOf returns the service of a canonical action name.
func serviceOf(action string) *service {
	code, _, _ := strings.Cut(action, ":")
	for i := range services {
		if services[i].code == code {
			return &services[i]
		}
	}
	panic("workload: action of unknown service " + action)
}
