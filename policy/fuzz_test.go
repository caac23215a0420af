package policy_test

import (
	"encoding/json"
	"errors"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/policy"
)

// FuzzParse checks that Parse never panics, that every failure is a well-formed, sorted
// ErrorList, and that a document that parses means the same once rendered back from its
// Statements.
func FuzzParse(f *testing.F) {
	for _, doc := range []string{
		stmtDoc(`{` + allow + `}`),
		`{"Version":"1","Statement":{"Sid":"s","Effect":"Deny","NotAction":["ram:*"],"NotResource":"acs:ram:*:*:*"}}`,
		stmtDoc(`{"Effect":"Allow","Action":"*","Resource":"acs:oss:*:*:b/${acs:PrincipalName}/*","Condition":{
			"ForAllValues:StringLike":{"k:a":["x*","?y"]},"NotIpAddress":{"acs:SourceIp":["10.0.0.0/8","::1"]},
			"DateLessThan":{"acs:CurrentTime":"2019-08-12T17:00:00+08:00"},"NumericGreaterThan":{"n:x":"-1.5e3"},"Bool":{"b:b":"true"}}}`),
		stmtDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:root","Service":["ecs.aliyuncs.com"]}},{"Effect":"Deny","Action":"sts:*","Principal":"*"}`),
		`{"Version":1,"Statment":[],"Statement":[{"Effect":"Alow","Effect":"x","Action":[1,{}],"Resource":[]}]}`,
		`{"Version":"1","Statement":[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]}`,
		"{\"Version\":\"1\",\"Statement\":[{\"Sid\":\"\xff\"}]}",
		`{"Version":"1"`, ``, `null`, `{} {}`,
	} {
		for kind := range 3 {
			f.Add([]byte(doc), uint8(kind))
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte, kind uint8) {
		k := policy.Kind(kind % 3)
		p, err := policy.Parse(doc, policy.WithKind(k))
		if err != nil {
			checkErrorList(t, err)
			return
		}
		// The decision path must cope with whatever parsed.
		d := policy.NewEvaluator(p).Evaluate(&policy.Request{Action: "ecs:RunInstances", Resource: "acs:ecs:*:1:instance/i",
			PrincipalType: policy.PrincipalRAM, Principal: "acs:ram::1:user/u"})
		_ = d.Matches()

		again, err := policy.Parse(render(t, p.Statements()), policy.WithKind(k), policy.WithMaxLength(0))
		if err != nil {
			t.Fatalf("rendered statements do not parse: %v\nfrom %q", err, doc)
		}
		if diff := cmp.Diff(p.Statements(), again.Statements()); diff != "" {
			t.Fatalf("statements changed on re-parse (-first +second):\n%s", diff)
		}
	})
}

func checkErrorList(t *testing.T, err error) {
	t.Helper()
	var list policy.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("Parse error = %v (%T), want a non-empty ErrorList", err, err)
	}
	for i, e := range list {
		if e.Line < 1 || e.Column < 1 || e.Code == "" || e.Message == "" {
			t.Fatalf("malformed problem %+v", e)
		}
		if i > 0 && (e.Line < list[i-1].Line || e.Line == list[i-1].Line && e.Column < list[i-1].Column) {
			t.Fatalf("problems out of order: %v before %v", list[i-1], e)
		}
	}
}

