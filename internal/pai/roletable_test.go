package pai_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/pai"
)

// TestRolePermissionsDocIsCurrent: docs/role-permissions.md is what the catalog says. After a
// change to the catalog, regenerate it:
//
//	go run ./internal/pai/cmd/roledoc > docs/role-permissions.md
func TestRolePermissionsDocIsCurrent(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := pai.RolePermissionsMarkdown(cat)
	got, err := os.ReadFile(filepath.Join("..", "..", "docs", "role-permissions.md"))
	if err != nil {
		t.Fatalf("%v; generate it with: go run ./internal/pai/cmd/roledoc > docs/role-permissions.md", err)
	}
	if string(got) != want {
		t.Errorf("docs/role-permissions.md is stale; regenerate it with: go run ./internal/pai/cmd/roledoc > docs/role-permissions.md")
	}
}

// The table shows every permission code of the catalog, and the rules of a row as the data
// gives them.
func TestRolePermissionsMarkdown(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	md := pai.RolePermissionsMarkdown(cat)
	for _, m := range cat.RolePermissions() {
		for _, p := range m.Permissions {
			if !strings.Contains(md, "`"+p.Code+"`") {
				t.Errorf("%s is missing", p.Code)
			}
		}
	}
	for _, row := range []string{
		"| Create jobs and TensorBoards | `PaiDLC:CreateJob`, `PaiDLC:CreateTensorboard` | any | any | any | any | 3 | inferred |",
		"`PaiArtLab:CreateService` (RAM `PaiArtLab:CreateAI4DService`)",
		"| Workspace Owner | Workspace Administrator | Algorithm Developer | Algorithm O&M Engineer | Marks | Confidence |",
		"| MaxCompute | `odps:*` | the workspace's MaxCompute projects | Workspace Owner, Workspace Administrator, MaxCompute Developer |",
	} {
		if !strings.Contains(md, row) {
			t.Errorf("the table lacks %q", row)
		}
	}
}
