package pai_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

var (
	anyRule      = catalog.PermissionRule{Accessibility: catalog.AnyAccessibility, EntityAccessType: catalog.AnyEntity}
	ownPrivate   = catalog.PermissionRule{Accessibility: catalog.Private, EntityAccessType: catalog.Creator}
	publicRule   = catalog.PermissionRule{Accessibility: catalog.Public, EntityAccessType: catalog.AnyEntity}
	privateRules = []catalog.PermissionRule{ownPrivate, publicRule}
)

func TestGetPermission(t *testing.T) { storetest.Backends(t, testGetPermission) }

func testGetPermission(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	ws := e.workspace("mlw")
	dev, guest, ops := e.user("dev"), e.user("guest"), e.role("ops")
	noJobs := e.user("nojobs", deny("paidlc:CreateJob"))
	pfa := e.user("pfa", "AliyunPAIFullAccess")
	stranger := e.user("stranger")
	e.member(ws, dev, pai.RoleDeveloper)
	e.member(ws, guest, pai.RoleGuest)
	e.member(ws, ops, pai.RoleOperator)
	e.member(ws, noJobs, pai.RoleDeveloper)

	tests := []struct {
		name   string
		caller *callerT
		in     pai.GetPermissionInput
		want   []catalog.PermissionRule
		code   string
	}{
		{"a developer creates jobs", dev, pai.GetPermissionInput{PermissionCode: "PaiDLC:CreateJob"}, []catalog.PermissionRule{anyRule}, ""},
		{"codes ignore case", dev, pai.GetPermissionInput{PermissionCode: "paidlc:createjob"}, []catalog.PermissionRule{anyRule}, ""},
		{"a developer reads own and public jobs", dev, pai.GetPermissionInput{PermissionCode: "PaiDLC:GetJob"}, privateRules, ""},
		{"its own private job", dev, pai.GetPermissionInput{PermissionCode: "PaiDLC:GetJob", Accessibility: "PRIVATE", Creator: dev.ID}, privateRules, ""},
		{"not another's", dev, pai.GetPermissionInput{PermissionCode: "PaiDLC:GetJob", Accessibility: "PRIVATE", Creator: ops.ID}, nil, "NoPermission"},
		{"a public one", dev, pai.GetPermissionInput{PermissionCode: "PaiDLC:GetJob", Accessibility: "public", Creator: ops.ID, Resource: "job/dlc-1"}, privateRules, ""},
		{"the O&M engineer reads all jobs", ops, pai.GetPermissionInput{PermissionCode: "PaiDLC:GetJob", Accessibility: "PRIVATE", Creator: dev.ID}, []catalog.PermissionRule{anyRule}, ""},
		{"a visitor may not create jobs", guest, pai.GetPermissionInput{PermissionCode: "PaiDLC:CreateJob"}, nil, "NoPermission"},
		{"a visitor lists members", guest, pai.GetPermissionInput{PermissionCode: "PaiWorkspace:ListMembers"}, []catalog.PermissionRule{anyRule}, ""},
		{"a developer may not add members", dev, pai.GetPermissionInput{PermissionCode: "PaiWorkspace:CreateMember"}, nil, "NoPermission"},
		{"an explicit RAM Deny beats the role", noJobs, pai.GetPermissionInput{PermissionCode: "PaiDLC:CreateJob"}, nil, "NoPermission"},
		{"unless RAM is left out", noJobs, pai.GetPermissionInput{PermissionCode: "PaiDLC:CreateJob", DisableRAM: true}, []catalog.PermissionRule{anyRule}, ""},
		{"AliyunPAIFullAccess holds everything", pfa, pai.GetPermissionInput{PermissionCode: "PaiDLC:DeleteJob", Accessibility: "PRIVATE", Creator: dev.ID}, []catalog.PermissionRule{anyRule}, ""},
		{"but not with RAM left out", pfa, pai.GetPermissionInput{PermissionCode: "PaiDLC:DeleteJob", DisableRAM: true}, nil, "NoPermission"},
		{"default-allowed codes", stranger, pai.GetPermissionInput{PermissionCode: "Pai:ListQuotas"}, []catalog.PermissionRule{anyRule}, ""},
		{"a stranger", stranger, pai.GetPermissionInput{PermissionCode: "PaiDLC:ListJobs"}, nil, "NoPermission"},
		{"an unknown code", dev, pai.GetPermissionInput{PermissionCode: "PaiDLC:Teleport"}, nil, "EntityNotExist.PermissionCode"},
		{"no code", dev, pai.GetPermissionInput{}, nil, "MissingParameter"},
		{"bad accessibility", dev, pai.GetPermissionInput{PermissionCode: "PaiDLC:GetJob", Accessibility: "SECRET"}, nil, "InvalidParameter.Accessibility"},
		{"bad creator", dev, pai.GetPermissionInput{PermissionCode: "PaiDLC:GetJob", Creator: "a&b"}, nil, "InvalidParameter.Creator"},
		{"a wildcard resource", dev, pai.GetPermissionInput{PermissionCode: "PaiDLC:GetJob", Resource: "job/*"}, nil, "InvalidParameter.Resource"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.WorkspaceID = ws
			got, err := e.svc.GetPermission(ctx, tt.caller, tt.in)
			wantCode(t, err, tt.code)
			if diff := cmp.Diff(tt.want, got.Rules); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
	_, err := e.svc.GetPermission(ctx, pfa, pai.GetPermissionInput{WorkspaceID: "404", PermissionCode: "PaiDLC:GetJob"})
	wantCode(t, err, "EntityNotExist.Workspace")
	_, err = e.svc.GetPermission(ctx, dev, pai.GetPermissionInput{WorkspaceID: "404", PermissionCode: "PaiDLC:GetJob"})
	wantCode(t, err, "NoPermission")
}

func TestListPermissions(t *testing.T) { storetest.Backends(t, testListPermissions) }

func testListPermissions(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	ws := e.workspace("mlw")
	dev, guest, stranger := e.user("dev"), e.user("guest"), e.user("stranger")
	lister := e.user("lister", allow("paiworkspace:ListPermissions"))
	e.member(ws, dev, pai.RoleDeveloper)
	e.member(ws, guest, pai.RoleGuest)

	codes := func(ps []pai.PermissionRules) map[string][]catalog.PermissionRule {
		out := map[string][]catalog.PermissionRule{}
		for _, p := range ps {
			out[p.Code] = p.Rules
		}
		return out
	}
	ps, err := e.svc.ListPermissions(ctx, dev, pai.ListPermissionsInput{WorkspaceID: ws})
	wantCode(t, err, "")
	got := codes(ps)
	for code, want := range map[string][]catalog.PermissionRule{
		"PaiDLC:CreateJob":              {anyRule},
		"PaiDLC:GetJob":                 privateRules,
		"PaiDSW:CreatePostPaidInstance": {anyRule},
		"Pai:ListQuotas":                {anyRule},
		"PaiWorkspace:ListMembers":      {anyRule},
		"PaiWorkspace:CreateMember":     nil,
		"eas:CreateService":             {anyRule},
	} {
		if diff := cmp.Diff(want, got[code]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", code, diff)
		}
	}
	ps, err = e.svc.ListPermissions(ctx, guest, pai.ListPermissionsInput{WorkspaceID: ws})
	wantCode(t, err, "")
	if got := codes(ps); got["PaiDLC:CreateJob"] != nil || got["PaiWorkspace:GetWorkspace"] == nil {
		t.Errorf("a visitor's permissions: CreateJob %v, GetWorkspace %v", got["PaiDLC:CreateJob"], got["PaiWorkspace:GetWorkspace"])
	}
	_, err = e.svc.ListPermissions(ctx, stranger, pai.ListPermissionsInput{WorkspaceID: ws})
	wantCode(t, err, "NoPermission")
	ps, err = e.svc.ListPermissions(ctx, lister, pai.ListPermissionsInput{WorkspaceID: ws})
	wantCode(t, err, "")
	if got := codes(ps); got["PaiWorkspace:ListPermissions"] == nil || got["PaiDLC:CreateJob"] != nil {
		t.Errorf("a RAM-allowed non-member lists what RAM gives it: %d codes", len(got))
	}
	_, err = e.svc.ListPermissions(ctx, lister, pai.ListPermissionsInput{WorkspaceID: "404"})
	wantCode(t, err, "EntityNotExist.Workspace")
	ps, err = e.svc.ListPermissions(ctx, e.root, pai.ListPermissionsInput{WorkspaceID: ws})
	wantCode(t, err, "")
	if n := len(e.Snaps.Current().RolePermissions().Permissions()); len(ps) != n {
		t.Errorf("the root holds %d of %d codes", len(ps), n)
	}
}
