package aiworkspace_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/domaintest"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/openapi/aiworkspace"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/snapshot"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

const account = "1234567890123456"

// fakeAuth authenticates the user named in the X-Test-User header ("" for the root) against
// the current snapshot; "bad" fails as a wrong signature would.
type fakeAuth struct{ snaps *snapshot.Holder }

func (a fakeAuth) VerifyROA(_ context.Context, r *http.Request, _ []byte) (*authz.Caller, error) {
	name := r.Header.Get("X-Test-User")
	switch name {
	case "":
		c := authz.RootCaller(account)
		return &c, nil
	case "bad":
		return nil, errs.E(errs.Unauthenticated, "SignatureDoesNotMatch", "no")
	}
	c, ok := a.snaps.Current().CallerForARN(authz.UserARN(account, name))
	if !ok {
		return nil, errs.E(errs.Unauthenticated, "InvalidAccessKeyId.NotFound", "no")
	}
	return &c, nil
}

func newServer(t *testing.T) (*httptest.Server, *snapshot.Holder, store.Store) {
	t.Helper()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	e := domaintest.WithAccount(t, storetest.SQLite(t), account, now)
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return tx.CreateUser(ctx, store.User{ID: "2000000000000001", Name: "dev", CreateDate: now, UpdateDate: now})
	})
	st, holder := e.Store, e.Snaps
	svc, err := pai.New(pai.Options{Store: st, Snapshots: holder, Catalog: e.Catalog, IDs: secrets.NewIDGen(nil),
		Now: func() time.Time { return now }, Region: "cn-hangzhou"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := aiworkspace.New(aiworkspace.Options{Auth: fakeAuth{holder}, PAI: svc, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Mount(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, holder, st
}

// send makes one call and decodes the JSON answer.
func send(t *testing.T, srv *httptest.Server, method, path, user, contentType, body string, headers ...string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: not JSON: %s", method, path, raw)
	}
	return resp.StatusCode, out
}

func TestBodies(t *testing.T) {
	srv, _, _ := newServer(t)
	form := "body=" + url.QueryEscape(`{"WorkspaceName":"from_form","EnvTypes":["dev","prod"]}`)
	status, out := send(t, srv, "POST", "/api/v1/workspaces", "", "application/x-www-form-urlencoded", form)
	if status != 200 || out["WorkspaceId"] == "" {
		t.Fatalf("form body: %d %v", status, out)
	}
	status, out = send(t, srv, "POST", "/api/v1/workspaces", "", "application/json", `{"WorkspaceName":"from_json"}`)
	if status != 200 {
		t.Fatalf("JSON body: %d %v", status, out)
	}
	id := out["WorkspaceId"].(string)
	status, out = send(t, srv, "GET", "/api/v1/workspaces/"+id, "", "", "")
	if status != 200 || out["WorkspaceName"] != "from_json" || out["DisplayName"] != "from_json" ||
		!cmp.Equal(out["EnvTypes"], []any{"prod"}) || out["GmtCreateTime"] != "2026-03-01T09:00:00.000Z" {
		t.Errorf("GetWorkspace: %d %v", status, out)
	}
	if o := out["Owner"].(map[string]any); o["UserId"] != account || o["UserName"] != "root" {
		t.Errorf("Owner = %v", o)
	}

	for _, tc := range []struct {
		name, contentType, body, code string
	}{
		{"no body", "application/json", "", "MissingParameter"},
		{"no body field", "application/x-www-form-urlencoded", "other=1", "MissingParameter"},
		{"not JSON", "application/json", "{", "InvalidParameter.body"},
		{"wrong type", "application/json", `{"WorkspaceName":7}`, "InvalidParameter.body"},
		// encoding/json alone took these, storing U+FFFD for the bad text.
		{"invalid UTF-8", "application/json", "{\"WorkspaceName\":\"utf8_json\",\"Description\":\"a\xffb\"}", "InvalidParameter.body"},
		{"invalid UTF-8 in a form", "application/x-www-form-urlencoded", "body=" + url.QueryEscape("{\"WorkspaceName\":\"utf8_form\",\"DisplayName\":\"\xff\"}"), "InvalidParameter.body"},
		{"unpaired surrogate", "application/json", `{"WorkspaceName":"surrogate","Description":"\ud800x"}`, "InvalidParameter.body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out := send(t, srv, "POST", "/api/v1/workspaces", "", tc.contentType, tc.body)
			if status != 400 || out["Code"] != tc.code {
				t.Errorf("%d %v, want 400 %s", status, out, tc.code)
			}
		})
	}
}

func TestErrorsAndPermissions(t *testing.T) {
	srv, _, _ := newServer(t)
	_, out := send(t, srv, "POST", "/api/v1/workspaces", "", "application/json", `{"WorkspaceName":"mlw"}`)
	ws := out["WorkspaceId"].(string)
	status, out := send(t, srv, "POST", "/api/v1/workspaces/"+ws+"/members", "", "application/json",
		`{"Members":[{"UserId":"2000000000000001","Roles":["PAI.AlgoDeveloper"]}]}`)
	if status != 200 {
		t.Fatalf("CreateMember: %d %v", status, out)
	}
	m := out["Members"].([]any)[0].(map[string]any)
	if m["MemberId"] != ws+"-2000000000000001" || m["MemberName"] != "dev" || !cmp.Equal(m["Roles"], []any{"PAI.AlgoDeveloper"}) {
		t.Errorf("member = %v", m)
	}

	status, out = send(t, srv, "GET", "/api/v1/workspaces/"+ws+"/permissions/PaiDLC:GetJob?Accessibility=PRIVATE&Creator=2000000000000001", "dev", "", "")
	want := map[string]any{"RequestId": "", "PermissionCode": "PaiDLC:GetJob", "PermissionRules": []any{
		map[string]any{"Accessibility": "PRIVATE", "EntityAccessType": "CREATOR"},
		map[string]any{"Accessibility": "PUBLIC", "EntityAccessType": "ANY"}}}
	if diff := cmp.Diff(want, out); status != 200 || diff != "" {
		t.Errorf("GetPermission: %d (-want +got):\n%s", status, diff)
	}
	status, out = send(t, srv, "GET", "/api/v1/workspaces/"+ws+"/permissions/PaiWorkspace:CreateMember", "dev", "", "")
	if status != 403 || out["Code"] != "NoPermission" {
		t.Fatalf("GetPermission denied: %d %v", status, out)
	}
	detail := out["AccessDeniedDetail"].(map[string]any)
	if detail["PolicyType"] != "ImplicitDeny" || detail["AuthPrincipalDisplayName"] != "dev" {
		t.Errorf("AccessDeniedDetail = %v", detail)
	}
	status, out = send(t, srv, "GET", "/api/v1/workspaces/"+ws+"/permissions/PaiDLC:GetJob?Option=Everything", "dev", "", "")
	if status != 400 || out["Code"] != "InvalidParameter.Option" {
		t.Errorf("bad Option: %d %v", status, out)
	}
	status, out = send(t, srv, "GET", "/api/v1/workspaces/"+ws+"/members?PageSize=ten", "dev", "", "")
	if status != 400 || out["Code"] != "InvalidParameter.PageSize" {
		t.Errorf("bad PageSize: %d %v", status, out)
	}
	status, out = send(t, srv, "GET", "/api/v1/workspaces/"+ws, "bad", "", "")
	if status != 400 || out["Code"] != "SignatureDoesNotMatch" {
		t.Errorf("bad signature: %d %v", status, out)
	}
	status, out = send(t, srv, "GET", "/api/v1/workspaces/"+ws, "", "", "", "x-acs-version", "2020-01-01")
	if status != 400 || out["Code"] != "InvalidVersion" {
		t.Errorf("another version: %d %v", status, out)
	}
	status, out = send(t, srv, "DELETE", "/api/v1/workspaces/"+ws+"/members/"+ws+"-2000000000000001/roles/PAI.AlgoDeveloper", "", "", "")
	if status != 409 || out["Code"] != "DeleteConflict.Workspace.Member.LastRole" {
		t.Errorf("RemoveMemberRole of the last role: %d %v", status, out)
	}
	status, out = send(t, srv, "GET", "/api/v1/workspaces/404404", "", "", "")
	if status != 404 || out["Code"] != "EntityNotExist.Workspace" {
		t.Errorf("missing workspace: %d %v", status, out)
	}
}

func TestUpdateWorkspaceResource(t *testing.T) {
	srv, _, _ := newServer(t)
	_, out := send(t, srv, "POST", "/api/v1/workspaces", "", "application/json", `{"WorkspaceName":"mlw"}`)
	ws := out["WorkspaceId"].(string)
	status, out := send(t, srv, "POST", "/api/v1/workspaces/"+ws+"/resources", "", "application/json",
		`{"Resources":[{"Name":"cpus","ResourceType":"ECS","IsDefault":true},{"Name":"more","ResourceType":"ECS"}]}`)
	if status != 200 {
		t.Fatalf("CreateWorkspaceResource: %d %v", status, out)
	}
	more := out["Resources"].([]any)[1].(map[string]any)["Id"]
	path := "/api/v1/workspaces/" + ws + "/resources"

	// The v1 SDK: GroupName in the query, the body as a form field.
	status, out = send(t, srv, "PUT", path+"?GroupName=more", "", "application/x-www-form-urlencoded",
		"body="+url.QueryEscape(`{"IsDefault":true}`))
	if diff := cmp.Diff(map[string]any{"RequestId": out["RequestId"], "ResourceIds": []any{more}}, out); status != 200 || diff != "" {
		t.Errorf("UpdateWorkspaceResource: %d (-want +got):\n%s", status, diff)
	}
	_, out = send(t, srv, "GET", "/api/v1/resources?WorkspaceId="+ws, "", "", "")
	for _, r := range out["Resources"].([]any) {
		r := r.(map[string]any)
		if r["IsDefault"] != (r["Name"] == "more") {
			t.Errorf("after the update: %s IsDefault %v", r["Name"], r["IsDefault"])
		}
	}
	// Newer SDKs: GroupName in the JSON body.
	status, out = send(t, srv, "PUT", path, "", "application/json", `{"GroupName":"cpus","IsDefault":true}`)
	if status != 200 {
		t.Errorf("GroupName in the body: %d %v", status, out)
	}

	for _, tc := range []struct {
		name, query, body string
		status            int
		code              string
	}{
		{"no group", "", `{"IsDefault":true}`, 400, "MissingParameter"},
		{"two groups", "?GroupName=cpus", `{"GroupName":"more"}`, 400, "InvalidParameter.GroupName"},
		{"labels", "?GroupName=cpus", `{"Labels":[{"Key":"k","Value":"v"}]}`, 400, "InvalidParameter.Labels"},
		{"IsDefault not a boolean", "?GroupName=cpus", `{"IsDefault":"yes"}`, 400, "InvalidParameter.body"},
		{"IsDefault false", "?GroupName=cpus", `{"IsDefault":false}`, 400, "InvalidParameter.IsDefault"},
		{"no such group", "?GroupName=gpus", `{"IsDefault":true}`, 404, "EntityNotExist.Workspace.Resource"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out := send(t, srv, "PUT", path+tc.query, "", "application/json", tc.body)
			if status != tc.status || out["Code"] != tc.code {
				t.Errorf("%d %v, want %d %s", status, out, tc.status, tc.code)
			}
		})
	}
}

// TestBodyTooLarge: a body the server's limit cuts short is refused as too large (413
// RequestEntityTooLarge), as the server refuses one declared too large, and as the other APIs do.
func TestBodyTooLarge(t *testing.T) {
	srv, _, _ := newServer(t)
	limited := http.MaxBytesHandler(srv.Config.Handler, 16)
	req := httptest.NewRequest("POST", "/api/v1/workspaces", io.MultiReader(strings.NewReader(`{"WorkspaceName":"too_long_a_body"}`)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	limited.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), `"Code":"RequestEntityTooLarge"`) {
		t.Errorf("%d %s, want 413 RequestEntityTooLarge", rec.Code, rec.Body)
	}
}

// TestAmbiguousInputIsRefused: input that readers could take two ways is refused with a 400
// naming the parameter, and changes nothing, rather than read one way silently: a JSON body
// naming a field twice (encoding/json keeps the last, and matches names in any case), a form
// body or a query giving a parameter twice (url.Values.Get keeps the first), a number written
// "+5" or "05", a boolean written "1".
func TestAmbiguousInputIsRefused(t *testing.T) {
	srv, _, _ := newServer(t)
	_, out := send(t, srv, "POST", "/api/v1/workspaces", "", "application/json", `{"WorkspaceName":"mlw"}`)
	ws := out["WorkspaceId"].(string)
	for _, tc := range []struct {
		name, method, path, contentType, body, code string
	}{
		{"a body field twice", "POST", "/api/v1/workspaces", "application/json",
			`{"WorkspaceName":"first_name","WorkspaceName":"second_name"}`, "InvalidParameter.WorkspaceName"},
		{"a body field twice, in another case", "POST", "/api/v1/workspaces", "application/json",
			`{"WorkspaceName":"first_name","workspacename":"second_name"}`, "InvalidParameter.workspacename"},
		{"a nested body field twice", "POST", "/api/v1/workspaces/" + ws + "/members", "application/json",
			`{"Members":[{"UserId":"2000000000000001","Roles":["PAI.AlgoDeveloper"],"Roles":["PAI.WorkspaceAdmin"]}]}`, "InvalidParameter.Members.Roles"},
		{"a Spec field twice", "POST", "/api/v1/workspaces/" + ws + "/resources", "application/json",
			`{"Resources":[{"Name":"oss","ResourceType":"OSS","Spec":{"Path":"oss://a-bucket/x/","Path":"oss://b-bucket/"}}]}`, "InvalidParameter.Resources.Spec.Path"},
		{"the form field body twice", "POST", "/api/v1/workspaces", "application/x-www-form-urlencoded",
			"body=" + url.QueryEscape(`{"WorkspaceName":"first_name"}`) + "&body=" + url.QueryEscape(`{"WorkspaceName":"second_name"}`), "InvalidParameter.body"},
		{"a query parameter twice", "GET", "/api/v1/workspaces/" + ws + "/members?PageSize=5&PageSize=50", "", "", "InvalidParameter.PageSize"},
		{"a query parameter twice on an action reading no number", "DELETE", "/api/v1/workspaces/" + ws + "/members?MemberIds=a&MemberIds=b", "", "", "InvalidParameter.MemberIds"},
		{"a plus sign", "GET", "/api/v1/workspaces/" + ws + "/members?PageSize=%2B5", "", "", "InvalidParameter.PageSize"},
		{"a leading zero", "GET", "/api/v1/workspaces?PageNumber=01", "", "", "InvalidParameter.PageNumber"},
		{"minus zero", "GET", "/api/v1/resources?WorkspaceId=" + ws + "&PageSize=-0", "", "", "InvalidParameter.PageSize"},
		{"a boolean written 1", "GET", "/api/v1/workspaces/" + ws + "?Verbose=1", "", "", "InvalidParameter.Verbose"},
		{"a boolean written t", "GET", "/api/v1/resources?WorkspaceId=" + ws + "&Verbose=t", "", "", "InvalidParameter.Verbose"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out := send(t, srv, tc.method, tc.path, "", tc.contentType, tc.body)
			if status != 400 || out["Code"] != tc.code || out["RequestId"] == nil || !strings.Contains(out["Message"].(string), "\"") {
				t.Errorf("%d %v, want 400 %s naming the parameter", status, out, tc.code)
			}
		})
	}
	// Nothing was created, and the member was not added.
	_, out = send(t, srv, "GET", "/api/v1/workspaces", "", "", "")
	if n := out["TotalCount"]; n != 1.0 {
		t.Errorf("after the refusals: %v workspaces, want 1", n)
	}
	_, out = send(t, srv, "GET", "/api/v1/workspaces/"+ws+"/members", "", "", "")
	for _, m := range out["Members"].([]any) {
		if m.(map[string]any)["UserId"] == "2000000000000001" {
			t.Errorf("after the refusals: member %v", m)
		}
	}
	// The spellings the SDKs send still work, and a number in a Spec is kept as written.
	for _, path := range []string{"/api/v1/workspaces/" + ws + "/members?PageSize=5&PageNumber=1", "/api/v1/workspaces/" + ws + "?Verbose=TRUE",
		"/api/v1/resources?WorkspaceId=" + ws + "&Verbose=false&PageSize=-1"} {
		if status, out := send(t, srv, "GET", path, "", "", ""); status != 200 && out["Code"] != "InvalidParameter.PageSize" {
			t.Errorf("GET %s: %d %v", path, status, out)
		}
	}
	status, out := send(t, srv, "POST", "/api/v1/workspaces/"+ws+"/resources", "", "application/json",
		`{"Resources":[{"Name":"oss","ResourceType":"OSS","Spec":{"Path":"oss://a-bucket/x/","Big":12345678901234567890}}]}`)
	if status != 200 {
		t.Fatalf("CreateWorkspaceResource: %d %v", status, out)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/resources?WorkspaceId="+ws, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(raw), `"Big":12345678901234567890`) {
		t.Errorf("ListResources: %s, want the Spec's number as written", raw)
	}
}

