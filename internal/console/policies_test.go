package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
)

// seedDocument is the seed's custom policy, as its "Create a custom policy" step shows it.
const seedDocument = `{
    "Version": "1",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "eas:ListServices"
            ],
            "Resource": "*"
        }
    ]
}`

var textareaRE = regexp.MustCompile(`(?s)<textarea id="policy-document"[^>]*>(.*?)</textarea>`)

func TestCreatePolicyJSONTab(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	want(t, "visual tab first", b.get("/console/policies/new"), http.StatusOK, "Visual editor", "JSON", `for="service"`, "Effect")
	r := b.get("/console/policies/new?tab=json")
	want(t, "JSON tab", r, http.StatusOK, `for="policy-document"`,
		"When you specify the policy document, we recommend that you follow the principle of least privilege.",
		"Least privilege:", `"Resource": "*" applies to every resource`)
	if m := textareaRE.FindStringSubmatch(r.body); m == nil || m[1] != seedDocument {
		t.Fatalf("the JSON tab does not start with the seed's example:\n%v", m)
	}

	bad := strings.Replace(seedDocument, `"Allow"`, `"Alow"`, 1)
	r = b.post("/console/policies/new", url.Values{"tab": {"json"}, "name": {"eas-list"}, "document": {bad}})
	want(t, "an invalid document", r, http.StatusBadRequest, "The policy document is not valid.", "Line 5, column 23", "/Statement/0/Effect")
	r = b.post("/console/policies/new", url.Values{"tab": {"json"}, "name": {"eas-list"}, "document": {`{"Version":"1","Statement":[`}})
	want(t, "a syntax error", r, http.StatusBadRequest, "Line 1, column")

	r = b.do(http.MethodPost, "/console/policies/validate", url.Values{"csrf": {b.token()},
		"document": {`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}}, "HX-Request", "true")
	want(t, "live check", r, http.StatusOK, "The policy document is valid.", `"Action": "*" allows every action of every service`)

	r = b.post("/console/policies/new", url.Values{"tab": {"json"}, "name": {"eas-list"}, "description": {"List EAS services"}, "document": {seedDocument}})
	if loc, _ := url.Parse(r.location); r.status != http.StatusSeeOther || loc.Path != "/console/policies/Custom/eas-list" || loc.Query().Get("done") != "The policy has been created." {
		t.Fatalf("create: %d to %q\n%.2000s", r.status, r.location, r.body)
	}
	want(t, "detail", b.get(r.location), http.StatusOK, "The policy has been created.", "eas-list", "Custom Policy", "List EAS services", "eas:ListServices", "v1")
	want(t, "the same name again", b.post("/console/policies/new", url.Values{"tab": {"json"}, "name": {"EAS-LIST"}, "document": {seedDocument}}),
		http.StatusConflict, "EntityAlreadyExists.Policy")
	want(t, "custom filter", b.get("/console/policies?type=Custom"), http.StatusOK, "eas-list")
	r = b.get("/console/policies?type=System&q=PAIFull")
	want(t, "system filter", r, http.StatusOK, "AliyunPAIFullAccess")
	if strings.Contains(r.body, "eas-list") {
		t.Error("the system filter shows a custom policy")
	}
}

func TestVisualEditorMakesTheSameJSON(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	r := b.do(http.MethodGet, "/console/policies/visual-actions?service=eas", nil, "HX-Request", "true")
	want(t, "eas actions", r, http.StatusOK, "All actions", "eas:CreateService")
	r = b.post("/console/policies/new", url.Values{"tab": {"visual"}, "op": {"json"}, "effect": {"Allow"}, "service": {"eas"},
		"other": {"ListServices"}, "resources": {"*"}})
	want(t, "Edit JSON", r, http.StatusOK, `aria-current="page">JSON`)
	if m := textareaRE.FindStringSubmatch(r.body); m == nil || m[1] != seedDocument {
		t.Errorf("the visual editor made\n%v\nwant the seed's document", m)
	}
	r = b.post("/console/policies/new", url.Values{"tab": {"visual"}, "op": {"create"}, "name": {"eas-deny"}, "effect": {"Deny"},
		"service": {"eas"}, "all": {"1"}, "resources": {"acs:eas:*:*:services/a\nacs:eas:*:*:services/b"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("create from the visual editor: %d\n%.2000s", r.status, r.body)
	}
	want(t, "its document", b.get("/console/policies/Custom/eas-deny"), http.StatusOK, `"Effect": "Deny"`, `"eas:*"`, "services/b")
}

func TestVisualEditorShowsWhyItsDocumentIsInvalid(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	r := b.post("/console/policies/new", url.Values{"tab": {"visual"}, "op": {"create"}, "name": {"no-actions"}, "effect": {"Allow"},
		"service": {"eas"}, "resources": {"*"}})
	want(t, "no action chosen", r, http.StatusBadRequest, "Choose at least one action", "The policy document is not valid.", "/Statement/0/Action", `aria-current="page">Visual editor`)
	r = b.post("/console/policies/new", url.Values{"tab": {"visual"}, "op": {"create"}, "name": {"no-resources"}, "effect": {"Allow"},
		"service": {"eas"}, "action": {"eas:ListServices"}})
	want(t, "no resource", r, http.StatusBadRequest, "Enter at least one resource", "The policy document is not valid.", "/Statement/0/Resource", `value="eas:ListServices" checked`)
	r = b.post("/console/policies/new", url.Values{"tab": {"visual"}, "op": {"choose"}, "effect": {"Allow"}, "service": {"eas"}, "resources": {"*"}})
	want(t, "choosing a service", r, http.StatusOK, "eas:ListServices")
	if strings.Contains(r.body, "not valid") {
		t.Error("choosing a service judges the statement before any action is chosen")
	}
}

// "Modify Policy Document" saves the edited document as a new version, the default one; an
// invalid document shows the engine's errors and changes nothing; at the version limit RAM's
// error shows unless the oldest version that is not the default may go.
func TestModifyPolicyDocument(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	if r := b.post("/console/policies/new", url.Values{"tab": {"json"}, "name": {"eas-list"}, "document": {seedDocument}}); r.status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%.2000s", r.status, r.body)
	}
	path := "/console/policies/Custom/eas-list"
	want(t, "the policy's page", b.get(path), http.StatusOK, `href="/console/policies/Custom/eas-list?edit=document#doc-h"`, "Modify Policy Document")
	r := b.get(path + "?edit=document")
	want(t, "the editor", r, http.StatusOK, "principle of least privilege", "The policy document is valid.", `action="/console/policies/Custom/eas-list/document"`)
	if m := textareaRE.FindStringSubmatch(r.body); m == nil || m[1] != seedDocument {
		t.Fatalf("the editor does not start with the default version's document:\n%v", m)
	}
	versions := func() []string {
		t.Helper()
		det, err := e.svc.GetPolicy(t.Context(), e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "eas-list"})
		if err != nil {
			t.Fatal(err)
		}
		vs, err := e.svc.ListPolicyVersions(t.Context(), e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "eas-list"})
		if err != nil {
			t.Fatal(err)
		}
		ids := []string{"default " + det.Policy.DefaultVersion}
		for _, v := range vs {
			ids = append(ids, v.VersionID)
		}
		return ids
	}

	edited := strings.Replace(seedDocument, `"eas:ListServices"`, `"eas:ListServices", "eas:DescribeService"`, 1)
	r = b.post(path+"/document", url.Values{"document": {edited}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("modify: %d\n%.2000s", r.status, r.body)
	}
	want(t, "after modifying", b.get(r.location), http.StatusOK, "The policy document has been modified. v2 is now the default version.", "eas:DescribeService")
	if got := strings.Join(versions(), " "); got != "default v2 v1 v2" && got != "default v2 v2 v1" {
		t.Errorf("versions after modifying: %s", got)
	}

	bad := strings.Replace(seedDocument, `"Allow"`, `"Alow"`, 1)
	r = b.post(path+"/document", url.Values{"document": {bad}})
	want(t, "an invalid document", r, http.StatusBadRequest, "The policy document is not valid.", "Line 5, column 23", "/Statement/0/Effect")
	if m := textareaRE.FindStringSubmatch(r.body); m == nil || m[1] != bad {
		t.Errorf("the editor lost the document typed:\n%v", m)
	}
	if got := len(versions()); got != 3 {
		t.Errorf("an invalid document changed the versions: %v", versions())
	}

	for range 3 {
		if r := b.post(path+"/document", url.Values{"document": {seedDocument}}); r.status != http.StatusSeeOther {
			t.Fatalf("modify: %d\n%.2000s", r.status, r.body)
		}
	}
	r = b.post(path+"/document", url.Values{"document": {edited}})
	want(t, "a sixth version", r, http.StatusConflict, "LimitExceeded.Policy.Version", `name="rotate"`)
	if m := textareaRE.FindStringSubmatch(r.body); m == nil || m[1] != edited {
		t.Errorf("the editor lost the document typed:\n%v", m)
	}
	r = b.post(path+"/document", url.Values{"document": {edited}, "rotate": {"1"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("a sixth version, deleting the oldest: %d\n%.2000s", r.status, r.body)
	}
	vs := versions()
	if vs[0] != "default v6" || len(vs) != 6 || slices.Contains(vs[1:], "v1") {
		t.Errorf("versions after rotating: %v, want v2 to v6 with v6 the default", vs)
	}
}

// A user who may read policies but not create their versions sees RAM's denial, and the
// policy keeps its versions.
func TestModifyPolicyDocumentDenied(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.CreatePolicy(t.Context(), e.root, ram.CreatePolicyInput{PolicyName: "eas-list", PolicyDocument: seedDocument}); err != nil {
		t.Fatal(err)
	}
	e.consoleUser("alice", "Alice-Pa55word!", false)
	if err := e.svc.AttachPolicyToUser(t.Context(), e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunRAMReadOnlyAccess", PrincipalName: "alice"}); err != nil {
		t.Fatal(err)
	}
	alice := e.browser()
	alice.logon("alice@"+e.account, "Alice-Pa55word!")
	want(t, "alice opens the editor", alice.get("/console/policies/Custom/eas-list?edit=document"), http.StatusOK, "eas:ListServices")
	r := alice.post("/console/policies/Custom/eas-list/document", url.Values{"document": {strings.Replace(seedDocument, "ListServices", "DeleteService", 1)}})
	want(t, "alice modifies the document", r, http.StatusForbidden, "You are not authorized to do this action.", "ram:CreatePolicyVersion", "eas:DeleteService")
	vs, err := e.svc.ListPolicyVersions(t.Context(), e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "eas-list"})
	if err != nil || len(vs) != 1 {
		t.Errorf("the versions after alice's attempt: %v, %v", vs, err)
	}
}

// TestFormTooLarge: a form larger than the console reads is refused as too large, not as a form
// without its token ("The form has expired"), and changes nothing.
func TestFormTooLarge(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	for _, size := range []int{2 << 20, 11 << 20} { // over the console's bound; over net/http's own
		r := b.post("/console/policies/new", url.Values{"tab": {"json"}, "op": {"create"}, "name": {"big"},
			"document": {`{"Version":"1","Statement":[]}` + strings.Repeat(" ", size)}})
		want(t, fmt.Sprintf("a %d MB form", size>>20), r, http.StatusRequestEntityTooLarge, "The form is larger than the console accepts", "Nothing was changed.")
		if strings.Contains(r.body, "expired") {
			t.Errorf("a %d MB form: the page says the form expired", size>>20)
		}
	}
	if _, err := e.svc.GetPolicy(t.Context(), e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "big"}); err == nil {
		t.Error("a form too large created a policy")
	}
}

// TestSystemPolicyPathChangesNothing: only custom policies change, and a form posted to a system
// policy's path is refused rather than run on the custom policy of the same name.
func TestSystemPolicyPathChangesNothing(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.CreatePolicy(t.Context(), e.root, ram.CreatePolicyInput{PolicyName: "AdministratorAccess", PolicyDocument: seedDocument}); err != nil {
		t.Fatal(err)
	}
	b := e.rootBrowser()
	for _, c := range []struct {
		op   string
		form url.Values
	}{
		{"delete", nil},
		{"set-default", url.Values{"version": {"v1"}}},
		{"delete-version", url.Values{"version": {"v1"}}},
		{"document", url.Values{"document": {seedDocument}}},
		{"nonsense", nil},
	} {
		want(t, "System policy "+c.op, b.post("/console/policies/System/AdministratorAccess/"+c.op, c.form), http.StatusNotFound, "a system policy")
	}
	vs, err := e.svc.ListPolicyVersions(t.Context(), e.root, ram.PolicyInput{PolicyType: "Custom", PolicyName: "AdministratorAccess"})
	if err != nil || len(vs) != 1 {
		t.Errorf("the custom policy's versions after forms on the system one: %d, %v", len(vs), err)
	}
}
