package activationapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/activationapi"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/pai/activation"
)

// fakeAuth lets requests with "Authorization: acs good:..." in, as the root.
type fakeAuth struct{}

func (fakeAuth) VerifyROA(_ context.Context, r *http.Request, _ []byte) (*authz.Caller, error) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "acs good:") {
		return nil, errs.E(errs.Unauthenticated, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
	}
	c := authz.RootCaller("1234567890123456")
	return &c, nil
}

// fakeActivation answers from canned data and remembers its last input.
type fakeActivation struct{ last any }

var eas = activation.DependentService{Module: "EAS", Service: "OSS", Authorized: true, RoleName: "AliyunServiceRoleForPaiEas",
	RoleType: "ServiceLinkedRole", ServiceName: "eas.pai.aliyuncs.com", RolePolicy: "AliyunServiceRolePolicyForPaiEas",
	ActivationPolicy: "AliyunOSSFullAccess", ActivationPolicies: []string{"AliyunOSSFullAccess"}, Action: "View Authorization"}

func (f *fakeActivation) DependentServices(context.Context, *authz.Caller, string) ([]activation.DependentService, error) {
	return []activation.DependentService{eas}, nil
}

func (f *fakeActivation) Authorize(_ context.Context, _ *authz.Caller, in activation.AuthorizeInput) (activation.DependentService, error) {
	f.last = in
	if in.Module == "" {
		return activation.DependentService{}, errs.E(errs.Invalid, "MissingParameter", "no module")
	}
	return eas, nil
}

func (f *fakeActivation) Activate(_ context.Context, c *authz.Caller, in activation.ActivateInput) (activation.Activation, error) {
	f.last = in
	a := activation.Activation{Service: in.Service, ActivatedBy: c.ARN, ActivateDate: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	if in.Service == activation.PAI {
		a.Roles = []activation.RoleAuthorization{
			{RoleName: "AliyunServiceRoleForPaiEas", RoleType: "ServiceLinkedRole", Modules: []string{"EAS"}, Authorized: true},
			{RoleName: "AliyunPAIDLCDefaultRole", RoleType: "ServiceRole", Modules: []string{"DLC"}, Code: "NoPermission", Message: "no"},
		}
	}
	return a, nil
}

func (f *fakeActivation) Activations(context.Context, *authz.Caller) ([]activation.Activation, error) {
	return nil, nil
}

func TestHandler(t *testing.T) {
	f := &fakeActivation{}
	h, err := activationapi.New(activationapi.Options{Auth: fakeAuth{}, Activation: f, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Mount(mux)
	tests := []struct {
		name, method, target, body, auth string
		status                           int
		want                             string // the body without RequestId
		input                            any
	}{
		{"status", "GET", "/authz/v1/dependent-services", "", "good", 200,
			`{"DependentServices":[{"Module":"EAS","Service":"OSS","Authorized":true,"Activated":false,"RoleName":"AliyunServiceRoleForPaiEas",` +
				`"RoleType":"ServiceLinkedRole","RoleArn":"","ServiceName":"eas.pai.aliyuncs.com","RolePolicy":"AliyunServiceRolePolicyForPaiEas",` +
				`"ActivationPolicy":"AliyunOSSFullAccess","ActivationPolicies":["AliyunOSSFullAccess"],"UsageAuthorization":"","WorkspaceRole":"","OperationGuide":"",` +
				`"Action":"View Authorization"}]}`, nil},
		{"authorize with a JSON body", "POST", "/authz/v1/dependent-services/authorize", `{"Module":"EAS","Service":"OSS"}`, "good", 200, "",
			activation.AuthorizeInput{Module: "EAS", Service: "OSS"}},
		{"authorize with query parameters", "POST", "/authz/v1/dependent-services/authorize?Module=AI+asset+management&Service=ACR", "", "good", 200, "",
			activation.AuthorizeInput{Module: "AI asset management", Service: "ACR"}},
		{"authorize with an unknown field", "POST", "/authz/v1/dependent-services/authorize", `{"module":"EAS"}`, "good", 400,
			"", nil},
		{"a domain error", "POST", "/authz/v1/dependent-services/authorize", `{}`, "good", 400, "", nil},
		{"activate", "POST", "/authz/v1/activations", `{"Service":"OSS"}`, "good", 200,
			`{"Activation":{"Service":"OSS","ActivatedBy":"acs:ram::1234567890123456:root","ActivateDate":"2026-03-01T09:00:00Z"}}`,
			activation.ActivateInput{Service: "OSS"}},
		{"activate PAI", "POST", "/authz/v1/activations", `{"Service":"PAI"}`, "good", 200,
			`{"Activation":{"Service":"PAI","ActivatedBy":"acs:ram::1234567890123456:root","ActivateDate":"2026-03-01T09:00:00Z"},` +
				`"Roles":[{"RoleName":"AliyunServiceRoleForPaiEas","RoleType":"ServiceLinkedRole","Modules":["EAS"],"Authorized":true},` +
				`{"RoleName":"AliyunPAIDLCDefaultRole","RoleType":"ServiceRole","Modules":["DLC"],"Authorized":false,"Code":"NoPermission","Message":"no"}]}`,
			activation.ActivateInput{Service: "PAI"}},
		{"activations", "GET", "/authz/v1/activations", "", "good", 200, `{"Activations":[]}`, nil},
		{"unsigned", "GET", "/authz/v1/dependent-services", "", "bad", 404, "", nil},
		{"wrong method", "GET", "/authz/v1/dependent-services/authorize", "", "good", 405, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.last = nil
			r := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			r.Header.Set("Authorization", "acs "+tt.auth+":sig")
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.want != "" {
				var got, want map[string]any
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				delete(got, "RequestId")
				if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("body (-want +got):\n%s", diff)
				}
			}
			if tt.input != nil {
				if diff := cmp.Diff(tt.input, f.last); diff != "" {
					t.Errorf("input (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestBodyTooLarge: a body the server's limit cuts short (sent chunked, so no Content-Length
// announced it) is refused as too large, as one declared too large is, not as unreadable.
func TestBodyTooLarge(t *testing.T) {
	h, err := activationapi.New(activationapi.Options{Auth: fakeAuth{}, Activation: &fakeActivation{}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Mount(mux)
	r := httptest.NewRequest("POST", "/authz/v1/activations", io.MultiReader(strings.NewReader(`{"Service":"MaxCompute"}`)))
	r.Header.Set("Authorization", "acs good:sig")
	w := httptest.NewRecorder()
	http.MaxBytesHandler(mux, 8).ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), `"Code":"RequestEntityTooLarge"`) {
		t.Errorf("%d %s, want 413 RequestEntityTooLarge", w.Code, w.Body)
	}
}
