package authz_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/policy"
)

const account = "1234567890123456"

// systemPolicies is a tiny stand-in for the catalog: two system policies by name.
func systemPolicies(t testing.TB) map[string]*policy.Policy {
	t.Helper()
	docs := map[string]string{
		"AliyunOSSFullAccess":        `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}`,
		"AliyunSTSAssumeRoleAccess":  `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`,
		"AliyunPAIEASReadOnlyAccess": `{"Version":"1","Statement":[{"Effect":"Allow","Action":["eas:Describe*","eas:List*"],"Resource":"*"}]}`,
	}
	out := map[string]*policy.Policy{}
	for name, doc := range docs {
		p, err := policy.Parse([]byte(doc), policy.WithName(name))
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		out[name] = p
	}
	return out
}

// fixture: alice is in group "readers" (EAS read-only via the group) and has OSS at account
// scope; a custom policy denies deleting OSS objects inside resource group rg-prod; bob has EAS
// read-only only within rg-dev; role "admin" trusts the account and holds OSS full access.
func fixture() *authz.Data {
	return &authz.Data{
		Revision:  7,
		AccountID: account,
		Users:     []authz.UserData{{ID: "u-alice", Name: "alice"}, {ID: "u-bob", Name: "bob"}, {ID: "u-carol", Name: "carol"}},
		Groups:    []authz.GroupData{{ID: "g-readers", Name: "readers"}},
		Members:   []authz.Membership{{GroupID: "g-readers", UserID: "u-alice"}},
		Roles: []authz.RoleData{
			{ID: "r-admin", Name: "admin", TrustPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`},
			{ID: "r-eas", Name: "AliyunServiceRoleForPaiEas", TrustPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["eas.pai.aliyuncs.com"]}}]}`},
		},
		Policies: []authz.PolicyData{
			{Name: "NoDeleteInProd", Document: `{"Version":"1","Statement":[{"Sid":"keep","Effect":"Deny","Action":"oss:DeleteObject","Resource":"*"}]}`},
		},
		Attachments: []authz.Attachment{
			{PolicyType: authz.SystemPolicy, PolicyName: "AliyunOSSFullAccess", PrincipalType: authz.UserPrincipal, PrincipalID: "u-alice"},
			{PolicyType: authz.SystemPolicy, PolicyName: "AliyunSTSAssumeRoleAccess", PrincipalType: authz.UserPrincipal, PrincipalID: "u-alice"},
			{PolicyType: authz.SystemPolicy, PolicyName: "AliyunPAIEASReadOnlyAccess", PrincipalType: authz.GroupPrincipal, PrincipalID: "g-readers"},
			{PolicyType: authz.CustomPolicy, PolicyName: "NoDeleteInProd", PrincipalType: authz.UserPrincipal, PrincipalID: "u-alice", ResourceGroupID: "rg-prod"},
			{PolicyType: authz.SystemPolicy, PolicyName: "AliyunPAIEASReadOnlyAccess", PrincipalType: authz.UserPrincipal, PrincipalID: "u-bob", ResourceGroupID: "rg-dev"},
			{PolicyType: authz.SystemPolicy, PolicyName: "AliyunOSSFullAccess", PrincipalType: authz.RolePrincipal, PrincipalID: "r-admin"},
		},
	}
}

