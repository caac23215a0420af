package policy_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/policy"
)

// TestParseStatements checks what every element parses to: values as written, a single
// string standing for a one-element list, a lone statement object, Principal "*", conditions
// in document order with their qualifiers.
func TestParseStatements(t *testing.T) {
	any := []string{"*"}
	tests := []struct {
		name string
		kind policy.Kind
		doc  string
		want []policy.Statement
	}{
		{
			name: "strings and lists",
			doc: stmtDoc(`{"Sid":"s1","Effect":"Allow","Action":"ecs:Describe*","Resource":"*"},
				{"Effect":"Deny","Action":["ecs:RunInstances","ecs:StopInstance"],"Resource":["acs:ecs:*:*:instance/a","acs:ecs:*:*:instance/b"]}`),
			want: []policy.Statement{
				{Sid: "s1", Effect: policy.Allow, Action: []string{"ecs:Describe*"}, Resource: []string{"*"}},
				{Effect: policy.Deny, Action: []string{"ecs:RunInstances", "ecs:StopInstance"},
					Resource: []string{"acs:ecs:*:*:instance/a", "acs:ecs:*:*:instance/b"}},
			},
		},
		{
			name: "single statement object",
			doc:  `{"Statement":{"Effect":"Allow","NotAction":"ram:*","NotResource":"acs:ram:*:*:*"},"Version":"1"}`,
			want: []policy.Statement{{Effect: policy.Allow, NotAction: []string{"ram:*"}, NotResource: []string{"acs:ram:*:*:*"}}},
		},
		{
			name: "session policy",
			kind: policy.Session,
			doc:  stmtDoc(`{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:bucket/${acs:PrincipalName}/*"}`),
			want: []policy.Statement{{Effect: policy.Allow, Action: []string{"oss:GetObject"},
				Resource: []string{"acs:oss:*:*:bucket/${acs:PrincipalName}/*"}}},
		},
		{
			name: "conditions in document order",
			doc: stmtDoc(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
				"IpAddress":{"acs:SourceIp":["10.0.0.0/8","2001:db8::/32"]},
				"ForAnyValue:StringEquals":{"acs:RequestTag/env":"prod","oss:Prefix":["a/","b/"]},
				"ForAllValues:NumericLessThan":{"ecs:Count":"10"},
				"DateLessThan":{"acs:CurrentTime":"2019-08-12T17:00:00+08:00"},
				"Bool":{"acs:SecureTransport":"true"}}}`),
			want: []policy.Statement{{Effect: policy.Allow, Action: any, Resource: any, Conditions: []policy.Condition{
				{Operator: "IpAddress", Key: "acs:SourceIp", Values: []string{"10.0.0.0/8", "2001:db8::/32"}},
				{Operator: "StringEquals", Qualifier: policy.ForAnyValue, Key: "acs:RequestTag/env", Values: []string{"prod"}},
				{Operator: "StringEquals", Qualifier: policy.ForAnyValue, Key: "oss:Prefix", Values: []string{"a/", "b/"}},
				{Operator: "NumericLessThan", Qualifier: policy.ForAllValues, Key: "ecs:Count", Values: []string{"10"}},
				{Operator: "DateLessThan", Key: "acs:CurrentTime", Values: []string{"2019-08-12T17:00:00+08:00"}},
				{Operator: "Bool", Key: "acs:SecureTransport", Values: []string{"true"}},
			}}},
		},
		{
			name: "trust policy principals",
			kind: policy.Trust,
			doc: stmtDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::123:root","acs:ram::123:user/bob"]}},
				{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ecs.aliyuncs.com"}},
				{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":"acs:ram::123:saml-provider/idp"},
				 "Condition":{"StringEquals":{"saml:recipient":"https://signin.alibabacloud.com/saml-role/sso"}}},
				{"Effect":"Deny","Action":"sts:AssumeRole","Principal":"*"}`),
			want: []policy.Statement{
				{Effect: policy.Allow, Action: []string{"sts:AssumeRole"},
					Principal: &policy.Principal{RAM: []string{"acs:ram::123:root", "acs:ram::123:user/bob"}}},
				{Effect: policy.Allow, Action: []string{"sts:AssumeRole"}, Principal: &policy.Principal{Service: []string{"ecs.aliyuncs.com"}}},
				{Effect: policy.Allow, Action: []string{"sts:AssumeRole"},
					Principal: &policy.Principal{Federated: []string{"acs:ram::123:saml-provider/idp"}},
					Conditions: []policy.Condition{{Operator: "StringEquals", Key: "saml:recipient",
						Values: []string{"https://signin.alibabacloud.com/saml-role/sso"}}}},
				{Effect: policy.Deny, Action: []string{"sts:AssumeRole"}, Principal: &policy.Principal{RAM: any, Service: any, Federated: any}},
			},
		},
		{
			name: "escapes and unicode kept as written",
			doc:  stmtDoc(`{"Sid":"caf\u00e9 \"x\"","Effect":"Allow","Action":"ecs:*","Resource":"acs:oss:*:*:b/\u4e2d/*"}`),
			want: []policy.Statement{{Sid: `café "x"`, Effect: policy.Allow, Action: []string{"ecs:*"}, Resource: []string{"acs:oss:*:*:b/中/*"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parseOrFail(t, tt.doc, policy.WithKind(tt.kind), policy.WithName("doc.json"))
			if diff := cmp.Diff(tt.want, p.Statements()); diff != "" {
				t.Errorf("Statements() (-want +got):\n%s", diff)
			}
			if p.Kind() != tt.kind || p.Name() != "doc.json" {
				t.Errorf("Kind(), Name() = %v, %q; want %v, %q", p.Kind(), p.Name(), tt.kind, "doc.json")
			}
		})
	}
}

