package ram_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

const readUsers = `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:GetUser","ram:ListUsers"],"Resource":"*"}]}`

func TestCreatePolicy(t *testing.T) { forEachBackend(t, testCreatePolicy) }

func testCreatePolicy(t *testing.T, b backend) {
	limits := ram.DefaultLimits()
	limits.CustomPolicies = 2
	limits.PolicyDocumentLength = 200
	e := newEnvWith(t, b, limits)
	ctx := t.Context()

	p, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{RequestID: "r1", PolicyName: "Read-Users", PolicyDocument: readUsers, Description: "reads users"})
	if err != nil {
		t.Fatal(err)
	}
	want := ram.Policy{Name: "Read-Users", Type: "Custom", Description: "reads users", DefaultVersion: "v1", CreateDate: e.clock(), UpdateDate: e.clock()}
	same(t, "CreatePolicy", p, want)
	got, err := e.svc.GetPolicy(ctx, e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "read-users"})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "GetPolicy", got, ram.PolicyDetail{Policy: want,
		DefaultPolicyVersion: ram.PolicyVersion{VersionID: "v1", IsDefault: true, Document: readUsers, CreateDate: e.clock()}})
	if recs := e.audit(store.AuditQuery{Action: "ram:CreatePolicy"}); len(recs) != 1 || recs[0].Target != "acs:ram:*:"+e.account+":policy/Read-Users" {
		t.Errorf("audit = %+v", recs)
	}

	cases := []struct {
		name string
		in   ram.CreatePolicyInput
		code string
	}{
		{"no name", ram.CreatePolicyInput{PolicyDocument: readUsers}, "MissingParameter"},
		{"underscore in the name", ram.CreatePolicyInput{PolicyName: "read_users", PolicyDocument: readUsers}, "InvalidParameter.PolicyName.InvalidChars"},
		{"control character in the name", ram.CreatePolicyInput{PolicyName: "read\x01", PolicyDocument: readUsers}, "InvalidParameter.PolicyName.InvalidChars"},
		{"129-character name", ram.CreatePolicyInput{PolicyName: strings.Repeat("p", 129), PolicyDocument: readUsers}, "InvalidParameter.PolicyName.Length"},
		{"1025-character description", ram.CreatePolicyInput{PolicyName: "x", PolicyDocument: readUsers, Description: strings.Repeat("d", 1025)}, "InvalidParameter.Description.Length"},
		{"no document", ram.CreatePolicyInput{PolicyName: "x"}, "MissingParameter"},
		{"document over the length limit", ram.CreatePolicyInput{PolicyName: "x", PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"` + strings.Repeat("a", 200) + `"}]}`}, "InvalidParameter.PolicyDocument.Length"},
		{"misspelled effect", ram.CreatePolicyInput{PolicyName: "x", PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Alow","Action":"ram:GetUser","Resource":"*"}]}`}, "MalformedPolicyDocument"},
		{"not JSON", ram.CreatePolicyInput{PolicyName: "x", PolicyDocument: `{"Version":`}, "MalformedPolicyDocument"},
		{"a trust policy", ram.CreatePolicyInput{PolicyName: "x", PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"*"}}]}`}, "MalformedPolicyDocument"},
		{"name taken, in another case", ram.CreatePolicyInput{PolicyName: "READ-USERS", PolicyDocument: readUsers}, "EntityAlreadyExists.Policy"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() {
			_, err := e.svc.CreatePolicy(ctx, e.root, c.in)
			wantCode(t, c.name, err, c.code)
		})
	}
	_, err = e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "x", PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Alow","Action":"ram:GetUser","Resource":"*"}]}`})
	if msg := errs.As(err).Message; !strings.Contains(msg, "1:") || !strings.Contains(msg, "/Statement/0/Effect") || !strings.Contains(msg, "Alow") {
		t.Errorf("MalformedPolicyDocument message %q lacks the parser's position, pointer and value", msg)
	}
	if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "second", PolicyDocument: readUsers}); err != nil {
		t.Fatal(err)
	}
	e.unchanged("custom policy quota", func() {
		_, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "third", PolicyDocument: readUsers})
		wantCode(t, "a third policy with a quota of 2", err, "LimitExceeded.Policy")
	})
}

func TestGetSystemPolicy(t *testing.T) { forEachBackend(t, testGetSystemPolicy) }

