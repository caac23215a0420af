package policy_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/policy"
)

func TestCombining(t *testing.T) {
	allowAll := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":"ecs:*","Resource":"*"}`), policy.WithName("allow"))
	denyRun := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"},
		{"Sid":"no-run","Effect":"Deny","Action":"ecs:RunInstances","Resource":"*"}`), policy.WithName("deny"))
	tests := []struct {
		name    string
		ps      []*policy.Policy
		action  string
		outcome policy.Outcome
		matches []string
	}{
		{"no policies", nil, "ecs:RunInstances", policy.ImplicitDeny, nil},
		{"nothing matches", []*policy.Policy{denyRun}, "oss:GetObject", policy.ImplicitDeny, nil},
		{"allow", []*policy.Policy{allowAll}, "ecs:RunInstances", policy.Allowed, []string{"allow#0:Allow"}},
		{"deny beats allow", []*policy.Policy{allowAll, denyRun}, "ecs:RunInstances", policy.ExplicitDeny,
			[]string{"allow#0:Allow", "deny#1:Deny"}},
		{"policy order is the order given", []*policy.Policy{denyRun, allowAll}, "ecs:RunInstances", policy.ExplicitDeny,
			[]string{"deny#1:Deny", "allow#0:Allow"}},
		{"every matching allow is listed", []*policy.Policy{denyRun, allowAll}, "ecs:DescribeRegions", policy.Allowed,
			[]string{"deny#0:Allow", "allow#0:Allow"}},
		{"nil policies are skipped", []*policy.Policy{nil, allowAll, nil}, "ecs:StopInstance", policy.Allowed,
			[]string{"allow#0:Allow"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := policy.NewEvaluator(tt.ps...).Evaluate(&policy.Request{Action: tt.action, Resource: "acs:ecs:cn:1:instance/i"})
			if d.Outcome != tt.outcome || d.Allowed() != (tt.outcome == policy.Allowed) {
				t.Errorf("Outcome = %v (Allowed %v), want %v", d.Outcome, d.Allowed(), tt.outcome)
			}
			if diff := cmp.Diff(tt.matches, matchLabels(&d)); diff != "" {
				t.Errorf("Matches (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatchDetails(t *testing.T) {
	p := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"stop","Effect":"Deny","Action":"*","Resource":"*"}`))
	d := policy.NewEvaluator(p).Evaluate(&policy.Request{Action: "a:b"})
	ms := d.Matches()
	if len(ms) != 2 {
		t.Fatalf("Matches() = %v, want two", ms)
	}
	if ms[0].Policy != p || ms[0].Statement != 0 || ms[0].Sid() != "" || ms[0].Effect() != policy.Allow {
		t.Errorf("first match = %+v (sid %q, %v)", ms[0], ms[0].Sid(), ms[0].Effect())
	}
	if ms[1].Statement != 1 || ms[1].Sid() != "stop" || ms[1].Effect() != policy.Deny {
		t.Errorf("second match = %+v (sid %q, %v)", ms[1], ms[1].Sid(), ms[1].Effect())
	}
}

func TestIntersect(t *testing.T) {
	role := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":["oss:*","ecs:*"],"Resource":"*"},
		{"Effect":"Deny","Action":"oss:DeleteBucket","Resource":"*"}`), policy.WithName("role"))
	session := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":["oss:Get*","oss:DeleteBucket","ram:*"],"Resource":"*"},
		{"Effect":"Deny","Action":"oss:GetSecret","Resource":"*"}`), policy.WithName("session"), policy.WithKind(policy.Session))
	roleOnly := policy.NewEvaluator(role)
	both := roleOnly.Intersect(policy.NewEvaluator(session))
	tests := []struct {
		action  string
		outcome policy.Outcome
		matches []string
	}{
		{"oss:GetObject", policy.Allowed, []string{"role#0:Allow", "session#0:Allow"}},
		{"ecs:RunInstances", policy.ImplicitDeny, []string{"role#0:Allow"}},
		{"ram:CreateUser", policy.ImplicitDeny, []string{"session#0:Allow"}},
		{"oss:DeleteBucket", policy.ExplicitDeny, []string{"role#0:Allow", "role#1:Deny", "session#0:Allow"}},
		{"oss:GetSecret", policy.ExplicitDeny, []string{"role#0:Allow", "session#0:Allow", "session#1:Deny"}},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			d := both.Evaluate(&policy.Request{Action: tt.action, Resource: "acs:oss:*:1:b"})
			if d.Outcome != tt.outcome {
				t.Errorf("Outcome = %v, want %v", d.Outcome, tt.outcome)
			}
			if diff := cmp.Diff(tt.matches, matchLabels(&d)); diff != "" {
				t.Errorf("Matches (-want +got):\n%s", diff)
			}
		})
	}
	if d := roleOnly.Evaluate(&policy.Request{Action: "ecs:RunInstances"}); !d.Allowed() {
		t.Errorf("Intersect changed its receiver: %v", d.Outcome)
	}
	if d := roleOnly.Intersect(nil).Evaluate(&policy.Request{Action: "ecs:RunInstances"}); d.Outcome != policy.ImplicitDeny {
		t.Errorf("Intersect(nil): %v, want ImplicitDeny", d.Outcome)
	}
	if d := roleOnly.Intersect(policy.NewEvaluator()).Evaluate(&policy.Request{Action: "oss:DeleteBucket"}); d.Outcome != policy.ExplicitDeny {
		t.Errorf("Intersect with an empty evaluator on a denied action: %v, want ExplicitDeny", d.Outcome)
	}
}

