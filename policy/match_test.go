package policy_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/policy"
)

// allowsWith builds a one-statement Allow policy from element JSON and reports whether it
// allows req.
func allowsWith(t *testing.T, elements string, req *policy.Request) bool {
	t.Helper()
	p := parseOrFail(t, stmtDoc(`{"Effect":"Allow",`+elements+`}`))
	d := policy.NewEvaluator(p).Evaluate(req)
	return d.Allowed()
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestActionMatching(t *testing.T) {
	long := "ecs:" + strings.Repeat("Describe", 20)
	tests := []struct {
		element, pattern, action string
		want                     bool
	}{
		{"Action", "ecs:DescribeInstances", "ecs:DescribeInstances", true},
		{"Action", "ecs:DescribeInstances", "ECS:describeinstances", true},
		{"Action", "ECS:DESCRIBEINSTANCES", "ecs:DescribeInstances", true},
		{"Action", "ecs:DescribeInstances", "ecs:DescribeInstance", false},
		{"Action", "ecs:DescribeInstances", "oss:DescribeInstances", false},
		{"Action", "ecs:Describe*", "ecs:describeRegions", true},
		{"Action", "ecs:Describe*", "ecs:Describe", true},
		{"Action", "ecs:Describe*", "ecs:RunInstances", false},
		{"Action", "ecs:Describe*", "ecs2:DescribeRegions", false},
		{"Action", "ecs:*Instances", "ecs:StartInstances", true},
		{"Action", "ecs:*Instances", "ecs:StartInstance", false},
		{"Action", "vpc:*Vpc*", "vpc:CreateVpcPeer", true},
		{"Action", "vpc:*Vpc*", "vpc:CreateVSwitch", false},
		{"Action", "ecs:Get*Attr*", "ecs:GetInstanceAttribute", true},
		{"Action", "ecs:Get*Attr*", "ecs:GetInstance", false},
		{"Action", "ecs:Describe?nstances", "ecs:DescribeInstances", true},
		{"Action", "ecs:Describe?nstances", "ecs:Describenstances", false},
		{"Action", "*", "ecs:Anything", true},
		{"Action", "*", "no-colon", true},
		{"Action", "*:List*", "oss:ListObjects", true},
		{"Action", "*:List*", "oss:GetObject", false},
		{"Action", "ec?:Describe*", "ecs:DescribeRegions", true},
		{"Action", "ec?:Describe*", "ecs2:DescribeRegions", false},
		{"Action", "ecs:*", "ecs:a:b", true},
		{"Action", "svc:Ä*", "svc:äb", true},
		{"Action", "ecs:*", "ecs:", true},
		{"Action", "ecs:Get", "ecs:", false},
		{"Action", "svc:@[`{AZaz09-Long", "SVC:@[`{azAZ09-LONG", true},
		{"Action", "svc:@[`{AZaz09-Long", "svc:`{@[azAZ09-long", false},
		{"Action", "svc:?", "svc:中", true},
		{"Action", "svc:??", "svc:中", false},
		{"Action", long, strings.ToUpper(long), true},
		{"Action", long + "*", strings.ToUpper(long) + "X", true},
		{"NotAction", "ram:*", "ram:GetUser", false},
		{"NotAction", "ram:*", "ecs:RunInstances", true},
		{"NotAction", "ram:GetUser", "RAM:GETUSER", false},
		{"NotAction", "ram:GetUser", "ram:ListUsers", true},
	}
	for _, tt := range tests {
		t.Run(tt.element+" "+tt.pattern+" "+tt.action, func(t *testing.T) {
			req := &policy.Request{Action: tt.action, Resource: "r"}
			if got := allowsWith(t, quote(tt.element)+":"+quote(tt.pattern)+`,"Resource":"*"`, req); got != tt.want {
				t.Errorf("matched = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestActionIndex checks that a statement reachable through several index entries (an exact
// name, a service pattern, a global pattern) is matched once and that every entry finds it.
func TestActionIndex(t *testing.T) {
	p := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":["ecs:RunInstances","ecs:Run*","ECS:runinstances"],"Resource":"*"},
		{"Effect":"Allow","Action":["oss:GetObject","*:Get*"],"Resource":"*"},
		{"Effect":"Deny","Action":["ecs:StopInstance"],"Resource":"*"},
		{"Effect":"Allow","NotAction":["ecs:StopInstance","oss:*"],"Resource":"*"}`), policy.WithName("p"))
	e := policy.NewEvaluator(p)
	tests := []struct {
		action string
		want   []string
	}{
		{"ecs:RunInstances", []string{"p#0:Allow", "p#3:Allow"}},
		{"ecs:RunCommand", []string{"p#0:Allow", "p#3:Allow"}},
		{"oss:GetObject", []string{"p#1:Allow"}},
		{"ecs:GetThing", []string{"p#1:Allow", "p#3:Allow"}},
		{"ecs:StopInstance", []string{"p#2:Deny"}},
		{"ecs:StartInstance", []string{"p#3:Allow"}},
		{"oss:PutObject", nil},
	}
	for _, tt := range tests {
		d := e.Evaluate(&policy.Request{Action: tt.action, Resource: "x"})
		if diff := cmp.Diff(tt.want, matchLabels(&d)); diff != "" {
			t.Errorf("%s: matches (-want +got):\n%s", tt.action, diff)
		}
	}
}

// TestActionIndexLarge exercises the index with many names and services, every name reachable
// and none confused with another.
func TestActionIndexLarge(t *testing.T) {
	var stmts []string
	for i := range 400 {
		stmts = append(stmts, fmt.Sprintf(`{"Effect":"Allow","Action":["s%d:Act%d","s%d:Wild%d-*"],"Resource":"*"}`, i%37, i, i%37, i))
	}
	p := parseOrFail(t, stmtDoc(strings.Join(stmts, ",")), policy.WithMaxLength(0), policy.WithMaxStatements(0), policy.WithName("p"))
	e := policy.NewEvaluator(p)
	for i := range 400 {
		for _, action := range []string{fmt.Sprintf("S%d:act%d", i%37, i), fmt.Sprintf("s%d:wild%d-X", i%37, i)} {
			d := e.Evaluate(&policy.Request{Action: action})
			if diff := cmp.Diff([]string{fmt.Sprintf("p#%d:Allow", i)}, matchLabels(&d)); diff != "" {
				t.Fatalf("%s: matches (-want +got):\n%s", action, diff)
			}
		}
	}
	if d := e.Evaluate(&policy.Request{Action: "s1:Act2"}); d.Outcome != policy.ImplicitDeny {
		t.Errorf("s1:Act2 (a name of another service): %v", d.Outcome)
	}
}

func TestResourceMatching(t *testing.T) {
	tests := []struct {
		name, element, pattern, resource string
		ctx                              map[string][]string
		want                             bool
	}{
		{"exact", "Resource", "acs:ecs:cn-hangzhou:123:instance/i-1", "acs:ecs:cn-hangzhou:123:instance/i-1", nil, true},
		{"case-sensitive", "Resource", "acs:oss:*:*:Bucket/*", "acs:oss:cn:1:bucket/x", nil, false},
		{"star matches empty", "Resource", "*", "", nil, true},
		{"prefix", "Resource", "acs:ecs:*:*:instance/*", "acs:ecs:cn:123:instance/i-1", nil, true},
		{"star spans colons and slashes", "Resource", "acs:*:x", "acs:a:b/c:x", nil, true},
		{"prefix and suffix may not overlap", "Resource", "acs:*s", "acs:", nil, false},
		{"prefix and suffix", "Resource", "acs:*s", "acs:s", nil, true},
		{"question mark", "Resource", "a?c", "abc", nil, true},
		{"question mark needs one character", "Resource", "a?c", "ac", nil, false},
		{"question mark is one rune", "Resource", "a?c", "a中c", nil, true},
		{"segments in order", "Resource", "*a*b*c*", "xaybzc", nil, true},
		{"segments out of order", "Resource", "*a*b*c*", "xcybza", nil, false},
		{"general with ? in a middle segment", "Resource", "x*a?c*y", "x-abc-aXc-y", nil, true},
		{"general anchored ends", "Resource", "a*?b", "ab", nil, false},
		{"dollar without brace is literal", "Resource", "a$b", "a$b", nil, true},
		{"NotResource excludes", "NotResource", "acs:ram:*", "acs:ram::1:user/x", nil, false},
		{"NotResource allows the rest", "NotResource", "acs:ram:*", "acs:ecs::1:instance/x", nil, true},
		{"variable", "Resource", "acs:oss:*:*:bucket/${acs:PrincipalName}/*", "acs:oss:cn:1:bucket/alice/f",
			map[string][]string{"acs:PrincipalName": {"alice"}}, true},
		{"variable other user", "Resource", "acs:oss:*:*:bucket/${acs:PrincipalName}/*", "acs:oss:cn:1:bucket/bob/f",
			map[string][]string{"acs:PrincipalName": {"alice"}}, false},
		{"variable unresolved", "Resource", "acs:oss:*:*:bucket/${acs:PrincipalName}/*", "acs:oss:cn:1:bucket/alice/f", nil, false},
		{"variable with two values", "Resource", "bucket/${acs:PrincipalName}/*", "bucket/alice/f",
			map[string][]string{"acs:PrincipalName": {"alice", "bob"}}, false},
		{"variable key case-insensitive", "Resource", "bucket/${ACS:principalname}", "bucket/alice",
			map[string][]string{"acs:PrincipalName": {"alice"}}, true},
		{"variable value is literal", "Resource", "bucket/${acs:PrincipalName}/f", "bucket/abc/f",
			map[string][]string{"acs:PrincipalName": {"a*"}}, false},
		{"variable value with star", "Resource", "bucket/${acs:PrincipalName}/f", "bucket/a*/f",
			map[string][]string{"acs:PrincipalName": {"a*"}}, true},
		{"variable at the end", "Resource", "*/${acs:AccountId}", "x/y/123",
			map[string][]string{"acs:AccountId": {"123"}}, true},
		{"variable in the middle", "Resource", "*:${acs:AccountId}:*", "acs:ecs:cn:123:instance/i",
			map[string][]string{"acs:AccountId": {"123"}}, true},
		{"variable in the middle, no match", "Resource", "*:${acs:AccountId}:*", "acs:ecs:cn:124:instance/i",
			map[string][]string{"acs:AccountId": {"123"}}, false},
		{"NotResource with unresolved variable does not apply", "NotResource", "bucket/${acs:PrincipalName}", "bucket/x", nil, false},
		{"NotResource with resolved variable", "NotResource", "bucket/${acs:PrincipalName}", "bucket/x",
			map[string][]string{"acs:PrincipalName": {"alice"}}, true},
		{"NotResource with resolved variable, excluded", "NotResource", "bucket/${acs:PrincipalName}", "bucket/alice",
			map[string][]string{"acs:PrincipalName": {"alice"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &policy.Request{Action: "oss:GetObject", Resource: tt.resource}
			for k, vs := range tt.ctx {
				req.Context.Set(k, vs...)
			}
			if got := allowsWith(t, `"Action":"*",`+quote(tt.element)+":"+quote(tt.pattern), req); got != tt.want {
				t.Errorf("matched = %v, want %v", got, tt.want)
			}
		})
	}
}
