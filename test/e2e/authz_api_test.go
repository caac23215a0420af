package e2e_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestDecisionAPI: the decision API through the SDK's CommonRequest, as a gateway would use it,
// and through `rampart authz check`.
func TestDecisionAPI(t *testing.T) {
	s := startAPI(t)
	alice, aliceID := paiUser(t, s, "alice")
	gw := gateway(t, s)
	ws := createWorkspace(t, s, s.root, "ml_team")
	addMember(t, s, s.root, ws, aliceID, "PAI.AlgoDeveloper")
	jobs := "acs:paidlc:cn-hangzhou:" + s.account + ":workspace/" + ws + "/jobs/*"
	aliceARN := "acs:ram::" + s.account + ":user/alice"

	t.Run("check", func(t *testing.T) {
		status, out := decide(t, s, gw, "/authz/v1/check", map[string]any{"principal": aliceARN, "action": "paidlc:CreateJob",
			"resource": jobs, "workspaceId": ws})
		if status != 200 || out["decision"] != "Allow" || out["by"] != "workspace-role" || out["revision"].(float64) < 1 {
			t.Errorf("check: %d %v", status, out)
		}
		status, out = decide(t, s, gw, "/authz/v1/check", map[string]any{"principal": aliceARN, "action": "paiworkspace:CreateMember",
			"resource": "acs:paiworkspace:cn-hangzhou:" + s.account + ":workspace/" + ws, "workspaceId": ws})
		if status != 200 || out["decision"] != "ImplicitDeny" {
			t.Errorf("check CreateMember: %d %v", status, out)
		}
	})

	t.Run("only the root and rampart:Authorize may ask", func(t *testing.T) {
		status, out := decide(t, s, alice, "/authz/v1/check", map[string]any{"principal": aliceARN, "action": "paidlc:CreateJob", "resource": jobs})
		if status != 403 || out["Code"] != "NoPermission" {
			t.Errorf("alice asks: %d %v", status, out)
		}
		bad := gw
		bad.secret = "wrong"
		if status, out := decide(t, s, bad, "/authz/v1/check", map[string]any{}); status != 400 || out["Code"] != "SignatureDoesNotMatch" {
			t.Errorf("a bad signature: %d %v", status, out)
		}
	})

	t.Run("batch-check", func(t *testing.T) {
		var checks []any
		for _, action := range []string{"paidlc:CreateJob", "paidsw:CreatePostPaidInstance", "paiworkspace:DeleteMembers", "pai:ListQuotas"} {
			checks = append(checks, map[string]any{"principal": aliceARN, "action": action, "resource": jobs, "workspaceId": ws})
		}
		status, out := decide(t, s, gw, "/authz/v1/batch-check", map[string]any{"checks": checks})
		var got []string
		for _, r := range out["results"].([]any) {
			got = append(got, r.(map[string]any)["decision"].(string))
		}
		if status != 200 || strings.Join(got, ",") != "Allow,Allow,ImplicitDeny,Allow" {
			t.Errorf("batch: %d %v", status, got)
		}
	})

	t.Run("explain", func(t *testing.T) {
		status, out := decide(t, s, gw, "/authz/v1/explain", map[string]any{"principal": aliceARN, "action": "paidlc:GetJob",
			"resource": jobs, "workspaceId": ws, "accessibility": "PRIVATE", "creator": "1"})
		roles, _ := out["roles"].([]any)
		if status != 200 || out["decision"] != "ImplicitDeny" || len(roles) != 1 {
			t.Fatalf("explain: %d %v", status, out)
		}
		rules := roles[0].(map[string]any)["rules"].([]any)
		if len(rules) != 2 || rules[0].(map[string]any)["reason"] != "covers resources the caller created only" {
			t.Errorf("rules: %v", rules)
		}
	})

	t.Run("a forwarded request is authenticated and decided in one call", func(t *testing.T) {
		// The SDK signs a GetWorkspace request as alice; the gateway captures it and forwards it.
		capture := &captureTransport{}
		client := s.paiClient(t, alice)
		client.SetTransport(capture)
		gwReq := aiworkspace.CreateGetWorkspaceRequest()
		gwReq.WorkspaceId = ws
		client.GetWorkspace(gwReq)
		forward := forwarded(t, capture.reqs[0])
		check := map[string]any{"request": forward, "action": "paiworkspace:GetWorkspace",
			"resource": "acs:paiworkspace:cn-hangzhou:" + s.account + ":workspace/" + ws, "workspaceId": ws}
		status, out := decide(t, s, gw, "/authz/v1/check", check)
		if status != 200 || out["decision"] != "Allow" || out["principal"] != aliceARN {
			t.Errorf("forwarded ROA request: %d %v", status, out)
		}
		// A tampered request does not authenticate.
		forward["url"] = strings.Replace(forward["url"].(string), ws, "1", 1)
		status, out = decide(t, s, gw, "/authz/v1/check", check)
		if e, _ := out["error"].(map[string]any); status != 200 || out["decision"] != "ImplicitDeny" || e["code"] != "SignatureDoesNotMatch" {
			t.Errorf("tampered request: %d %v", status, out)
		}

		// An RPC request (RAM GetUser, with a nonce) is good once.
		capture = &captureTransport{}
		rc := s.ramClient(t, alice)
		rc.SetTransport(capture)
		gu := ram.CreateGetUserRequest()
		gu.UserName = "alice"
		rc.GetUser(gu)
		rpc := map[string]any{"request": forwarded(t, capture.reqs[0]), "action": "ram:GetUser",
			"resource": "acs:ram:*:" + s.account + ":user/alice"}
		// A batch with a malformed forwarded request is refused whole, naming the field, and
		// decides nothing: the good request's nonce is not spent.
		malformed := map[string]any{"request": map[string]any{"method": "GET", "url": "/", "sourceIp": "not-an-address"},
			"action": "ram:GetUser", "resource": "*"}
		if status, out := decide(t, s, gw, "/authz/v1/batch-check", map[string]any{"checks": []any{rpc, malformed}}); status != 400 ||
			out["Code"] != "InvalidParameter" || !strings.Contains(out["Message"].(string), "checks[1].request.sourceIp") {
			t.Errorf("a batch with a malformed forwarded request: %d %v", status, out)
		}
		if status, out := decide(t, s, gw, "/authz/v1/check", rpc); status != 200 || out["principal"] != aliceARN || out["error"] != nil {
			t.Errorf("forwarded RPC request: %d %v", status, out)
		}
		if _, out := decide(t, s, gw, "/authz/v1/check", rpc); out["error"].(map[string]any)["code"] != "SignatureNonceUsed" {
			t.Errorf("forwarded twice: %v", out)
		}
	})

	t.Run("minRevision", func(t *testing.T) {
		_, out := decide(t, s, gw, "/authz/v1/check", map[string]any{"principal": aliceARN, "action": "paidlc:CreateJob", "resource": jobs})
		rev := out["revision"].(float64)
		status, out := decide(t, s, gw, "/authz/v1/check", map[string]any{"principal": aliceARN, "action": "paidlc:CreateJob",
			"resource": jobs, "minRevision": rev})
		if status != 200 {
			t.Errorf("at the current revision: %d %v", status, out)
		}
		status, out = decide(t, s, gw, "/authz/v1/check", map[string]any{"principal": aliceARN, "action": "paidlc:CreateJob",
			"resource": jobs, "minRevision": rev + 1000})
		if status != 503 || out["Code"] != "ServiceUnavailable.Lagging" {
			t.Errorf("a revision no node has: %d %v", status, out)
		}
	})

	t.Run("rampart authz check", func(t *testing.T) {
		profile := filepath.Join(t.TempDir(), "gw.json")
		b, _ := json.Marshal(map[string]string{"AccessKeyId": gw.id, "AccessKeySecret": gw.secret, "Endpoint": s.URL})
		if err := os.WriteFile(profile, b, 0o600); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := rampartCLI(t, nil, "authz", "check", "--profile", profile, "--principal", aliceARN,
			"--action", "paidlc:CreateJob", "--resource", jobs, "--workspace-id", ws)
		var res map[string]any
		if err := json.Unmarshal([]byte(stdout), &res); code != 0 || err != nil || res["decision"] != "Allow" {
			t.Errorf("authz check: exit %d, %q %q", code, stdout, stderr)
		}
		code, stdout, _ = rampartCLI(t, nil, "authz", "check", "--profile", profile, "--explain", "--principal", aliceARN,
			"--action", "oss:GetObject", "--resource", "acs:oss:*:"+s.account+":b/k", "--context", "acs:SourceIp=10.0.0.1")
		if code != 0 || !strings.Contains(stdout, `"notes"`) || !strings.Contains(stdout, `"ImplicitDeny"`) {
			t.Errorf("authz check --explain: exit %d, %s", code, stdout)
		}
		code, _, stderr = rampartCLI(t, nil, "authz", "check", "--profile", profile, "--action", "a:b", "--resource", "*")
		if code != 2 || !strings.Contains(stderr, "--principal") {
			t.Errorf("without --principal: exit %d, %s", code, stderr)
		}
	})
}

