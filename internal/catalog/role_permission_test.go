package catalog_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/catalog"
)

var codeForm = regexp.MustCompile(`^[A-Za-z]+:(\*|[A-Za-z0-9]+)$`)

func TestRolePermissionsWellFormed(t *testing.T) {
	c := mustLoad(t)
	perms := c.RolePermissions()
	if len(perms) == 0 {
		t.Fatal("no role permissions")
	}
	for _, m := range perms {
		for _, role := range m.Roles {
			if _, ok := c.WorkspaceRole(role); !ok {
				t.Errorf("%s: unknown role ID %q", m.Module, role)
			}
		}
		if len(m.Permissions) == 0 {
			t.Errorf("%s: no permissions", m.Module)
		}
		for _, p := range m.Permissions {
			if !codeForm.MatchString(p.Code) || !codeForm.MatchString(p.RAMAction) {
				t.Errorf("%s: %q / %q is not of the Prefix:Name form", m.Module, p.Code, p.RAMAction)
			}
			if p.Confidence != catalog.Confirmed && p.Confidence != catalog.Inferred {
				t.Errorf("%s %s: Confidence %q", m.Module, p.Code, p.Confidence)
			}
			if p.DefaultAllow && len(p.Rules) > 0 {
				t.Errorf("%s %s: default-allow with role rules", m.Module, p.Code)
			}
			for role, rules := range p.Rules {
				if _, ok := c.WorkspaceRole(role); !ok {
					t.Errorf("%s %s: unknown role ID %q", m.Module, p.Code, role)
				}
				if !slices.Contains(m.Roles, role) {
					t.Errorf("%s %s: role %s has no column in the table", m.Module, p.Code, role)
				}
				if len(rules) == 0 {
					t.Errorf("%s %s: role %s with no rules", m.Module, p.Code, role)
				}
			}
			// The appendix has one Workspace Administrator/Owner column.
			if diff := cmp.Diff(p.Rules["PAI.WorkspaceAdmin"], p.Rules["PAI.WorkspaceOwner"]); diff != "" {
				t.Errorf("%s %s: owner and administrator differ:\n%s", m.Module, p.Code, diff)
			}
		}
	}
}

// lookup returns the rules role holds for code, searching every module.
func lookup(t *testing.T, c *catalog.Catalog, code, role string) []catalog.PermissionRule {
	t.Helper()
	found := false
	var out []catalog.PermissionRule
	for _, m := range c.RolePermissions() {
		for _, p := range m.Permissions {
			if p.Code == code {
				found = true
				out = append(out, p.Rules[role]...)
			}
		}
	}
	if !found {
		t.Fatalf("permission %s is not in the catalog", code)
	}
	return out
}

// TestRolePermissionSamples checks rows the seed's issues rely on.
func TestRolePermissionSamples(t *testing.T) {
	c := mustLoad(t)
	anyRule := []catalog.PermissionRule{{Accessibility: catalog.AnyAccessibility, EntityAccessType: catalog.AnyEntity}}
	ownAndPublic := []catalog.PermissionRule{
		{Accessibility: catalog.Private, EntityAccessType: catalog.Creator},
		{Accessibility: catalog.Public, EntityAccessType: catalog.AnyEntity},
	}
	tests := []struct {
		code, role string
		want       []catalog.PermissionRule
	}{
		{"PaiDLC:CreateJob", "PAI.AlgoDeveloper", anyRule},
		{"PaiDLC:CreateJob", "PAI.WorkspaceGuest", nil},
		{"PaiDLC:GetJob", "PAI.AlgoDeveloper", ownAndPublic},
		{"PaiDLC:GetJob", "PAI.AlgoOperator", anyRule},
		{"PaiDLC:ListJobs", "PAI.WorkspaceAdmin", anyRule},
		{"PaiDSW:CreatePostPaidInstance", "PAI.AlgoDeveloper", anyRule},
		{"PaiWorkspace:CreateMember", "PAI.WorkspaceOwner", anyRule},
		{"PaiWorkspace:CreateMember", "PAI.AlgoDeveloper", nil},
		{"PaiWorkspace:ListMembers", "PAI.WorkspaceGuest", anyRule},
		{"PaiDataset:DeleteDataset", "PAI.LabelManager", []catalog.PermissionRule{{Accessibility: catalog.Private, EntityAccessType: catalog.Creator}}},
		{"PaiDataset:DeleteDataset", "PAI.WorkspaceGuest", nil},
		{"eas:CreateService", "PAI.AlgoOperator", nil},
		{"eas:DescribeService", "PAI.AlgoOperator", anyRule},
		{"PaiDesigner:CreatePipelineDraft", "PAI.MaxComputeDeveloper", ownAndPublic},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, lookup(t, c, tt.code, tt.role)); diff != "" {
			t.Errorf("%s for %s (-want +got):\n%s", tt.code, tt.role, diff)
		}
	}
}

func TestRolePermissionRAMActions(t *testing.T) {
	c := mustLoad(t)
	differ := map[string]string{}
	for _, m := range c.RolePermissions() {
		for _, p := range m.Permissions {
			if p.Code != p.RAMAction {
				differ[p.Code] = p.RAMAction
			}
		}
	}
	want := map[string]string{
		"PaiArtLab:CreateService": "PaiArtLab:CreateAI4DService",
		"PaiArtLab:ListServices":  "PaiArtLab:ListAI4DServices",
	}
	if diff := cmp.Diff(want, differ); diff != "" {
		t.Errorf("rows whose RAM action differs from the code (-want +got):\n%s", diff)
	}
}
