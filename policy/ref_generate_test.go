package policy_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"

	"github.com/rampart-iam/rampart/policy"
)

// The generator behind the differential and property tests. It writes policy documents as
// JSON text (so the parser is exercised too) from small alphabets of services, actions, ARNs,
// condition keys and values, and derives patterns from the same alphabets by cutting in "*"
// and "?", so that statements match requests often and every operator, qualifier and principal
// kind meets matching, non-matching, absent, multi-valued and unparsable request values.

// genCase is a generated evaluator (layers of policies) and a request.
type genCase struct {
	layers  [][]genPolicy
	request genRequest
}

type genPolicy struct {
	kind   policy.Kind
	single bool // write Statement as one object instead of a list (only with one statement)
	stmts  []genStatement
}

type genStatement struct {
	sid         string
	deny        bool
	notAction   bool
	actions     []string
	notResource bool
	resources   []string // nil in trust policies
	principal   *genPrincipal
	conds       []genCondition
}

type genPrincipal struct {
	star                    bool // "Principal": "*"
	ram, service, federated []string
}

type genCondition struct {
	operator string // with its qualifier, e.g. "ForAnyValue:StringLike"
	keys     []genKeyValues
}

type genKeyValues struct {
	key    string
	values []string
}

type genRequest struct {
	action, resource string
	principalType    policy.PrincipalType
	principal        string
	context          []refEntry
}

var (
	genServices = []string{"ecs", "oss"}
	genNames    = []string{"DescribeInstances", "StartInstance", "GetObject", "PutObject"}
	// Rarely used names: non-ASCII, punctuation next to the letters in ASCII ("@[`{"), and
	// longer than the engine's 128-byte lower-casing buffer.
	genOddNames = []string{"GetÖbject", "列出Objects", "Get@Object[Z]`{A}~_9", "Describe" + strings.Repeat("Instances", 15)}
	genARNs     = []string{
		"acs:ecs:cn-hangzhou:111:instance/i-1",
		"acs:oss:cn-hangzhou:111:bucket/a/b.txt",
		"acs:oss::111:bucket/文件",
		"acs:oss:cn-hangzhou:111:home/alice/x",
		"acs:oss:cn-hangzhou:111:home/bob/x",
		"acs:oss:cn-hangzhou:111:bucket/a:b/c:d", // more colons than an ARN's four
		"acs:ram::111:user/a",
		"acs:ecs:111",
	}
	genVariableARNs = []string{
		"acs:oss:*:111:home/${acs:PrincipalName}/*",
		"acs:oss:*:*:home/${ACS:principalname}/x",
		"acs:ecs:*:*:instance/${acs:TagKeys}",
	}
	genRAMPrincipals       = []string{"acs:ram::111:root", "acs:ram::111:user/*", "acs:ram::222:user/bob", "*", "acs:ram::1?1:root", "acs:ram::111:role/r*", "acs:ram::*:root"}
	genServicePrincipals   = []string{"ecs.aliyuncs.com", "ECS.Aliyuncs.com", "*.aliyuncs.com", "pai.aliyuncs.com"}
	genFederatedPrincipals = []string{"acs:ram::111:saml-provider/*", "acs:ram::222:oidc-provider/o"}
	genRequestPrincipals   = map[policy.PrincipalType][]string{
		policy.PrincipalNone:      {"", "acs:ram::111:user/bob"},
		policy.PrincipalRAM:       {"acs:ram::111:user/bob", "acs:ram::111:role/r1/s", "acs:ram::222:user/bob", "acs:ram::111:root", "acs:ram::333:user/x", "acs:ram::111:"},
		policy.PrincipalService:   {"ecs.aliyuncs.com", "Pai.Aliyuncs.com", "oss.aliyuncs.com"},
		policy.PrincipalFederated: {"acs:ram::111:saml-provider/idp", "acs:ram::222:oidc-provider/o"},
	}
)

// A family of condition operators, the keys that naturally carry its type, and the values
// policies and requests draw from (requests also get values of other families, which are
// mostly unparsable for this one).
type genFamily struct {
	operators    []string
	keys         []string
	policyValues []string
	requestExtra []string
}

