package policy_test

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rampart-iam/rampart/policy"
)

// The reference evaluator answers requests the slow, obvious way, straight from the documented
// semantics (doc.go, Condition, Principal, Evaluator), so that the corpus and the differential
// test can hold the engine to it. It shares nothing with the engine but the parsed statements
// (Policy.Statements): no compiled globs, no action index, no comparators, not even the
// engine's Context — it reads its own request type. Where the engine is clever, this is
// naive: patterns are matched rune by rune with the textbook backtracking matcher, every
// statement of every policy is tried, every value is re-parsed on every call.

// refEvaluator is a stack of layers (NewEvaluator, then each Intersect), each a list of
// policies in the order given.
type refEvaluator [][]*policy.Policy

// refRequest is the reference's own view of a request.
type refRequest struct {
	action, resource string
	principalType    policy.PrincipalType
	principal        string
	context          []refEntry // keys as written; looked up case-insensitively
}

type refEntry struct {
	key    string
	values []string
}

type refMatch struct {
	policy    *policy.Policy
	statement int
}

type refDecision struct {
	outcome policy.Outcome
	matches []refMatch
}

// refFromCorpus converts a corpus request (the corpus_test.go format) for the reference.
func refFromCorpus(r corpusRequest) *refRequest {
	req := &refRequest{action: r.Action, resource: r.Resource, principal: r.Principal}
	switch r.PrincipalType {
	case "RAM":
		req.principalType = policy.PrincipalRAM
	case "Service":
		req.principalType = policy.PrincipalService
	case "Federated":
		req.principalType = policy.PrincipalFederated
	}
	for k, vs := range r.Context {
		req.context = append(req.context, refEntry{key: k, values: vs})
	}
	return req
}

// lookup returns a key's values; nil when the request does not carry the key.
func (r *refRequest) lookup(key string) []string {
	for _, e := range r.context {
		if strings.EqualFold(e.key, key) {
			return e.values
		}
	}
	return nil
}

func (ev refEvaluator) evaluate(req *refRequest) refDecision {
	var d refDecision
	outcomes := make([]policy.Outcome, len(ev))
	for li, layer := range ev {
		allow, deny := false, false
		for _, p := range layer {
			if p == nil {
				continue
			}
			for si, s := range p.Statements() {
				if !refStatementApplies(&s, req) {
					continue
				}
				d.matches = append(d.matches, refMatch{p, si})
				if s.Effect == policy.Deny {
					deny = true
				} else {
					allow = true
				}
			}
		}
		switch {
		case deny:
			outcomes[li] = policy.ExplicitDeny
		case allow:
			outcomes[li] = policy.Allowed
		default:
			outcomes[li] = policy.ImplicitDeny
		}
	}
	d.outcome = policy.Allowed
	for _, o := range outcomes {
		if o == policy.ExplicitDeny {
			d.outcome = policy.ExplicitDeny
			break
		}
		if o != policy.Allowed {
			d.outcome = policy.ImplicitDeny
		}
	}
	if len(ev) == 0 {
		d.outcome = policy.ImplicitDeny
	}
	return d
}

// refDescribe renders a reference decision in the corpus's terms.
func refDescribe(d refDecision) corpusExpect {
	got := corpusExpect{Decision: d.outcome.String(), Matched: []corpusMatch{}}
	for _, m := range d.matches {
		s := m.policy.Statements()[m.statement]
		got.Matched = append(got.Matched, corpusMatch{
			Policy: m.policy.Name(), Statement: m.statement, Effect: s.Effect.String(), Sid: s.Sid,
		})
	}
	return got
}

func refStatementApplies(s *policy.Statement, req *refRequest) bool {
	if s.Action != nil && !refAnyPattern(s.Action, req.action, true, nil) {
		return false
	}
	if s.NotAction != nil && refAnyPattern(s.NotAction, req.action, true, nil) {
		return false
	}
	if !refVariablesResolve(s.Resource, req) || !refVariablesResolve(s.NotResource, req) {
		return false // a pattern that needs an unresolvable variable: the statement never applies
	}
	if s.Resource != nil && !refAnyPattern(s.Resource, req.resource, false, req) {
		return false
	}
	if s.NotResource != nil && refAnyPattern(s.NotResource, req.resource, false, req) {
		return false
	}
	if s.Principal != nil && !refPrincipal(s.Principal, req) {
		return false
	}
	for _, c := range s.Conditions {
		if !refCondition(c, req) {
			return false
		}
	}
	return true
}