// TestParseLimits checks that the limits are configurable and that non-positive values lift
// them, and that length is counted in characters, not bytes.
func TestParseLimits(t *testing.T) {
	long := stmtDoc(`{"Sid":"ééééé",` + allow + `}`) // five two-byte characters
	runes := len([]rune(long))
	tests := []struct {
		name string
		doc  string
		opts []policy.Option
		ok   bool
	}{
		{"length at the limit", long, []policy.Option{policy.WithMaxLength(runes)}, true},
		{"length over the limit", long, []policy.Option{policy.WithMaxLength(runes - 1)}, false},
		{"no length limit", long, []policy.Option{policy.WithMaxLength(0)}, true},
		{"statements at the limit", stmtDoc(`{` + allow + `},{` + allow + `}`), []policy.Option{policy.WithMaxStatements(2)}, true},
		{"statements over the limit", stmtDoc(`{` + allow + `},{` + allow + `}`), []policy.Option{policy.WithMaxStatements(1)}, false},
		{"no statement limit", stmtDoc(`{` + allow + `},{` + allow + `}`), []policy.Option{policy.WithMaxStatements(-1)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.Parse([]byte(tt.doc), tt.opts...)
			if (err == nil) != tt.ok {
				t.Errorf("Parse error = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

// TestParseDefaultLimits checks RAM's 6,144-character limit.
func TestParseDefaultLimits(t *testing.T) {
	pad := func(n int) string { // a document of exactly n characters
		base := stmtDoc(`{"Sid":"",` + allow + `}`)
		sid := len(`{"Version":"1","Statement":[{"Sid":"`)
		return base[:sid] + strings.Repeat("x", n-len(base)) + base[sid:]
	}
	if _, err := policy.Parse([]byte(pad(policy.DefaultMaxLength))); err != nil {
		t.Errorf("a document of DefaultMaxLength characters: %v", err)
	}
	if _, err := policy.Parse([]byte(pad(policy.DefaultMaxLength + 1))); err == nil {
		t.Errorf("a document of DefaultMaxLength+1 characters parsed")
	}
}

// TestParseLinearMemory checks that parsing allocates in proportion to the document: a long
// condition key over many values must not be copied once per value (a pointer built eagerly
// for every value cost 250 MB for an 80 KB document).
func TestParseLinearMemory(t *testing.T) {
	doc := func(n int) []byte {
		return []byte(stmtDoc(`{` + allow + `,"Condition":{"StringEquals":{"` + strings.Repeat("k", n) +
			`":[` + strings.Repeat(`"a",`, n) + `"a"]}}}`))
	}
	alloc := func(d []byte) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := policy.Parse(d, policy.WithMaxLength(0)); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := doc(2000), doc(16000)
	a, b := alloc(small), alloc(large)
	// Eight times the document may cost up to about eight times the memory, not sixty-four.
	if b > 16*a {
		t.Errorf("Parse allocated %d bytes for %d bytes and %d bytes for %d bytes: not linear", a, len(small), b, len(large))
	}
}