func build(t *testing.T) *authz.Snapshot {
	t.Helper()
	s, err := authz.Build(fixture(), systemPolicies(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustCaller(t *testing.T, s *authz.Snapshot, arn string) *authz.Caller {
	t.Helper()
	c, ok := s.CallerForARN(arn)
	if !ok {
		t.Fatalf("no caller for %s", arn)
	}
	return &c
}

func TestDecide(t *testing.T) {
	s := build(t)
	alice := mustCaller(t, s, authz.UserARN(account, "alice"))
	bob := mustCaller(t, s, authz.UserARN(account, "bob"))
	carol := mustCaller(t, s, authz.UserARN(account, "carol"))
	root := authz.RootCaller(account)
	otherRoot := authz.RootCaller("9999999999999999")
	service := &authz.Caller{Type: authz.Service, Name: "eas.pai.aliyuncs.com", ARN: "eas.pai.aliyuncs.com"}

	tests := []struct {
		name   string
		caller *authz.Caller
		req    authz.Request
		want   policy.Outcome
	}{
		{"root is always allowed", &root, authz.Request{Action: "ram:DeleteUser", Resource: "acs:ram:*:" + account + ":user/x"}, policy.Allowed},
		{"another account's root is not", &otherRoot, authz.Request{Action: "ram:DeleteUser", Resource: "*"}, policy.ImplicitDeny},
		{"user's own attachment", alice, authz.Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:b/k"}, policy.Allowed},
		{"through the user's group", alice, authz.Request{Action: "eas:ListServices", Resource: "*"}, policy.Allowed},
		{"nothing grants it", alice, authz.Request{Action: "ram:CreateUser", Resource: "*"}, policy.ImplicitDeny},
		{"account-scope allow outside the deny's group", alice, authz.Request{Action: "oss:DeleteObject", Resource: "acs:oss:*:*:b/k"}, policy.Allowed},
		{"resource-group deny beats account-scope allow", alice, authz.Request{Action: "oss:DeleteObject", Resource: "acs:oss:*:*:b/k", ResourceGroupID: "rg-prod"}, policy.ExplicitDeny},
		{"resource-group grant inside its group", bob, authz.Request{Action: "eas:DescribeService", Resource: "*", ResourceGroupID: "rg-dev"}, policy.Allowed},
		{"resource-group grant outside its group", bob, authz.Request{Action: "eas:DescribeService", Resource: "*", ResourceGroupID: "rg-prod"}, policy.ImplicitDeny},
		{"resource-group grant with no group", bob, authz.Request{Action: "eas:DescribeService", Resource: "*"}, policy.ImplicitDeny},
		{"user without attachments", carol, authz.Request{Action: "oss:GetObject", Resource: "*"}, policy.ImplicitDeny},
		{"a service holds no policies", service, authz.Request{Action: "oss:GetObject", Resource: "*"}, policy.ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Decide(tt.caller, &tt.req).Outcome; got != tt.want {
				t.Errorf("Decide = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDecideReportsMatches(t *testing.T) {
	s := build(t)
	alice := mustCaller(t, s, authz.UserARN(account, "alice"))
	d := s.Decide(alice, &authz.Request{Action: "oss:DeleteObject", Resource: "acs:oss:*:*:b/k", ResourceGroupID: "rg-prod"})
	want := []authz.Match{
		{PolicyType: authz.SystemPolicy, PolicyName: "AliyunOSSFullAccess", Statement: 0, Effect: policy.Allow},
		{PolicyType: authz.CustomPolicy, PolicyName: "NoDeleteInProd", Statement: 0, Sid: "keep", Effect: policy.Deny, ResourceGroupID: "rg-prod"},
	}
	if diff := cmp.Diff(want, d.Matches); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
}

func TestSessionPolicyNarrowsRole(t *testing.T) {
	s := build(t)
	session := mustCaller(t, s, authz.AssumedRoleARN(account, "admin", "s1"))
	onlyGet, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`),
		policy.WithKind(policy.Session), policy.WithName("session"))
	if err != nil {
		t.Fatal(err)
	}
	get := &authz.Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:b/k"}
	put := &authz.Request{Action: "oss:PutObject", Resource: "acs:oss:*:*:b/k"}

	if got := s.Decide(session, put).Outcome; got != policy.Allowed {
		t.Fatalf("without a session policy the role's policies apply: got %v", got)
	}
	session.SessionPolicy = policy.NewEvaluator(onlyGet)
	if got := s.Decide(session, get).Outcome; got != policy.Allowed {
		t.Errorf("allowed by both: got %v", got)
	}
	if got := s.Decide(session, put).Outcome; got != policy.ImplicitDeny {
		t.Errorf("allowed by the role but not the session policy: got %v", got)
	}
	d := s.Decide(session, get)
	if n := len(d.Matches); n != 2 || !d.Matches[1].Session {
		t.Errorf("want the role's and the session's match, got %+v", d.Matches)
	}
}

func TestCanAssumeRole(t *testing.T) {
	s := build(t)
	alice := mustCaller(t, s, authz.UserARN(account, "alice"))
	carol := mustCaller(t, s, authz.UserARN(account, "carol"))
	root := authz.RootCaller(account)
	eas := &authz.Caller{Type: authz.Service, Name: "eas.pai.aliyuncs.com", ARN: "eas.pai.aliyuncs.com"}
	dsw := &authz.Caller{Type: authz.Service, Name: "dsw.pai.aliyuncs.com", ARN: "dsw.pai.aliyuncs.com"}

	tests := []struct {
		name   string
		caller *authz.Caller
		role   string
		want   bool
	}{
		{"trusted account, caller may assume", alice, "admin", true},
		{"role names are case-insensitive", alice, "ADMIN", true},
		{"trusted account, caller lacks sts:AssumeRole", carol, "admin", false},
		{"a user may not assume a service's role", alice, "AliyunServiceRoleForPaiEas", false},
		{"the trusted service", eas, "AliyunServiceRoleForPaiEas", true},
		{"another service", dsw, "AliyunServiceRoleForPaiEas", false},
		{"a service not trusted by an account role", eas, "admin", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := s.CanAssumeRole(tt.caller, tt.role, policy.Context{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed() != tt.want {
				t.Errorf("Allowed = %v (identity %v, trust %v), want %v", d.Allowed(), d.Identity.Outcome, d.Trust, tt.want)
			}
		})
	}

	if _, err := s.CanAssumeRole(&root, "admin", policy.Context{}); !errors.Is(err, authz.ErrRootCannotAssume) {
		t.Errorf("root: err = %v, want ErrRootCannotAssume", err)
	}
	if _, err := s.CanAssumeRole(alice, "nope", policy.Context{}); !errors.Is(err, authz.ErrNoSuchRole) {
		t.Errorf("missing role: err = %v, want ErrNoSuchRole", err)
	}
}

func TestBuildRejectsDanglingAttachment(t *testing.T) {
	d := fixture()
	d.Attachments = append(d.Attachments, authz.Attachment{PolicyType: authz.CustomPolicy, PolicyName: "Gone", PrincipalType: authz.UserPrincipal, PrincipalID: "u-bob"})
	if _, err := authz.Build(d, systemPolicies(t), nil); err == nil {
		t.Fatal("Build accepted an attachment of a policy that does not exist")
	}
}

func TestBuildRejectsBrokenDocument(t *testing.T) {
	d := fixture()
	d.Policies[0].Document = `{"Version":"1","Statement":[{"Effect":"Alow","Action":"*","Resource":"*"}]}`
	if _, err := authz.Build(d, systemPolicies(t), nil); err == nil {
		t.Fatal("Build accepted a document that does not parse")
	}
}

func TestRebuildSeesChanges(t *testing.T) {
	sys := systemPolicies(t)
	prev, err := authz.Build(fixture(), sys, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := fixture()
	d.Revision = 8
	d.Policies[0].Document = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:DeleteObject","Resource":"*"}]}`
	next, err := authz.Build(d, sys, prev)
	if err != nil {
		t.Fatal(err)
	}
	alice := mustCaller(t, next, authz.UserARN(account, "alice"))
	req := &authz.Request{Action: "oss:DeleteObject", Resource: "acs:oss:*:*:b/k", ResourceGroupID: "rg-prod"}
	if got := next.Decide(alice, req).Outcome; got != policy.Allowed {
		t.Errorf("after the policy changed: got %v, want Allowed", got)
	}
	if got := prev.Decide(alice, req).Outcome; got != policy.ExplicitDeny {
		t.Errorf("the previous snapshot must not change: got %v", got)
	}
	if next.Revision() != 8 {
		t.Errorf("Revision = %d", next.Revision())
	}
}

func TestCallerForARN(t *testing.T) {
	s := build(t)
	tests := []struct {
		arn  string
		want authz.Caller
		ok   bool
	}{
		{"acs:ram::" + account + ":root", authz.RootCaller(account), true},
		{"acs:ram::" + account + ":user/ALICE", authz.Caller{Type: authz.User, AccountID: account, ID: "u-alice", Name: "alice", ARN: authz.UserARN(account, "alice")}, true},
		{"acs:ram::" + account + ":role/admin/s1", authz.Caller{Type: authz.RoleSession, AccountID: account, ID: "r-admin", Name: "admin", SessionName: "s1", ARN: authz.AssumedRoleARN(account, "admin", "s1")}, true},
		{"acs:ram::" + account + ":user/nobody", authz.Caller{}, false},
		{"acs:ram::1111111111111111:user/alice", authz.Caller{}, false},
	}
	for _, tt := range tests {
		got, ok := s.CallerForARN(tt.arn)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v", tt.arn, ok)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(policy.Context{}), cmp.AllowUnexported(policy.Evaluator{})); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.arn, diff)
		}
	}
}
