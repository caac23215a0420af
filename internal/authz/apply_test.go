package authz_test

import (
	"fmt"
	"testing"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/policy"
)

// TestApply patches the fixture with one change each, after a decision cached the principal's
// grants on the old snapshot: the new snapshot must answer from the change (a revoke is never
// honoured late), and the old one as before.
func TestApply(t *testing.T) {
	customDoc := func(effect string) string {
		return `{"Version":"1","Statement":[{"Effect":"` + effect + `","Action":"eas:ListServices","Resource":"*"}]}`
	}
	listServices := authz.Request{Action: "eas:ListServices", Resource: "*"}
	getObject := authz.Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:b/k"}
	tests := []struct {
		name          string
		delta         authz.Delta
		caller        string // an ARN
		req           authz.Request
		before, after policy.Outcome
	}{
		{"detach from the user", authz.Delta{Attachments: []authz.PrincipalAttachments{{PrincipalType: authz.UserPrincipal, PrincipalID: "u-alice"}}},
			authz.UserARN(account, "alice"), getObject, policy.Allowed, policy.ImplicitDeny},
		{"detach from the user's group", authz.Delta{Attachments: []authz.PrincipalAttachments{{PrincipalType: authz.GroupPrincipal, PrincipalID: "g-readers"}}},
			authz.UserARN(account, "alice"), listServices, policy.Allowed, policy.ImplicitDeny},
		{"take the user out of its group", authz.Delta{Users: []authz.UserState{{UserData: authz.UserData{ID: "u-alice", Name: "alice"}}}},
			authz.UserARN(account, "alice"), listServices, policy.Allowed, policy.ImplicitDeny},
		{"put a user in a group", authz.Delta{Users: []authz.UserState{{UserData: authz.UserData{ID: "u-carol", Name: "carol"}, Groups: []string{"g-readers"}}}},
			authz.UserARN(account, "carol"), listServices, policy.ImplicitDeny, policy.Allowed},
		{"attach to a role", authz.Delta{Attachments: []authz.PrincipalAttachments{{PrincipalType: authz.RolePrincipal, PrincipalID: "r-admin",
			Attachments: []authz.Attachment{{PolicyType: authz.SystemPolicy, PolicyName: "AliyunPAIEASReadOnlyAccess"}}}}},
			authz.AssumedRoleARN(account, "admin", "s"), listServices, policy.ImplicitDeny, policy.Allowed},
		{"a new version of a group's custom policy", authz.Delta{Policies: []authz.PolicyData{{Name: "NoDeleteInProd", Document: customDoc("Deny")}},
			Attachments: []authz.PrincipalAttachments{{PrincipalType: authz.GroupPrincipal, PrincipalID: "g-readers",
				Attachments: []authz.Attachment{{PolicyType: authz.SystemPolicy, PolicyName: "AliyunPAIEASReadOnlyAccess"}, {PolicyType: authz.CustomPolicy, PolicyName: "NoDeleteInProd"}}}}},
			authz.UserARN(account, "alice"), listServices, policy.Allowed, policy.ExplicitDeny},
		{"a new version of a user's custom policy", authz.Delta{Policies: []authz.PolicyData{{Name: "NoDeleteInProd", Document: customDoc("Deny")}}},
			authz.UserARN(account, "alice"), authz.Request{Action: "eas:ListServices", Resource: "*", ResourceGroupID: "rg-prod"}, policy.Allowed, policy.ExplicitDeny},
		{"delete the user", authz.Delta{DeletedUsers: []string{"u-alice"}, Attachments: []authz.PrincipalAttachments{{PrincipalType: authz.UserPrincipal, PrincipalID: "u-alice"}}},
			authz.UserARN(account, "alice"), getObject, policy.Allowed, policy.ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := build(t)
			caller := mustCaller(t, prev, tt.caller)
			if got := prev.Decide(caller, &tt.req).Outcome; got != tt.before {
				t.Fatalf("before: %v, want %v", got, tt.before)
			}
			tt.delta.Revision = prev.Revision() + 1
			next, err := prev.Apply(&tt.delta)
			if err != nil {
				t.Fatal(err)
			}
			if got := next.Decide(caller, &tt.req).Outcome; got != tt.after {
				t.Errorf("after: %v, want %v", got, tt.after)
			}
			if got := prev.Decide(caller, &tt.req).Outcome; got != tt.before {
				t.Errorf("the old snapshot changed: %v, want %v", got, tt.before)
			}
			if next.Revision() != tt.delta.Revision || prev.Revision() != tt.delta.Revision-1 {
				t.Errorf("revisions %d and %d", prev.Revision(), next.Revision())
			}
		})
	}
}

