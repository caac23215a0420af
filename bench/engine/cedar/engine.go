package cedar

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	cedargo "github.com/cedar-policy/cedar-go"
	"github.com/cedar-policy/cedar-go/types"

	"github.com/rampart-iam/rampart/bench/workload"
)

// Engine is the workload compiled for cedar-go: one PolicySet per user.
type Engine struct {
	sets  []*cedargo.PolicySet // by user index
	users []string
}

// New parses every policy of w once and builds each user's PolicySet from the parsed policies.
func New(w *workload.Workload) (*Engine, error) {
	parsed := make([][]*cedargo.Policy, len(w.Policies))
	for i := range w.Policies {
		p := &w.Policies[i]
		text, err := Text(p)
		if err != nil {
			return nil, err
		}
		list, err := cedargo.NewPolicyListFromBytes(p.Name+".cedar", text)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", p.Name, err)
		}
		if len(list) != len(p.Statements) {
			return nil, fmt.Errorf("%s: %d Cedar policies for %d statements", p.Name, len(list), len(p.Statements))
		}
		parsed[i] = list
	}
	e := &Engine{sets: make([]*cedargo.PolicySet, len(w.Users)), users: make([]string, len(w.Users))}
	for u, user := range w.Users {
		set := cedargo.NewPolicySet()
		for _, pi := range user.Policies {
			for si, cp := range parsed[pi] {
				set.Add(cedargo.PolicyID(w.Policies[pi].Name+"/"+strconv.Itoa(si)), cp)
			}
		}
		e.sets[u], e.users[u] = set, user.Name
	}
	return e, nil
}

// Query is one request in Cedar's form, with the PolicySet of the user who asks.
type Query struct {
	set *cedargo.PolicySet
	req cedargo.Request
}

// Prepare converts requests to Cedar's form, once, outside any measured loop. Context values
// take the Cedar type their conditions compare with: ipaddr for acs:SourceIp, Boolean for the
// Bool keys; a value that does not parse as that type is left out, which gives it the meaning
// RAM gives an unreadable value (positive operators false, negated ones true).
func (e *Engine) Prepare(reqs []workload.Request) []Query {
	qs := make([]Query, len(reqs))
	for i := range reqs {
		r := &reqs[i]
		action := strings.ToLower(r.Action)
		attrs := types.RecordMap{
			"action":   types.String(action),
			"resource": types.String(r.Resource),
		}
		for _, kv := range r.Context {
			if v, ok := contextValue(kv); ok {
				attrs[types.String(strings.ToLower(kv.Key))] = v
			}
		}
		qs[i] = Query{set: e.sets[r.User], req: cedargo.Request{
			Principal: types.NewEntityUID("User", types.String(e.users[r.User])),
			Action:    types.NewEntityUID("Action", types.String(action)),
			Resource:  types.NewEntityUID("Resource", types.String(r.Resource)),
			Context:   types.NewRecord(attrs),
		}}
	}
	return qs
}

func contextValue(kv workload.KV) (types.Value, bool) {
	switch kv.Key {
	case workload.KeySourceIP:
		if _, err := netip.ParseAddr(kv.Value); err != nil {
			return nil, false
		}
		ip, err := types.ParseIPAddr(kv.Value)
		return ip, err == nil
	case workload.KeySecureTransport, workload.KeyMFAPresent:
		b, err := strconv.ParseBool(strings.ToLower(kv.Value))
		return types.Boolean(b), err == nil
	}
	return types.String(kv.Value), true
}

// Decide answers q. A Deny with a matching forbid policy is an ExplicitDeny; one without is
// implicit. An evaluation error (none is expected: every attribute access is guarded) is returned.
func (e *Engine) Decide(q *Query) (workload.Outcome, error) {
	d, diag := cedargo.Authorize(q.set, nil, q.req)
	if len(diag.Errors) > 0 {
		return 0, fmt.Errorf("cedar: %v", diag.Errors)
	}
	switch {
	case d == cedargo.Allow:
		return workload.Allowed, nil
	case len(diag.Reasons) > 0:
		return workload.ExplicitDeny, nil
	}
	return workload.ImplicitDeny, nil
}
