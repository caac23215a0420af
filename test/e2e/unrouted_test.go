package e2e_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
)

// TestUnroutedRequestsAnswerRAMErrors: a method or path no API serves answers with RAM's error
// (a JSON body with RequestId, HostId, Code and Message, which the SDK decodes), not Go's
// plain-text "404 page not found" or "405 method not allowed": a wrong method on an endpoint
// with 405 UnsupportedHTTPMethod and an Allow header, anything else with 404
// InvalidAction.NotFound. The console's pages stay HTML.
func TestUnroutedRequestsAnswerRAMErrors(t *testing.T) {
	s := startAPI(t)
	base := "http://" + s.host
	for _, c := range []struct {
		method, path string
		status       int
		code, allow  string
	}{
		{"PUT", "/", 405, "UnsupportedHTTPMethod", "GET, HEAD, POST"},
		{"DELETE", "/?Action=GetUser&Version=2015-05-01", 405, "UnsupportedHTTPMethod", "GET, HEAD, POST"},
		{"POST", "/healthz", 405, "UnsupportedHTTPMethod", "GET, HEAD"},
		{"PUT", "/metrics", 405, "UnsupportedHTTPMethod", "GET, HEAD"},
		{"GET", "/nonexistent", 404, "InvalidAction.NotFound", ""},
		{"POST", "/v1/users", 404, "InvalidAction.NotFound", ""},
		{"GET", "/healthz/deep", 404, "InvalidAction.NotFound", ""},
		{"DELETE", "/api/v1/workspaces", 404, "InvalidAction.NotFound", ""},
		{"PATCH", "/authz/v1/check", 404, "InvalidAction.NotFound", ""},
	} {
		req, err := http.NewRequestWithContext(t.Context(), c.method, base+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e struct{ RequestId, HostId, Code, Message string }
		err = json.Unmarshal(raw, &e)
		if resp.StatusCode != c.status || err != nil || e.Code != c.code || e.Message == "" || e.HostId != s.host ||
			!requestIDRE.MatchString(e.RequestId) || resp.Header.Get("X-Acs-Request-Id") != e.RequestId ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: %d %s %s; want %d and RAM's %s error", c.method, c.path, resp.StatusCode, resp.Header.Get("Content-Type"), raw, c.status, c.code)
		}
		if got := resp.Header.Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
	}

	// The SDK decodes it: an RPC call sent with a method the endpoint does not take.
	cr := requests.NewCommonRequest()
	cr.Method, cr.Product, cr.Version, cr.ApiName = "PUT", "Ram", "2015-05-01", "GetUser"
	cr.Domain, cr.Scheme = s.host, "HTTP"
	cr.QueryParams["UserName"] = "alice"
	_, err := s.ramClient(t, s.root).ProcessCommonRequest(cr)
	wantError(t, err, 405, "UnsupportedHTTPMethod")

	// The console keeps its HTML.
	resp, err := http.Get(base + "/console/logon")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /console/logon: %d %s; want the HTML sign-in page", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