func testGetSystemPolicy(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := cat.SystemPolicy("AliyunOSSFullAccess")
	got, err := e.svc.GetPolicy(ctx, e.root, ram.PolicyInput{PolicyType: "System", PolicyName: "AliyunOSSFullAccess"})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "GetPolicy of a system policy", got, ram.PolicyDetail{
		Policy: ram.Policy{Name: sp.Name, Type: "System", Description: sp.Description, DefaultVersion: sp.DefaultVersion,
			CreateDate: sp.CreateDate, UpdateDate: sp.UpdateDate},
		DefaultPolicyVersion: ram.PolicyVersion{VersionID: sp.DefaultVersion, IsDefault: true, Document: sp.Document, CreateDate: sp.UpdateDate}})

	cases := []struct {
		name string
		in   ram.PolicyInput
		code string
	}{
		{"system names match exactly", ram.PolicyInput{PolicyType: "System", PolicyName: "aliyunossfullaccess"}, "EntityNotExist.Policy"},
		{"a system policy is not custom", ram.PolicyInput{PolicyType: "Custom", PolicyName: "AliyunOSSFullAccess"}, "EntityNotExist.Policy"},
		{"no type", ram.PolicyInput{PolicyName: "AliyunOSSFullAccess"}, "MissingParameter"},
		{"type in lower case", ram.PolicyInput{PolicyType: "system", PolicyName: "AliyunOSSFullAccess"}, "InvalidParameter.PolicyType"},
	}
	for _, c := range cases {
		_, err := e.svc.GetPolicy(ctx, e.root, c.in)
		wantCode(t, c.name, err, c.code)
	}
}

func TestListPolicies(t *testing.T) { forEachBackend(t, testListPolicies) }

func testListPolicies(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	var system []string
	for _, sp := range cat.SystemPolicies() {
		system = append(system, sp.Name)
	}
	slices.Sort(system)
	custom := []string{"alpha", "Beta", "gamma"}
	for _, n := range custom {
		if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: n, PolicyDocument: readUsers}); err != nil {
			t.Fatal(err)
		}
	}
	all := func(typ string, maxItems int) []string {
		t.Helper()
		var names []string
		marker := ""
		for range 100 {
			p, err := e.svc.ListPolicies(ctx, e.root, ram.ListPoliciesInput{PolicyType: typ, Marker: marker, MaxItems: maxItems})
			if err != nil {
				t.Fatalf("ListPolicies(%q, marker %q): %v", typ, marker, err)
			}
			if len(p.Items) > maxItems {
				t.Fatalf("page of %d items, MaxItems %d", len(p.Items), maxItems)
			}
			for _, it := range p.Items {
				names = append(names, it.Type+"/"+it.Name)
			}
			if !p.Truncated() {
				return names
			}
			marker = p.Marker
		}
		t.Fatal("ListPolicies never ends")
		return nil
	}
	prefixed := func(typ string, names []string) []string {
		var out []string
		for _, n := range names {
			out = append(out, typ+"/"+n)
		}
		return out
	}
	wantAll := append(prefixed("System", system), prefixed("Custom", custom)...)
	// Page sizes that end a page inside the system policies, exactly at their end, and across.
	for _, size := range []int{1, 2, 7, len(system), len(system) + 1, 1000} {
		same(t, "all policies in pages", all("", size), wantAll)
	}
	same(t, "custom policies", all("Custom", 2), prefixed("Custom", custom))
	same(t, "system policies", all("System", 10), prefixed("System", system))

	_, err = e.svc.ListPolicies(ctx, e.root, ram.ListPoliciesInput{Marker: "nonsense"})
	wantCode(t, "a made-up marker", err, "InvalidParameter.Marker")
	_, err = e.svc.ListPolicies(ctx, e.root, ram.ListPoliciesInput{PolicyType: "Other"})
	wantCode(t, "an unknown type", err, "InvalidParameter.PolicyType")
}

func TestListPoliciesAttachmentCount(t *testing.T) {
	forEachBackend(t, testListPoliciesAttachmentCount)
}

