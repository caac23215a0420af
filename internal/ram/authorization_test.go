package ram_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// denial returns err's Denial, failing the test unless err is RAM's NoPermission.
func denial(t testing.TB, what string, err error) errs.Denial {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Denied || e.Code != "NoPermission" || e.Denial == nil {
		t.Fatalf("%s: %v, want NoPermission with a denial", what, err)
	}
	if e.Message != "You are not authorized to do this action." {
		t.Errorf("%s: message %q", what, e.Message)
	}
	return *e.Denial
}

// refusal is a call on a user's behalf that must be refused, and the denial it reports.
type refusal struct {
	name     string
	caller   *authz.Caller
	userName string
	action   string
	resource string
	policy   string // the denial's PolicyType
}

// wantRefused runs op with c's user and the request ID "R-"+c.name, and fails the test unless
// it is refused as c says, with one audit record of the refusal and no other change.
func (e *env) wantRefused(c refusal, op func(in ram.UserInput) error) {
	t := e.t
	t.Helper()
	before := e.state()
	d := denial(t, c.name, op(ram.UserInput{RequestID: "R-" + c.name, UserName: c.userName}))
	if d.Action != c.action || d.Resource != c.resource || d.PolicyType != c.policy {
		t.Errorf("%s: denied %s on %s (%s), want %s on %s (%s)", c.name, d.Action, d.Resource, d.PolicyType, c.action, c.resource, c.policy)
	}
	after := e.state()
	if len(after.Audit) != len(before.Audit)+1 {
		t.Fatalf("%s: %d audit records, want one more than %d", c.name, len(after.Audit), len(before.Audit))
	}
	same(t, c.name+": audit record", after.Audit[0], store.AuditRecord{RequestID: "R-" + c.name, PrincipalARN: c.caller.ARN,
		Action: c.action, Target: c.resource, Result: "NoPermission", SourceIP: "192.0.2.10"},
		cmpopts.IgnoreFields(store.AuditRecord{}, "ID", "Time"))
	after.Audit = after.Audit[1:]
	same(t, c.name+": store after the refusal", after, before)
}

func TestAuthorization(t *testing.T) { forEachBackend(t, testAuthorization) }