// TestApplyRefuses checks that Apply fails where Build would, and on an older delta.
func TestApplyRefuses(t *testing.T) {
	tests := []struct {
		name  string
		delta authz.Delta
	}{
		{"a document that does not parse", authz.Delta{Revision: 8, Policies: []authz.PolicyData{{Name: "NoDeleteInProd", Document: `{"Version":"1","Statement":[{"Effect":"Alow","Action":"*","Resource":"*"}]}`}}}},
		{"a trust policy that does not parse", authz.Delta{Revision: 8, Roles: []authz.RoleData{{ID: "r-admin", Name: "admin", TrustPolicy: `{}`}}}},
		{"deleting a policy still attached", authz.Delta{Revision: 8, DeletedPolicies: []string{"nodeleteinprod"}}},
		{"attaching a policy that does not exist", authz.Delta{Revision: 8, Attachments: []authz.PrincipalAttachments{{PrincipalType: authz.UserPrincipal, PrincipalID: "u-bob",
			Attachments: []authz.Attachment{{PolicyType: authz.CustomPolicy, PolicyName: "Gone"}}}}}},
		{"an older revision", authz.Delta{Revision: 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := build(t).Apply(&tt.delta); err == nil {
				t.Error("Apply accepted it")
			}
		})
	}
}

// TestApplyWhileDeciding patches snapshot after snapshot while other goroutines decide on the
// ones before, as a server does; under -race it checks that they share compiled grants safely.
// Every snapshot must answer from its own revision: alice holds OSS access at odd revisions only.
func TestApplyWhileDeciding(t *testing.T) {
	s := build(t)
	alice := mustCaller(t, s, authz.UserARN(account, "alice"))
	get := &authz.Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:b/k"}
	want := func(s *authz.Snapshot) policy.Outcome {
		if s.Revision()%2 == 1 {
			return policy.Allowed
		}
		return policy.ImplicitDeny
	}
	snapshots := make(chan *authz.Snapshot, 100)
	done := make(chan error)
	for range 2 {
		go func() {
			var seen []*authz.Snapshot
			for s := range snapshots {
				seen = append(seen, s)
				for _, old := range seen {
					if got := old.Decide(alice, get).Outcome; got != want(old) {
						done <- fmt.Errorf("revision %d: %v, want %v", old.Revision(), got, want(old))
						return
					}
				}
			}
			done <- nil
		}()
	}
	oss := []authz.Attachment{{PolicyType: authz.SystemPolicy, PolicyName: "AliyunOSSFullAccess"}}
	first := s.Revision() + 1
	for rev := first; rev < first+60; rev++ {
		pa := authz.PrincipalAttachments{PrincipalType: authz.UserPrincipal, PrincipalID: "u-alice"}
		if rev%2 == 1 {
			pa.Attachments = oss
		}
		next, err := s.Apply(&authz.Delta{Revision: rev, Attachments: []authz.PrincipalAttachments{pa}})
		if err != nil {
			t.Fatal(err)
		}
		snapshots <- next
		snapshots <- next
		if got := next.Decide(alice, get).Outcome; got != want(next) {
			t.Fatalf("revision %d: %v, want %v", rev, got, want(next))
		}
		s = next
	}
	close(snapshots)
	for range 2 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