// testListPoliciesAttachmentCount gives the policies of one page different counts, system and
// custom, at account scope and in a resource group, and checks that each item carries its own
// count, the one GetPolicy reports.
func testListPoliciesAttachmentCount(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return tx.CreateRole(ctx, store.Role{ID: "r1", Name: "auditor", TrustPolicy: trustRoot(e.account), MaxSessionDuration: 3600, CreateDate: e.clock(), UpdateDate: e.clock()})
	})
	for _, n := range []string{"Reader", "Writer", "Unused"} {
		if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: n, PolicyDocument: readUsers}); err != nil {
			t.Fatal(err)
		}
	}
	prod, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "prod", DisplayName: "Production"})
	if err != nil {
		t.Fatal(err)
	}
	// inProd attaches a policy to a principal in the resource group prod.
	inProd := func(principalType, principalID, policyType, policyName string) {
		t.Helper()
		e.Given(func(ctx context.Context, tx store.Tx) error {
			return tx.Attach(ctx, store.Attachment{PolicyType: policyType, PolicyName: policyName, PrincipalType: principalType,
				PrincipalID: principalID, ResourceGroupID: prod.ID, AttachDate: e.clock()})
		})
	}
	alice, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	e.attach(store.PrincipalUser, "alice", "System", "AliyunOSSFullAccess")
	e.attach(store.PrincipalGroup, "devs", "System", "AliyunOSSFullAccess")
	e.attach(store.PrincipalRole, "auditor", "System", "AliyunOSSFullAccess")
	inProd(store.PrincipalUser, alice.ID, "System", "AliyunOSSFullAccess")
	e.attach(store.PrincipalUser, "bob", "System", "AliyunRAMReadOnlyAccess")
	e.attach(store.PrincipalUser, "alice", "Custom", "Reader")
	e.attach(store.PrincipalUser, "bob", "Custom", "Reader")
	inProd(store.PrincipalRole, "r1", "Custom", "Reader")
	inProd(store.PrincipalRole, "r1", "Custom", "Writer")
	want := map[string]int{
		"System/AliyunOSSFullAccess":     4,
		"System/AliyunRAMReadOnlyAccess": 1,
		"Custom/Reader":                  3,
		"Custom/Writer":                  1,
	} // every other policy: 0

	for _, size := range []int{1000, 5} {
		marker, seen := "", map[string]bool{}
		for range 1000 {
			p, err := e.svc.ListPolicies(ctx, e.root, ram.ListPoliciesInput{Marker: marker, MaxItems: size})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range p.Items {
				key := it.Type + "/" + it.Name
				seen[key] = true
				if it.AttachmentCount != want[key] {
					t.Errorf("page size %d: AttachmentCount of %s = %d, want %d", size, key, it.AttachmentCount, want[key])
				}
			}
			if marker = p.Marker; !p.Truncated() {
				break
			}
		}
		for key := range want {
			if !seen[key] {
				t.Errorf("page size %d: ListPolicies never listed %s", size, key)
			}
		}
	}
	for key, n := range want {
		typ, name, _ := strings.Cut(key, "/")
		d, err := e.svc.GetPolicy(ctx, e.root, ram.PolicyInput{PolicyType: typ, PolicyName: name})
		if err != nil || d.Policy.AttachmentCount != n {
			t.Errorf("GetPolicy(%s).AttachmentCount = %d, %v; want %d", key, d.Policy.AttachmentCount, err, n)
		}
	}
}

func TestDeletePolicy(t *testing.T) { forEachBackend(t, testDeletePolicy) }

func testDeletePolicy(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return tx.CreateRole(ctx, store.Role{ID: "r1", Name: "auditor", TrustPolicy: trustRoot(e.account), MaxSessionDuration: 3600, CreateDate: e.clock(), UpdateDate: e.clock()})
	})
	for _, n := range []string{"ForUser", "ForGroup", "ForRole", "Versioned", "Free"} {
		if _, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: n, PolicyDocument: readUsers}); err != nil {
			t.Fatal(err)
		}
	}
	e.attach(store.PrincipalUser, "alice", "Custom", "ForUser")
	e.attach(store.PrincipalGroup, "devs", "Custom", "ForGroup")
	e.attach(store.PrincipalRole, "auditor", "Custom", "ForRole")
	if _, err := e.svc.CreatePolicyVersion(ctx, e.root, ram.CreatePolicyVersionInput{PolicyName: "Versioned", PolicyDocument: readUsers}); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, code string }{
		{"ForUser", "DeleteConflict.Policy.User"},
		{"ForGroup", "DeleteConflict.Policy.Group"},
		{"ForRole", "DeleteConflict.Policy.Role"},
		{"Versioned", "DeleteConflict.Policy.Version"},
		{"Missing", "EntityNotExist.Policy"},
		{"AliyunOSSFullAccess", "EntityNotExist.Policy"}, // a system policy is not the account's to delete
	}
	for _, c := range cases {
		e.unchanged("DeletePolicy "+c.name, func() {
			wantCode(t, "DeletePolicy "+c.name, e.svc.DeletePolicy(ctx, e.root, ram.DeletePolicyInput{PolicyName: c.name}), c.code)
		})
	}
	if err := e.svc.DeletePolicy(ctx, e.root, ram.DeletePolicyInput{PolicyName: "free"}); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.GetPolicy(ctx, e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "Free"})
	wantCode(t, "GetPolicy after DeletePolicy", err, "EntityNotExist.Policy")
	// The name is free again, and starts at v1.
	p, err := e.svc.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "Free", PolicyDocument: readUsers})
	if err != nil || p.DefaultVersion != "v1" {
		t.Errorf("re-created policy: %+v, %v", p, err)
	}

	up, err := e.svc.UpdatePolicyDescription(ctx, e.root, ram.UpdatePolicyDescriptionInput{PolicyName: "forUser", NewDescription: "for alice"})
	if err != nil || up.Description != "for alice" || up.Name != "ForUser" {
		t.Errorf("UpdatePolicyDescription = %+v, %v", up, err)
	}
	_, err = e.svc.UpdatePolicyDescription(ctx, e.root, ram.UpdatePolicyDescriptionInput{PolicyName: "ForUser", NewDescription: strings.Repeat("d", 1025)})
	wantCode(t, "a long description", err, "InvalidParameter.NewDescription.Length")
	_, err = e.svc.UpdatePolicyDescription(ctx, e.root, ram.UpdatePolicyDescriptionInput{PolicyName: "AliyunOSSFullAccess", NewDescription: "mine"})
	wantCode(t, "describing a system policy", err, "EntityNotExist.Policy")
}

// trustRoot is a trust policy letting every identity of the account assume a role.
func trustRoot(account string) string {
	return `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`
}
