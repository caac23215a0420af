package catalog_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/catalog"
)

// seedModules is the seed's first table ("PAI sub-service" → "Dependent cloud service"), typed
// from shared/seed/pai-permission-management.txt.
var seedModules = []struct {
	Name     string
	Services []string
}{
	{"iTAG", []string{"OSS"}},
	{"Designer", []string{"OSS", "MaxCompute", "Flink"}},
	{"DSW", []string{"OSS", "NAS", "VPC"}},
	{"DLC", []string{"OSS", "NAS", "VPC"}},
	{"AutoML", []string{"OSS", "MaxCompute"}},
	{"EAS", []string{"OSS", "API Gateway", "SLS", "VPC", "Cloud Monitor"}},
	{"LangStudio", []string{"OSS", "SLS", "VPC", "OpenTelemetry"}},
	{"AI asset management", []string{"ACR"}},
}

// seedServices is the seed's second table, typed from the same file; "" is an empty cell.
var seedServices = []struct {
	Name, Policies, Usage, Guide string
}{
	{"OSS", "AliyunOSSFullAccess", "OSS RAM Policy", ""},
	{"MaxCompute", "AliyunBSSOrderAccess, AliyunDataWorksFullAccess", "Add the MaxCompute Developer role for RAM accounts in the workspace. For more information, see Create and manage workspaces.", ""},
	{"Flink", "AliyunStreamFullAccess", "Management Console authorization", "Activation: Activate real-time computing Flink version"},
	{"NAS", "AliyunNASFullAccess", "Control NAS access permissions using RAM policies", ""},
	{"API Gateway", "AliyunApiGatewayFullAccess", "Use RAM to manage API", ""},
	{"SLS", "AliyunLogFullAccess", "SLS authentication rules", ""},
	{"VPC", "AliyunVPCFullAccess", "VPC authorization information", ""},
	{"Cloud Monitor", "AliyunCloudMonitorFullAccess", "Cloud Monitor authorization information", "Common operations: Step 1: Configure alert contacts, Step 2: Configure alert rules"},
	{"OpenTelemetry", "AliyunARMSFullAccess", "Implement permission separation using RAM users", "Activation: Quick Start"},
	{"ACR", "AliyunContainerRegistryFullAccess", "ACR RAM authorization information", "Common operation: Build images using Enterprise instances"},
}

func TestModulesMatchSeed(t *testing.T) {
	c := mustLoad(t)
	var got, want []string
	for _, m := range c.Modules() {
		got = append(got, m.Name+" → "+strings.Join(m.DependentServices, ", "))
	}
	for _, m := range seedModules {
		want = append(want, m.Name+" → "+strings.Join(m.Services, ", "))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("modules differ from the seed (-seed +catalog):\n%s", diff)
	}
	for _, m := range seedModules {
		got, ok := c.Module(m.Name)
		if !ok || !slices.Equal(got.DependentServices, m.Services) {
			t.Errorf("Module(%q) = %v, %v", m.Name, got.DependentServices, ok)
		}
	}
	if _, ok := c.Module("eas"); ok {
		t.Errorf("Module matched a name that differs in case")
	}
}

func TestDependentServicesMatchSeed(t *testing.T) {
	c := mustLoad(t)
	type row struct{ Name, Policies, Usage, Guide string }
	var got, want []row
	for _, s := range c.DependentServices() {
		got = append(got, row{s.Name, strings.Join(s.ActivationPolicies, ", "), s.UsageAuthorization, s.OperationGuide})
	}
	for _, s := range seedServices {
		want = append(want, row(s))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("dependent services differ from the seed (-seed +catalog):\n%s", diff)
	}
	mc, ok := c.DependentService("MaxCompute")
	if !ok || mc.WorkspaceRole != "PAI.MaxComputeDeveloper" {
		t.Errorf("MaxCompute's workspace role = %q, %v; want PAI.MaxComputeDeveloper", mc.WorkspaceRole, ok)
	}
}

func TestActivationPoliciesAreSystemPolicies(t *testing.T) {
	c := mustLoad(t)
	for _, s := range c.DependentServices() {
		for _, p := range s.ActivationPolicies {
			if _, ok := c.SystemPolicy(p); !ok {
				t.Errorf("%s: activation policy %s is not a system policy", s.Name, p)
			}
		}
	}
}

func TestModuleRoles(t *testing.T) {
	c := mustLoad(t)
	seen := map[string]catalog.ModuleRole{}
	for _, m := range c.Modules() {
		for _, r := range m.Roles {
			if _, ok := c.SystemPolicy(r.RolePolicy); !ok {
				t.Errorf("%s: role %s: policy %s is not a system policy", m.Name, r.RoleName, r.RolePolicy)
			}
			if r.Type != catalog.ServiceRole && r.Type != catalog.ServiceLinkedRole {
				t.Errorf("%s: role %s has type %q", m.Name, r.RoleName, r.Type)
			}
			if !strings.HasSuffix(r.Service, ".aliyuncs.com") {
				t.Errorf("%s: role %s trusts %q, not a service principal", m.Name, r.RoleName, r.Service)
			}
			for _, s := range r.Services {
				if !slices.Contains(m.DependentServices, s) {
					t.Errorf("%s: role %s serves %s, not a dependent service of the module", m.Name, r.RoleName, s)
				}
			}
			if prev, ok := seen[r.RoleName]; ok && (prev.Service != r.Service || prev.RolePolicy != r.RolePolicy) {
				t.Errorf("role %s described twice differently", r.RoleName)
			}
			seen[r.RoleName] = r
		}
	}
	eas, _ := c.Module("EAS")
	got := eas.RolesFor("OSS")
	if len(got) != 1 || got[0].RoleName != "AliyunServiceRoleForPaiEas" || got[0].Service != "eas.pai.aliyuncs.com" || got[0].Type != catalog.ServiceLinkedRole {
		t.Errorf("EAS roles for OSS = %+v", got)
	}
	if got := eas.RolesFor("API Gateway"); len(got) != 0 {
		t.Errorf("EAS roles for API Gateway = %+v, want none documented", got)
	}
}

