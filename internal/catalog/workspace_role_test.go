package catalog_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWorkspaceRoles(t *testing.T) {
	c := mustLoad(t)
	type role struct{ ID, DisplayName string }
	want := []role{
		{"PAI.WorkspaceOwner", "Workspace Owner"},
		{"PAI.WorkspaceAdmin", "Workspace Administrator"},
		{"PAI.AlgoDeveloper", "Algorithm Developer"},
		{"PAI.AlgoOperator", "Algorithm O&M Engineer"},
		{"PAI.LabelManager", "Labeling Administrator"},
		{"PAI.WorkspaceGuest", "Visitor"},
		{"PAI.MaxComputeDeveloper", "MaxCompute Developer"},
	}
	var got []role
	for _, r := range c.WorkspaceRoles() {
		got = append(got, role{r.ID, r.DisplayName})
		if r.Description == "" || r.Source == "" {
			t.Errorf("%s: missing Description or Source", r.ID)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("workspace roles (-want +got):\n%s", diff)
	}
	if r, ok := c.WorkspaceRole("PAI.WorkspaceGuest"); !ok || r.DisplayName != "Visitor" {
		t.Errorf("WorkspaceRole(PAI.WorkspaceGuest) = %+v, %v", r, ok)
	}
	if _, ok := c.WorkspaceRole("Resource Administrator"); ok {
		t.Errorf("the Resource Administrator must not be a workspace role")
	}
	if a := c.ResourceAdministrator(); a.Policy != "AliyunPAIFullAccess" || a.DisplayName != "Resource Administrator" {
		t.Errorf("ResourceAdministrator = %+v", a)
	}
}
