package authz_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/policy"
)

func TestCallerDenial(t *testing.T) {
	root := authz.RootCaller("1234567890123456")
	tests := []struct {
		name    string
		caller  authz.Caller
		outcome policy.Outcome
		want    errs.Denial
	}{
		{"root", root, policy.ImplicitDeny, errs.Denial{PrincipalType: root.Type.String(),
			PrincipalDisplayName: "1234567890123456", PolicyType: "ImplicitDeny"}},
		{"user, a Deny matched", authz.Caller{Type: authz.User, Name: "alice"}, policy.ExplicitDeny,
			errs.Denial{PrincipalType: authz.User.String(), PrincipalDisplayName: "alice", PolicyType: "ExplicitDeny"}},
		{"role session", authz.Caller{Type: authz.RoleSession, Name: "ops", SessionName: "night"}, policy.ImplicitDeny,
			errs.Denial{PrincipalType: authz.RoleSession.String(), PrincipalDisplayName: "ops:night", PolicyType: "ImplicitDeny"}},
		{"service", authz.Caller{Type: authz.Service, Name: "eas.pai.aliyuncs.com"}, policy.Allowed,
			errs.Denial{PrincipalType: authz.Service.String(), PrincipalDisplayName: "eas.pai.aliyuncs.com", PolicyType: "ImplicitDeny"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.Action, tt.want.Resource, tt.want.PrincipalOwnerID = "ram:GetUser", "acs:ram:*:1:user/bob", tt.caller.AccountID
			if diff := cmp.Diff(&tt.want, tt.caller.Denial("ram:GetUser", "acs:ram:*:1:user/bob", tt.outcome)); diff != "" {
				t.Errorf("Denial (-want +got):\n%s", diff)
			}
		})
	}
}
