package policy_test

import (
	"testing"

	"github.com/rampart-iam/rampart/policy"
)

func TestTrustPrincipals(t *testing.T) {
	tests := []struct {
		name      string
		principal string // the Principal element's JSON
		typ       policy.PrincipalType
		who       string
		want      bool
	}{
		{"account root covers the root", `{"RAM":"acs:ram::123:root"}`, policy.PrincipalRAM, "acs:ram::123:root", true},
		{"account root covers users", `{"RAM":"acs:ram::123:root"}`, policy.PrincipalRAM, "acs:ram::123:user/alice", true},
		{"account root covers roles", `{"RAM":"acs:ram::123:root"}`, policy.PrincipalRAM, "acs:ram::123:role/admin", true},
		{"account root covers role sessions", `{"RAM":"acs:ram::123:root"}`, policy.PrincipalRAM, "acs:ram::123:role/admin/session", true},
		{"account root is one account", `{"RAM":"acs:ram::123:root"}`, policy.PrincipalRAM, "acs:ram::1234:user/alice", false},
		{"account root needs an ARN", `{"RAM":"acs:ram::123:root"}`, policy.PrincipalRAM, "acs:ram::123", false},
		{"account root is not a service", `{"RAM":"acs:ram::123:root"}`, policy.PrincipalService, "acs:ram::123:root", false},
		{"wildcard account root", `{"RAM":"acs:ram::*:root"}`, policy.PrincipalRAM, "acs:ram::999:user/x", true},
		{"user", `{"RAM":["acs:ram::123:user/bob"]}`, policy.PrincipalRAM, "acs:ram::123:user/bob", true},
		{"user is exact", `{"RAM":["acs:ram::123:user/bob"]}`, policy.PrincipalRAM, "acs:ram::123:user/bobby", false},
		{"user is case-sensitive", `{"RAM":["acs:ram::123:user/bob"]}`, policy.PrincipalRAM, "acs:ram::123:user/Bob", false},
		{"role pattern", `{"RAM":"acs:ram::123:role/ops-*"}`, policy.PrincipalRAM, "acs:ram::123:role/ops-1", true},
		{"RAM star", `{"RAM":"*"}`, policy.PrincipalRAM, "acs:ram::5:user/x", true},
		{"RAM star is only RAM", `{"RAM":"*"}`, policy.PrincipalService, "ecs.aliyuncs.com", false},
		{"service", `{"Service":["ecs.aliyuncs.com","pai.aliyuncs.com"]}`, policy.PrincipalService, "pai.aliyuncs.com", true},
		{"service is case-insensitive", `{"Service":"ECS.aliyuncs.com"}`, policy.PrincipalService, "ecs.ALIYUNCS.com", true},
		{"service pattern", `{"Service":"*.aliyuncs.com"}`, policy.PrincipalService, "oss.aliyuncs.com", true},
		{"service is not RAM", `{"Service":"ecs.aliyuncs.com"}`, policy.PrincipalRAM, "ecs.aliyuncs.com", false},
		{"federated", `{"Federated":"acs:ram::123:saml-provider/idp"}`, policy.PrincipalFederated, "acs:ram::123:saml-provider/idp", true},
		{"federated other IdP", `{"Federated":"acs:ram::123:saml-provider/idp"}`, policy.PrincipalFederated, "acs:ram::123:saml-provider/other", false},
		{"star covers RAM", `"*"`, policy.PrincipalRAM, "acs:ram::1:user/u", true},
		{"star covers services", `"*"`, policy.PrincipalService, "ecs.aliyuncs.com", true},
		{"star covers federation", `"*"`, policy.PrincipalFederated, "acs:ram::1:oidc-provider/o", true},
		{"no principal in the request", `"*"`, policy.PrincipalNone, "", false},
		{"mixed lists", `{"RAM":"acs:ram::1:root","Service":"ecs.aliyuncs.com"}`, policy.PrincipalService, "ecs.aliyuncs.com", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":`+tt.principal+`}`),
				policy.WithKind(policy.Trust))
			d := policy.NewEvaluator(p).Evaluate(&policy.Request{
				Action: "sts:AssumeRole", PrincipalType: tt.typ, Principal: tt.who,
			})
			if d.Allowed() != tt.want {
				t.Errorf("allowed = %v, want %v", d.Allowed(), tt.want)
			}
		})
	}
}

// TestTrustIgnoresResource checks that trust statements apply whatever the request's resource,
// and that identity statements ignore the request's principal.
func TestTrustIgnoresResource(t *testing.T) {
	trust := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:root"}}`),
		policy.WithKind(policy.Trust))
	identity := parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram::1:role/r"}`))
	req := &policy.Request{Action: "sts:AssumeRole", Resource: "acs:ram::1:role/r", PrincipalType: policy.PrincipalRAM, Principal: "acs:ram::1:user/u"}
	for _, p := range []*policy.Policy{trust, identity} {
		if d := policy.NewEvaluator(p).Evaluate(req); !d.Allowed() {
			t.Errorf("%v policy: %v, want Allow", p.Kind(), d.Outcome)
		}
	}
	req.Resource = "acs:ram::1:role/other"
	if d := policy.NewEvaluator(trust).Evaluate(req); !d.Allowed() {
		t.Errorf("trust policy with another resource: %v, want Allow", d.Outcome)
	}
}
