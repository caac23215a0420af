package catalog

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// copyData returns the embedded data as a writable file system, so that a test can break one fact.
func copyData(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(dataFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(dataFS, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func edit(t *testing.T, m fstest.MapFS, name, old, new string) {
	t.Helper()
	f, ok := m[name]
	if !ok || !strings.Contains(string(f.Data), old) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	f.Data = []byte(strings.Replace(string(f.Data), old, new, 1))
}

// TestLoadRejectsBrokenData: every rule the loader enforces, broken once.
func TestLoadRejectsBrokenData(t *testing.T) {
	const (
		oss     = "data/system-policies/AliyunOSSFullAccess.json"
		modules = "data/pai/modules.json"
		dlc     = "data/pai/role-permissions/DLC.json"
	)
	tests := []struct {
		name    string
		breakIt func(t *testing.T, m fstest.MapFS)
		want    string
	}{
		{"unknown field", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, oss, `"Note":`, `"Notes":`)
		}, "unknown field"},
		{"trailing data", func(t *testing.T, m fstest.MapFS) {
			m[oss].Data = append(m[oss].Data, "{}"...)
		}, "after the top-level value"},
		{"name differs from file", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, oss, `"PolicyName": "AliyunOSSFullAccess"`, `"PolicyName": "AliyunOSSFull"`)
		}, "does not match the file name"},
		{"bad provenance", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, oss, `"Provenance": "derived"`, `"Provenance": "guessed"`)
		}, "Provenance"},
		{"document without statements", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, oss, `"Statement"`, `"Statements"`)
		}, "Version and Statement"},
		{"missing activation policy", func(t *testing.T, m fstest.MapFS) {
			delete(m, oss)
		}, `activation policy "AliyunOSSFullAccess"`},
		{"missing role policy", func(t *testing.T, m fstest.MapFS) {
			delete(m, "data/system-policies/AliyunServiceRolePolicyForPaiDlc.json")
		}, "AliyunServiceRolePolicyForPaiDlc"},
		{"module on unknown service", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, modules, `"DependentServices": ["ACR"]`, `"DependentServices": ["ECR"]`)
		}, "not a dependent service"},
		{"role serving another module's service", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, modules, `"Services": ["OSS", "SLS", "VPC"]`, `"Services": ["OSS", "NAS"]`)
		}, "not a dependent service of the module"},
		{"role type", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, modules, `"Type": "ServiceLinkedRole"`, `"Type": "LinkedRole"`)
		}, "Type must be"},
		{"permission code form", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, dlc, `{"Code": "PaiDLC:CreateJob"`, `{"Code": "CreateJob"`)
		}, "Prefix:Name"},
		{"rule for a role without a column", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, dlc, `"PAI.AlgoOperator": [`, `"PAI.WorkspaceGuest": [`)
		}, "has no column"},
		{"invalid rule", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, dlc, `"EntityAccessType": "CREATOR"`, `"EntityAccessType": "OTHERS"`)
		}, "invalid rule"},
		{"module file not in the index", func(t *testing.T, m fstest.MapFS) {
			m["data/pai/role-permissions/Extra.json"] = m[dlc]
		}, "module files"},
		{"two roles for one module and service", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, modules, `"Services": ["VPC"],
          "Confidence": "inferred",
          "Source": "https://help.aliyun.com/zh/ram/developer-reference/aliyunservicerolepolicyforpaidsw"`, `"Services": ["VPC", "NAS"],
          "Confidence": "inferred",
          "Source": "https://help.aliyun.com/zh/ram/developer-reference/aliyunservicerolepolicyforpaidsw"`)
		}, "NAS is served by two roles"},
		{"two service-linked roles for one service", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, modules, `"Service": "dlc.pai.aliyuncs.com"`, `"Service": "dsw.pai.aliyuncs.com"`)
		}, "has two service-linked roles"},
		{"PAI activation policy unknown", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "data/pai/activation.json", `"Policies": ["AliyunPAIFullAccess"]`, `"Policies": ["AliyunPAIFull"]`)
		}, `PAI's activation policy "AliyunPAIFull"`},
		{"PAI activation without policies", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "data/pai/activation.json", `"Policies": ["AliyunPAIFullAccess"]`, `"Policies": []`)
		}, "needs Policies"},
		{"unknown workspace role in a table", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "data/pai/workspace-roles.json", `"RoleId": "PAI.AlgoOperator"`, `"RoleId": "PAI.AlgoOps"`)
		}, `unknown role ID "PAI.AlgoOperator"`},
	}
	if _, err := load(copyData(t)); err != nil {
		t.Fatalf("the unmodified copy does not load: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := copyData(t)
			tt.breakIt(t, m)
			_, err := load(m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("load = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestDerivedPolicyNeedsNote(t *testing.T) {
	f := systemPolicyFile{PolicyName: "X", Description: "d", DefaultVersion: "v1", Source: "https://example.com",
		Provenance: Derived, PolicyDocument: []byte(`{"Version":"1","Statement":[]}`)}
	f.CreateDate = f.CreateDate.AddDate(2015, 0, 0)
	f.UpdateDate = f.CreateDate
	if _, err := f.policy("data/system-policies/X.json"); err == nil || !strings.Contains(err.Error(), "Note") {
		t.Errorf("derived policy without a Note: %v", err)
	}
	f.Note = "based on nothing"
	if _, err := f.policy("data/system-policies/X.json"); err != nil {
		t.Errorf("with a Note: %v", err)
	}
}
