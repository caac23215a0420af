package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
)

const paiCaution = "A RAM user with this system policy can purchase, create, and delete all types of resources and has administrator permissions on all workspaces. Proceed with caution."

// paiRefer is the seed's sentence after the caution, its "Create a custom policy" a link.
const paiRefer = `You can refer to <a href="/console/policies/new">Create a custom policy</a> to set the minimum available policy for RAM users.`

func TestGrantPermission(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	e.consoleUser("bob", "Bob-Pa55word!!", false)
	b := e.rootBrowser()

	r := b.get("/console/grant?principal=user:alice")
	want(t, "the panel", r, http.StatusOK, "Grant Permission", "Resource Scope", "Account", "Policy", "Grant permissions",
		"RAM user alice", "AliyunPAIFullAccess", "System policy", "Provides full access to Platform of AI (PAI)", paiCaution, paiRefer)
	want(t, "a bad principal", b.get("/console/grant?principal=alice"), http.StatusBadRequest, "does not name a user")
	want(t, "no principal", b.get("/console/grant"), http.StatusBadRequest, "Select at least one user")

	r = b.do(http.MethodGet, "/console/grant/policies?q=EAS", nil, "HX-Request", "true")
	want(t, "policy search", r, http.StatusOK, "AliyunPAIEASFullAccess", "AliyunPAIEASReadOnlyAccess")
	if strings.Contains(r.body, "AliyunOSSFullAccess") || strings.Contains(r.body, "<html") {
		t.Errorf("policy search returned more than the matching options:\n%.2000s", r.body)
	}
	r = b.do(http.MethodGet, "/console/grant/policies?q=OSS&policy=System:AliyunPAIFullAccess", nil, "HX-Request", "true")
	if i, j := strings.Index(r.body, "AliyunPAIFullAccess"), strings.Index(r.body, "AliyunOSSFullAccess"); i < 0 || j < 0 || i > j ||
		!strings.Contains(r.body, `value="System:AliyunPAIFullAccess" checked`) {
		t.Errorf("a ticked policy is not kept first across searches:\n%.2000s", r.body)
	}

	want(t, "no policy chosen", b.post("/console/grant", url.Values{"principal": {"user:alice"}, "scope": {"account"}}),
		http.StatusBadRequest, "Select at least one policy.")

	// Batch: both users, two policies; one grant already exists and fails on its own.
	if err := e.svc.AttachPolicyToUser(t.Context(), e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunOSSReadOnlyAccess", PrincipalName: "bob"}); err != nil {
		t.Fatal(err)
	}
	r = b.post("/console/grant", url.Values{"principal": {"user:alice", "user:bob"}, "scope": {"account"},
		"policy": {"System:AliyunPAIFullAccess", "System:AliyunOSSReadOnlyAccess"}})
	want(t, "the result", r, http.StatusOK, "Result", "Close", "Important", paiCaution, paiRefer, "EntityAlreadyExists")
	if n := strings.Count(r.body, ">Granted<"); n != 3 {
		t.Errorf("%d grants reported, want 3\n%.3000s", n, r.body)
	}
	for _, u := range []string{"alice", "bob"} {
		ps, err := e.svc.ListPoliciesForUser(t.Context(), e.root, ram.UserInput{UserName: u})
		if err != nil || len(ps) != 2 {
			t.Errorf("%s's policies: %v, %v", u, ps, err)
		}
	}
	want(t, "alice's page", b.get("/console/users/alice"), http.StatusOK, "AliyunPAIFullAccess", "Revoke Permission")
}

