package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/console"
	"github.com/rampart-iam/rampart/internal/pai/activation"
	"github.com/rampart-iam/rampart/internal/ram"
)

// newDependentEnv is a console with the real activation domain over the env's RAM domain.
func newDependentEnv(t *testing.T) *env {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return newEnvWith(t, func(e *env, o *console.Options) {
		svc, err := activation.New(activation.Options{Store: e.Store, Snapshots: e.Snaps, Catalog: cat, RAM: e.svc, Now: e.clock})
		if err != nil {
			t.Fatal(err)
		}
		o.DependentServices = svc
	})
}

// row is the HTML of one row of the page, by module and service.
func row(t *testing.T, body, module, service string) string {
	t.Helper()
	id := regexp.MustCompile(`[^A-Za-z0-9-]`).ReplaceAllString("ds-"+module+"-"+service, "-")
	m := regexp.MustCompile(`(?s)<tr id="` + id + `">.*?</tr>`).FindString(body)
	if m == "" {
		t.Fatalf("no row %s on the page", id)
	}
	return m
}

// rowHas fails unless the row shows every text and none of the absent ones.
func rowHas(t *testing.T, body, module, service string, texts []string, absent ...string) {
	t.Helper()
	got := row(t, body, module, service)
	for _, s := range texts {
		if !strings.Contains(got, s) {
			t.Errorf("%s × %s lacks %q:\n%s", module, service, s, got)
		}
	}
	for _, s := range absent {
		if strings.Contains(got, s) {
			t.Errorf("%s × %s shows %q:\n%s", module, service, s, got)
		}
	}
}

func TestDependentServicesNeedTheDomain(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	if r := b.get("/console/pai/workspaces"); strings.Contains(r.body, "Dependent Services") {
		t.Error("the pane offers Dependent Services without the activation domain")
	}
	want(t, "the page", b.get("/console/pai/dependent-services"), http.StatusNotFound)
}

