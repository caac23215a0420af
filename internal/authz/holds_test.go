package authz_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
)

func TestMissingSystemPolicies(t *testing.T) {
	s := build(t)
	want := []string{"AliyunOSSFullAccess", "AliyunPAIEASReadOnlyAccess", "AliyunSTSAssumeRoleAccess"}
	tests := []struct {
		name   string
		caller *authz.Caller
		miss   []string
	}{
		{"root holds everything", mustCaller(t, s, authz.RootARN(account)), nil},
		{"a user: direct attachments and its group's", mustCaller(t, s, authz.UserARN(account, "alice")), nil},
		{"resource-group scope does not count", mustCaller(t, s, authz.UserARN(account, "bob")), want},
		{"a user without policies", mustCaller(t, s, authz.UserARN(account, "carol")), want},
		{"a role session holds its role's", mustCaller(t, s, authz.AssumedRoleARN(account, "admin", "s")),
			[]string{"AliyunPAIEASReadOnlyAccess", "AliyunSTSAssumeRoleAccess"}},
		{"a service holds nothing", &authz.Caller{Type: authz.Service, Name: "eas.pai.aliyuncs.com", ARN: "eas.pai.aliyuncs.com"}, want},
		{"another account's root", &authz.Caller{Type: authz.Root, AccountID: "9"}, want},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.miss, s.MissingSystemPolicies(tt.caller, want)); diff != "" {
				t.Errorf("missing (-want +got):\n%s", diff)
			}
		})
	}
}
