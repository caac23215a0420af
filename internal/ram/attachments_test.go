package ram_test

import (
	"context"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestAttachments(t *testing.T) { forEachBackend(t, testAttachments) }

func testAttachments(t *testing.T, b backend) {
	limits := ram.DefaultLimits()
	limits.SystemPoliciesPerPrincipal = 2
	limits.CustomPoliciesPerPrincipal = 1
	e := newEnvWith(t, b, limits)
	ctx := t.Context()
	e.createUsers("alice")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return tx.CreateRole(ctx, store.Role{ID: "r1", Name: "auditor", TrustPolicy: trustRoot(e.account), MaxSessionDuration: 3600, CreateDate: e.clock(), UpdateDate: e.clock()})
	})
	for _, n := range []string{"Reader", "Other"} {
		if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: n, PolicyDocument: readUsers}); err != nil {
			t.Fatal(err)
		}
	}

	type op func(context.Context, ram.AttachmentInput) error
	kinds := []struct {
		name           string
		principal      string
		attach, detach op
		code           string // RAM's middle part: User, Group, Role
	}{
		{"user", "alice", func(ctx context.Context, in ram.AttachmentInput) error {
			return e.svc.AttachPolicyToUser(ctx, e.root, in)
		},
			func(ctx context.Context, in ram.AttachmentInput) error {
				return e.svc.DetachPolicyFromUser(ctx, e.root, in)
			}, "User"},
		{"group", "devs", func(ctx context.Context, in ram.AttachmentInput) error {
			return e.svc.AttachPolicyToGroup(ctx, e.root, in)
		},
			func(ctx context.Context, in ram.AttachmentInput) error {
				return e.svc.DetachPolicyFromGroup(ctx, e.root, in)
			}, "Group"},
		{"role", "auditor", func(ctx context.Context, in ram.AttachmentInput) error {
			return e.svc.AttachPolicyToRole(ctx, e.root, in)
		},
			func(ctx context.Context, in ram.AttachmentInput) error {
				return e.svc.DetachPolicyFromRole(ctx, e.root, in)
			}, "Role"},
	}
	for _, k := range kinds {
		in := func(typ, name string) ram.AttachmentInput {
			return ram.AttachmentInput{RequestID: "req-" + k.name, PolicyType: typ, PolicyName: name, PrincipalName: k.principal}
		}
		for _, a := range []ram.AttachmentInput{in("System", "AliyunOSSReadOnlyAccess"), in("System", "AliyunRAMReadOnlyAccess"), in("Custom", "reader")} {
			if err := k.attach(ctx, a); err != nil {
				t.Fatalf("attach %s %s to the %s: %v", a.PolicyType, a.PolicyName, k.name, err)
			}
		}
		cases := []struct {
			name string
			run  func() error
			code string
		}{
			{"attach twice", func() error { return k.attach(ctx, in("Custom", "READER")) }, "EntityAlreadyExists." + k.code + ".Policy"},
			{"unknown system policy", func() error { return k.attach(ctx, in("System", "AliyunECSFullAccessNope")) }, "EntityNotExist.Policy"},
			{"system quota", func() error { return k.attach(ctx, in("System", "AdministratorAccess")) }, "LimitExceeded." + k.code + ".Policy"},
			{"custom quota", func() error { return k.attach(ctx, in("Custom", "Other")) }, "LimitExceeded." + k.code + ".Policy"},
			{"unknown custom policy", func() error { return k.attach(ctx, in("Custom", "Nope")) }, "EntityNotExist.Policy"},
			{"system names are exact", func() error { return k.attach(ctx, in("System", "aliyunossreadonlyaccess")) }, "EntityNotExist.Policy"},
			{"bad policy type", func() error { return k.attach(ctx, in("system", "AliyunOSSReadOnlyAccess")) }, "InvalidParameter.PolicyType"},
			{"bad policy name", func() error { return k.attach(ctx, in("Custom", "a_b")) }, "InvalidParameter.PolicyName.InvalidChars"},
			{"unknown principal", func() error {
				return k.attach(ctx, ram.AttachmentInput{PolicyType: "Custom", PolicyName: "Other", PrincipalName: "nobody"})
			}, "EntityNotExist." + k.code},
			{"detach what is not attached", func() error { return k.detach(ctx, in("Custom", "Other")) }, "EntityNotExist." + k.code + ".Policy"},
		}
		for _, c := range cases {
			e.unchanged(k.name+": "+c.name, func() { wantCode(t, k.name+": "+c.name, c.run(), c.code) })
		}
	}

	got, err := e.svc.ListPoliciesForUser(ctx, e.root, ram.UserInput{UserName: "ALICE"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got {
		names = append(names, p.Policy.Type+"/"+p.Policy.Name)
		if !p.AttachDate.Equal(e.clock()) {
			t.Errorf("AttachDate of %s = %v", p.Policy.Name, p.AttachDate)
		}
	}
	same(t, "ListPoliciesForUser", names, []string{"Custom/Reader", "System/AliyunOSSReadOnlyAccess", "System/AliyunRAMReadOnlyAccess"})
	if g, err := e.svc.ListPoliciesForGroup(ctx, e.root, ram.GroupInput{GroupName: "devs"}); err != nil || len(g) != 3 {
		t.Errorf("ListPoliciesForGroup = %d policies, %v", len(g), err)
	}
	if r, err := e.svc.ListPoliciesForRole(ctx, e.root, ram.RoleInput{RoleName: "auditor"}); err != nil || len(r) != 3 {
		t.Errorf("ListPoliciesForRole = %d policies, %v", len(r), err)
	}
	_, err = e.svc.ListPoliciesForRole(ctx, e.root, ram.RoleInput{RoleName: "no_underscores"})
	wantCode(t, "ListPoliciesForRole with an underscore", err, "InvalidParameter.RoleName.InvalidChars")

	ents, err := e.svc.ListEntitiesForPolicy(ctx, e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "Reader"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ents.Users) != 1 || ents.Users[0].User.Name != "alice" || len(ents.Groups) != 1 || ents.Groups[0].Group.Name != "devs" ||
		len(ents.Roles) != 1 || ents.Roles[0].Role.ARN != "acs:ram::"+e.account+":role/auditor" {
		t.Errorf("ListEntitiesForPolicy = %+v", ents)
	}
	detail, err := e.svc.GetPolicy(ctx, e.root, ram.PolicyInput{PolicyType: "System", PolicyName: "AliyunOSSReadOnlyAccess"})
	if err != nil || detail.Policy.AttachmentCount != 3 {
		t.Errorf("AttachmentCount = %d, %v, want 3", detail.Policy.AttachmentCount, err)
	}
	recs := e.audit(store.AuditQuery{Action: "ram:AttachPolicyToUser"})
	if len(recs) != 3 || recs[0].Target != "acs:ram:*:"+e.account+":user/alice" ||
		recs[0].Detail != `{"PolicyType":"Custom","PolicyName":"Reader","ResourceGroupId":""}` {
		t.Errorf("attach audit = %+v", recs)
	}

	for _, k := range kinds {
		if err := k.detach(ctx, ram.AttachmentInput{PolicyType: "Custom", PolicyName: "Reader", PrincipalName: k.principal}); err != nil {
			t.Errorf("detach from the %s: %v", k.name, err)
		}
	}
	if ents, err := e.svc.ListEntitiesForPolicy(ctx, e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "Reader"}); err != nil ||
		len(ents.Users)+len(ents.Groups)+len(ents.Roles) != 0 {
		t.Errorf("after detaching everywhere: %+v, %v", ents, err)
	}
}