func TestDependentServices(t *testing.T) {
	e := newDependentEnv(t)
	b := e.rootBrowser()
	r := b.get("/console/pai/dependent-services")
	want(t, "the page", r, http.StatusOK, "PAI > Activation & Authorization > Dependent Services", "Authorization Status", "Actions",
		">iTAG<", ">Designer<", ">DSW<", ">DLC<", ">AutoML<", ">EAS<", ">LangStudio<", ">AI asset management<",
		`href="#module-AI-asset-management"`, `href="/console/pai/dependent-services" aria-current="page"`)
	rowHas(t, r.body, "Designer", "OSS", []string{"Not authorized", `aria-label="Authorize Designer to access OSS"`, "AliyunODPSPAIDefaultRole"}, "View Authorization")
	rowHas(t, r.body, "Designer", "Flink", []string{"Not authorized", ">Authorize<", "Activates Flink."})

	// Authorize → View Authorization; the role serves Designer's MaxCompute too.
	r = b.post("/console/pai/dependent-services", url.Values{"module": {"Designer"}, "service": {"OSS"}})
	if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location, "#module-Designer") {
		t.Fatalf("Authorize: %d %q\n%s", r.status, r.location, r.body)
	}
	r = b.get(r.location)
	want(t, "after authorizing", r, http.StatusOK, "Designer is authorized to access OSS.")
	for _, s := range []string{"OSS", "MaxCompute"} {
		rowHas(t, r.body, "Designer", s, []string{">Authorized<", "View Authorization", "AliyunODPSPAIDefaultRole", "Service role",
			"pai.aliyuncs.com", "AliyunODPSPAIRolePolicy", `href="/console/roles/AliyunODPSPAIDefaultRole"`}, ">Authorize<")
	}
	rowHas(t, r.body, "Designer", "OSS", []string{"AliyunOSSFullAccess"})
	rowHas(t, r.body, "EAS", "OSS", []string{">Authorize<", "AliyunServiceRoleForPaiEas"})
	if _, err := e.svc.GetRole(t.Context(), e.root, ram.RoleInput{RoleName: "AliyunODPSPAIDefaultRole"}); err != nil {
		t.Errorf("the service role after Authorize: %v", err)
	}

	// A service-linked role, and a row no role serves (activating is authorizing).
	if r := b.post("/console/pai/dependent-services", url.Values{"module": {"EAS"}, "service": {"SLS"}}); r.status != http.StatusSeeOther {
		t.Fatalf("Authorize EAS × SLS: %d\n%s", r.status, r.body)
	}
	if r := b.post("/console/pai/dependent-services", url.Values{"module": {"Designer"}, "service": {"Flink"}}); r.status != http.StatusSeeOther {
		t.Fatalf("Authorize Designer × Flink: %d\n%s", r.status, r.body)
	}
	r = b.get("/console/pai/dependent-services")
	rowHas(t, r.body, "EAS", "OSS", []string{">Authorized<", "Service-linked role", "eas.pai.aliyuncs.com", "acs:ram::" + e.account + ":role/aliyunservicerolefor"})
	rowHas(t, r.body, "Designer", "Flink", []string{">Authorized<", "without a role of its own", "AliyunStreamFullAccess"})
	// View Authorization links to the roles. Only the service changes its service-linked role,
	// so the role's page offers none of the changes RAM refuses for it; a service role is the
	// account's to change.
	slr := b.get("/console/roles/AliyunServiceRoleForPaiEas")
	want(t, "the service-linked role's page", slr, http.StatusOK,
		"Service-linked role of <code>eas.pai.aliyuncs.com</code>", "AliyunServiceRolePolicyForPaiEas")
	for _, s := range []string{"Revoke Permission", "Edit Trust Policy", "Add Permissions", "/detach", "/trust"} {
		if strings.Contains(slr.body, s) {
			t.Errorf("the service-linked role's page offers %q", s)
		}
	}
	want(t, "the service role's page", b.get("/console/roles/AliyunODPSPAIDefaultRole"), http.StatusOK,
		"Revoke Permission", "Edit Trust Policy", "Add Permissions")
	if roles := b.get("/console/roles").body; strings.Contains(roles, "principal=role:AliyunServiceRoleForPaiEas") ||
		!strings.Contains(roles, "principal=role:AliyunODPSPAIDefaultRole") {
		t.Errorf("Identities > Roles offers Add Permissions for the service-linked role, or not for the service role")
	}
	// The panel's labels are the seed table's column headings.
	rowHas(t, r.body, "Designer", "Flink", []string{"<dt>Policy required for activation</dt>",
		"<dt>RAM account usage authorization</dt><dd>Management Console authorization</dd>",
		"<dt>Operation guide</dt><dd>Activation: Activate real-time computing Flink version</dd>"}, "Activation policy")
	// OSS's "Operation guide" cell is empty in the seed: no label without a text.
	rowHas(t, r.body, "Designer", "OSS", []string{"<dt>RAM account usage authorization</dt><dd>OSS RAM Policy</dd>"}, "Operation guide")

	want(t, "no module", b.post("/console/pai/dependent-services", url.Values{"service": {"OSS"}}), http.StatusBadRequest, "MissingParameter", ">iTAG<")
	want(t, "a module that does not exist", b.post("/console/pai/dependent-services", url.Values{"module": {"Nope"}, "service": {"OSS"}}),
		http.StatusNotFound, "EntityNotExist.Module")
	want(t, "a wrong form token", b.post("/console/pai/dependent-services", url.Values{"module": {"DLC"}, "service": {"OSS"}, "csrf": {"00"}}),
		http.StatusForbidden, "The form has expired")
	want(t, "a cross-site form", b.do(http.MethodPost, "/console/pai/dependent-services",
		url.Values{"module": {"DLC"}, "service": {"OSS"}, "csrf": {b.token()}}, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden)
	rowHas(t, b.get("/console/pai/dependent-services").body, "DLC", "OSS", []string{">Authorize<"})
}

func TestDependentServicesDenied(t *testing.T) {
	e := newDependentEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	want(t, "alice's page", b.get("/console/pai/dependent-services"), http.StatusForbidden, "NoPermission", "ram:ListRoles")
	r := b.post("/console/pai/dependent-services", url.Values{"module": {"EAS"}, "service": {"OSS"}})
	want(t, "alice authorizes", r, http.StatusForbidden, "You are not authorized to do this action.", "NoPermission", "ram:CreateServiceLinkedRole")
	if _, err := e.svc.GetRole(t.Context(), e.root, ram.RoleInput{RoleName: "AliyunServiceRoleForPaiEas"}); err == nil {
		t.Error("a denied Authorize created the role")
	}
	// With ram:ListRoles alice reads the page, and still may not authorize.
	if err := e.svc.AttachPolicyToUser(t.Context(), e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunRAMReadOnlyAccess", PrincipalName: "alice"}); err != nil {
		t.Fatal(err)
	}
	rowHas(t, b.get("/console/pai/dependent-services").body, "EAS", "OSS", []string{"Not authorized", ">Authorize<"})
}
