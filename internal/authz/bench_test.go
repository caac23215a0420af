package authz_test

import (
	"testing"

	"github.com/rampart-iam/rampart/internal/authz"
)

func BenchmarkDecide(b *testing.B) {
	s, err := authz.Build(fixture(), systemPolicies(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	alice, _ := s.CallerForARN(authz.UserARN(account, "alice"))
	cases := map[string]*authz.Request{
		"allow":        {Action: "oss:GetObject", Resource: "acs:oss:*:*:b/k"},
		"implicitDeny": {Action: "ram:CreateUser", Resource: "*"},
		"explicitDeny": {Action: "oss:DeleteObject", Resource: "acs:oss:*:*:b/k", ResourceGroupID: "rg-prod"},
	}
	for name, req := range cases {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.Decide(&alice, req)
			}
		})
	}
}

func BenchmarkDecideWorkspace(b *testing.B) {
	s := workspaceFixture(b)
	dev, _ := s.CallerForARN(authz.UserARN(account, "dev"))
	dave, _ := s.CallerForARN(authz.UserARN(account, "dave"))
	cases := map[string]struct {
		caller *authz.Caller
		req    authz.WorkspaceRequest
	}{
		"roleAllow":   {&dev, wsReq("paidlc:CreateJob", jobs100, "100", authz.ResourceAttributes{})},
		"ruleDeny":    {&dev, wsReq("paidlc:GetJob", jobs100, "100", authz.ResourceAttributes{Accessibility: "PRIVATE", Creator: "u-owen"})},
		"ramDeny":     {&dave, wsReq("paidlc:CreateJob", jobs100, "100", authz.ResourceAttributes{})},
		"memberGrant": {&dev, wsReq("oss:GetObject", "acs:oss:*:"+account+":ws100-bucket/data/x", "100", authz.ResourceAttributes{})},
		"notAMember":  {&dev, wsReq("paidlc:CreateJob", jobs100, "999", authz.ResourceAttributes{})},
	}
	for name, c := range cases {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.DecideWorkspace(c.caller, &c.req)
			}
		})
	}
}
