package authz_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/policy"
)

func rolePermissions(t testing.TB) *authz.RolePermissions {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	rp, err := authz.CompileRolePermissions(cat)
	if err != nil {
		t.Fatal(err)
	}
	return rp
}

// workspacePolicies stands in for the system policies the workspace fixture uses.
func workspacePolicies(t testing.TB) map[string]*policy.Policy {
	t.Helper()
	docs := map[string]string{
		"AliyunPAIFullAccess": `{"Version":"1","Statement":[{"Effect":"Allow","Action":["pai:*","paidlc:*","paidsw:*","paiworkspace:*","eas:*"],"Resource":"*"}]}`,
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

// workspaceFixture: workspace 100 has the developer dev, the visitor guest, the owner owen,
// the MaxCompute developer mc, the role ops (O&M engineer) as a member, an OSS path and a
// MaxCompute project; workspace 200 (in resource group rg-ml) has ada as its administrator.
// dave is a developer in 100 whose own policy denies creating DLC jobs; pfa holds
// AliyunPAIFullAccess; nobody is in no workspace; quiet may not list quotas.
func workspaceFixture(t testing.TB) *authz.Snapshot {
	t.Helper()
	d := &authz.Data{
		Revision:  3,
		AccountID: account,
		Users: []authz.UserData{{ID: "u-dev", Name: "dev"}, {ID: "u-guest", Name: "guest"}, {ID: "u-owen", Name: "owen"},
			{ID: "u-mc", Name: "mc"}, {ID: "u-ada", Name: "ada"}, {ID: "u-dave", Name: "dave"}, {ID: "u-pfa", Name: "pfa"},
			{ID: "u-nobody", Name: "nobody"}, {ID: "u-quiet", Name: "quiet"}},
		Roles: []authz.RoleData{{ID: "r-ops", Name: "ops", TrustPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`}},
		Policies: []authz.PolicyData{
			{Name: "NoDLCJobs", Document: `{"Version":"1","Statement":[{"Effect":"Deny","Action":"paidlc:CreateJob","Resource":"*"}]}`},
			{Name: "NoQuotas", Document: `{"Version":"1","Statement":[{"Effect":"Deny","Action":"pai:ListQuotas","Resource":"*"}]}`},
		},
		Attachments: []authz.Attachment{
			{PolicyType: authz.CustomPolicy, PolicyName: "NoDLCJobs", PrincipalType: authz.UserPrincipal, PrincipalID: "u-dave"},
			{PolicyType: authz.CustomPolicy, PolicyName: "NoQuotas", PrincipalType: authz.UserPrincipal, PrincipalID: "u-quiet"},
			{PolicyType: authz.SystemPolicy, PolicyName: "AliyunPAIFullAccess", PrincipalType: authz.UserPrincipal, PrincipalID: "u-pfa"},
		},
		Workspaces: []authz.WorkspaceData{{ID: "100"}, {ID: "200", ResourceGroupID: "rg-ml"}},
		WorkspaceMembers: []authz.WorkspaceMemberData{
			{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-dev", Roles: []string{"PAI.AlgoDeveloper"}},
			{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-guest", Roles: []string{"PAI.WorkspaceGuest"}},
			{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-owen", Roles: []string{"PAI.WorkspaceOwner"}},
			{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-mc", Roles: []string{"PAI.MaxComputeDeveloper"}},
			{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-dave", Roles: []string{"PAI.AlgoDeveloper"}},
			{WorkspaceID: "100", PrincipalType: authz.RolePrincipal, PrincipalID: "r-ops", Roles: []string{"PAI.AlgoOperator"}},
			{WorkspaceID: "200", PrincipalType: authz.UserPrincipal, PrincipalID: "u-ada", Roles: []string{"PAI.WorkspaceAdmin"}},
		},
		WorkspaceResources: []authz.WorkspaceResourceData{
			{WorkspaceID: "100", Type: authz.ResourceOSSPath, Target: "oss://ws100-bucket/data/"},
			{WorkspaceID: "100", Type: authz.ResourceMaxComputeProject, Target: "proj100"},
		},
		RolePermissions: rolePermissions(t),
	}
	s, err := authz.Build(d, workspacePolicies(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const (
	jobs100  = "acs:paidlc:cn-hangzhou:" + account + ":workspace/100/jobs/*"
	ws100ARN = "acs:paiworkspace:cn-hangzhou:" + account + ":workspace/100"
	ws200ARN = "acs:paiworkspace:cn-hangzhou:" + account + ":workspace/200"
)

func TestDecideWorkspace(t *testing.T) {
	s := workspaceFixture(t)
	user := func(name string) *authz.Caller { return mustCaller(t, s, authz.UserARN(account, name)) }
	root := authz.RootCaller(account)
	ops := mustCaller(t, s, authz.AssumedRoleARN(account, "ops", "night-shift"))
	private := func(creator string) authz.ResourceAttributes {
		return authz.ResourceAttributes{Accessibility: catalog.Private, Creator: creator}
	}
	public := authz.ResourceAttributes{Accessibility: catalog.Public, Creator: "u-owen"}

	tests := []struct {
		name   string
		caller *authz.Caller
		req    authz.WorkspaceRequest
		want   policy.Outcome
		by     authz.Grant
	}{
		{"developer creates a DLC job", user("dev"), wsReq("paidlc:CreateJob", jobs100, "100", authz.ResourceAttributes{}), policy.Allowed, authz.GrantRole},
		{"actions ignore case", user("dev"), wsReq("PAIDLC:createjob", jobs100, "100", authz.ResourceAttributes{}), policy.Allowed, authz.GrantRole},
		{"developer creates a DSW instance", user("dev"), wsReq("paidsw:CreatePostPaidInstance", "*", "100", authz.ResourceAttributes{}), policy.Allowed, authz.GrantRole},
		{"developer reads own private job", user("dev"), wsReq("paidlc:GetJob", jobs100, "100", private("u-dev")), policy.Allowed, authz.GrantRole},
		{"developer reads a public job", user("dev"), wsReq("paidlc:GetJob", jobs100, "100", public), policy.Allowed, authz.GrantRole},
		{"developer may not read another's private job", user("dev"), wsReq("paidlc:GetJob", jobs100, "100", private("u-owen")), policy.ImplicitDeny, authz.GrantNone},
		{"a rule limited to some resources fails closed without attributes", user("dev"), wsReq("paidlc:GetJob", jobs100, "100", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"O&M role session reads anyone's private job", ops, wsReq("paidlc:GetJob", jobs100, "100", private("u-dev")), policy.Allowed, authz.GrantRole},
		{"developer may not add members", user("dev"), wsReq("paiworkspace:CreateMember", ws100ARN, "100", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"visitor lists members", user("guest"), wsReq("paiworkspace:ListMembers", ws100ARN, "100", authz.ResourceAttributes{}), policy.Allowed, authz.GrantRole},
		{"visitor may not create a job", user("guest"), wsReq("paidlc:CreateJob", jobs100, "100", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"owner adds members", user("owen"), wsReq("paiworkspace:CreateMember", ws100ARN, "100", authz.ResourceAttributes{}), policy.Allowed, authz.GrantRole},
		{"an administrator cannot act in another workspace", user("ada"), wsReq("paiworkspace:CreateMember", ws100ARN, "100", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"an administrator acts in its own", user("ada"), wsReq("paiworkspace:CreateMember", ws200ARN, "200", authz.ResourceAttributes{}), policy.Allowed, authz.GrantRole},
		{"a role does not reach a resource of another workspace", user("ada"), wsReq("paiworkspace:CreateMember", ws100ARN, "200", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"nor another workspace's jobs", user("ada"), wsReq("paidlc:DeleteJob", jobs100, "200", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"an explicit RAM Deny beats the workspace role", user("dave"), wsReq("paidlc:CreateJob", jobs100, "100", authz.ResourceAttributes{}), policy.ExplicitDeny, authz.GrantRAM},
		{"AliyunPAIFullAccess administers every workspace", user("pfa"), wsReq("paiworkspace:CreateMember", ws200ARN, "200", authz.ResourceAttributes{}), policy.Allowed, authz.GrantRAM},
		{"root", &root, wsReq("paidlc:DeleteJob", jobs100, "100", private("u-dev")), policy.Allowed, authz.GrantRAM},
		{"not a member", user("nobody"), wsReq("paiworkspace:GetWorkspace", ws100ARN, "100", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"unknown workspace", user("dev"), wsReq("paidlc:CreateJob", jobs100, "999", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"default-allowed without a workspace", user("nobody"), wsReq("pai:ListQuotas", "*", "", authz.ResourceAttributes{}), policy.Allowed, authz.GrantDefault},
		{"default-allowed but denied", user("quiet"), wsReq("pai:ListQuotas", "*", "", authz.ResourceAttributes{}), policy.ExplicitDeny, authz.GrantRAM},
		{"official images are default-allowed", user("nobody"), wsReq("paiimage:GetImage", "acs:paiimage:*:"+account+":provider/pai/image/img-1", "", authz.ResourceAttributes{}), policy.Allowed, authz.GrantDefault},
		{"a workspace's images are not", user("nobody"), wsReq("paiimage:GetImage", "acs:paiimage:*:"+account+":workspace/100/image/img-2", "100", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"visitor lists the workspace bucket", user("guest"), wsReq("oss:ListObjects", "acs:oss:*:"+account+":ws100-bucket", "100", authz.ResourceAttributes{}), policy.Allowed, authz.GrantMemberService},
		{"visitor may not read objects", user("guest"), wsReq("oss:GetObject", "acs:oss:*:"+account+":ws100-bucket/data/x.csv", "100", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"developer reads objects under the path", user("dev"), wsReq("oss:GetObject", "acs:oss:*:"+account+":ws100-bucket/data/x.csv", "100", authz.ResourceAttributes{}), policy.Allowed, authz.GrantMemberService},
		{"but not beside it", user("dev"), wsReq("oss:GetObject", "acs:oss:*:"+account+":ws100-bucket/secret/x.csv", "100", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"every member lists buckets", user("guest"), wsReq("oss:ListBuckets", "acs:oss:*:"+account+":*", "100", authz.ResourceAttributes{}), policy.Allowed, authz.GrantMemberService},
		{"MaxCompute developer uses the project", user("mc"), wsReq("odps:CreateTable", "acs:odps:*:"+account+":projects/proj100/tables/t1", "100", authz.ResourceAttributes{}), policy.Allowed, authz.GrantMemberService},
		{"a developer does not", user("dev"), wsReq("odps:CreateTable", "acs:odps:*:"+account+":projects/proj100/tables/t1", "100", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
		{"member grants need the workspace", user("dev"), wsReq("oss:ListBuckets", "acs:oss:*:"+account+":*", "", authz.ResourceAttributes{}), policy.ImplicitDeny, authz.GrantNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := s.DecideWorkspace(tt.caller, &tt.req)
			if d.Outcome != tt.want || d.By != tt.by {
				t.Errorf("DecideWorkspace = %v by %v, want %v by %v", d.Outcome, d.By, tt.want, tt.by)
			}
		})
	}
}

func wsReq(action, resource, ws string, a authz.ResourceAttributes) authz.WorkspaceRequest {
	return authz.WorkspaceRequest{Request: authz.Request{Action: action, Resource: resource}, WorkspaceID: ws, Attributes: a}
}

func TestDecideWorkspaceByCode(t *testing.T) {
	s := workspaceFixture(t)
	dev := mustCaller(t, s, authz.UserARN(account, "dev"))
	d := s.DecideWorkspace(dev, &authz.WorkspaceRequest{Code: "PaiDLC:CreateJob", WorkspaceID: "100", Request: authz.Request{Resource: jobs100}})
	if !d.Allowed() || d.Role != "PAI.AlgoDeveloper" || d.Permission == nil || d.Permission.RAMAction != "PaiDLC:CreateJob" {
		t.Errorf("by code: %+v", d)
	}
	// ArtLab's codes differ from their RAM actions; a RAM Deny on the action still applies.
	if p, ok := s.RolePermissions().ByAction("paiartlab:createai4dservice"); !ok || p.Code != "PaiArtLab:CreateService" {
		t.Errorf("ByAction(CreateAI4DService) = %+v, %v", p, ok)
	}
}

func TestSessionPolicyNarrowsWorkspaceRoles(t *testing.T) {
	s := workspaceFixture(t)
	session, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"paidlc:List*","Resource":"*"}]}`), policy.WithKind(policy.Session))
	if err != nil {
		t.Fatal(err)
	}
	ops := mustCaller(t, s, authz.AssumedRoleARN(account, "ops", "narrow"))
	ops.SessionPolicy = policy.NewEvaluator(session)
	if d := s.DecideWorkspace(ops, ptr(wsReq("paidlc:ListJobs", jobs100, "100", authz.ResourceAttributes{}))); !d.Allowed() {
		t.Errorf("ListJobs within the session policy: %v", d.Outcome)
	}
	if d := s.DecideWorkspace(ops, ptr(wsReq("paidlc:CreateJob", jobs100, "100", authz.ResourceAttributes{}))); d.Allowed() {
		t.Errorf("CreateJob outside the session policy was allowed by %v", d.By)
	}
}

func ptr[T any](v T) *T { return &v }

func TestWorkspaceResourceGroupScope(t *testing.T) {
	// A Deny attached in the workspace's resource group applies to requests in that workspace
	// without the request naming the group.
	d := &authz.Data{
		AccountID: account,
		Users:     []authz.UserData{{ID: "u-ada", Name: "ada"}},
		Policies:  []authz.PolicyData{{Name: "NoMembers", Document: `{"Version":"1","Statement":[{"Effect":"Deny","Action":"paiworkspace:CreateMember","Resource":"*"}]}`}},
		Attachments: []authz.Attachment{{PolicyType: authz.CustomPolicy, PolicyName: "NoMembers", PrincipalType: authz.UserPrincipal,
			PrincipalID: "u-ada", ResourceGroupID: "rg-ml"}},
		Workspaces:       []authz.WorkspaceData{{ID: "200", ResourceGroupID: "rg-ml"}},
		WorkspaceMembers: []authz.WorkspaceMemberData{{WorkspaceID: "200", PrincipalType: authz.UserPrincipal, PrincipalID: "u-ada", Roles: []string{"PAI.WorkspaceAdmin"}}},
		RolePermissions:  rolePermissions(t),
	}
	s, err := authz.Build(d, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ada := mustCaller(t, s, authz.UserARN(account, "ada"))
	if got := s.DecideWorkspace(ada, ptr(wsReq("paiworkspace:CreateMember", ws200ARN, "200", authz.ResourceAttributes{}))); got.Outcome != policy.ExplicitDeny {
		t.Errorf("CreateMember = %v, want the resource group's Deny", got.Outcome)
	}
	if got := s.DecideWorkspace(ada, ptr(wsReq("paiworkspace:ListMembers", ws200ARN, "200", authz.ResourceAttributes{}))); !got.Allowed() {
		t.Errorf("ListMembers = %v, want allowed by the role", got.Outcome)
	}
}

func TestWorkspaceRolesOfCaller(t *testing.T) {
	s := workspaceFixture(t)
	ops := mustCaller(t, s, authz.AssumedRoleARN(account, "ops", "s1"))
	if diff := cmp.Diff([]string{"PAI.AlgoOperator"}, s.WorkspaceRoles(ops, "100")); diff != "" {
		t.Errorf("WorkspaceRoles (-want +got):\n%s", diff)
	}
	if got := s.WorkspaceRoles(ops, "200"); got != nil {
		t.Errorf("roles in a workspace it is not in: %v", got)
	}
	if !s.HasWorkspace("100") || s.HasWorkspace("300") {
		t.Error("HasWorkspace")
	}
}

func TestWithoutRolePermissionsOnlyRAMDecides(t *testing.T) {
	d := &authz.Data{
		AccountID:        account,
		Users:            []authz.UserData{{ID: "u-dev", Name: "dev"}},
		Workspaces:       []authz.WorkspaceData{{ID: "100"}},
		WorkspaceMembers: []authz.WorkspaceMemberData{{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-dev", Roles: []string{"PAI.AlgoDeveloper"}}},
	}
	s, err := authz.Build(d, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dev := mustCaller(t, s, authz.UserARN(account, "dev"))
	if got := s.DecideWorkspace(dev, ptr(wsReq("paidlc:CreateJob", jobs100, "100", authz.ResourceAttributes{}))); got.Allowed() {
		t.Errorf("CreateJob allowed by %v without a role-permission list", got.By)
	}
}

func TestReadsKey(t *testing.T) {
	d := &authz.Data{
		AccountID: account,
		Policies: []authz.PolicyData{{Name: "p", Document: `{"Version":"1","Statement":[
			{"Effect":"Allow","Action":"oss:*","Resource":"acs:oss:*:*:home/${acs:PrincipalName}/*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`}},
	}
	s, err := authz.Build(d, workspacePolicies(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]bool{"acs:SourceIp": true, "ACS:SOURCEIP": true, "acs:PrincipalName": true,
		"acs:CurrentTime": false, "pai:Accessibility": false} {
		if got := s.ReadsKey(key); got != want {
			t.Errorf("ReadsKey(%s) = %v, want %v", key, got, want)
		}
	}
}

// TestITAGActionsFallUnderTheITAGRow: the appendix gives iTAG one row, "labeling job
// management", to the Workspace Administrator/Owner and the Labeling Administrator and names no
// code for it (shared/reference/pai.md §2.5); the catalog holds it as paiitag:*. Every iTAG
// action a PAI service asks about is checked under that row, and other roles get none of them.
func TestITAGActionsFallUnderTheITAGRow(t *testing.T) {
	d := &authz.Data{
		Revision: 1, AccountID: account,
		Users:      []authz.UserData{{ID: "u-lab", Name: "lab"}, {ID: "u-owen", Name: "owen"}, {ID: "u-dev", Name: "dev"}, {ID: "u-guest", Name: "guest"}},
		Workspaces: []authz.WorkspaceData{{ID: "100"}},
		WorkspaceMembers: []authz.WorkspaceMemberData{
			{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-lab", Roles: []string{"PAI.LabelManager"}},
			{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-owen", Roles: []string{"PAI.WorkspaceOwner"}},
			{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-dev", Roles: []string{"PAI.AlgoDeveloper"}},
			{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-guest", Roles: []string{"PAI.WorkspaceGuest"}},
		},
		RolePermissions: rolePermissions(t),
	}
	s, err := authz.Build(d, workspacePolicies(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	tasks := "acs:paiitag:cn-hangzhou:" + account + ":workspace/100/tasks/*"
	tests := []struct {
		user, action string
		want         policy.Outcome
	}{
		{"lab", "paiitag:CreateTask", policy.Allowed},
		{"lab", "PAIITAG:listtasks", policy.Allowed},
		{"lab", "paiitag:*", policy.Allowed},
		{"owen", "paiitag:DeleteTask", policy.Allowed},
		{"dev", "paiitag:CreateTask", policy.ImplicitDeny},
		{"guest", "paiitag:ListTasks", policy.ImplicitDeny},
		{"lab", "paidlc:CreateJob", policy.ImplicitDeny},
	}
	for _, tt := range tests {
		req := wsReq(tt.action, tasks, "100", authz.ResourceAttributes{})
		if got := s.DecideWorkspace(mustCaller(t, s, authz.UserARN(account, tt.user)), &req); got.Outcome != tt.want {
			t.Errorf("%s %s = %v by %v, want %v", tt.user, tt.action, got.Outcome, got.By, tt.want)
		}
	}
	rp := s.RolePermissions()
	if p, ok := rp.ByAction("paiitag:CreateTask"); !ok || p.Code != "paiitag:*" {
		t.Errorf("ByAction(paiitag:CreateTask) = %+v, %v; want the iTAG row", p, ok)
	}
	for _, action := range []string{"paidlc:Teleport", "paiitag:", "paiitag", ":CreateTask"} {
		if p, ok := rp.ByAction(action); ok {
			t.Errorf("ByAction(%q) = %s, want none", action, p.Code)
		}
	}
}

func TestWorkspaceResourceGroupFromTheResource(t *testing.T) {
	// Policies attached in a resource group reach the resources of that group's workspaces only:
	// a request about a resource in a workspace Rampart knows is decided in that workspace's
	// group, whatever group or workspace the request names.
	d := &authz.Data{
		AccountID: account,
		Users:     []authz.UserData{{ID: "u-ada", Name: "ada"}},
		Policies:  []authz.PolicyData{{Name: "AllPAI", Document: `{"Version":"1","Statement":[{"Effect":"Allow","Action":["paiworkspace:*","paidlc:*"],"Resource":"*"}]}`}},
		Attachments: []authz.Attachment{{PolicyType: authz.CustomPolicy, PolicyName: "AllPAI", PrincipalType: authz.UserPrincipal,
			PrincipalID: "u-ada", ResourceGroupID: "rg-a"}},
		Workspaces:      []authz.WorkspaceData{{ID: "100", ResourceGroupID: "rg-a"}, {ID: "200", ResourceGroupID: "rg-b"}, {ID: "300"}},
		RolePermissions: rolePermissions(t),
	}
	s, err := authz.Build(d, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ada := mustCaller(t, s, authz.UserARN(account, "ada"))
	ws := func(id string) string { return "acs:paiworkspace:*:" + account + ":workspace/" + id }
	jobs := func(id string) string { return "acs:paidlc:*:" + account + ":workspace/" + id + "/jobs/*" }
	for _, tt := range []struct {
		what string
		req  authz.WorkspaceRequest
		want policy.Outcome
	}{
		{"in its group's workspace", wsReq("paiworkspace:GetWorkspace", ws("100"), "100", authz.ResourceAttributes{}), policy.Allowed},
		{"the workspace named by the ARN alone", wsReq("paiworkspace:GetWorkspace", ws("100"), "", authz.ResourceAttributes{}), policy.Allowed},
		{"another group's workspace", wsReq("paiworkspace:GetWorkspace", ws("200"), "200", authz.ResourceAttributes{}), policy.ImplicitDeny},
		{"another group's workspace, the request naming the grant's group",
			authz.WorkspaceRequest{Request: authz.Request{Action: "paiworkspace:GetWorkspace", Resource: ws("200"), ResourceGroupID: "rg-a"}, WorkspaceID: "200"},
			policy.ImplicitDeny},
		{"a workspace in no group, the request naming the grant's group",
			authz.WorkspaceRequest{Request: authz.Request{Action: "paiworkspace:GetWorkspace", Resource: ws("300"), ResourceGroupID: "rg-a"}}, policy.ImplicitDeny},
		{"another group's jobs, asked from a workspace of the grant's group", wsReq("paidlc:CreateJob", jobs("200"), "100", authz.ResourceAttributes{}), policy.ImplicitDeny},
		{"an unknown workspace's jobs, asked from a workspace of the grant's group", wsReq("paidlc:CreateJob", jobs("999"), "100", authz.ResourceAttributes{}), policy.ImplicitDeny},
		{"a resource outside workspaces, the request naming the group",
			authz.WorkspaceRequest{Request: authz.Request{Action: "paidlc:ListJobs", Resource: "*", ResourceGroupID: "rg-a"}}, policy.Allowed},
	} {
		if got := s.DecideWorkspace(ada, &tt.req); got.Outcome != tt.want {
			t.Errorf("%s: %v, want %v", tt.what, got.Outcome, tt.want)
		}
		if got := s.ExplainWorkspace(ada, &tt.req); got.Decision.Outcome != tt.want {
			t.Errorf("%s, explained: %v, want %v", tt.what, got.Decision.Outcome, tt.want)
		}
	}
}
