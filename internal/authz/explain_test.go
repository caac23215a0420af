package authz_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/policy"
)

func TestExplainWorkspace(t *testing.T) {
	d := &authz.Data{
		AccountID: account,
		Users:     []authz.UserData{{ID: "u-dev", Name: "dev"}},
		Policies: []authz.PolicyData{{Name: "Mixed", Document: `{"Version":"1","Statement":[
			{"Sid":"other-action","Effect":"Allow","Action":"paidsw:*","Resource":"*"},
			{"Sid":"other-workspace","Effect":"Allow","Action":"paidlc:GetJob","Resource":"acs:paidlc:*:*:workspace/200/*"},
			{"Sid":"office","Effect":"Allow","Action":"paidlc:GetJob","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"},"StringEquals":{"pai:Accessibility":"PRIVATE"}}},
			{"Sid":"no-delete","Effect":"Deny","Action":"paidlc:DeleteJob","Resource":"*"}]}`}},
		Attachments:      []authz.Attachment{{PolicyType: authz.CustomPolicy, PolicyName: "Mixed", PrincipalType: authz.UserPrincipal, PrincipalID: "u-dev"}},
		Workspaces:       []authz.WorkspaceData{{ID: "100"}},
		WorkspaceMembers: []authz.WorkspaceMemberData{{WorkspaceID: "100", PrincipalType: authz.UserPrincipal, PrincipalID: "u-dev", Roles: []string{"PAI.AlgoDeveloper", "PAI.WorkspaceGuest"}}},
		RolePermissions:  rolePermissions(t),
	}
	s, err := authz.Build(d, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dev := mustCaller(t, s, authz.UserARN(account, "dev"))
	var ctx policy.Context
	ctx.Set("acs:SourceIp", "192.168.1.1")
	attrs := authz.ResourceAttributes{Accessibility: catalog.Private, Creator: "u-other"}
	attrs.AddTo(&ctx, dev)
	e := s.ExplainWorkspace(dev, &authz.WorkspaceRequest{Request: authz.Request{Action: "paidlc:GetJob", Resource: jobs100, Context: ctx},
		WorkspaceID: "100", Attributes: attrs})

	if e.Decision.Outcome != policy.ImplicitDeny {
		t.Errorf("Outcome = %v", e.Decision.Outcome)
	}
	var reasons []string
	for _, st := range e.Statements {
		reasons = append(reasons, st.Sid+": "+st.Reason)
	}
	want := []string{
		"other-action: action does not match",
		"other-workspace: resource does not match (or names a policy variable the request does not carry)",
		"office: condition IpAddress on acs:SourceIp does not hold",
		"no-delete: action does not match",
	}
	if diff := cmp.Diff(want, reasons); diff != "" {
		t.Errorf("statement reasons (-want +got):\n%s", diff)
	}
	wantRoles := []authz.RoleReason{
		{Role: "PAI.AlgoDeveloper", Rules: []authz.RuleReason{
			{Accessibility: "PRIVATE", EntityAccessType: "CREATOR", Result: authz.RuleNeedsCreator},
			{Accessibility: "PUBLIC", EntityAccessType: "ANY", Result: authz.RuleNeedsPublic},
		}},
		{Role: "PAI.WorkspaceGuest"},
	}
	if diff := cmp.Diff(wantRoles, e.Roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	if len(e.MemberGrants) == 0 || e.MemberGrants[0].Reason != "action does not match" {
		t.Errorf("member grants: %+v", e.MemberGrants)
	}

	// From the office network the same statement matches and allows.
	ctx.Set("acs:SourceIp", "10.1.2.3")
	e = s.ExplainWorkspace(dev, &authz.WorkspaceRequest{Request: authz.Request{Action: "paidlc:GetJob", Resource: jobs100, Context: ctx},
		WorkspaceID: "100", Attributes: attrs})
	if !e.Decision.Allowed() || e.Decision.By != authz.GrantRAM || !e.Statements[2].Matched || e.Statements[2].Reason != "matched" {
		t.Errorf("from the office: %+v", e)
	}
}

func TestExplainNotes(t *testing.T) {
	s := workspaceFixture(t)
	nobody := mustCaller(t, s, authz.UserARN(account, "nobody"))
	e := s.ExplainWorkspace(nobody, ptr(wsReq("paidlc:CreateJob", jobs100, "100", authz.ResourceAttributes{})))
	want := []string{"no policy is attached to the caller (or its groups)", "the caller is not a member of workspace 100"}
	if diff := cmp.Diff(want, e.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	root := authz.RootCaller(account)
	e = s.ExplainWorkspace(&root, ptr(wsReq("frobnicate:Now", "*", "", authz.ResourceAttributes{})))
	want = []string{"the account's root identity is always allowed", "the action is not a permission of PAI's role-permission list"}
	if diff := cmp.Diff(want, e.Notes); diff != "" || !e.Decision.Allowed() {
		t.Errorf("root notes (-want +got):\n%s", diff)
	}
}
