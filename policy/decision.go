package policy

// Outcome is the verdict of a decision.
type Outcome uint8

// The outcomes, from RAM's evaluation logic: an explicit Deny beats any Allow, and without an
// Allow the answer is no.
const (
	ImplicitDeny Outcome = iota // no statement allowed the request
	ExplicitDeny                // a Deny statement matched
	Allowed                     // an Allow statement matched in every layer and no Deny did
)

// String returns "ImplicitDeny", "ExplicitDeny" or "Allow", the words RAM uses in
// AccessDeniedDetail.PolicyType and Rampart uses in its APIs.
func (o Outcome) String() string {
	switch o {
	case ExplicitDeny:
		return "ExplicitDeny"
	case Allowed:
		return "Allow"
	}
	return "ImplicitDeny"
}

// inlineMatches is how many matches a Decision holds without allocating.
const inlineMatches = 8

// Decision is the answer to a Request: the outcome and the statements that led to it.
type Decision struct {
	Outcome Outcome

	n        int
	inline   [inlineMatches]Match
	overflow []Match // holds every match once there are more than inlineMatches
}

// Allowed reports whether the request may proceed.
func (d Decision) Allowed() bool { return d.Outcome == Allowed }

// Matches returns every statement whose action, resource, principal and conditions all
// matched, Allow and Deny alike, ordered by layer (see Evaluator.Intersect), then by the
// order of policies given to NewEvaluator, then by statement index. The slice may alias d.
func (d *Decision) Matches() []Match {
	if d.overflow != nil {
		return d.overflow
	}
	return d.inline[:d.n]
}

func (d *Decision) add(m Match) {
	switch {
	case d.overflow != nil:
		d.overflow = append(d.overflow, m)
	case d.n < inlineMatches:
		d.inline[d.n] = m
		d.n++
	default:
		d.overflow = make([]Match, d.n, 2*d.n)
		copy(d.overflow, d.inline[:d.n])
		d.overflow = append(d.overflow, m)
	}
}

// Match identifies one statement that applied to a request.
type Match struct {
	Policy    *Policy
	Statement int // index into Policy.Statements()
}

// Effect returns the matched statement's effect.
func (m Match) Effect() Effect { return m.Policy.statements[m.Statement].Effect }

// Sid returns the matched statement's Sid, which may be empty.
func (m Match) Sid() string { return m.Policy.statements[m.Statement].Sid }