// A request the gateway received over HTTPS, forwarded with its https:// URL, is decided with
// acs:SecureTransport true, as the same request sent to Rampart over TLS would be.
func TestDecisionAPIForwardedOverTLS(t *testing.T) {
	s := startAPI(t)
	alice, _ := paiUser(t, s, "alice")
	gw := gateway(t, s)
	createPolicy(t, s, "tls-only", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*",
		"Condition":{"Bool":{"acs:SecureTransport":"true"}}}]}`)
	attach(t, s, "Custom", "tls-only", "alice")

	capture := &captureTransport{}
	client := s.paiClient(t, alice)
	client.SetTransport(capture)
	req := aiworkspace.CreateListWorkspacesRequest()
	client.ListWorkspaces(req)
	forward := forwarded(t, capture.reqs[0])
	check := map[string]any{"request": forward, "action": "oss:GetObject", "resource": "acs:oss:*:" + s.account + ":bucket/key"}
	for _, tt := range []struct{ url, want string }{
		{"https://pai.example.com" + forward["url"].(string), "Allow"},
		{"http://pai.example.com" + forward["url"].(string), "ImplicitDeny"},
	} {
		forward["url"] = tt.url
		status, out := decide(t, s, gw, "/authz/v1/check", check)
		if status != 200 || out["decision"] != tt.want || out["error"] != nil {
			t.Errorf("forwarded as %s: %d %v, want %s", tt.url, status, out, tt.want)
		}
	}
}

// gateway creates the RAM user "gateway", allowed rampart:Authorize (to call the decision API),
// and returns its AccessKey.
func gateway(t *testing.T, s *apiServer) credentials {
	t.Helper()
	gw, _ := paiUser(t, s, "gateway")
	createPolicy(t, s, "authorize", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"rampart:Authorize","Resource":"*"}]}`)
	attach(t, s, "Custom", "authorize", "gateway")
	return gw
}

// forwarded is a captured request as a gateway forwards it to the decision API.
func forwarded(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	headers := map[string][]string{}
	for k, v := range r.Header {
		headers[k] = v
	}
	return map[string]any{"method": r.Method, "url": r.URL.RequestURI(), "headers": headers, "body": string(body), "sourceIp": "10.0.0.7"}
}