// TestAttachAuthorization: attaching needs permission on the policy and on the principal, and a
// grant is honoured by the next request.
func TestAttachAuthorization(t *testing.T) { forEachBackend(t, testAttachAuthorization) }

func testAttachAuthorization(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("admin", "alice")
	e.customPolicy("GrantOSSOnly", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:AttachPolicyToUser",
		"Resource":["acs:ram:*:*:user/*","acs:ram:*:system:policy/AliyunOSS*"]}]}`)
	e.attach(store.PrincipalUser, "admin", "Custom", "GrantOSSOnly")
	admin, alice := e.user("admin"), e.user("alice")

	err := e.svc.AttachPolicyToUser(ctx, admin, ram.AttachmentInput{PolicyType: "System", PolicyName: "AdministratorAccess", PrincipalName: "alice"})
	if d := denial(t, "attaching AdministratorAccess", err); d.Resource != "acs:ram:*:system:policy/AdministratorAccess" {
		t.Errorf("denied resource %q", d.Resource)
	}
	_, err = e.svc.ListUsers(ctx, alice, ram.PageInput{})
	denial(t, "ListUsers by alice before the grant", err)
	e.advance(time.Second)
	if err := e.svc.AttachPolicyToUser(ctx, e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunRAMReadOnlyAccess", PrincipalName: "alice"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ListUsers(ctx, alice, ram.PageInput{}); err != nil {
		t.Errorf("ListUsers by alice right after the grant: %v", err)
	}
	if err := e.svc.AttachPolicyToUser(ctx, admin, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunOSSFullAccess", PrincipalName: "alice"}); err != nil {
		t.Errorf("attaching an OSS policy with GrantOSSOnly: %v", err)
	}
	if err := e.svc.DetachPolicyFromUser(ctx, e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunRAMReadOnlyAccess", PrincipalName: "alice"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.ListUsers(ctx, alice, ram.PageInput{})
	denial(t, "ListUsers by alice right after the revocation", err)
}
