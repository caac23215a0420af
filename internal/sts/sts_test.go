package sts_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/sts"
	"github.com/rampart-iam/rampart/policy"
)

const account = "1234567890123456"

var now = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

const (
	trustAccount = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`
	trustBob     = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:user/bob"]}}]}`
	trustExtID   = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]},"Condition":{"StringEquals":{"sts:ExternalId":"abc-123"}}}]}`
	allowAssume  = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`
	denyAssume   = `{"Version":"1","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"acs:ram::*:role/admin"}]}`
	allowAll     = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
)

// fixture is an account with users alice (may assume any role), bob (may assume, but denied on
// admin) and carol (no policies), and roles admin (trusts the account, full access), bobonly
// (trusts bob only) and partner (needs ExternalId abc-123).
type fixture struct {
	svc   *sts.Service
	snap  *authz.Snapshot
	box   *secrets.Box
	audit *auditLog
}

type auditLog struct {
	mu      sync.Mutex
	records []store.AuditRecord
	err     error
}

func (a *auditLog) append(_ context.Context, r store.AuditRecord) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return a.err
	}
	a.records = append(a.records, r)
	return nil
}

var roles = map[string]sts.Role{
	"admin":   {ID: "3000000000000001", Name: "admin", MaxSessionDuration: 7200},
	"bobonly": {ID: "3000000000000002", Name: "bobonly", MaxSessionDuration: 3600},
	"partner": {ID: "3000000000000003", Name: "partner", MaxSessionDuration: 3600},
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	snap, err := authz.Build(&authz.Data{
		AccountID: account,
		Users:     []authz.UserData{{ID: "2000000000000001", Name: "alice"}, {ID: "2000000000000002", Name: "bob"}, {ID: "2000000000000003", Name: "carol"}},
		Roles: []authz.RoleData{
			{ID: "3000000000000001", Name: "admin", TrustPolicy: trustAccount},
			{ID: "3000000000000002", Name: "bobonly", TrustPolicy: trustBob},
			{ID: "3000000000000003", Name: "partner", TrustPolicy: trustExtID},
		},
		Policies: []authz.PolicyData{{Name: "assume", Document: allowAssume}, {Name: "deny-admin", Document: denyAssume}, {Name: "all", Document: allowAll}},
		Attachments: []authz.Attachment{
			{PolicyType: authz.CustomPolicy, PolicyName: "assume", PrincipalType: authz.UserPrincipal, PrincipalID: "2000000000000001"},
			{PolicyType: authz.CustomPolicy, PolicyName: "assume", PrincipalType: authz.UserPrincipal, PrincipalID: "2000000000000002"},
			{PolicyType: authz.CustomPolicy, PolicyName: "deny-admin", PrincipalType: authz.UserPrincipal, PrincipalID: "2000000000000002"},
			{PolicyType: authz.CustomPolicy, PolicyName: "all", PrincipalType: authz.RolePrincipal, PrincipalID: "3000000000000001"},
		},
	}, map[string]*policy.Policy{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	box := newBox(t, 1)
	log := &auditLog{}
	svc, err := sts.New(sts.Options{
		Snapshot: func() *authz.Snapshot { return snap },
		Role: func(_ context.Context, name string) (sts.Role, error) {
			r, ok := roles[strings.ToLower(name)]
			if !ok {
				return sts.Role{}, errs.E(errs.NotFound, "EntityNotExist.Role", "no")
			}
			return r, nil
		},
		Box:   box,
		IDs:   secrets.NewIDGen(nil),
		Audit: log.append,
		Now:   func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{svc: svc, snap: snap, box: box, audit: log}
}

func newBox(t *testing.T, fill byte) *secrets.Box {
	t.Helper()
	key, err := secrets.NewMasterKey([]byte(strings.Repeat(string(rune(fill)), secrets.MasterKeySize)))
	if err != nil {
		t.Fatal(err)
	}
	box, err := secrets.NewBox(key)
	if err != nil {
		t.Fatal(err)
	}
	return box
}

func (f *fixture) user(t *testing.T, name string) *authz.Caller {
	t.Helper()
	c, ok := f.snap.CallerForARN(authz.UserARN(account, name))
	if !ok {
		t.Fatalf("no user %s", name)
	}
	return &c
}

func roleARN(name string) string { return "acs:ram::" + account + ":role/" + name }

func TestAssumeRole(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.AssumeRole(context.Background(), f.user(t, "alice"), sts.AssumeRoleInput{
		RequestID: "R1", RoleArn: roleARN("ADMIN"), RoleSessionName: "alice@laptop", DurationSeconds: 7200,
	})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Credentials
	if !regexp.MustCompile(`^STS\.[0-9A-Za-z]{20}$`).MatchString(c.AccessKeyID) || len(c.AccessKeySecret.Reveal()) != 30 || c.SecurityToken == "" {
		t.Errorf("credentials = %s / %d-char secret / %q", c.AccessKeyID, len(c.AccessKeySecret.Reveal()), c.SecurityToken)
	}
	if want := now.Add(2 * time.Hour); !c.Expiration.Equal(want) {
		t.Errorf("Expiration = %v, want %v", c.Expiration, want)
	}
	want := sts.AssumedRoleUser{ARN: "acs:ram::" + account + ":role/admin/alice@laptop", AssumedRoleID: "3000000000000001:alice@laptop"}
	if diff := cmp.Diff(want, res.AssumedRoleUser); diff != "" {
		t.Errorf("AssumedRoleUser (-want +got):\n%s", diff)
	}
	if len(f.audit.records) != 1 || f.audit.records[0].Result != "Success" || f.audit.records[0].Target != roleARN("admin") ||
		!strings.Contains(f.audit.records[0].Detail, c.AccessKeyID) || strings.Contains(f.audit.records[0].Detail, c.AccessKeySecret.Reveal()) {
		t.Errorf("audit = %+v", f.audit.records)
	}

	// The credentials authenticate as the role session, until they expire.
	sess, err := f.svc.Session(c.AccessKeyID, c.SecurityToken)
	if err != nil {
		t.Fatal(err)
	}
	if sess.Caller.Type != authz.RoleSession || sess.Caller.ARN != want.ARN || sess.Caller.ID != "3000000000000001" ||
		sess.Secret != c.AccessKeySecret || !sess.Expiration.Equal(c.Expiration) || sess.AssumedBy != authz.UserARN(account, "alice") {
		t.Errorf("session = %+v", sess)
	}
}

func TestAssumeRoleErrors(t *testing.T) {
	long := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"` + strings.Repeat("a", 2048) + `"}]}`
	// 2048 characters (the limit counts characters), 3 bytes each in the resource name.
	wide := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"` + strings.Repeat("数", 1963) + `"}]}`
	tests := []struct {
		name       string
		caller     string // "" for root
		in         sts.AssumeRoleInput
		wantCode   string
		wantDenial string
	}{
		{"root", "", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1"}, "NoPermission", ""},
		{"no permission", "carol", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1"}, "NoPermission", "ImplicitDeny"},
		{"explicit deny beats allow", "bob", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1"}, "NoPermission", "ExplicitDeny"},
		{"trust policy names someone else", "alice", sts.AssumeRoleInput{RoleArn: roleARN("bobonly"), RoleSessionName: "s1"}, "NoPermission", "ImplicitDeny"},
		{"trusted", "bob", sts.AssumeRoleInput{RoleArn: roleARN("bobonly"), RoleSessionName: "s1"}, "", ""},
		{"external ID required", "alice", sts.AssumeRoleInput{RoleArn: roleARN("partner"), RoleSessionName: "s1"}, "NoPermission", "ImplicitDeny"},
		{"wrong external ID", "alice", sts.AssumeRoleInput{RoleArn: roleARN("partner"), RoleSessionName: "s1", ExternalID: "abc-124"}, "NoPermission", "ImplicitDeny"},
		{"external ID", "alice", sts.AssumeRoleInput{RoleArn: roleARN("partner"), RoleSessionName: "s1", ExternalID: "abc-123"}, "", ""},
		{"unknown role", "alice", sts.AssumeRoleInput{RoleArn: roleARN("ghost"), RoleSessionName: "s1"}, "EntityNotExist.Role", ""},
		{"other account", "alice", sts.AssumeRoleInput{RoleArn: "acs:ram::999:role/admin", RoleSessionName: "s1"}, "EntityNotExist.Role", ""},
		// Without sts:AssumeRole a caller cannot tell a missing role from one it may not assume,
		// nor learn a role's MaxSessionDuration.
		{"unknown role, no permission", "carol", sts.AssumeRoleInput{RoleArn: roleARN("ghost"), RoleSessionName: "s1"}, "NoPermission", "ImplicitDeny"},
		{"other account, no permission", "carol", sts.AssumeRoleInput{RoleArn: "acs:ram::999:role/admin", RoleSessionName: "s1"}, "NoPermission", "ImplicitDeny"},
		{"beyond MaxSessionDuration, no permission", "carol", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1", DurationSeconds: 7201}, "NoPermission", "ImplicitDeny"},
		{"no RoleArn", "alice", sts.AssumeRoleInput{RoleSessionName: "s1"}, "MissingParameter", ""},
		{"no session name", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin")}, "MissingParameter", ""},
		{"malformed RoleArn", "alice", sts.AssumeRoleInput{RoleArn: "acs:ram::x:role/admin", RoleSessionName: "s1"}, "InvalidParameter.RoleArn", ""},
		{"user ARN", "alice", sts.AssumeRoleInput{RoleArn: "acs:ram::" + account + ":user/admin", RoleSessionName: "s1"}, "InvalidParameter.RoleArn", ""},
		{"one-character session name", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s"}, "InvalidParameter.RoleSessionName", ""},
		{"65-character session name", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: strings.Repeat("s", 65)}, "InvalidParameter.RoleSessionName", ""},
		{"64-character session name", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: strings.Repeat("s", 64)}, "", ""},
		{"space in session name", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "a b"}, "InvalidParameter.RoleSessionName", ""},
		{"899 seconds", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1", DurationSeconds: 899}, "InvalidParameter.DurationSeconds", ""},
		{"900 seconds", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1", DurationSeconds: 900}, "", ""},
		{"beyond MaxSessionDuration", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1", DurationSeconds: 7201}, "InvalidParameter.DurationSeconds", ""},
		{"policy too long", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1", Policy: long}, "InvalidParameter.PolicySize", ""},
		{"policy of 2048 characters, more bytes", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1", Policy: wide}, "", ""},
		{"policy grammar", "alice", sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1", Policy: `{"Version":"1","Statement":[{"Effect":"Alow","Action":"*","Resource":"*"}]}`}, "InvalidParameter.PolicyGrammar", ""},
		{"external ID charset", "alice", sts.AssumeRoleInput{RoleArn: roleARN("partner"), RoleSessionName: "s1", ExternalID: "a b"}, "InvalidParameter.ExternalId", ""},
	}
	refusedByTrust := map[string]bool{"trust policy names someone else": true, "external ID required": true, "wrong external ID": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			caller := authz.RootCaller(account)
			if tt.caller != "" {
				caller = *f.user(t, tt.caller)
			}
			_, err := f.svc.AssumeRole(context.Background(), &caller, tt.in)
			got := ""
			if err != nil {
				got = errs.CodeOf(err)
			}
			if got != tt.wantCode {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.wantCode)
			}
			if tt.wantDenial == "" {
				return
			}
			d := errs.As(err).Denial
			want := &errs.Denial{Action: "sts:AssumeRole", Resource: tt.in.RoleArn,
				PrincipalType: "SubUser", PrincipalDisplayName: tt.caller, PrincipalOwnerID: account, PolicyType: tt.wantDenial}
			if refusedByTrust[tt.name] {
				// The caller holds sts:AssumeRole: the advice is to change the trust policy.
				want.Recommend = "Allow " + authz.UserARN(account, tt.caller) + " in the trust policy (AssumeRolePolicyDocument) of " +
					want.Resource + ", or remove the Deny that matched there."
			}
			if diff := cmp.Diff(want, d); diff != "" {
				t.Errorf("denial (-want +got):\n%s", diff)
			}
			if len(f.audit.records) != 1 || f.audit.records[0].Result != "NoPermission" {
				t.Errorf("a denial should be audited: %+v", f.audit.records)
			}
		})
	}
}

func TestAssumeRoleAuditFailure(t *testing.T) {
	f := newFixture(t)
	f.audit.err = errors.New("disk full")
	_, err := f.svc.AssumeRole(context.Background(), f.user(t, "alice"), sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1"})
	if errs.KindOf(err) != errs.Internal {
		t.Errorf("credentials were issued without an audit record: err = %v", err)
	}
}

// A session policy narrows the role: the session may do only what both allow.
func TestSessionPolicyNarrowsRole(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.AssumeRole(context.Background(), f.user(t, "alice"), sts.AssumeRoleInput{
		RoleArn: roleARN("admin"), RoleSessionName: "narrow",
		Policy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get*","Resource":"*"}]}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := f.svc.Session(res.Credentials.AccessKeyID, res.Credentials.SecurityToken)
	if err != nil {
		t.Fatal(err)
	}
	for action, want := range map[string]bool{"ram:GetUser": true, "ram:CreateUser": false} {
		d := f.snap.Decide(&sess.Caller, &authz.Request{Action: action, Resource: "acs:ram::" + account + ":user/x"})
		if d.Allowed() != want {
			t.Errorf("%s allowed = %v, want %v", action, d.Allowed(), want)
		}
	}
	// Opening the same token again reuses the compiled policy.
	again, _ := f.svc.Session(res.Credentials.AccessKeyID, res.Credentials.SecurityToken)
	if again.Caller.SessionPolicy != sess.Caller.SessionPolicy {
		t.Error("the session policy was compiled twice")
	}
}

func TestSessionTokenErrors(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.AssumeRole(context.Background(), f.user(t, "alice"), sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Credentials
	other, _ := f.svc.AssumeRole(context.Background(), f.user(t, "alice"), sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s2"})
	tampered := []byte(c.SecurityToken)
	tampered[len(tampered)-5] ^= 1
	if tampered[len(tampered)-5] == '-'^1 || tampered[len(tampered)-5] == '_'^1 {
		tampered[len(tampered)-5] = 'A'
	}

	// The same token under another master key (another deployment) does not open.
	g := newFixture(t)
	g2, err := sts.New(sts.Options{Snapshot: func() *authz.Snapshot { return g.snap }, Role: func(context.Context, string) (sts.Role, error) { return roles["admin"], nil },
		Box: newBox(t, 2), IDs: secrets.NewIDGen(nil)})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		svc       *sts.Service
		id, token string
		want      string
	}{
		{"valid", f.svc, c.AccessKeyID, c.SecurityToken, ""},
		{"another key's token", f.svc, other.Credentials.AccessKeyID, c.SecurityToken, "InvalidSecurityToken.MismatchWithAccessKey"},
		{"not base64", f.svc, c.AccessKeyID, "%%%", "InvalidSecurityToken.Malformed"},
		{"empty", f.svc, c.AccessKeyID, "AA", "InvalidSecurityToken.Malformed"},
		{"tampered", f.svc, c.AccessKeyID, string(tampered), "InvalidSecurityToken.Malformed"},
		{"other master key", g2, c.AccessKeyID, c.SecurityToken, "InvalidSecurityToken.Malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.svc.Session(tt.id, tt.token)
			got := ""
			if err != nil {
				got = errs.CodeOf(err)
			}
			if got != tt.want {
				t.Errorf("code = %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

func TestGetCallerIdentity(t *testing.T) {
	f := newFixture(t)
	root := authz.RootCaller(account)
	res, err := f.svc.AssumeRole(context.Background(), f.user(t, "alice"), sts.AssumeRoleInput{RoleArn: roleARN("admin"), RoleSessionName: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	sess, _ := f.svc.Session(res.Credentials.AccessKeyID, res.Credentials.SecurityToken)
	tests := []struct {
		name   string
		caller *authz.Caller
		want   sts.Identity
	}{
		{"root", &root, sts.Identity{IdentityType: "Account", AccountID: account, ARN: "acs:ram::" + account + ":root", PrincipalID: account, UserID: account}},
		{"user", f.user(t, "alice"), sts.Identity{IdentityType: "RAMUser", AccountID: account, ARN: "acs:ram::" + account + ":user/alice", PrincipalID: "2000000000000001", UserID: "2000000000000001"}},
		{"role session", &sess.Caller, sts.Identity{IdentityType: "AssumedRoleUser", AccountID: account, ARN: "acs:ram::" + account + ":role/admin/s1", PrincipalID: "3000000000000001:s1", RoleID: "3000000000000001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, f.svc.GetCallerIdentity(tt.caller)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSourceIdentity(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.AssumeRole(context.Background(), f.user(t, "alice"), sts.AssumeRoleInput{
		RequestID: "R1", RoleArn: roleARN("admin"), RoleSessionName: "s1", SourceIdentity: "Alice",
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.SourceIdentity != "Alice" || len(f.audit.records) != 1 || !strings.Contains(f.audit.records[0].Detail, `"SourceIdentity":"Alice"`) {
		t.Errorf("SourceIdentity = %q, audit = %+v", res.SourceIdentity, f.audit.records)
	}
	// The token carries it, so the session passes it on.
	sess, err := f.svc.Session(res.Credentials.AccessKeyID, res.Credentials.SecurityToken)
	if err != nil {
		t.Fatal(err)
	}
	if sess.Caller.SourceIdentity != "Alice" {
		t.Errorf("session SourceIdentity = %q, want Alice", sess.Caller.SourceIdentity)
	}
	// It cannot be changed along the chain; the refusal is recorded nowhere, as bad input.
	_, err = f.svc.AssumeRole(context.Background(), &sess.Caller, sts.AssumeRoleInput{
		RequestID: "R2", RoleArn: roleARN("admin"), RoleSessionName: "s2", SourceIdentity: "Mallory",
	})
	if errs.CodeOf(err) != "InvalidParameter.SourceIdentity" || len(f.audit.records) != 1 {
		t.Errorf("err = %v, audit = %d records", err, len(f.audit.records))
	}
}