var genFamilies = []genFamily{
	{[]string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"},
		[]string{"acs:UserAgent", "acs:TagKeys", "acs:PrincipalName"},
		[]string{"a", "b", "A", "ab", "", "cli", "alice", "ÄÖ", "k"}, []string{"CLI", "äö", "bob", "\u212a", "ß"}},
	{[]string{"StringLike", "StringNotLike"},
		[]string{"acs:UserAgent", "acs:TagKeys"},
		[]string{"a*", "*b", "?", "*", "a?", "c*i", "ali*", "文?", "*?*"}, []string{"cli", "abc", "文件", "文"}},
	{[]string{"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
		[]string{"oss:MaxKeys"},
		[]string{"1", "5", "10", "-3", "2.5", "1e1", "010", ".5", "-0"},
		[]string{"x", "", "0x10", "+5", "5.", "1e", "-", "1_000", "0x1p3", "Inf", "NaN", "1e400", "0", " 5", "1E+1"}},
	{[]string{"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
		[]string{"acs:CurrentTime"},
		[]string{"2020-01-01T00:00:00Z", "2020-01-01T08:00:00+08:00", "2021-06-01T12:00:00Z", "2019-12-31T23:59:59.5Z"},
		[]string{"2020-01-01", "bad", "2020-01-01t00:00:00z", "2020-01-01T00:00:60Z", "2020-01-01T00:00:00.1234567891Z",
			"2020-01-01T00:00:00+24:00", "2020-02-30T00:00:00Z", "2020-01-01T00:00:00.Z", "2020-01-01 00:00:00Z",
			"2019-12-31T16:00:00-08:00", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2020-01-01T00:00:00.000000000Z"}},
	{[]string{"Bool"},
		[]string{"acs:SecureTransport", "acs:MFAPresent"},
		[]string{"true", "false", "TRUE"}, []string{"yes", "1", "tRuE", " true", "False"}},
	{[]string{"IpAddress", "NotIpAddress"},
		[]string{"acs:SourceIp"},
		[]string{"10.0.0.0/8", "10.1.0.0/16", "192.168.0.1", "2001:db8::/32", "0.0.0.0/0"},
		[]string{"10.1.2.3", "192.168.0.1", "2001:db8::1", "8.8.8.8", "bad", "10.0.0.256", "::ffff:10.0.0.1",
			"fe80::1%eth0", "010.0.0.1", " 10.0.0.1", "10.0.0.1/32", "2001:DB8::1"}},
}

func genPick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// genCaseOf generates an evaluator of one to three layers.
func genCaseOf(r *rand.Rand) genCase {
	var c genCase
	layers := 1
	if r.IntN(6) == 0 {
		layers = 2 + r.IntN(2)
	}
	for range layers {
		var layer []genPolicy
		n := 1 + r.IntN(3)
		if r.IntN(20) == 0 {
			n = 0
		}
		for range n {
			layer = append(layer, genPolicyOf(r))
		}
		c.layers = append(c.layers, layer)
	}
	c.request = genRequestOf(r)
	return c
}

func genPolicyOf(r *rand.Rand) genPolicy {
	p := genPolicy{kind: policy.Identity}
	switch r.IntN(10) {
	case 0:
		p.kind = policy.Session
	case 1:
		p.kind = policy.Trust
	}
	for range 2 + r.IntN(5) {
		p.stmts = append(p.stmts, genStatementOf(r, p.kind))
	}
	p.single = len(p.stmts) == 1 && r.IntN(2) == 0
	return p
}

func genStatementOf(r *rand.Rand, kind policy.Kind) genStatement {
	s := genStatement{deny: r.IntN(10) < 3, notAction: r.IntN(8) == 0}
	if r.IntN(5) == 0 {
		s.sid = genPick(r, []string{"s1", "read", "Deny-all"})
	}
	for range 1 + r.IntN(3) {
		s.actions = append(s.actions, genActionPattern(r))
	}
	if kind == policy.Trust {
		s.principal = genPrincipalOf(r)
	} else {
		s.notResource = r.IntN(8) == 0
		for range 1 + r.IntN(2) {
			s.resources = append(s.resources, genResourcePattern(r))
		}
	}
	for range genPick(r, []int{0, 0, 0, 0, 1, 1, 2}) {
		s.addCondition(genConditionOf(r))
	}
	return s
}

// addCondition merges c into the statement's Condition block, which may name an operator and,
// under it, a key only once.
func (s *genStatement) addCondition(c genCondition) {
	for i := range s.conds {
		if s.conds[i].operator != c.operator {
			continue
		}
		for _, kv := range c.keys {
			dup := false
			for _, have := range s.conds[i].keys {
				dup = dup || have.key == kv.key
			}
			if !dup {
				s.conds[i].keys = append(s.conds[i].keys, kv)
			}
		}
		return
	}
	s.conds = append(s.conds, c)
}

func genActionPattern(r *rand.Rand) string {
	if r.IntN(10) == 0 {
		return genPick(r, []string{"*", "**"})
	}
	svc := genPattern(r, genPick(r, genServices))
	name := genPattern(r, genName(r))
	return genRandomCase(r, svc+":"+name, 3)
}

func genName(r *rand.Rand) string {
	if r.IntN(20) == 0 {
		return genPick(r, genOddNames)
	}
	return genPick(r, genNames)
}

func genResourcePattern(r *rand.Rand) string {
	switch r.IntN(10) {
	case 0, 1:
		return "*"
	case 2:
		return genPick(r, genVariableARNs)
	}
	p := genPattern(r, genPick(r, genARNs))
	if r.IntN(10) == 0 {
		p = genRandomCase(r, p, 2)
	}
	return p
}

// genPattern derives a pattern from s: itself, or with "*" and "?" cut in, in the shapes the
// engine special-cases (prefix, suffix, infix, prefix-suffix, several literals) and general
// ones.
func genPattern(r *rand.Rand, s string) string {
	rs := []rune(s)
	cut := func() (int, int) {
		i, j := r.IntN(len(rs)+1), r.IntN(len(rs)+1)
		return min(i, j), max(i, j)
	}
	switch r.IntN(11) {
	case 0, 1:
		return s
	case 2:
		i, _ := cut()
		return string(rs[:i]) + "*"
	case 3:
		i, _ := cut()
		return "*" + string(rs[i:])
	case 4:
		i, j := cut()
		return "*" + string(rs[i:j]) + "*"
	case 5:
		i, j := cut()
		return string(rs[:i]) + "*" + string(rs[j:])
	case 6, 7:
		out := append([]rune(nil), rs...)
		for range 1 + r.IntN(2) {
			out[r.IntN(len(out))] = '?'
		}
		return string(out)
	case 8, 9: // stars in two or three places, as in "acs:ecs:*:111:instance/*"
		out := rs
		for range 2 + r.IntN(2) {
			i, j := r.IntN(len(out)+1), r.IntN(len(out)+1)
			i, j = min(i, j), max(i, j)
			out = slices.Concat(out[:i:i], []rune{'*'}, out[j:])
		}
		return string(out)
	}
	i, j := cut()
	k := r.IntN(len(rs) + 1)
	out := string(rs[:i]) + "*?" + string(rs[j:])
	if k < len(rs) {
		out = "*" + string(rs[k:k+1]) + "*" + out
	}
	return out
}

// genRandomCase flips the case of letters with probability 1/n each.
func genRandomCase(r *rand.Rand, s string, n int) string {
	return strings.Map(func(c rune) rune {
		if r.IntN(n) != 0 {
			return c
		}
		if u := unicode.ToUpper(c); u != c {
			return u
		}
		return unicode.ToLower(c)
	}, s)
}

func genPrincipalOf(r *rand.Rand) *genPrincipal {
	if r.IntN(10) == 0 {
		return &genPrincipal{star: true}
	}
	p := &genPrincipal{}
	pick := func(pool []string) []string {
		var out []string
		for range 1 + r.IntN(2) {
			out = append(out, genPick(r, pool))
		}
		return out
	}
	for p.ram == nil && p.service == nil && p.federated == nil {
		if r.IntN(2) == 0 {
			p.ram = pick(genRAMPrincipals)
		}
		if r.IntN(3) == 0 {
			p.service = pick(genServicePrincipals)
		}
		if r.IntN(4) == 0 {
			p.federated = pick(genFederatedPrincipals)
		}
	}
	return p
}

func genConditionOf(r *rand.Rand) genCondition {
	f := genPick(r, genFamilies)
	op := genPick(r, f.operators)
	switch r.IntN(5) {
	case 0:
		op = "ForAnyValue:" + op
	case 1:
		op = "ForAllValues:" + op
	}
	c := genCondition{operator: op}
	for range 1 + r.IntN(2) {
		key := genPick(r, f.keys)
		if r.IntN(6) == 0 {
			key = genPick(r, genFamilies[r.IntN(len(genFamilies))].keys)
		}
		kv := genKeyValues{key: genRandomCase(r, key, 4)}
		for range 1 + r.IntN(3) {
			kv.values = append(kv.values, genPick(r, f.policyValues))
		}
		dup := false
		for _, have := range c.keys {
			dup = dup || have.key == kv.key
		}
		if !dup {
			c.keys = append(c.keys, kv)
		}
	}
	return c
}

func genRequestOf(r *rand.Rand) genRequest {
	req := genRequest{
		action:   genRandomCase(r, genPick(r, genServices)+":"+genName(r), 4),
		resource: genPick(r, genARNs),
	}
	switch r.IntN(20) {
	case 0:
		req.action = genPick(r, []string{"", "ecs", "ecs:", "*", "ecs:Get:Object", ":GetObject"})
	case 1:
		req.resource = genPick(r, []string{"", "*", "acs:oss:cn-hangzhou:111:home/*/x"})
	case 2:
		req.resource = genRandomCase(r, req.resource, 3)
	}
	req.principalType = policy.PrincipalType(r.IntN(4))
	req.principal = genPick(r, genRequestPrincipals[req.principalType])
	if r.IntN(10) == 0 { // a principal of another kind
		req.principal = genPick(r, genRequestPrincipals[policy.PrincipalType(r.IntN(4))])
	}
	seen := map[string]bool{}
	for _, f := range genFamilies {
		for _, key := range f.keys {
			if seen[key] || r.IntN(10) < 3 {
				continue
			}
			seen[key] = true
			e := refEntry{key: key, values: []string{}}
			if r.IntN(4) == 0 {
				e.key = genRandomCase(r, key, 3)
			}
			n := genPick(r, []int{0, 1, 1, 1, 1, 1, 2, 2, 3})
			for range n {
				pool := f.policyValues
				switch r.IntN(5) {
				case 0:
					pool = f.requestExtra
				case 1:
					pool = genPick(r, genFamilies).policyValues
				}
				e.values = append(e.values, genPick(r, pool))
			}
			req.context = append(req.context, e)
		}
	}
	return req
}

// text renders the policy as a JSON document, using the single-string form of one-element
// lists half the time.
func (p *genPolicy) text(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(`{"Version": "1", "Statement": `)
	if !p.single {
		b.WriteString("[")
	}
	for i, s := range p.stmts {
		if i > 0 {
			b.WriteString(", ")
		}
		s.write(&b, r)
	}
	if !p.single {
		b.WriteString("]")
	}
	b.WriteString("}")
	return b.String()
}

func (s *genStatement) write(b *strings.Builder, r *rand.Rand) {
	b.WriteString("{")
	if s.sid != "" {
		b.WriteString(`"Sid": ` + genQuote(s.sid) + ", ")
	}
	effect := "Allow"
	if s.deny {
		effect = "Deny"
	}
	b.WriteString(`"Effect": "` + effect + `", `)
	name := "Action"
	if s.notAction {
		name = "NotAction"
	}
	b.WriteString(genQuote(name) + ": " + genList(r, s.actions))
	if s.principal != nil {
		b.WriteString(`, "Principal": `)
		s.principal.write(b, r)
	}
	if s.resources != nil {
		name = "Resource"
		if s.notResource {
			name = "NotResource"
		}
		b.WriteString(", " + genQuote(name) + ": " + genList(r, s.resources))
	}
	if len(s.conds) > 0 {
		b.WriteString(`, "Condition": {`)
		for i, c := range s.conds {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(genQuote(c.operator) + ": {")
			for j, kv := range c.keys {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(genQuote(kv.key) + ": " + genList(r, kv.values))
			}
			b.WriteString("}")
		}
		b.WriteString("}")
	}
	b.WriteString("}")
}

func (p *genPrincipal) write(b *strings.Builder, r *rand.Rand) {
	if p.star {
		b.WriteString(`"*"`)
		return
	}
	var parts []string
	for _, kind := range []struct {
		name   string
		values []string
	}{{"RAM", p.ram}, {"Service", p.service}, {"Federated", p.federated}} {
		if kind.values != nil {
			parts = append(parts, genQuote(kind.name)+": "+genList(r, kind.values))
		}
	}
	b.WriteString("{" + strings.Join(parts, ", ") + "}")
}

func genList(r *rand.Rand, values []string) string {
	if len(values) == 1 && r.IntN(2) == 0 {
		return genQuote(values[0])
	}
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = genQuote(v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

func genQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// policyRequest builds the engine's request.
func (g *genRequest) policyRequest() *policy.Request {
	req := &policy.Request{Action: g.action, Resource: g.resource, PrincipalType: g.principalType, Principal: g.principal}
	for _, e := range g.context {
		req.Context.Set(e.key, e.values...)
	}
	return req
}

// refRequest builds the reference's request.
func (g *genRequest) refRequest() *refRequest {
	return &refRequest{action: g.action, resource: g.resource, principalType: g.principalType, principal: g.principal, context: g.context}
}