func TestEvaluateNil(t *testing.T) {
	var e *policy.Evaluator
	if d := e.Evaluate(&policy.Request{Action: "a:b"}); d.Outcome != policy.ImplicitDeny || len(d.Matches()) != 0 {
		t.Errorf("nil evaluator: %v %v", d.Outcome, d.Matches())
	}
	if d := policy.NewEvaluator().Evaluate(nil); d.Outcome != policy.ImplicitDeny {
		t.Errorf("nil request: %v", d.Outcome)
	}
}

// TestManyMatches checks that more matches than a Decision holds inline are all kept, in order.
func TestManyMatches(t *testing.T) {
	var stmts []string
	var want []string
	for i := range 20 {
		stmts = append(stmts, `{"Effect":"Allow","Action":"ecs:*","Resource":"*"}`)
		want = append(want, fmt.Sprintf("p#%d:Allow", i))
	}
	p := parseOrFail(t, stmtDoc(strings.Join(stmts, ",")), policy.WithName("p"))
	d := policy.NewEvaluator(p).Evaluate(&policy.Request{Action: "ecs:X"})
	if diff := cmp.Diff(want, matchLabels(&d)); diff != "" {
		t.Errorf("Matches (-want +got):\n%s", diff)
	}
}

// allocWorld is a per-user evaluator exercising every index path and every comparator.
func allocWorld(t testing.TB) (*policy.Evaluator, []*policy.Request) {
	p := parseOrFail(t, stmtDoc(`
		{"Effect":"Allow","Action":["ecs:DescribeInstances","ecs:Describe*","*:List*"],"Resource":"acs:ecs:*:123:instance/*"},
		{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:bucket/${acs:PrincipalName}/*",
		 "Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateLessThan":{"acs:CurrentTime":"2030-01-01T00:00:00+08:00"},
		 "Bool":{"acs:SecureTransport":"true"},"NumericLessThan":{"oss:MaxKeys":"100"},"StringLike":{"oss:Prefix":"home/*"},
		 "ForAllValues:StringEqualsIgnoreCase":{"acs:TagKeys":["team","env"]}}},
		{"Effect":"Deny","NotAction":["ram:*","sts:*"],"Resource":"*","Condition":{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}`))
	trust := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ECS.aliyuncs.com","RAM":"acs:ram::123:root"}}`),
		policy.WithKind(policy.Trust))
	e := policy.NewEvaluator(p, trust)
	oss := &policy.Request{Action: "oss:GetObject", Resource: "acs:oss:cn:1:bucket/alice/home/a"}
	for k, v := range map[string][]string{
		"acs:SourceIp": {"10.1.2.3"}, "acs:CurrentTime": {"2026-05-01T12:00:00+08:00"}, "acs:SecureTransport": {"true"},
		"oss:MaxKeys": {"50"}, "oss:Prefix": {"home/a"}, "acs:TagKeys": {"Team", "ENV"}, "acs:PrincipalName": {"alice"},
	} {
		oss.Context.Set(k, v...)
	}
	reqs := []*policy.Request{
		{Action: "ecs:DescribeInstances", Resource: "acs:ecs:cn-hangzhou:123:instance/i-1"},
		{Action: "ECS:DescribeRegions", Resource: "acs:ecs:cn-hangzhou:123:instance/i-1"},
		{Action: "oss:ListBuckets", Resource: "acs:ecs:cn:123:instance/i-2"},
		{Action: "sts:AssumeRole", PrincipalType: policy.PrincipalService, Principal: "ecs.ALIYUNCS.com"},
		{Action: "sts:AssumeRole", PrincipalType: policy.PrincipalRAM, Principal: "acs:ram::123:user/bob"},
	}
	for _, r := range reqs {
		r.Context.Set("acs:SourceIp", "10.9.8.7") // else the NotIpAddress Deny applies
	}
	return e, append(reqs, oss)
}

// TestEvaluateAllocates checks the allocation-free decision path (see also the benchmarks).
func TestEvaluateAllocates(t *testing.T) {
	e, reqs := allocWorld(t)
	for _, req := range reqs {
		if d := e.Evaluate(req); !d.Allowed() {
			t.Errorf("%s: %v, want Allow", req.Action, d.Outcome)
		}
		if n := testing.AllocsPerRun(100, func() { e.Evaluate(req) }); n != 0 {
			t.Errorf("%s: %v allocations per decision, want 0", req.Action, n)
		}
	}
}

// TestEvaluateConcurrently shares one evaluator between goroutines (run with -race).
func TestEvaluateConcurrently(t *testing.T) {
	e, reqs := allocWorld(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				for _, req := range reqs {
					if d := e.Evaluate(req); !d.Allowed() {
						t.Errorf("%s: %v, want Allow", req.Action, d.Outcome)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

func TestStrings(t *testing.T) {
	tests := []struct {
		got  fmt.Stringer
		want string
	}{
		{policy.Allowed, "Allow"}, {policy.ExplicitDeny, "ExplicitDeny"}, {policy.ImplicitDeny, "ImplicitDeny"},
		{policy.Allow, "Allow"}, {policy.Deny, "Deny"}, {policy.Effect(0), "Effect(0)"},
		{policy.Identity, "identity"}, {policy.Trust, "trust"}, {policy.Session, "session"}, {policy.Kind(7), "Kind(7)"},
		{policy.PrincipalNone, "None"}, {policy.PrincipalRAM, "RAM"}, {policy.PrincipalService, "Service"}, {policy.PrincipalFederated, "Federated"},
		{policy.NoQualifier, ""}, {policy.ForAnyValue, "ForAnyValue"}, {policy.ForAllValues, "ForAllValues"},
	}
	for _, tt := range tests {
		if got := tt.got.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.got, got, tt.want)
		}
	}
}