func TestGrantInResourceGroup(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	rg, err := e.svc.CreateResourceGroup(t.Context(), e.root, ram.CreateResourceGroupInput{Name: "ml-team", DisplayName: "ML team"})
	if err != nil {
		t.Fatal(err)
	}
	b := e.rootBrowser()
	want(t, "the panel lists the group", b.get("/console/grant?principal=user:alice"), http.StatusOK, "Resource group ML team", rg.ID)
	r := b.post("/console/grant", url.Values{"principal": {"user:alice"}, "scope": {rg.ID}, "policy": {"System:AliyunPAIEASReadOnlyAccess"}})
	want(t, "granted in the group", r, http.StatusOK, ">Granted<")
	page, err := e.svc.ListPolicyAttachments(t.Context(), e.root, ram.ListPolicyAttachmentsInput{ResourceGroupID: rg.ID})
	if err != nil || len(page.Items) != 1 || page.Items[0].PolicyName != "AliyunPAIEASReadOnlyAccess" {
		t.Errorf("attachments in the group: %+v, %v", page.Items, err)
	}
}

func TestDeniedPagesShowRAMsMessage(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	if err := e.svc.AttachPolicyToUser(t.Context(), e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunRAMReadOnlyAccess", PrincipalName: "alice"}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	want(t, "read-only users list", b.get("/console/users"), http.StatusOK, "alice")
	r := b.post("/console/users/new", url.Values{"user_name": {"eve"}, "access_key": {"1"}})
	want(t, "create as read-only", r, http.StatusForbidden, "You are not authorized to do this action.", "ram:CreateUser", "No policy allows it (ImplicitDeny)")
	r = b.post("/console/grant", url.Values{"principal": {"user:alice"}, "scope": {"account"}, "policy": {"System:AdministratorAccess"}})
	want(t, "grant as read-only", r, http.StatusOK, "Failed: You are not authorized to do this action.", "NoPermission",
		"ram:AttachPolicyToUser", "No policy allows it (ImplicitDeny)")
	want(t, "audit as read-only", b.get("/console/audit"), http.StatusForbidden, "actiontrail:LookupEvents")
}

// TestGrantIsBounded: one submission makes a bounded number of grants (each is a domain call and
// an audit record, a refused one too): more principals than a page of users, or more policies
// than a principal can hold, are refused before any grant, and a policy ticked twice is granted
// once.
func TestGrantIsBounded(t *testing.T) {
	e := newEnv(t)
	b := e.rootBrowser()
	var users []string
	for i := range 21 {
		name := fmt.Sprintf("u%02d", i)
		if _, err := e.svc.CreateUser(t.Context(), e.root, ram.CreateUserInput{UserName: name}); err != nil {
			t.Fatal(err)
		}
		users = append(users, "user:"+name)
	}
	policies, err := e.svc.ListPolicies(t.Context(), e.root, ram.ListPoliciesInput{PolicyType: "System", MaxItems: 31})
	if err != nil || len(policies.Items) != 31 {
		t.Fatalf("31 system policies: %d, %v", len(policies.Items), err)
	}
	var many []string
	for _, p := range policies.Items {
		many = append(many, "System:"+p.Name)
	}
	want(t, "21 principals", b.post("/console/grant", url.Values{"principal": users, "scope": {"account"}, "policy": many[:1]}),
		http.StatusBadRequest, "Select at most 20 users, groups or roles at a time.")
	want(t, "31 policies", b.post("/console/grant", url.Values{"principal": users[:1], "scope": {"account"}, "policy": many}),
		http.StatusBadRequest, "Select at most 30 policies at a time.", "Grant permissions")
	for _, u := range []string{"u00", "u20"} {
		if ps, err := e.svc.ListPoliciesForUser(t.Context(), e.root, ram.UserInput{UserName: u}); err != nil || len(ps) != 0 {
			t.Errorf("%s has %d policies after refused submissions (%v)", u, len(ps), err)
		}
	}
	r := b.post("/console/grant", url.Values{"principal": users[:20], "scope": {"account"}, "policy": slices.Repeat(many[:1], 40)})
	want(t, "20 principals, one policy ticked 40 times", r, http.StatusOK, "Result")
	if n := strings.Count(r.body, ">Granted<"); n != 20 || strings.Contains(r.body, "EntityAlreadyExists") {
		t.Errorf("%d grants reported, want 20\n%.3000s", n, r.body)
	}
}
