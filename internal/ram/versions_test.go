package ram_test

import (
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

const denyGetUser = `{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:GetUser","Resource":"*"}]}`

func TestPolicyVersions(t *testing.T) { forEachBackend(t, testPolicyVersions) }

func testPolicyVersions(t *testing.T, b backend) {
	limits := ram.DefaultLimits()
	limits.PolicyVersions = 3
	e := newEnvWith(t, b, limits)
	ctx := t.Context()
	if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "P", PolicyDocument: readUsers}); err != nil {
		t.Fatal(err)
	}
	create := func(doc string, setDefault bool, rotate string) (ram.PolicyVersion, error) {
		e.advance(time.Minute)
		return e.svc.CreatePolicyVersion(ctx, e.root, ram.CreatePolicyVersionInput{PolicyName: "p", PolicyDocument: doc, SetAsDefault: setDefault, RotateStrategy: rotate})
	}
	versions := func() []string {
		t.Helper()
		vs, err := e.svc.ListPolicyVersions(ctx, e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "P"})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, v := range vs {
			id := v.VersionID
			if v.IsDefault {
				id += "*"
			}
			out = append(out, id)
		}
		return out
	}

	v2, err := create(denyGetUser, false, "")
	if err != nil {
		t.Fatal(err)
	}
	same(t, "CreatePolicyVersion", v2, ram.PolicyVersion{VersionID: "v2", IsDefault: false, Document: denyGetUser, CreateDate: e.clock()})
	if _, err := create(readUsers, true, "None"); err != nil {
		t.Fatal(err)
	}
	same(t, "versions", versions(), []string{"v1", "v2", "v3*"})

	e.unchanged("a fourth version without rotation", func() {
		_, err := create(readUsers, false, "")
		wantCode(t, "a fourth version with a limit of 3", err, "LimitExceeded.Policy.Version")
	})
	if _, err := create(readUsers, false, ram.RotateDeleteOldestNonDefault); err != nil {
		t.Fatal(err)
	}
	same(t, "after rotating, the oldest non-default version is gone", versions(), []string{"v2", "v3*", "v4"})
	if err := e.svc.SetDefaultPolicyVersion(ctx, e.root, ram.CustomPolicyVersionInput{PolicyName: "P", VersionID: "v2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := create(readUsers, false, ram.RotateDeleteOldestNonDefault); err != nil {
		t.Fatal(err)
	}
	same(t, "rotation skips the default version", versions(), []string{"v2*", "v4", "v5"})

	got, err := e.svc.GetPolicyVersion(ctx, e.root, ram.PolicyVersionInput{PolicyType: "Custom", PolicyName: "P", VersionID: "v2"})
	if err != nil || !got.IsDefault || got.Document != denyGetUser {
		t.Errorf("GetPolicyVersion v2 = %+v, %v", got, err)
	}

	cases := []struct {
		name string
		run  func() error
		code string
	}{
		{"version id without v", func() error {
			_, err := e.svc.GetPolicyVersion(ctx, e.root, ram.PolicyVersionInput{PolicyType: "Custom", PolicyName: "P", VersionID: "2"})
			return err
		}, "InvalidParameter.VersionId.Format"},
		{"version id with a leading zero", func() error {
			return e.svc.DeletePolicyVersion(ctx, e.root, ram.CustomPolicyVersionInput{PolicyName: "P", VersionID: "v04"})
		}, "InvalidParameter.VersionId.Format"},
		{"version zero", func() error {
			return e.svc.SetDefaultPolicyVersion(ctx, e.root, ram.CustomPolicyVersionInput{PolicyName: "P", VersionID: "v0"})
		}, "InvalidParameter.VersionId.Format"},
		{"deleted version", func() error {
			_, err := e.svc.GetPolicyVersion(ctx, e.root, ram.PolicyVersionInput{PolicyType: "Custom", PolicyName: "P", VersionID: "v1"})
			return err
		}, "EntityNotExist.Policy.Version"},
		{"delete the default version", func() error {
			return e.svc.DeletePolicyVersion(ctx, e.root, ram.CustomPolicyVersionInput{PolicyName: "P", VersionID: "v2"})
		}, "DeleteConflict.Policy.Version.Default"},
		{"delete a missing version", func() error {
			return e.svc.DeletePolicyVersion(ctx, e.root, ram.CustomPolicyVersionInput{PolicyName: "P", VersionID: "v9"})
		}, "EntityNotExist.Policy.Version"},
		{"default to a missing version", func() error {
			return e.svc.SetDefaultPolicyVersion(ctx, e.root, ram.CustomPolicyVersionInput{PolicyName: "P", VersionID: "v3"})
		}, "EntityNotExist.Policy.Version"},
		{"unknown rotate strategy", func() error {
			_, err := create(readUsers, false, "DeleteOldest")
			return err
		}, "InvalidParameter.RotateStrategy"},
		{"malformed document", func() error {
			_, err := create(`{"Version":"2","Statement":[]}`, false, "")
			return err
		}, "MalformedPolicyDocument"},
		{"version of an unknown policy", func() error {
			_, err := e.svc.CreatePolicyVersion(ctx, e.root, ram.CreatePolicyVersionInput{PolicyName: "Nope", PolicyDocument: readUsers})
			return err
		}, "EntityNotExist.Policy"},
		{"a system policy has only its default version", func() error {
			_, err := e.svc.GetPolicyVersion(ctx, e.root, ram.PolicyVersionInput{PolicyType: "System", PolicyName: "AliyunOSSFullAccess", VersionID: "v999"})
			return err
		}, "EntityNotExist.Policy.Version"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() { wantCode(t, c.name, c.run(), c.code) })
	}
	if err := e.svc.DeletePolicyVersion(ctx, e.root, ram.CustomPolicyVersionInput{PolicyName: "P", VersionID: "v4"}); err != nil {
		t.Fatal(err)
	}
	same(t, "after DeletePolicyVersion", versions(), []string{"v2*", "v5"})
}

// TestDefaultVersionGoverns: the default version is what grants, and changing it takes effect
// on the next request.
func TestDefaultVersionGoverns(t *testing.T) { forEachBackend(t, testDefaultVersionGoverns) }

func testDefaultVersionGoverns(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice")
	if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "Reader", PolicyDocument: readUsers}); err != nil {
		t.Fatal(err)
	}
	e.attach(store.PrincipalUser, "alice", "Custom", "Reader")
	alice := e.user("alice")
	if _, err := e.svc.GetUser(ctx, alice, ram.UserInput{UserName: "alice"}); err != nil {
		t.Fatalf("GetUser under v1: %v", err)
	}
	if _, err := e.svc.CreatePolicyVersion(ctx, e.root, ram.CreatePolicyVersionInput{PolicyName: "Reader", PolicyDocument: denyGetUser, SetAsDefault: true}); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.GetUser(ctx, alice, ram.UserInput{UserName: "alice"})
	if d := denial(t, "GetUser under v2", err); d.PolicyType != "ExplicitDeny" {
		t.Errorf("denial %+v, want ExplicitDeny", d)
	}
	if err := e.svc.SetDefaultPolicyVersion(ctx, e.root, ram.CustomPolicyVersionInput{PolicyName: "Reader", VersionID: "v1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.GetUser(ctx, alice, ram.UserInput{UserName: "alice"}); err != nil {
		t.Errorf("GetUser after setting v1 back: %v", err)
	}
}
