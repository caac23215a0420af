package casbin

import (
	_ "embed"
	"fmt"
	"net/netip"
	"strings"

	casbingo "github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/rampart-iam/rampart/bench/workload"
)

//go:embed model.conf
var modelText string

// Engine is the workload loaded into casbin: one Enforcer per user.
type Engine struct {
	enforcers []*casbingo.Enforcer // by user index
}

// New builds each user's Enforcer from the rows of its policies' statements.
func New(w *workload.Workload) (*Engine, error) {
	rows := make([][][]string, len(w.Policies))
	for i := range w.Policies {
		for j := range w.Policies[i].Statements {
			r, err := Rows(&w.Policies[i].Statements[j])
			if err != nil {
				return nil, fmt.Errorf("%s statement %d: %w", w.Policies[i].Name, j, err)
			}
			rows[i] = append(rows[i], r...)
		}
	}
	e := &Engine{enforcers: make([]*casbingo.Enforcer, len(w.Users))}
	for u, user := range w.Users {
		var userRows [][]string
		for _, p := range user.Policies {
			userRows = append(userRows, rows[p]...)
		}
		enf, err := newEnforcer(dedupe(userRows))
		if err != nil {
			return nil, fmt.Errorf("user %s: %w", user.Name, err)
		}
		e.enforcers[u] = enf
	}
	return e, nil
}

func newEnforcer(rows [][]string) (*casbingo.Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, err
	}
	enf, err := casbingo.NewEnforcer(m)
	if err != nil {
		return nil, err
	}
	enf.AddFunction("ramMatch", func(args ...any) (any, error) {
		return workload.Match(args[1].(string), args[0].(string)), nil
	})
	if len(rows) > 0 {
		if ok, err := enf.AddPolicies(rows); err != nil || !ok {
			return nil, fmt.Errorf("add %d rows: %v (added: %v)", len(rows), err, ok)
		}
	}
	return enf, nil
}

// dedupe drops repeated rows (two statements may yield the same one), which casbin would refuse;
// a repeated row never changes a decision.
func dedupe(rows [][]string) [][]string {
	seen := make(map[string]bool, len(rows))
	out := rows[:0:0]
	for _, r := range rows {
		k := strings.Join(r, "\x00")
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// Query is one request as casbin's request values, boxed once.
type Query struct {
	enf  *casbingo.Enforcer
	args []any // act, obj, ip, tls, mfa, team
}

// Prepare converts requests to casbin's request values, once, outside any measured loop. An
// absent key, or a source address that is not an IP (ipMatch would panic on it), becomes "".
func (e *Engine) Prepare(reqs []workload.Request) []Query {
	qs := make([]Query, len(reqs))
	for i := range reqs {
		r := &reqs[i]
		ip, _ := r.Lookup(workload.KeySourceIP)
		if _, err := netip.ParseAddr(ip); err != nil {
			ip = ""
		}
		tls, _ := r.Lookup(workload.KeySecureTransport)
		mfa, _ := r.Lookup(workload.KeyMFAPresent)
		team, _ := r.Lookup(workload.KeyTeamTag)
		qs[i] = Query{enf: e.enforcers[r.User], args: []any{
			strings.ToLower(r.Action), r.Resource, ip, strings.ToLower(tls), strings.ToLower(mfa), team,
		}}
	}
	return qs
}

// Decide answers q with Enforce, casbin's fast path, which says only allow or deny.
func (e *Engine) Decide(q *Query) (workload.Outcome, error) {
	ok, err := q.enf.Enforce(q.args...)
	switch {
	case err != nil:
		return 0, err
	case ok:
		return workload.Allowed, nil
	}
	return workload.Denied, nil
}

// Explain answers q with EnforceEx, which also returns the deciding row, and so tells an explicit
// Deny (a deny row decided) from an implicit one (no row did).
func (e *Engine) Explain(q *Query) (workload.Outcome, error) {
	ok, row, err := q.enf.EnforceEx(q.args...)
	switch {
	case err != nil:
		return 0, err
	case ok:
		return workload.Allowed, nil
	case len(row) > 0 && row[len(row)-1] == "deny":
		return workload.ExplicitDeny, nil
	}
	return workload.ImplicitDeny, nil
}