func refAnyPattern(patterns []string, s string, fold bool, vars *refRequest) bool {
	for _, p := range patterns {
		if refGlob(p, s, fold, vars) {
			return true
		}
	}
	return false
}

// refVariablesResolve reports whether every "${key}" in patterns has exactly one value in req.
func refVariablesResolve(patterns []string, req *refRequest) bool {
	for _, p := range patterns {
		for rest := p; ; {
			i := strings.Index(rest, "${")
			if i < 0 {
				break
			}
			end := strings.IndexByte(rest[i:], '}')
			if end < 0 {
				break
			}
			if len(req.lookup(rest[i+2:i+end])) != 1 {
				return false
			}
			rest = rest[i+end+1:]
		}
	}
	return true
}

// refGlob matches s against pattern: "*" any run of characters, "?" exactly one character,
// everything else literal (case-folded when fold is set). With vars, "${key}" stands for the
// request's single value of key, taken literally; without exactly one value nothing matches.
func refGlob(pattern, s string, fold bool, vars *refRequest) bool {
	const (
		star = -1
		one  = -2
	)
	if !strings.ContainsAny(pattern, "*?$") { // nothing to expand: plain comparison
		return pattern == s || fold && refFold(pattern) == refFold(s)
	}
	var tokBuf, textBuf [64]rune // keep the common case off the heap
	toks := tokBuf[:0]
	for i := 0; i < len(pattern); {
		if vars != nil && strings.HasPrefix(pattern[i:], "${") {
			if end := strings.IndexByte(pattern[i:], '}'); end > 0 {
				vs := vars.lookup(pattern[i+2 : i+end])
				if len(vs) != 1 {
					return false
				}
				toks = append(toks, []rune(vs[0])...)
				i += end + 1
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(pattern[i:])
		switch r {
		case '*':
			r = star
		case '?':
			r = one
		}
		toks = append(toks, r)
		i += size
	}
	text := textBuf[:0]
	for _, c := range s {
		text = append(text, c)
	}
	if fold {
		for i, t := range toks {
			toks[i] = unicode.ToLower(t)
		}
		for i, c := range text {
			text[i] = unicode.ToLower(c)
		}
	}
	// The textbook wildcard matcher: walk both strings, remember the last "*" and, on a
	// mismatch, let that star swallow one more character and retry from there.
	ti, pi, starP, starT := 0, 0, -1, 0
	for ti < len(text) {
		switch {
		case pi < len(toks) && toks[pi] != star && (toks[pi] == one || toks[pi] == text[ti]):
			pi++
			ti++
		case pi < len(toks) && toks[pi] == star:
			starP, starT = pi, ti
			pi++
		case starP >= 0:
			starT++
			pi, ti = starP+1, starT
		default:
			return false
		}
	}
	for pi < len(toks) && toks[pi] == star {
		pi++
	}
	return pi == len(toks)
}

// refFold lower-cases s rune by rune.
func refFold(s string) string {
	var b strings.Builder
	for _, c := range s {
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// refPrincipal applies the Principal rules: only the list for the request's principal type
// counts; "acs:ram::<account>:root" stands for every RAM principal of that account; other
// RAM and Federated values are case-sensitive patterns, Service values case-insensitive ones.
func refPrincipal(p *policy.Principal, req *refRequest) bool {
	switch req.principalType {
	case policy.PrincipalRAM:
		for _, v := range p.RAM {
			if acct, ok := refRootAccount(v); ok {
				parts := strings.SplitN(req.principal, ":", 5)
				if len(parts) == 5 && parts[0] == "acs" && parts[1] == "ram" && parts[2] == "" &&
					parts[4] != "" && refGlob(acct, parts[3], false, nil) {
					return true
				}
				continue
			}
			if refGlob(v, req.principal, false, nil) {
				return true
			}
		}
	case policy.PrincipalService:
		return refAnyPattern(p.Service, req.principal, true, nil)
	case policy.PrincipalFederated:
		return refAnyPattern(p.Federated, req.principal, false, nil)
	}
	return false
}

var refRootPattern = regexp.MustCompile(`^acs:ram::([^:]+):root$`)

func refRootAccount(v string) (string, bool) {
	m := refRootPattern.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// refCondition applies Condition's documented semantics literally.
func refCondition(c policy.Condition, req *refRequest) bool {
	negated := false
	switch c.Operator {
	case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals",
		"DateNotEquals", "NotIpAddress":
		negated = true
	}
	values := req.lookup(c.Key)
	if len(values) == 0 {
		return negated
	}
	matches := func(v string) bool { // v matches some policy value under the positive comparison
		for _, pv := range c.Values {
			if refCompare(c.Operator, v, pv) {
				return true
			}
		}
		return false
	}
	satisfies := func(v string) bool { return matches(v) != negated }
	switch c.Qualifier {
	case policy.ForAnyValue:
		for _, v := range values {
			if satisfies(v) {
				return true
			}
		}
		return false
	case policy.ForAllValues:
		for _, v := range values {
			if !satisfies(v) {
				return false
			}
		}
		return true
	}
	for _, v := range values {
		if matches(v) {
			return !negated
		}
	}
	return negated
}

// refCompare is the positive comparison of operator's family between a request value v and a
// policy value pv. A request value that cannot be read as the family's type compares false.
func refCompare(operator, v, pv string) bool {
	switch operator {
	case "StringEquals", "StringNotEquals":
		return v == pv
	case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
		return strings.EqualFold(v, pv)
	case "StringLike", "StringNotLike":
		return refGlob(pv, v, false, nil)
	case "Bool":
		a, ok1 := refBool(v)
		b, ok2 := refBool(pv)
		return ok1 && ok2 && a == b
	case "IpAddress", "NotIpAddress":
		addr, err := netip.ParseAddr(v)
		if err != nil {
			return false
		}
		prefix, ok := refPrefix(pv)
		return ok && prefix.Contains(addr)
	}
	if rest, ok := strings.CutPrefix(operator, "Numeric"); ok {
		a, ok1 := refNumber(v)
		b, ok2 := refNumber(pv)
		return ok1 && ok2 && refOrdered(strings.TrimPrefix(rest, "Not"), a < b, a == b)
	}
	if rest, ok := strings.CutPrefix(operator, "Date"); ok {
		a, ok1 := refDate(v)
		b, ok2 := refDate(pv)
		return ok1 && ok2 && refOrdered(strings.TrimPrefix(rest, "Not"), a.Before(b), a.Equal(b))
	}
	panic("reference evaluator: unknown operator " + operator)
}

func refOrdered(cmp string, less, equal bool) bool {
	switch cmp {
	case "Equals":
		return equal
	case "LessThan":
		return less
	case "LessThanEquals":
		return less || equal
	case "GreaterThan":
		return !less && !equal
	case "GreaterThanEquals":
		return !less
	}
	panic("reference evaluator: unknown comparison " + cmp)
}

func refBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

var refNumberPattern = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// refNumber reads a finite decimal number.
func refNumber(s string) (float64, bool) {
	if !refNumberPattern.MatchString(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

var refDatePattern = regexp.MustCompile(
	`^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?([Zz]|([+-])([0-9]{2}):([0-9]{2}))$`)

// refDate reads an RFC 3339 date-time with a zone, rejecting impossible dates and times.
func refDate(s string) (time.Time, bool) {
	m := refDatePattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	year, month, day, hour, minute, sec := n(1), n(2), n(3), n(4), n(5), n(6)
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Year() != year || int(t.Month()) != month || t.Day() != day || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	if m[7] != "" {
		frac := (m[7][1:] + "000000000")[:9]
		ns, _ := strconv.Atoi(frac)
		t = t.Add(time.Duration(ns))
	}
	if m[9] != "" {
		oh, om := n(10), n(11)
		if oh > 23 || om > 59 {
			return time.Time{}, false
		}
		offset := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
		if m[9] == "+" {
			t = t.Add(-offset)
		} else {
			t = t.Add(offset)
		}
	}
	return t, true
}

// refPrefix reads a policy address ("10.0.0.1", a one-address block) or CIDR block, ignoring
// host bits.
func refPrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}
