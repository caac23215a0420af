package catalog_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/policy"
)

func mustLoad(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// requiredPolicies are the system policies issues 3, 5 and 6 and the seed name.
var requiredPolicies = []string{
	"AliyunPAIFullAccess", "AliyunPAIReadOnlyAccess",
	"AliyunPAIEASFullAccess", "AliyunPAIEASReadOnlyAccess",
	"AliyunDatasetAccFullAccess", "AliyunDatasetAccReadOnlyAccess",
	"AliyunOSSFullAccess", "AliyunOSSReadOnlyAccess",
	"AliyunBSSOrderAccess", "AliyunBSSReadOnlyAccess",
	"AliyunDataWorksFullAccess", "AliyunDataWorksReadOnlyAccess",
	"AliyunStreamFullAccess", "AliyunStreamReadOnlyAccess",
	"AliyunNASFullAccess", "AliyunNASReadOnlyAccess",
	"AliyunApiGatewayFullAccess", "AliyunApiGatewayReadOnlyAccess",
	"AliyunLogFullAccess", "AliyunLogReadOnlyAccess",
	"AliyunVPCFullAccess", "AliyunVPCReadOnlyAccess",
	"AliyunCloudMonitorFullAccess", "AliyunCloudMonitorReadOnlyAccess",
	"AliyunARMSFullAccess", "AliyunARMSReadOnlyAccess",
	"AliyunContainerRegistryFullAccess", "AliyunContainerRegistryReadOnlyAccess",
	"AliyunRAMFullAccess", "AliyunRAMReadOnlyAccess",
	"AliyunSTSAssumeRoleAccess", "AdministratorAccess",
	"AliyunPAILangStudioFullAccess", "AliyunPAILangStudioReadOnlyAccess",
}

func TestRequiredSystemPoliciesPresent(t *testing.T) {
	c := mustLoad(t)
	for _, name := range requiredPolicies {
		if _, ok := c.SystemPolicy(name); !ok {
			t.Errorf("system policy %s is missing", name)
		}
	}
}

func TestSystemPolicyLookupIsExact(t *testing.T) {
	c := mustLoad(t)
	for _, name := range []string{"aliyunossfullaccess", "AliyunOSSFullAccess ", "", "AliyunOSS*"} {
		if p, ok := c.SystemPolicy(name); ok {
			t.Errorf("SystemPolicy(%q) found %s; RAM matches names exactly", name, p.Name)
		}
	}
	p, ok := c.SystemPolicy("AliyunOSSFullAccess")
	if !ok || p.Name != "AliyunOSSFullAccess" {
		t.Errorf("SystemPolicy(AliyunOSSFullAccess) = %q, %v", p.Name, ok)
	}
}

func TestSystemPoliciesSortedAndUnique(t *testing.T) {
	ps := mustLoad(t).SystemPolicies()
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("SystemPolicies not sorted by name: %v", names)
	}
	if len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Errorf("duplicate names: %v", names)
	}
}

// TestSystemPolicyDocumentsParse holds every document to the policy language: what RAM ships
// must be a valid identity policy.
func TestSystemPolicyDocumentsParse(t *testing.T) {
	for _, p := range mustLoad(t).SystemPolicies() {
		if _, err := policy.Parse([]byte(p.Document), policy.WithName(p.Name)); err != nil {
			t.Errorf("%s:\n%v", p.Name, err)
		}
	}
}

func TestSystemPolicyRecords(t *testing.T) {
	for _, p := range mustLoad(t).SystemPolicies() {
		if !strings.HasPrefix(p.Source, "https://") {
			t.Errorf("%s: Source %q is not a URL", p.Name, p.Source)
		}
		switch p.Provenance {
		case catalog.Quoted:
		case catalog.Derived:
			if p.Note == "" {
				t.Errorf("%s: derived without a Note", p.Name)
			}
		default:
			t.Errorf("%s: Provenance %q", p.Name, p.Provenance)
		}
		if p.Description == "" || p.DefaultVersion == "" || p.CreateDate.IsZero() || p.UpdateDate.Before(p.CreateDate) {
			t.Errorf("%s: incomplete record %+v", p.Name, p)
		}
	}
}

// TestSystemPolicyDecisions spot-checks that the documents mean what their pages say.
func TestSystemPolicyDecisions(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		policy, action, resource string
		context                  map[string]string
		want                     bool
	}{
		{"AdministratorAccess", "ecs:RunInstances", "acs:ecs:cn-hangzhou:1:instance/i-1", nil, true},
		{"AliyunOSSReadOnlyAccess", "oss:GetObject", "acs:oss:*:1:bucket/key", nil, true},
		{"AliyunOSSReadOnlyAccess", "oss:PutObject", "acs:oss:*:1:bucket/key", nil, false},
		{"AliyunSTSAssumeRoleAccess", "sts:AssumeRole", "acs:ram::1:role/r", nil, true},
		{"AliyunSTSAssumeRoleAccess", "ram:CreateRole", "acs:ram::1:role/r", nil, false},
		{"AliyunPAIFullAccess", "paidlc:CreateJob", "acs:paidlc:cn-hangzhou:1:job/*", nil, true},
		{"AliyunPAIFullAccess", "datasetacc:CreateSlot", "*", nil, false},
		{"AliyunPAIEASFullAccess", "ram:CreateServiceLinkedRole", "*", map[string]string{"ram:ServiceName": "eas.pai.aliyuncs.com"}, true},
		{"AliyunPAIEASFullAccess", "ram:CreateServiceLinkedRole", "*", map[string]string{"ram:ServiceName": "ecs.aliyuncs.com"}, false},
		{"AliyunPAIEASReadOnlyAccess", "eas:DescribeService", "*", nil, true},
		{"AliyunPAIEASReadOnlyAccess", "eas:CreateService", "*", nil, false},
		{"AliyunVPCFullAccess", "vpc:CreateVpc", "*", nil, true},
		{"AliyunVPCFullAccess", "vpc:AllocateEipAddress", "*", nil, false}, // not vpc:*
		{"AliyunVPCReadOnlyAccess", "vpc:DescribeVpcs", "*", nil, true},
		{"AliyunVPCReadOnlyAccess", "vpc:CreateVpc", "*", nil, false},
		{"AliyunRAMReadOnlyAccess", "ram:ListUsers", "*", nil, true},
		{"AliyunRAMReadOnlyAccess", "ram:CreateUser", "*", nil, false},
	}
	for _, tt := range tests {
		p, ok := c.SystemPolicy(tt.policy)
		if !ok {
			t.Errorf("%s missing", tt.policy)
			continue
		}
		compiled, err := policy.Parse([]byte(p.Document), policy.WithName(p.Name))
		if err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		req := &policy.Request{Action: tt.action, Resource: tt.resource}
		for k, v := range tt.context {
			req.Context.Set(k, v)
		}
		if got := policy.NewEvaluator(compiled).Evaluate(req).Allowed(); got != tt.want {
			t.Errorf("%s allows %s on %s with %v = %v, want %v", tt.policy, tt.action, tt.resource, tt.context, got, tt.want)
		}
	}
}
