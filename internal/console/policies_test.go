package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
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
	want(t, "no action chosen", r, http.StatusBadRequest, "The policy document is not valid.", "/Statement/0/Action", `aria-current="page">Visual editor`)
	r = b.post("/console/policies/new", url.Values{"tab": {"visual"}, "op": {"create"}, "name": {"no-resources"}, "effect": {"Allow"},
		"service": {"eas"}, "action": {"eas:ListServices"}})
	want(t, "no resource", r, http.StatusBadRequest, "The policy document is not valid.", "/Statement/0/Resource", `value="eas:ListServices" checked`)
	r = b.post("/console/policies/new", url.Values{"tab": {"visual"}, "op": {"choose"}, "effect": {"Allow"}, "service": {"eas"}, "resources": {"*"}})
	want(t, "choosing a service", r, http.StatusOK, "eas:ListServices")
	if strings.Contains(r.body, "not valid") {
		t.Error("choosing a service judges the statement before any action is chosen")
	}
}
