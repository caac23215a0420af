package authzapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/authzapi"
	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store"
)

type result struct {
	Decision  string
	By        string
	Reasons   []string
	Principal string
	Revision  int64
	Error     *struct{ Code, Message string }
	Code      string // of an error response
	Message   string // of an error response
}

// fixture: workspace ws has dev (Algorithm Developer) and guest (Visitor); dave is a developer
// too but denied paidlc:CreateJob; gw may use the decision API; office may read OSS only from
// 10.0.0.0/8.
func fixture(t *testing.T, o authzapi.Options) (*env, string) {
	e := newEnv(t, o)
	ctx := t.Context()
	w, err := e.svc.CreateWorkspace(ctx, e.root, pai.CreateWorkspaceInput{WorkspaceName: "mlw"})
	if err != nil {
		t.Fatal(err)
	}
	for name, roles := range map[string][]string{"dev": {pai.RoleDeveloper}, "guest": {pai.RoleGuest}} {
		id := e.user(name)
		if _, err := e.svc.CreateMember(ctx, e.root, pai.CreateMemberInput{WorkspaceID: w.ID,
			Members: []pai.NewMember{{UserID: id, Roles: roles}}}); err != nil {
			t.Fatal(err)
		}
	}
	dave := e.user("dave", deny("paidlc:CreateJob"))
	if _, err := e.svc.CreateMember(ctx, e.root, pai.CreateMemberInput{WorkspaceID: w.ID,
		Members: []pai.NewMember{{UserID: dave, Roles: []string{pai.RoleDeveloper}}}}); err != nil {
		t.Fatal(err)
	}
	e.user("gw", allow("rampart:Authorize"))
	e.user("office", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`)
	e.user("nobody")
	return e, w.ID
}

func TestCheck(t *testing.T) {
	e, ws := fixture(t, authzapi.Options{})
	jobs := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/*"
	tests := []struct {
		name   string
		in     map[string]any
		want   string
		by     string
		reason string
	}{
		{"a developer creates a job", map[string]any{"principal": userARN("dev"), "action": "paidlc:CreateJob", "resource": jobs, "workspaceId": ws},
			"Allow", "workspace-role", "workspace role PAI.AlgoDeveloper in workspace " + ws + " grants PaiDLC:CreateJob"},
		{"a visitor may not", map[string]any{"principal": userARN("guest"), "action": "paidlc:CreateJob", "resource": jobs, "workspaceId": ws},
			"ImplicitDeny", "none", "none of the caller's roles in workspace " + ws + " grants PaiDLC:CreateJob for this resource"},
		{"nor outside the workspace", map[string]any{"principal": userARN("dev"), "action": "paidlc:CreateJob", "resource": jobs},
			"ImplicitDeny", "none", "no RAM policy allows paidlc:CreateJob on " + jobs},
		{"another's private job", map[string]any{"principal": userARN("dev"), "action": "paidlc:GetJob", "resource": jobs, "workspaceId": ws,
			"accessibility": "PRIVATE", "creator": "1"}, "ImplicitDeny", "none", ""},
		{"a public job", map[string]any{"principal": userARN("dev"), "action": "paidlc:GetJob", "resource": jobs, "workspaceId": ws,
			"accessibility": "public", "creator": "1"}, "Allow", "workspace-role", ""},
		{"an explicit Deny wins", map[string]any{"principal": userARN("dave"), "action": "paidlc:CreateJob", "resource": jobs, "workspaceId": ws},
			"ExplicitDeny", "ram", "Deny by Custom policy dave-a, statement 0"},
		{"the root", map[string]any{"principal": "acs:ram::" + account + ":root", "action": "ram:DeleteUser", "resource": "*"},
			"Allow", "ram", "the account's root identity is always allowed"},
		{"a condition from the context", map[string]any{"principal": userARN("office"), "action": "oss:GetObject", "resource": "acs:oss:*:*:b/k",
			"context": map[string]any{"acs:SourceIp": "10.1.2.3"}}, "Allow", "ram", "Allow by Custom policy office-a, statement 0"},
		{"and without it", map[string]any{"principal": userARN("office"), "action": "oss:GetObject", "resource": "acs:oss:*:*:b/k",
			"context": map[string]any{"acs:SourceIp": []string{"192.168.0.1"}}}, "ImplicitDeny", "none", ""},
		{"default-allowed", map[string]any{"principal": userARN("nobody"), "action": "pai:ListQuotas", "resource": "*"},
			"Allow", "default", "PAI allows Pai:ListQuotas unless a RAM policy denies it"},
		{"a workspace that does not exist", map[string]any{"principal": userARN("dev"), "action": "paidlc:CreateJob", "resource": strings.Replace(jobs, ws, "404", 1),
			"workspaceId": "404"},
			"ImplicitDeny", "none", "workspace 404 does not exist"},
		{"a member's right on a dependent service", map[string]any{"principal": userARN("guest"), "action": "oss:ListBuckets",
			"resource": "acs:oss:*:" + account + ":*", "workspaceId": ws}, "Allow", "member-service-grant", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got result
			if status := e.post("/authz/v1/check", "gw", tt.in, &got); status != 200 {
				t.Fatalf("status %d: %+v", status, got)
			}
			if got.Decision != tt.want || got.By != tt.by || got.Revision != e.Snaps.Current().Revision() {
				t.Errorf("got %s by %s at %d, want %s by %s", got.Decision, got.By, got.Revision, tt.want, tt.by)
			}
			if tt.reason != "" && !contains(got.Reasons, tt.reason) {
				t.Errorf("reasons %q lack %q", got.Reasons, tt.reason)
			}
		})
	}

	var got result
	e.post("/authz/v1/check", "", map[string]any{"principal": userARN("ghost"), "action": "oss:GetObject", "resource": "*"}, &got)
	if got.Decision != "ImplicitDeny" || got.Error == nil || got.Error.Code != "InvalidPrincipal" {
		t.Errorf("an unknown principal: %+v", got)
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func TestCallers(t *testing.T) {
	e, _ := fixture(t, authzapi.Options{})
	in := map[string]any{"principal": userARN("dev"), "action": "oss:GetObject", "resource": "*"}
	for _, tc := range []struct {
		user   string
		status int
		code   string
	}{
		{"", 200, ""},
		{"gw", 200, ""},
		{"dev", 403, "NoPermission"},
		{"bad", 400, "SignatureDoesNotMatch"},
	} {
		var got result
		if status := e.post("/authz/v1/check", tc.user, in, &got); status != tc.status || got.Code != tc.code {
			t.Errorf("caller %q: %d %s, want %d %s", tc.user, status, got.Code, tc.status, tc.code)
		}
	}
	for _, tc := range []struct {
		name string
		body string
		code string
	}{
		{"not JSON", "{", "InvalidParameter.Body"},
		{"no action", `{"principal":"x","resource":"*"}`, "MissingParameter"},
		{"an action without a service", `{"principal":"x","action":"Get","resource":"*"}`, "InvalidParameter"},
		{"no resource", `{"principal":"x","action":"a:b"}`, "MissingParameter"},
		{"no principal", `{"action":"a:b","resource":"*"}`, "InvalidParameter"},
		{"both principals", `{"principal":"x","request":{"method":"GET","url":"/"},"action":"a:b","resource":"*"}`, "InvalidParameter"},
		{"bad accessibility", `{"principal":"x","action":"a:b","resource":"*","accessibility":"SECRET"}`, "InvalidParameter"},
		{"bad context", `{"principal":"x","action":"a:b","resource":"*","context":{"k":7}}`, "InvalidParameter.Body"},
		// A misspelt field would otherwise be dropped, and the check decided without it: without
		// its resource group's Deny, or without its workspace.
		{"a misspelt field", `{"principal":"x","action":"a:b","resource":"*","resourceGroupID":"rg-1"}`, "InvalidParameter.Body"},
		{"AIWorkspace's spelling", `{"principal":"x","action":"a:b","resource":"*","WorkspaceId":"100"}`, "InvalidParameter.Body"},
		{"a misspelt field of a forwarded request", `{"request":{"method":"GET","url":"/","header":{}},"action":"a:b","resource":"*"}`, "InvalidParameter.Body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got result
			if status := e.send("POST", "/authz/v1/check", "", tc.body, &got); status != 400 || got.Code != tc.code {
				t.Errorf("%d %s, want 400 %s", status, got.Code, tc.code)
			}
		})
	}
}

func TestBatchCheck(t *testing.T) {
	e, ws := fixture(t, authzapi.Options{MaxBatch: 3})
	jobs := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/*"
	check := func(user, action string) map[string]any {
		return map[string]any{"principal": userARN(user), "action": action, "resource": jobs, "workspaceId": ws}
	}
	var got struct {
		Results  []result
		Revision int64
		Code     string
		Message  string
	}
	status := e.post("/authz/v1/batch-check", "gw", map[string]any{"checks": []any{
		check("dev", "paidlc:CreateJob"), check("guest", "paidlc:CreateJob"), check("dave", "paidlc:CreateJob")}}, &got)
	var decisions []string
	for _, r := range got.Results {
		decisions = append(decisions, r.Decision)
	}
	if diff := cmp.Diff([]string{"Allow", "ImplicitDeny", "ExplicitDeny"}, decisions); status != 200 || diff != "" {
		t.Errorf("batch: %d (-want +got):\n%s", status, diff)
	}
	status = e.post("/authz/v1/batch-check", "gw", map[string]any{"checks": []any{check("dev", "a:b"), check("dev", "a:b"), check("dev", "a:b"), check("dev", "a:b")}}, &got)
	if status != 400 || got.Code != "InvalidParameter" {
		t.Errorf("a batch over the limit: %d %s", status, got.Code)
	}
	status = e.post("/authz/v1/batch-check", "gw", map[string]any{"checks": []any{check("dev", "a:b"), map[string]any{"principal": "x", "resource": "*"}}}, &got)
	if status != 400 || !strings.Contains(got.Message, "checks[1].action") {
		t.Errorf("a malformed check: %d %s", status, got.Message)
	}
	status = e.post("/authz/v1/batch-check", "gw", map[string]any{"checks": []any{}}, &got)
	if status != 400 || got.Code != "MissingParameter" {
		t.Errorf("an empty batch: %d %s", status, got.Code)
	}
}

func TestMinRevision(t *testing.T) {
	// Half a second: the revision that never comes costs that once, and the write below has
	// that long to be caught up with on a loaded machine (20 ms was too short for one).
	e, ws := fixture(t, authzapi.Options{MaxWait: 500e6})
	jobs := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/*"
	in := map[string]any{"principal": userARN("nobody"), "action": "paidlc:CreateJob", "resource": jobs, "workspaceId": ws}
	var got result
	// A negative token is refused, as the X-Rampart-Min-Revision header's is, not ignored.
	in["minRevision"] = -1
	if status := e.post("/authz/v1/check", "gw", in, &got); status != 400 || got.Code != "InvalidParameter.MinRevision" {
		t.Errorf("a negative minRevision: %d %+v", status, got)
	}
	if status := e.post("/authz/v1/batch-check", "gw", map[string]any{"checks": []any{map[string]any{"principal": userARN("nobody"), "action": "paidlc:CreateJob", "resource": jobs}}, "minRevision": -1}, &got); status != 400 || got.Code != "InvalidParameter.MinRevision" {
		t.Errorf("a negative minRevision in a batch: %d %+v", status, got)
	}
	at := e.Snaps.Current().Revision()
	in["minRevision"] = at + 10
	if status := e.post("/authz/v1/check", "gw", in, &got); status != 503 || got.Code != "ServiceUnavailable.Lagging" {
		t.Errorf("a future revision: %d %+v", status, got)
	}
	// The message names the node's revision and the one asked for, as the header's does.
	for _, want := range []string{fmt.Sprintf("at revision %d", at), fmt.Sprintf("requested revision %d", at+10)} {
		if !strings.Contains(got.Message, want) {
			t.Errorf("Lagging message %q does not say %q", got.Message, want)
		}
	}
	// A grant written behind the node's back (as by another node) is honoured once asked for.
	nobody, _ := e.Snaps.Current().CallerForARN(userARN("nobody"))
	rev, err := e.Store.Update(t.Context(), func(tx store.Tx) error {
		return tx.CreateWorkspaceMember(t.Context(), store.WorkspaceMember{WorkspaceID: ws, PrincipalType: store.PrincipalUser,
			PrincipalID: nobody.ID, Roles: []string{pai.RoleDeveloper}, CreateDate: e.now})
	})
	if err != nil {
		t.Fatal(err)
	}
	in["minRevision"] = int64(rev)
	if status := e.post("/authz/v1/check", "gw", in, &got); status != 200 || got.Decision != "Allow" || got.Revision < int64(rev) {
		t.Errorf("at the write's revision: %d %+v", status, got)
	}
}

func TestForwardedRequests(t *testing.T) {
	e, ws := fixture(t, authzapi.Options{})
	jobs := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/*"
	form := url.Values{"Action": {"CreateJob"}, "AccessKeyId": {"dev"}}.Encode()
	tests := []struct {
		name      string
		request   map[string]any
		want      string
		principal string
		code      string
	}{
		{"a ROA request", map[string]any{"method": "POST", "url": "/api/v1/jobs", "headers": map[string]any{"Authorization": "acs dev:sig", "X-Test-User": "dev"}},
			"Allow", userARN("dev"), ""},
		{"an RPC request with a form body", map[string]any{"method": "POST", "url": "/", "body": form,
			"headers": map[string]any{"Content-Type": []string{"application/x-www-form-urlencoded"}}}, "Allow", userARN("dev"), ""},
		{"an RPC request in the query", map[string]any{"method": "GET", "url": "/?AccessKeyId=guest&Action=CreateJob"}, "ImplicitDeny", userARN("guest"), ""},
		{"a bad signature", map[string]any{"method": "GET", "url": "/?AccessKeyId=bad"}, "ImplicitDeny", "", "SignatureDoesNotMatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got result
			e.post("/authz/v1/check", "gw", map[string]any{"request": tt.request, "action": "paidlc:CreateJob", "resource": jobs, "workspaceId": ws}, &got)
			code := ""
			if got.Error != nil {
				code = got.Error.Code
			}
			if got.Decision != tt.want || got.Principal != tt.principal || code != tt.code {
				t.Errorf("got %s for %q (error %q), want %s for %q (error %q)", got.Decision, got.Principal, code, tt.want, tt.principal, tt.code)
			}
		})
	}
	// A forwarded URL whose path decodes to invalid UTF-8 ("/%ff") is echoed in the string to
	// sign of its error; the answer is still JSON, for that check and for a batch holding it.
	bad := map[string]any{"request": map[string]any{"method": "GET", "url": "/%ff?AccessKeyId=bad"}, "action": "paidlc:CreateJob", "resource": jobs}
	for path, body := range map[string]any{"/authz/v1/check": bad, "/authz/v1/explain": bad, "/authz/v1/batch-check": map[string]any{"checks": []any{bad}}} {
		var out struct {
			result
			Results []result
		}
		if status := e.post(path, "gw", body, &out); status != 200 {
			t.Errorf("%s with an invalid UTF-8 path: %d %+v", path, status, out)
		}
		got := out.result
		if len(out.Results) == 1 {
			got = out.Results[0]
		}
		if got.Decision != "ImplicitDeny" || got.Error == nil || got.Error.Code != "SignatureDoesNotMatch" || !strings.Contains(got.Error.Message, "/\uFFFD") {
			t.Errorf("%s with an invalid UTF-8 path: %+v", path, got)
		}
	}
	// The gateway's view of the client's address reaches conditions.
	var got result
	e.post("/authz/v1/check", "gw", map[string]any{"request": map[string]any{"method": "GET", "url": "/?AccessKeyId=office", "sourceIp": "10.9.9.9"},
		"action": "oss:GetObject", "resource": "acs:oss:*:*:b/k"}, &got)
	if got.Decision != "Allow" {
		t.Errorf("from the office network: %+v", got)
	}
}

// TestForwardedRequestKeysComeFromTheRequest: the keys a forwarded request determines (its
// address, MFA, TLS, who signed it) are the request's; a context that names one is refused
// rather than deciding for a request that was not made.
func TestForwardedRequestKeysComeFromTheRequest(t *testing.T) {
	e, _ := fixture(t, authzapi.Options{})
	outside := map[string]any{"method": "GET", "url": "/?AccessKeyId=office", "sourceIp": "192.0.2.1"}
	for _, key := range []string{"acs:SourceIp", "acs:sourceip", "acs:MFAPresent", "acs:SecureTransport", "acs:PrincipalARN"} {
		t.Run(key, func(t *testing.T) {
			var got result
			status := e.post("/authz/v1/check", "gw", map[string]any{"request": outside, "action": "oss:GetObject", "resource": "acs:oss:*:*:b/k",
				"context": map[string]any{key: "10.0.0.1"}}, &got)
			if status != 400 || got.Code != "InvalidParameter" {
				t.Errorf("%d %+v, want 400 InvalidParameter", status, got)
			}
		})
	}
	// A key the request does not determine may still be given, as for a principal.
	var got result
	e.post("/authz/v1/check", "gw", map[string]any{"request": outside, "action": "oss:GetObject", "resource": "acs:oss:*:*:b/k",
		"context": map[string]any{"oss:Prefix": "x/"}}, &got)
	if got.Decision != "ImplicitDeny" || got.Principal != userARN("office") {
		t.Errorf("with oss:Prefix: %+v", got)
	}
	// Batches validate every check the same way.
	var batch result
	status := e.post("/authz/v1/batch-check", "gw", map[string]any{"checks": []any{
		map[string]any{"principal": userARN("office"), "action": "oss:GetObject", "resource": "*", "context": map[string]any{"acs:SourceIp": "10.0.0.1"}},
		map[string]any{"request": outside, "action": "oss:GetObject", "resource": "*", "context": map[string]any{"acs:SourceIp": "10.0.0.1"}},
	}}, &batch)
	if status != 400 || !strings.Contains(batch.Message, "checks[1].context") {
		t.Errorf("batch: %d %+v", status, batch)
	}
}

func TestExplain(t *testing.T) {
	e, ws := fixture(t, authzapi.Options{})
	jobs := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/*"
	var got struct {
		Decision   string
		Statements []struct {
			PolicyName string
			Matched    bool
			Reason     string
		}
		Roles []struct {
			Role   string
			Grants bool
			Rules  []struct{ Holds bool }
		}
		MemberGrants []struct{ Matched bool }
		Notes        []string
	}
	e.post("/authz/v1/explain", "gw", map[string]any{"principal": userARN("dave"), "action": "paidlc:CreateJob", "resource": jobs, "workspaceId": ws}, &got)
	if got.Decision != "ExplicitDeny" || len(got.Statements) != 1 || !got.Statements[0].Matched || got.Statements[0].PolicyName != "dave-a" {
		t.Errorf("statements: %+v", got)
	}
	if len(got.Roles) != 1 || got.Roles[0].Role != pai.RoleDeveloper || !got.Roles[0].Grants {
		t.Errorf("roles: %+v", got.Roles)
	}
	if len(got.MemberGrants) == 0 {
		t.Error("the developer's member grants are not listed")
	}
	e.post("/authz/v1/explain", "gw", map[string]any{"principal": userARN("nobody"), "action": "paidlc:CreateJob", "resource": jobs, "workspaceId": ws}, &got)
	if got.Decision != "ImplicitDeny" || !contains(got.Notes, "the caller is not a member of workspace "+ws) {
		t.Errorf("a stranger: %+v", got)
	}
}

// TestMinRevisionCoversTheCallersGrant: a gateway granted rampart:Authorize behind the node's
// back (as on another node) is refused without the grant's revision and served with it.
func TestMinRevisionCoversTheCallersGrant(t *testing.T) {
	e, ws := fixture(t, authzapi.Options{MaxWait: 2e9})
	gw := e.user("new-gateway")
	rev, err := e.Store.Update(t.Context(), func(tx store.Tx) error {
		ctx := t.Context()
		doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"rampart:Authorize","Resource":"*"}]}`
		if err := tx.CreatePolicy(ctx, store.Policy{Name: "decide", DefaultVersion: "v1", CreateDate: e.now, UpdateDate: e.now}); err != nil {
			return err
		}
		if _, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "decide", Document: doc, CreateDate: e.now}); err != nil {
			return err
		}
		return tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeCustom, PolicyName: "decide",
			PrincipalType: store.PrincipalUser, PrincipalID: gw, AttachDate: e.now})
	})
	if err != nil {
		t.Fatal(err)
	}
	jobs := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/*"
	in := map[string]any{"principal": userARN("nobody"), "action": "paidlc:CreateJob", "resource": jobs, "workspaceId": ws}
	var got result
	if status := e.post("/authz/v1/check", "new-gateway", in, &got); status != 403 || got.Code != "NoPermission" {
		t.Errorf("without the grant's revision: %d %+v", status, got)
	}
	in["minRevision"] = int64(rev)
	for _, path := range []string{"/authz/v1/check", "/authz/v1/explain"} {
		if status := e.post(path, "new-gateway", in, &got); status != 200 || got.Revision < int64(rev) {
			t.Errorf("%s at the grant's revision: %d %+v", path, status, got)
		}
	}
}

// TestBodyTooLarge: a body cut short by the server's limit (sent chunked, so no Content-Length
// announced it) is refused as too large, as one declared too large is, not as unreadable.
func TestBodyTooLarge(t *testing.T) {
	e, _ := fixture(t, authzapi.Options{})
	limited := http.MaxBytesHandler(e.srv.Config.Handler, 64)
	for _, path := range []string{"/authz/v1/check", "/authz/v1/batch-check", "/authz/v1/explain"} {
		body := `{"principal":"` + userARN("dev") + `","action":"oss:GetObject","resource":"` + strings.Repeat("a", 100) + `"}`
		req := httptest.NewRequest("POST", path, io.MultiReader(strings.NewReader(body))) // no ContentLength
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		limited.ServeHTTP(rec, req)
		var got result
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		if rec.Code != http.StatusRequestEntityTooLarge || got.Code != "RequestEntityTooLarge" || !strings.Contains(got.Message, "larger than 64 bytes") {
			t.Errorf("%s: %d %s %q, want 413 RequestEntityTooLarge", path, rec.Code, got.Code, got.Message)
		}
	}
}

// TestRevisionHeader: behind the consistency guard, as served, the X-Rampart-Revision of an
// answer is the revision it was decided at, also when its minRevision made it wait for a
// snapshot newer than the one the request was admitted at; a token taken from the header is then
// as strong as the body's.
func TestRevisionHeader(t *testing.T) {
	e, _ := fixture(t, authzapi.Options{MaxWait: 2e9})
	guarded := httptest.NewServer(consistency.NewGuard(e.Snaps, 2e9).Wrap(func(w http.ResponseWriter, r *http.Request, err error) {
		openapi.WriteError(w, r, "JSON", err, nil)
	}, e.srv.Config.Handler))
	t.Cleanup(guarded.Close)
	admitted := e.Snaps.Current().Revision()
	// A write behind the node's back, as by another node: the snapshot learns of it only when asked.
	rev, err := e.Store.Update(t.Context(), func(tx store.Tx) error {
		return tx.CreateUser(t.Context(), store.User{ID: "9000000000000001", Name: "elsewhere", CreateDate: e.now, UpdateDate: e.now})
	})
	if err != nil {
		t.Fatal(err)
	}
	check := map[string]any{"principal": userARN("dev"), "action": "oss:GetObject", "resource": "*"}
	for _, tc := range []struct {
		name        string
		minRevision int64
		want        int64
	}{
		{"without minRevision", 0, admitted},
		{"with the write's", int64(rev), int64(rev)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.minRevision > 0 {
				check["minRevision"] = tc.minRevision
			}
			b, _ := json.Marshal(check)
			req, _ := http.NewRequest("POST", guarded.URL+"/authz/v1/check", strings.NewReader(string(b)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Test-User", "gw")
			resp, err := guarded.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got result
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			header := resp.Header.Get(consistency.RevisionHeader)
			if resp.StatusCode != 200 || got.Revision != tc.want || header != fmt.Sprint(tc.want) {
				t.Errorf("%d: revision %d, %s %q; want %d in both", resp.StatusCode, got.Revision, consistency.RevisionHeader, header, tc.want)
			}
		})
	}
}

// TestSessionReasons: the reasons of a forwarded role session's denial say what stopped it. A
// session policy that does not allow the action stops it before the role's workspace roles count
// (not "holds no role"); one that allows it is not said to refuse it.
func TestSessionReasons(t *testing.T) {
	e, ws := fixture(t, authzapi.Options{})
	developerRole(t, e, ws)
	jobs := func(ws string) string { return "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/*" }
	for _, tc := range []struct {
		name, session, workspace string
		want                     string
		has, lacks               []string
	}{
		{"the session policy allows, the role grants", allow("paidlc:*"), ws, "Allow",
			[]string{"workspace role PAI.AlgoDeveloper in workspace " + ws + " grants PaiDLC:CreateJob"}, nil},
		{"the session policy allows, the role is no member", allow("paidlc:*"), "404", "ImplicitDeny",
			[]string{"no RAM policy allows paidlc:CreateJob on " + jobs("404")}, []string{"the session policy does not allow paidlc:CreateJob"}},
		{"the session policy does not allow", allow("oss:GetObject"), ws, "ImplicitDeny",
			[]string{"the session policy does not allow paidlc:CreateJob"}, []string{"the caller holds no role in workspace " + ws}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forwarded := map[string]any{"method": "POST", "url": "/api/v1/jobs",
				"headers": map[string]any{"Authorization": "acs STS.x:sig", "X-Test-Role": "ops", "X-Test-Session-Policy": tc.session}}
			var got result
			e.post("/authz/v1/check", "gw", map[string]any{"request": forwarded, "action": "paidlc:CreateJob",
				"resource": jobs(tc.workspace), "workspaceId": tc.workspace}, &got)
			if got.Decision != tc.want || got.Principal != authz.AssumedRoleARN(account, "ops", "s") {
				t.Fatalf("got %+v, want %s", got, tc.want)
			}
			for _, r := range tc.has {
				if !contains(got.Reasons, r) {
					t.Errorf("reasons %q lack %q", got.Reasons, r)
				}
			}
			for _, r := range tc.lacks {
				if contains(got.Reasons, r) {
					t.Errorf("reasons %q say %q", got.Reasons, r)
				}
			}
		})
	}
}

// TestSessionPolicyReadsResourceAttributes: a forwarded session's session policy that tests
// pai:EntityAccessType or pai:Accessibility sees the check's accessibility and creator, as on the
// AIWorkspace API, even when no policy of the account reads them: a session narrowed to its own
// resources is not let at others' public ones by its role's rules.
func TestSessionPolicyReadsResourceAttributes(t *testing.T) {
	e, ws := fixture(t, authzapi.Options{})
	ops := developerRole(t, e, ws)
	if e.Snaps.Current().ReadsKey("pai:EntityAccessType") || e.Snaps.Current().ReadsKey("pai:Accessibility") {
		t.Fatal("a policy of the account reads the PAI keys; the test needs none to")
	}
	ownOnly := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"paidlc:*","Resource":"*","Condition":{"StringNotEquals":{"pai:EntityAccessType":"OTHERS"}}}]}`
	publicOnly := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"paidlc:*","Resource":"*","Condition":{"StringEquals":{"pai:Accessibility":"PUBLIC"}}}]}`
	job := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/j1"
	for _, tc := range []struct {
		name, session, accessibility, creator, want string
	}{
		{"own resources only: another's public job", ownOnly, "PUBLIC", "1", "ImplicitDeny"},
		{"own resources only: its own private job", ownOnly, "PRIVATE", ops, "Allow"},
		{"public resources only: a public job", publicOnly, "PUBLIC", "1", "Allow"},
		{"public resources only: its own private job", publicOnly, "PRIVATE", ops, "ImplicitDeny"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forwarded := map[string]any{"method": "GET", "url": "/api/v1/jobs/j1",
				"headers": map[string]any{"Authorization": "acs STS.x:sig", "X-Test-Role": "ops", "X-Test-Session-Policy": tc.session}}
			var got result
			e.post("/authz/v1/check", "gw", map[string]any{"request": forwarded, "action": "paidlc:GetJob", "resource": job,
				"workspaceId": ws, "accessibility": tc.accessibility, "creator": tc.creator}, &got)
			if got.Decision != tc.want {
				t.Errorf("got %s %q, want %s", got.Decision, got.Reasons, tc.want)
			}
		})
	}
}

// developerRole creates the RAM role "ops", an Algorithm Developer in workspace ws, and returns
// its ID; fakeAuth signs as a session of it with X-Test-Role.
func developerRole(t *testing.T, e *env, ws string) string {
	t.Helper()
	id := e.ids.EntityID()
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return tx.CreateRole(ctx, store.Role{ID: id, Name: "ops", MaxSessionDuration: 3600, CreateDate: e.now, UpdateDate: e.now,
			TrustPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`})
	})
	if _, err := e.svc.CreateMember(t.Context(), e.root, pai.CreateMemberInput{WorkspaceID: ws,
		Members: []pai.NewMember{{UserID: id, Roles: []string{pai.RoleDeveloper}}}}); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestMalformedCalls: a call the API cannot read as meant is refused whole (400, naming the
// field) before anything is decided: a body that does not say it is JSON, or a forwarded request
// that is not a request at all (the gateway's mistake), in a batch too, even beside good checks.
// A forwarded request that is a request but does not authenticate stays one check's error.
func TestMalformedCalls(t *testing.T) {
	e, ws := fixture(t, authzapi.Options{})
	jobs := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + ws + "/jobs/*"
	good := `{"principal":"` + userARN("dev") + `","action":"paidlc:CreateJob","resource":"` + jobs + `","workspaceId":"` + ws + `"}`
	for _, tc := range []struct {
		contentType string
		status      int
	}{
		{"application/json", 200},
		{"application/json; charset=UTF-8", 200},
		{"Application/JSON", 200},
		{"", 400},
		{"text/plain", 400},
		{"application/x-www-form-urlencoded", 400},
		{"application/octet-stream", 400}, // what the SDK sends for SetContent without SetContentType
		{"application/json; charset=latin1", 400},
		{"application/jsonx", 400},
	} {
		for _, path := range []string{"/authz/v1/check", "/authz/v1/explain", "/authz/v1/batch-check"} {
			body := good
			if path == "/authz/v1/batch-check" {
				body = `{"checks":[` + good + `]}`
			}
			req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(body))
			req.Header.Set("X-Test-User", "gw")
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := e.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var got result
			json.NewDecoder(resp.Body).Decode(&got)
			resp.Body.Close()
			if resp.StatusCode != tc.status || (tc.status == 400 && (got.Code != "InvalidParameter.ContentType" || !strings.Contains(got.Message, "Content-Type"))) {
				t.Errorf("%s with Content-Type %q: %d %+v, want %d", path, tc.contentType, resp.StatusCode, got, tc.status)
			}
		}
	}

	okRequest := map[string]any{"method": "GET", "url": "/?AccessKeyId=dev&Action=CreateJob"}
	for _, tc := range []struct {
		name    string
		request map[string]any
		field   string
	}{
		{"no method", map[string]any{"url": "/"}, "request.method"},
		{"a method that is not one", map[string]any{"method": "GET /", "url": "/"}, "request.method"},
		{"no URL", map[string]any{"method": "GET"}, "request.url"},
		{"a URL that does not parse", map[string]any{"method": "GET", "url": "http://[::1/"}, "request.url"},
		{"not base64", map[string]any{"method": "POST", "url": "/", "bodyBase64": "!!"}, "request.bodyBase64"},
		{"both bodies", map[string]any{"method": "POST", "url": "/", "body": "a", "bodyBase64": "YQ=="}, "request.bodyBase64"},
		{"not an address", map[string]any{"method": "GET", "url": "/", "sourceIp": "10.0.0.300"}, "request.sourceIp"},
		{"a header name that is not one", map[string]any{"method": "GET", "url": "/", "headers": map[string]any{"Date:": "x"}}, "request.headers"},
		{"a header named twice", map[string]any{"method": "GET", "url": "/", "headers": map[string]any{"Date": "a", "date": "b"}}, "request.headers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check := func(r map[string]any) map[string]any {
				return map[string]any{"request": r, "action": "paidlc:CreateJob", "resource": jobs, "workspaceId": ws}
			}
			var got struct {
				result
				Results []result
			}
			for path, body := range map[string]any{
				"/authz/v1/check":       check(tc.request),
				"/authz/v1/explain":     check(tc.request),
				"/authz/v1/batch-check": map[string]any{"checks": []any{check(okRequest), check(tc.request)}},
			} {
				field := tc.field
				if path == "/authz/v1/batch-check" {
					field = "checks[1]." + field
				}
				got.Results = nil
				if status := e.post(path, "gw", body, &got); status != 400 || !strings.HasPrefix(got.Code, "MissingParameter") && got.Code != "InvalidParameter" ||
					!strings.Contains(got.Message, `"`+field+`"`) || got.Results != nil {
					t.Errorf("%s: %d %+v, want 400 naming %s", path, status, got, field)
				}
			}
		})
	}
}