func testAuthorization(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob", "carol")
	bob := e.user("bob")

	// A user without policies may do nothing; the denial says who, what and why, is audited,
	// and changes nothing else.
	before := e.revision()
	_, err := e.svc.CreateUser(ctx, bob, ram.CreateUserInput{RequestID: "req-denied", UserName: "mallory"})
	same(t, "denial", denial(t, "CreateUser by bob", err), errs.Denial{
		Action: "ram:CreateUser", Resource: "acs:ram:*:" + e.account + ":user/*", PrincipalType: "SubUser",
		PrincipalDisplayName: "bob", PrincipalOwnerID: e.account, PolicyType: "ImplicitDeny"})
	if after := e.revision(); after != before {
		t.Errorf("a denial moved the revision from %d to %d", before, after)
	}
	recs := e.audit(store.AuditQuery{Result: "NoPermission"})
	if len(recs) != 1 {
		t.Fatalf("denial audit records = %+v, want one", recs)
	}
	same(t, "denial audit record", recs[0], store.AuditRecord{ID: recs[0].ID, Time: e.clock(), RequestID: "req-denied",
		PrincipalARN: authz.UserARN(e.account, "bob"), Action: "ram:CreateUser",
		Target: "acs:ram:*:" + e.account + ":user/*", Result: "NoPermission", SourceIP: "192.0.2.10"})

	// Asking about a user that does not exist reveals nothing without permission.
	_, err = e.svc.GetUser(ctx, bob, ram.UserInput{UserName: "ghost"})
	if d := denial(t, "GetUser ghost", err); d.Resource != "acs:ram:*:"+e.account+":user/ghost" {
		t.Errorf("denied resource %q", d.Resource)
	}

	// A grant through a group is honoured by the very next request (read-your-writes).
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "admins"}); err != nil {
		t.Fatal(err)
	}
	e.attach(store.PrincipalGroup, "admins", store.PolicyTypeSystem, "AliyunRAMFullAccess")
	if err := e.svc.AddUserToGroup(ctx, e.root, ram.MembershipInput{GroupName: "admins", UserName: "bob"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateUser(ctx, bob, ram.CreateUserInput{UserName: "dave"}); err != nil {
		t.Errorf("CreateUser by bob through admins' AliyunRAMFullAccess: %v", err)
	}
	// And its removal too.
	if err := e.svc.RemoveUserFromGroup(ctx, e.root, ram.MembershipInput{GroupName: "admins", UserName: "bob"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.CreateUser(ctx, bob, ram.CreateUserInput{UserName: "erin"})
	denial(t, "CreateUser by bob after leaving admins", err)

	// An explicit Deny beats the group's Allow, whatever case the request spells the name in.
	if err := e.svc.AddUserToGroup(ctx, e.root, ram.MembershipInput{GroupName: "admins", UserName: "carol"}); err != nil {
		t.Fatal(err)
	}
	e.customPolicy("ProtectAlice", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:DeleteUser","Resource":"acs:ram:*:*:user/alice"}]}`)
	e.attach(store.PrincipalUser, "carol", store.PolicyTypeCustom, "ProtectAlice")
	carol := e.user("carol")
	for _, name := range []string{"alice", "ALICE"} {
		err := e.svc.DeleteUser(ctx, carol, ram.UserInput{UserName: name})
		d := denial(t, "DeleteUser "+name+" by carol", err)
		if d.PolicyType != "ExplicitDeny" || d.Resource != "acs:ram:*:"+e.account+":user/alice" {
			t.Errorf("DeleteUser %s: denial %+v, want ExplicitDeny on user/alice", name, d)
		}
	}
	if err := e.svc.DeleteUser(ctx, carol, ram.UserInput{UserName: "dave"}); err != nil {
		t.Errorf("DeleteUser dave by carol: %v", err)
	}

	// Read-only access reads but does not write.
	e.attach(store.PrincipalUser, "alice", store.PolicyTypeSystem, "AliyunRAMReadOnlyAccess")
	alice := e.user("alice")
	if _, err := e.svc.ListUsers(ctx, alice, ram.PageInput{}); err != nil {
		t.Errorf("ListUsers with AliyunRAMReadOnlyAccess: %v", err)
	}
	if _, err := e.svc.GetGroup(ctx, alice, ram.GroupInput{GroupName: "admins"}); err != nil {
		t.Errorf("GetGroup with AliyunRAMReadOnlyAccess: %v", err)
	}
	_, err = e.svc.UpdateGroup(ctx, alice, ram.UpdateGroupInput{GroupName: "admins", NewComments: "x"})
	denial(t, "UpdateGroup with AliyunRAMReadOnlyAccess", err)

	// AddUserToGroup needs permission on the user and on the group.
	e.customPolicy("AddToAdminsOnly", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:AddUserToGroup","Resource":"acs:ram:*:*:group/admins"}]}`)
	e.attach(store.PrincipalUser, "alice", store.PolicyTypeCustom, "AddToAdminsOnly")
	err = e.svc.AddUserToGroup(ctx, alice, ram.MembershipInput{GroupName: "admins", UserName: "alice"})
	if d := denial(t, "AddUserToGroup without permission on the user", err); d.Resource != "acs:ram:*:"+e.account+":user/alice" {
		t.Errorf("denied resource %q, want the user", d.Resource)
	}

	// The root of another account is nobody here; a service principal holds no policies.
	other := authz.RootCaller("9999999999999999")
	_, err = e.svc.GetUser(ctx, &other, ram.UserInput{UserName: "alice"})
	denial(t, "GetUser by another account's root", err)
	svc := authz.Caller{Type: authz.Service, Name: "pai.aliyuncs.com", ARN: "pai.aliyuncs.com"}
	_, err = e.svc.GetUser(ctx, &svc, ram.UserInput{UserName: "alice"})
	denial(t, "GetUser by a service principal", err)
	_, err = e.svc.GetUser(ctx, nil, ram.UserInput{UserName: "alice"})
	wantCode(t, "GetUser without a caller", err, "InternalError")
}

// CreateRole and CreatePolicy are authorized on the entity they create, as their RAM
// authorization tables say (acs:ram:*:{#accountId}:role/{#RoleName},
// acs:ram:*:{#accountId}:policy/{#PolicyName}): a policy naming some entities lets a user create
// those only, and a Deny naming one stops its creation.
func TestCreateAuthorizesTheName(t *testing.T) { forEachBackend(t, testCreateAuthorizesTheName) }

func testCreateAuthorizesTheName(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("bob")
	e.customPolicy("TeamEntities", `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":["ram:CreateRole","ram:CreatePolicy"],"Resource":["acs:ram:*:*:role/team-*","acs:ram:*:*:policy/team-*"]},
		{"Effect":"Deny","Action":["ram:CreateRole","ram:CreatePolicy"],"Resource":["acs:ram:*:*:role/team-admin","acs:ram:*:*:policy/team-admin"]}]}`)
	e.attach(store.PrincipalUser, "bob", store.PolicyTypeCustom, "TeamEntities")
	bob := e.user("bob")
	for _, op := range []struct {
		action, kind string
		create       func(name string) error
	}{
		{"ram:CreateRole", "role", func(name string) error {
			_, err := e.svc.CreateRole(ctx, bob, ram.CreateRoleInput{RoleName: name, AssumeRolePolicyDocument: trustRoot(e.account)})
			return err
		}},
		{"ram:CreatePolicy", "policy", func(name string) error {
			_, err := e.svc.CreatePolicy(ctx, bob, ram.CreatePolicyInput{PolicyName: name,
				PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`})
			return err
		}},
	} {
		if err := op.create("team-web"); err != nil {
			t.Errorf("%s team-web under Allow %s/team-*: %v", op.action, op.kind, err)
		}
		for _, c := range []struct{ name, policy string }{{"other", "ImplicitDeny"}, {"team-admin", "ExplicitDeny"}} {
			d := denial(t, op.action+" "+c.name, op.create(c.name))
			if want := "acs:ram:*:" + e.account + ":" + op.kind + "/" + c.name; d.Resource != want || d.PolicyType != c.policy {
				t.Errorf("%s %s: denied on %s (%s), want %s (%s)", op.action, c.name, d.Resource, d.PolicyType, want, c.policy)
			}
		}
	}
}