// TestNameFiltersAreText: a name filter that no name can contain (invalid UTF-8, a control
// character, longer than any name) is refused naming it, as ListMembers' MemberName and
// ListWorkspaceUsers' UserName are, rather than answered with an empty list.
func TestNameFiltersAreText(t *testing.T) {
	srv, _, _ := newServer(t)
	_, out := send(t, srv, "POST", "/api/v1/workspaces", "", "application/json", `{"WorkspaceName":"mlw"}`)
	ws := out["WorkspaceId"].(string)
	for _, tc := range []struct{ path, code string }{
		{"/api/v1/workspaces?WorkspaceName=%ff", "InvalidParameter.WorkspaceName"},
		{"/api/v1/workspaces?WorkspaceName=a%00", "InvalidParameter.WorkspaceName"},
		{"/api/v1/workspaces?WorkspaceName=" + strings.Repeat("w", 65), "InvalidParameter.WorkspaceName"},
		{"/api/v1/resources?WorkspaceId=" + ws + "&ResourceName=%ff", "InvalidParameter.ResourceName"},
		{"/api/v1/resources?WorkspaceId=" + ws + "&GroupName=a%0a", "InvalidParameter.GroupName"},
		{"/api/v1/quotas?Name=%00", "InvalidParameter.Name"},
		{"/api/v1/workspaces/" + ws + "/members?MemberName=%00", "InvalidParameter.MemberName"},
	} {
		if status, out := send(t, srv, "GET", tc.path, "", "", ""); status != 400 || out["Code"] != tc.code {
			t.Errorf("GET %s: %d %v, want 400 %s", tc.path, status, out, tc.code)
		}
	}
	for _, path := range []string{"/api/v1/workspaces?WorkspaceName=ML", "/api/v1/resources?WorkspaceId=" + ws + "&ResourceName=x", "/api/v1/quotas?Name=q"} {
		if status, out := send(t, srv, "GET", path, "", "", ""); status != 200 {
			t.Errorf("GET %s: %d %v", path, status, out)
		}
	}
}
