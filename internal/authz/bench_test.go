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