// render writes statements back as a policy document.
func render(t *testing.T, stmts []policy.Statement) []byte {
	t.Helper()
	type member struct {
		name  string
		value any
	}
	var out []string
	for _, s := range stmts {
		var ms []member
		if s.Sid != "" {
			ms = append(ms, member{"Sid", s.Sid})
		}
		ms = append(ms, member{"Effect", s.Effect.String()})
		for _, m := range []member{{"Action", s.Action}, {"NotAction", s.NotAction}, {"Resource", s.Resource}, {"NotResource", s.NotResource}} {
			if m.value.([]string) != nil {
				ms = append(ms, m)
			}
		}
		if p := s.Principal; p != nil {
			pm := map[string][]string{}
			for name, list := range map[string][]string{"RAM": p.RAM, "Service": p.Service, "Federated": p.Federated} {
				if list != nil {
					pm[name] = list
				}
			}
			ms = append(ms, member{"Principal", pm})
		}
		if len(s.Conditions) > 0 {
			var blocks []string // "op":{"key":[...],...} in document order
			var lastOp string
			var keys []string
			flush := func() {
				if lastOp != "" {
					blocks = append(blocks, mustJSON(t, lastOp)+":{"+strings.Join(keys, ",")+"}")
				}
			}
			for _, c := range s.Conditions {
				op := c.Operator
				if c.Qualifier != policy.NoQualifier {
					op = c.Qualifier.String() + ":" + op
				}
				if op != lastOp {
					flush()
					lastOp, keys = op, nil
				}
				keys = append(keys, mustJSON(t, c.Key)+":"+mustJSON(t, c.Values))
			}
			flush()
			ms = append(ms, member{"Condition", json.RawMessage("{" + strings.Join(blocks, ",") + "}")})
		}
		var fields []string
		for _, m := range ms {
			fields = append(fields, mustJSON(t, m.name)+":"+mustJSON(t, m.value))
		}
		out = append(out, "{"+strings.Join(fields, ",")+"}")
	}
	return []byte(`{"Version":"1","Statement":[` + strings.Join(out, ",") + `]}`)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// globOracle translates a pattern into an anchored regular expression.
func globOracle(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`)$`)
	return regexp.MustCompile(b.String())
}

// FuzzMatch checks the glob matcher, through Resource, Action and StringLike, against a
// regular expression built from the pattern.
func FuzzMatch(f *testing.F) {
	for _, seed := range [][2]string{
		{"acs:ecs:*:*:instance/*", "acs:ecs:cn:1:instance/i-1"}, {"*a*b*c*", "xaybzc"}, {"a?c", "a中c"},
		{"*", ""}, {"a*?b", "ab"}, {"x*a?c*y", "x-abc-aXc-y"}, {"??*??", "abc"}, {"*ab*ab*", "abab"},
		{"Ecs:Desc*", "ecs:describe"}, {"a**b", "ab"}, {"*?", "é"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if pattern == "" || strings.Contains(pattern, "${") || !utf8.ValidString(pattern) || !utf8.ValidString(s) {
			return
		}
		want := globOracle(pattern).MatchString(s)
		req := &policy.Request{Action: "svc:x", Resource: s}
		req.Context.Set("k:k", s)
		if got := fuzzAllows(t, `"Action":"*","Resource":`+mustJSON(t, pattern), req); got != want {
			t.Fatalf("Resource %q vs %q: matched %v, regexp says %v", pattern, s, got, want)
		}
		if got := fuzzAllows(t, `"Action":"*","Resource":"*","Condition":{"StringLike":{"k:k":`+mustJSON(t, pattern)+`}}`, req); got != want {
			t.Fatalf("StringLike %q vs %q: matched %v, regexp says %v", pattern, s, got, want)
		}
		want = globOracle(strings.ToLower("svc:" + pattern)).MatchString(strings.ToLower("svc:" + s))
		req.Action = "svc:" + s
		if got := fuzzAllows(t, `"Resource":"*","Action":`+mustJSON(t, "svc:"+pattern), req); got != want {
			t.Fatalf("Action %q vs %q: matched %v, regexp says %v", "svc:"+pattern, req.Action, got, want)
		}
	})
}

func fuzzAllows(t *testing.T, elements string, req *policy.Request) bool {
	t.Helper()
	p, err := policy.Parse([]byte(stmtDoc(`{"Effect":"Allow",`+elements+`}`)), policy.WithMaxLength(0))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	d := policy.NewEvaluator(p).Evaluate(req)
	return d.Allowed()
}