// TestAccessorsReturnCopies: what one caller does to a returned value must not reach another.
func TestAccessorsReturnCopies(t *testing.T) {
	c := mustLoad(t)

	ms := c.Modules()
	ms[0].DependentServices[0] = "changed"
	ms[1].Roles[0].Services[0] = "changed"
	m, _ := c.Module("EAS")
	m.Roles[0].RoleName = "changed"
	if got := c.Modules(); got[0].DependentServices[0] != "OSS" || got[1].Roles[0].Services[0] == "changed" {
		t.Errorf("Modules shares state with its callers: %+v", got[:2])
	}
	if m2, _ := c.Module("EAS"); m2.Roles[0].RoleName == "changed" {
		t.Errorf("Module shares state with its callers")
	}

	ds, _ := c.DependentService("MaxCompute")
	ds.ActivationPolicies[0] = "changed"
	if ds2, _ := c.DependentService("MaxCompute"); ds2.ActivationPolicies[0] != "AliyunBSSOrderAccess" {
		t.Errorf("DependentService shares state with its callers")
	}

	ps := c.SystemPolicies()
	ps[0].Name = "changed"
	if c.SystemPolicies()[0].Name == "changed" {
		t.Errorf("SystemPolicies shares state with its callers")
	}

	rp := c.RolePermissions()
	for role := range rp[2].Permissions[0].Rules {
		rp[2].Permissions[0].Rules[role][0].Accessibility = "changed"
		delete(rp[2].Permissions[0].Rules, role)
	}
	for role, rules := range c.RolePermissions()[2].Permissions[0].Rules {
		if rules[0].Accessibility == "changed" {
			t.Errorf("RolePermissions shares rule slices (role %s)", role)
		}
	}
	if len(c.RolePermissions()[2].Permissions[0].Rules) == 0 {
		t.Errorf("RolePermissions shares rule maps")
	}
}

func TestModuleRoleLookups(t *testing.T) {
	c := mustLoad(t)
	r, modules, ok := c.ModuleRole("aliyunserviceroleforpaieas")
	if !ok || r.RoleName != "AliyunServiceRoleForPaiEas" || !slices.Equal(modules, []string{"EAS"}) {
		t.Errorf("ModuleRole(lower-case EAS role) = %+v, %v, %v", r, modules, ok)
	}
	if _, _, ok := c.ModuleRole("AliyunServiceRoleForNothing"); ok {
		t.Errorf("ModuleRole found a role no module uses")
	}
	slr, ok := c.ServiceLinkedRole("eas.pai.aliyuncs.com")
	if !ok || slr.RoleName != "AliyunServiceRoleForPaiEas" || slr.RolePolicy != "AliyunServiceRolePolicyForPaiEas" {
		t.Errorf("ServiceLinkedRole(eas) = %+v, %v", slr, ok)
	}
	for _, name := range []string{"EAS.pai.aliyuncs.com", "pai.aliyuncs.com", ""} {
		if r, ok := c.ServiceLinkedRole(name); ok {
			t.Errorf("ServiceLinkedRole(%q) = %s; want none (exact names; pai.aliyuncs.com trusts service roles only)", name, r.RoleName)
		}
	}
	// Every service-linked role of the data is found by its service name.
	for _, m := range c.Modules() {
		for _, r := range m.Roles {
			if r.Type != catalog.ServiceLinkedRole {
				continue
			}
			if got, ok := c.ServiceLinkedRole(r.Service); !ok || got.RoleName != r.RoleName {
				t.Errorf("ServiceLinkedRole(%s) = %s, %v; want %s", r.Service, got.RoleName, ok, r.RoleName)
			}
		}
	}
}

func TestPAIActivation(t *testing.T) {
	a := mustLoad(t).PAIActivation()
	if !slices.Equal(a.Policies, []string{"AliyunPAIFullAccess"}) || !strings.Contains(a.Text, "AliyunPAIFullAccess") {
		t.Errorf("PAIActivation = %+v; the seed asks for AliyunPAIFullAccess", a)
	}
}

// TestOneRolePerModuleAndService: the Dependent Services page shows one role per row.
func TestOneRolePerModuleAndService(t *testing.T) {
	for _, m := range mustLoad(t).Modules() {
		for _, s := range m.DependentServices {
			if rs := m.RolesFor(s); len(rs) > 1 {
				t.Errorf("%s × %s is served by %d roles", m.Name, s, len(rs))
			}
		}
	}
}
