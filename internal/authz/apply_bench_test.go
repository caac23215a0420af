package authz_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/rampart-iam/rampart/internal/authz"
)

// largeAccount is issue 8's patching workload: 10,000 users each in one or two of 500 groups
// with one to three attachments, 2,000 custom policies (and one attached to no one), 200 roles
// with one or two attachments, and 50 workspaces of 20 members.
func largeAccount(tb testing.TB) *authz.Data {
	tb.Helper()
	rng := rand.New(rand.NewPCG(8, 8))
	d := &authz.Data{Revision: 1, AccountID: account, RolePermissions: rolePermissions(tb)}
	const users, groups, policies, roles, workspaces = 10_000, 500, 2_000, 200, 50
	for i := range policies {
		d.Policies = append(d.Policies, authz.PolicyData{Name: fmt.Sprintf("p%d", i), Document: largePolicyDoc(i, 0)})
	}
	d.Policies = append(d.Policies, authz.PolicyData{Name: "Unattached", Document: largePolicyDoc(policies, 0)})
	system := []string{"AliyunOSSFullAccess", "AliyunSTSAssumeRoleAccess", "AliyunPAIEASReadOnlyAccess"}
	attach := func(typ authz.PrincipalType, id string, n int) {
		for range n {
			a := authz.Attachment{PolicyType: authz.CustomPolicy, PolicyName: fmt.Sprintf("p%d", rng.IntN(policies)), PrincipalType: typ, PrincipalID: id}
			if rng.IntN(4) == 0 {
				a.PolicyType, a.PolicyName = authz.SystemPolicy, system[rng.IntN(len(system))]
			}
			if rng.IntN(3) == 0 {
				a.ResourceGroupID = fmt.Sprintf("rg-%d", rng.IntN(20))
			}
			d.Attachments = append(d.Attachments, a)
		}
	}
	for i := range groups {
		id := fmt.Sprintf("g-%d", i)
		d.Groups = append(d.Groups, authz.GroupData{ID: id, Name: fmt.Sprintf("group%d", i)})
		attach(authz.GroupPrincipal, id, 1+rng.IntN(2))
	}
	for i := range users {
		id := fmt.Sprintf("u-%d", i)
		d.Users = append(d.Users, authz.UserData{ID: id, Name: fmt.Sprintf("user%d", i)})
		for range 1 + rng.IntN(2) {
			d.Members = append(d.Members, authz.Membership{GroupID: fmt.Sprintf("g-%d", rng.IntN(groups)), UserID: id})
		}
		attach(authz.UserPrincipal, id, 1+rng.IntN(3))
	}
	for i := range roles {
		id := fmt.Sprintf("r-%d", i)
		d.Roles = append(d.Roles, authz.RoleData{ID: id, Name: fmt.Sprintf("role%d", i), TrustPolicy: trustAccount})
		attach(authz.RolePrincipal, id, 1+rng.IntN(2))
	}
	for i := range workspaces {
		id := fmt.Sprintf("%d", 1000+i)
		d.Workspaces = append(d.Workspaces, authz.WorkspaceData{ID: id})
		d.WorkspaceResources = append(d.WorkspaceResources, authz.WorkspaceResourceData{WorkspaceID: id, Type: authz.ResourceOSSPath, Target: fmt.Sprintf("oss://ws%d/data/", i)})
		for range 20 {
			d.WorkspaceMembers = append(d.WorkspaceMembers, authz.WorkspaceMemberData{WorkspaceID: id, PrincipalType: authz.UserPrincipal,
				PrincipalID: fmt.Sprintf("u-%d", rng.IntN(users)), Roles: []string{"PAI.AlgoDeveloper"}})
		}
	}
	return d
}

const trustAccount = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`

// largePolicyDoc is custom policy i's document at version v: a few statements over OSS and
// ECS with a condition, about the size of a typical hand-written policy.
func largePolicyDoc(i, v int) string {
	return fmt.Sprintf(`{"Version":"1","Statement":[
{"Effect":"Allow","Action":["oss:GetObject","oss:ListObjects"],"Resource":["acs:oss:*:*:bucket-%[1]d","acs:oss:*:*:bucket-%[1]d/*"]},
{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.%[2]d.0.0/16"}}},
{"Effect":"Deny","Action":"oss:DeleteObject","Resource":"acs:oss:*:*:bucket-%[1]d/keep/*"}]}`, i, v%250)
}

// BenchmarkApply patches the large account with one change of each common kind. Each iteration
// patches the same snapshot, so it measures one write's patch.
func BenchmarkApply(b *testing.B) {
	base, err := authz.Build(largeAccount(b), systemPolicies(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	custom := func(name string) authz.Attachment {
		return authz.Attachment{PolicyType: authz.CustomPolicy, PolicyName: name}
	}
	user := func(id string, atts ...authz.Attachment) authz.PrincipalAttachments {
		return authz.PrincipalAttachments{PrincipalType: authz.UserPrincipal, PrincipalID: id, Attachments: atts}
	}
	cases := []struct {
		name  string
		delta authz.Delta
	}{
		{"attachToUser", authz.Delta{Attachments: []authz.PrincipalAttachments{user("u-17", custom("p1"), custom("p2"), custom("p3"), custom("p4"))}}},
		{"detachFromUser", authz.Delta{Attachments: []authz.PrincipalAttachments{user("u-17")}}},
		{"attachToGroup", authz.Delta{Attachments: []authz.PrincipalAttachments{{PrincipalType: authz.GroupPrincipal, PrincipalID: "g-7",
			Attachments: []authz.Attachment{custom("p5"), custom("p6"), custom("p7")}}}}},
		{"addUserToGroup", authz.Delta{Users: []authz.UserState{{UserData: authz.UserData{ID: "u-17", Name: "user17"}, Groups: []string{"g-1", "g-2", "g-3"}}}}},
		{"newPolicyVersion", authz.Delta{Policies: []authz.PolicyData{{Name: "p42", Document: largePolicyDoc(42, 1)}}}},
		{"deletePolicy", authz.Delta{DeletedPolicies: []string{"unattached"}}},
		{"createUser", authz.Delta{Users: []authz.UserState{{UserData: authz.UserData{ID: "u-new", Name: "newcomer"}, Groups: []string{"g-9"}}},
			Attachments: []authz.PrincipalAttachments{user("u-new", custom("p9"))}}},
		{"addWorkspaceMember", authz.Delta{Workspaces: []authz.WorkspaceState{{WorkspaceData: authz.WorkspaceData{ID: "1000"},
			Members:   []authz.WorkspaceMemberData{{WorkspaceID: "1000", PrincipalType: authz.UserPrincipal, PrincipalID: "u-17", Roles: []string{"PAI.AlgoDeveloper"}}},
			Resources: []authz.WorkspaceResourceData{{WorkspaceID: "1000", Type: authz.ResourceOSSPath, Target: "oss://ws0/data/"}}}}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			c.delta.Revision = base.Revision() + 1
			b.ReportAllocs()
			for b.Loop() {
				if _, err := base.Apply(&c.delta); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuildLarge is the full rebuild Apply replaces, for comparison.
func BenchmarkBuildLarge(b *testing.B) {
	d, system := largeAccount(b), systemPolicies(b)
	prev, err := authz.Build(d, system, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := authz.Build(d, system, prev); err != nil {
			b.Fatal(err)
		}
	}
}