// FuzzCondition checks that condition evaluation never panics, that a negated operator is the
// exact complement of its positive form, that ForAllValues: of a negated operator equals the
// unqualified form, and IpAddress against net/netip.
func FuzzCondition(f *testing.F) {
	// Each operator with its negation ("" for operators without one).
	operators := [][2]string{
		{"StringEquals", "StringNotEquals"}, {"StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"},
		{"StringLike", "StringNotLike"}, {"NumericEquals", "NumericNotEquals"}, {"NumericLessThan", ""},
		{"NumericLessThanEquals", ""}, {"NumericGreaterThan", ""}, {"NumericGreaterThanEquals", ""},
		{"DateEquals", "DateNotEquals"}, {"DateLessThan", ""}, {"DateLessThanEquals", ""}, {"DateGreaterThan", ""},
		{"DateGreaterThanEquals", ""}, {"Bool", ""}, {"IpAddress", "NotIpAddress"},
	}

	f.Add(uint8(14), "10.0.0.0/8", "10.1.2.3", "", false)
	f.Add(uint8(14), "2001:db8::/32", "2001:db8::1", "::ffff:10.0.0.1", true)
	f.Add(uint8(14), "116.62.1.1/24", "116.62.1.200", "", false)
	f.Add(uint8(3), "10", "10.0", "x", true)
	f.Add(uint8(8), "2019-08-12T17:00:00+08:00", "2019-08-12T09:00:00Z", "", false)
	f.Add(uint8(13), "true", "TRUE", "false", true)
	f.Add(uint8(2), "a*b?", "axxbc", "ab", true)
	f.Fuzz(func(t *testing.T, op uint8, policyValue, req1, req2 string, two bool) {
		pair := operators[int(op)%len(operators)]
		values := []string{req1}
		if two {
			values = append(values, req2)
		}
		eval := func(operator string, reqValues []string) (bool, bool) {
			cond := mustJSON(t, map[string]map[string]string{operator: {"k:k": policyValue}})
			p, err := policy.Parse([]byte(stmtDoc(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":`+cond+`}`)),
				policy.WithMaxLength(0))
			if err != nil {
				checkErrorList(t, err)
				return false, false
			}
			req := &policy.Request{Action: "a:b"}
			if reqValues != nil {
				req.Context.Set("k:k", reqValues...)
			}
			d := policy.NewEvaluator(p).Evaluate(req)
			return d.Allowed(), true
		}
		for _, reqValues := range [][]string{values, nil} {
			pos, ok := eval(pair[0], reqValues)
			if !ok || pair[1] == "" {
				continue
			}
			neg, _ := eval(pair[1], reqValues)
			if neg == pos {
				t.Fatalf("%s and %s both %v for %q vs %q", pair[0], pair[1], pos, policyValue, reqValues)
			}
			if all, _ := eval("ForAllValues:"+pair[1], reqValues); all != neg {
				t.Fatalf("ForAllValues:%s = %v, %s = %v for %q vs %q", pair[1], all, pair[1], neg, policyValue, reqValues)
			}
		}
		if pair[0] == "IpAddress" && !two {
			got, ok := eval("IpAddress", values)
			if ok && got != ipOracle(policyValue, req1) {
				t.Fatalf("IpAddress %q vs %q = %v, netip says %v", policyValue, req1, got, !got)
			}
		}
	})
}

func ipOracle(policyValue, reqValue string) bool {
	addr, err := netip.ParseAddr(reqValue)
	if err != nil {
		return false
	}
	prefix, err := netip.ParsePrefix(policyValue)
	if err != nil {
		a, err := netip.ParseAddr(policyValue)
		if err != nil {
			return false
		}
		prefix = netip.PrefixFrom(a, a.BitLen())
	}
	return prefix.Masked().Contains(addr)
}
