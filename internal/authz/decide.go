package authz

import "github.com/rampart-iam/rampart/policy"

// Request is one permission question about a caller.
type Request struct {
	// Action is "<service>:<name>", e.g. "ram:CreateUser" or "paidlc:CreateJob".
	Action string
	// Resource is the ARN acted on.
	Resource string
	// ResourceGroupID names the resource group the resource belongs to, "" if none. The service
	// that owns a resource knows its group; policies attached in that group then apply.
	ResourceGroupID string
	// Context carries the request's condition keys (acs:SourceIp, acs:CurrentTime, ...), and the
	// values of policy variables such as ${acs:PrincipalName}.
	Context policy.Context
}

// Decision is the answer to a Request, with the statements that decided it.
type Decision struct {
	Outcome policy.Outcome
	// Root is set when the caller is the account's root identity, which is always allowed.
	Root bool
	// Matches lists every statement that matched: identity policies first (account scope, then
	// the resource group's), then the session policy's.
	Matches []Match
}

// Allowed reports whether the request may proceed.
func (d Decision) Allowed() bool { return d.Outcome == policy.Allowed }

// Match is one statement that matched a request.
type Match struct {
	PolicyType PolicyType
	PolicyName string
	// Statement is the statement's index in the policy document; Sid its Sid, if any.
	Statement int
	Sid       string
	Effect    policy.Effect
	// ResourceGroupID is the scope the policy was attached at ("" for account scope).
	ResourceGroupID string
	// Session is set for a match in the session policy of a role session.
	Session bool
}

// Decide answers whether caller may perform r.
func (s *Snapshot) Decide(caller *Caller, r *Request) Decision {
	var g *grants
	switch caller.Type {
	case Root:
		if caller.AccountID == s.accountID {
			return Decision{Outcome: policy.Allowed, Root: true}
		}
		return Decision{}
	case User:
		g = s.grantsFor(principalKey{UserPrincipal, caller.ID})
	case RoleSession:
		g = s.grantsFor(principalKey{RolePrincipal, caller.ID})
	default:
		// A service principal holds no policies of its own; it acts through the roles it assumes.
		return Decision{}
	}

	pr := policy.Request{Action: r.Action, Resource: r.Resource, Context: r.Context}
	var d Decision
	identity := policy.ImplicitDeny
	if g.account != nil {
		identity = s.collect(&d, g.account.Evaluate(&pr), "", false, identity)
	}
	if ev := g.scoped[r.ResourceGroupID]; ev != nil && r.ResourceGroupID != "" {
		identity = s.collect(&d, ev.Evaluate(&pr), r.ResourceGroupID, false, identity)
	}
	d.Outcome = identity
	if caller.Type == RoleSession && caller.SessionPolicy != nil {
		session := s.collect(&d, caller.SessionPolicy.Evaluate(&pr), "", true, policy.ImplicitDeny)
		d.Outcome = intersect(identity, session)
	}
	return d
}

// collect appends pd's matches to d and folds pd's outcome into acc: any explicit Deny wins,
// then any Allow.
func (s *Snapshot) collect(d *Decision, pd policy.Decision, scope string, session bool, acc policy.Outcome) policy.Outcome {
	for _, m := range pd.Matches() {
		ref := s.origin(m.Policy)
		if session {
			ref = policyRef{name: m.Policy.Name()}
		}
		d.Matches = append(d.Matches, Match{
			PolicyType:      ref.typ,
			PolicyName:      ref.name,
			Statement:       m.Statement,
			Sid:             m.Sid(),
			Effect:          m.Effect(),
			ResourceGroupID: scope,
			Session:         session,
		})
	}
	return union(acc, pd.Outcome)
}

// union combines the outcomes of policy sets that each may grant: Deny > Allow > implicit deny.
func union(a, b policy.Outcome) policy.Outcome {
	switch {
	case a == policy.ExplicitDeny || b == policy.ExplicitDeny:
		return policy.ExplicitDeny
	case a == policy.Allowed || b == policy.Allowed:
		return policy.Allowed
	}
	return policy.ImplicitDeny
}

// intersect combines the outcomes of policy sets that must all grant: Deny > both Allow > deny.
func intersect(a, b policy.Outcome) policy.Outcome {
	switch {
	case a == policy.ExplicitDeny || b == policy.ExplicitDeny:
		return policy.ExplicitDeny
	case a == policy.Allowed && b == policy.Allowed:
		return policy.Allowed
	}
	return policy.ImplicitDeny
}
