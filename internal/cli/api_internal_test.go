package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/openapi"
)

func fakeEnv(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

func TestParseAPIArgs(t *testing.T) {
	tests := []struct {
		args    []string
		want    apiCall
		wantErr string
	}{
		{[]string{"CreateUser", "--UserName", "alice", "--Comments=a=b", "--endpoint", "http://x"},
			apiCall{action: "CreateUser", params: map[string]string{"UserName": "alice", "Comments": "a=b"}, creds: apiCredentials{Endpoint: "http://x"}}, ""},
		{[]string{"GetUser", "--access-key-id=id", "--access-key-secret", "s", "--security-token", "t", "--profile", "p"},
			apiCall{action: "GetUser", params: map[string]string{}, creds: apiCredentials{AccessKeyID: "id", AccessKeySecret: "s", SecurityToken: "t"}, profile: "p"}, ""},
		{[]string{"--help"}, apiCall{params: map[string]string{}, help: true}, ""},
		{[]string{"help"}, apiCall{params: map[string]string{}, help: true}, ""},
		{[]string{"GetUser", "-h"}, apiCall{action: "GetUser", params: map[string]string{}, help: true}, ""},
		{[]string{"GetUser", "--UserName"}, apiCall{}, "--UserName needs a value"},
		{[]string{"GetUser", "alice"}, apiCall{}, `unexpected argument "alice"`},
		{[]string{"GetUser", "--A", "1", "--A", "2"}, apiCall{}, "--A is given twice"},
		{[]string{"GetUser", "--=x"}, apiCall{}, "parameter name is missing"},
	}
	for _, tt := range tests {
		got, err := parseAPIArgs(tt.args)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(apiCall{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.args, diff)
		}
	}
}

func TestResolveCredentials(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	jsonProfile := write("root-credentials.json", `{"AccountId":"1","AccessKeyId":"LTAIjson","AccessKeySecret":"js","Password":"x"}`)
	iniProfile := write("credentials", "# Rampart\n[other]\naccess_key_id = LTAIother\n[default]\naccess_key_id = LTAIini\naccess_key_secret = is\nendpoint = http://ini:1\n")
	home := filepath.Join(dir, "home")
	os.MkdirAll(filepath.Join(home, ".rampart"), 0o700)
	os.WriteFile(filepath.Join(home, ".rampart", "credentials"), []byte("access_key_id=LTAIhome\naccess_key_secret=hs\n"), 0o600)

	tests := []struct {
		name    string
		flags   apiCredentials
		profile string
		env     map[string]string
		want    apiCredentials
		wantErr string
	}{
		{"flags win", apiCredentials{AccessKeyID: "LTAIflag", AccessKeySecret: "fs"}, iniProfile,
			map[string]string{"RAMPART_ACCESS_KEY_ID": "LTAIenv", "RAMPART_ACCESS_KEY_SECRET": "es"},
			apiCredentials{AccessKeyID: "LTAIflag", AccessKeySecret: "fs", Endpoint: "http://ini:1"}, ""},
		{"environment next", apiCredentials{}, "",
			map[string]string{"RAMPART_ACCESS_KEY_ID": "LTAIenv", "RAMPART_ACCESS_KEY_SECRET": "es", "RAMPART_ENDPOINT": "http://env:2", "HOME": home},
			apiCredentials{AccessKeyID: "LTAIenv", AccessKeySecret: "es", Endpoint: "http://env:2"}, ""},
		{"JSON profile (root-credentials.json)", apiCredentials{}, jsonProfile, nil,
			apiCredentials{AccessKeyID: "LTAIjson", AccessKeySecret: "js", Endpoint: defaultEndpoint}, ""},
		{"INI profile's [default]", apiCredentials{}, "", map[string]string{"RAMPART_PROFILE": iniProfile},
			apiCredentials{AccessKeyID: "LTAIini", AccessKeySecret: "is", Endpoint: "http://ini:1"}, ""},
		{"~/.rampart/credentials", apiCredentials{}, "", map[string]string{"HOME": home},
			apiCredentials{AccessKeyID: "LTAIhome", AccessKeySecret: "hs", Endpoint: defaultEndpoint}, ""},
		{"nothing", apiCredentials{}, "", map[string]string{"HOME": dir}, apiCredentials{}, "no credentials"},
		{"named profile missing", apiCredentials{}, filepath.Join(dir, "nope"), nil, apiCredentials{}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resolveCredentials(tt.flags, tt.profile, fakeEnv(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The API commands sign what the server verifies, print JSON indented, and exit 1 with the
// error body on standard error.
func TestAPICommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		toSign, _ := authn.RPCStringToSign(r.Method, r.PostForm)
		if authn.SignRPC(toSign, "sec") != r.PostForm.Get("Signature") {
			w.WriteHeader(400)
			w.Write([]byte(`{"Code":"SignatureDoesNotMatch"}`))
			return
		}
		if r.PostForm.Get("UserName") == "ghost" {
			w.WriteHeader(404)
			w.Write([]byte(`{"RequestId":"R","Code":"EntityNotExist.User"}`))
			return
		}
		w.Write([]byte(`{"RequestId":"R","User":{"UserName":"` + r.PostForm.Get("UserName") + `","Action":"` + r.PostForm.Get("Action") + `"}}`))
	}))
	defer srv.Close()
	vars := fakeEnv(map[string]string{"RAMPART_ACCESS_KEY_ID": "LTAIx", "RAMPART_ACCESS_KEY_SECRET": "sec", "RAMPART_ENDPOINT": srv.URL})
	tests := []struct {
		name       string
		args       []string
		code       int
		wantOut    string
		wantErrOut string
	}{
		{"result", []string{"ram", "GetUser", "--UserName", "alice"}, 0,
			"{\n  \"RequestId\": \"R\",\n  \"User\": {\n    \"UserName\": \"alice\",\n    \"Action\": \"GetUser\"\n  }\n}\n", ""},
		{"API error", []string{"ram", "GetUser", "--UserName", "ghost"}, 1, "",
			"{\n  \"RequestId\": \"R\",\n  \"Code\": \"EntityNotExist.User\"\n}\n"},
		{"wrong secret", []string{"ram", "GetUser", "--UserName", "a", "--access-key-secret", "nope"}, 1, "", "SignatureDoesNotMatch"},
		{"unknown action", []string{"ram", "Frobnicate"}, 2, "", "rampart: ram has no action \"Frobnicate\""},
		{"unknown action of resourcemanager", []string{"resourcemanager", "Frobnicate"}, 2, "",
			"rampart: resourcemanager has no action \"Frobnicate\""},
		{"STS", []string{"sts", "GetCallerIdentity"}, 0, "GetCallerIdentity", ""},
		{"the command's options before the action", []string{"ram", "--endpoint", srv.URL, "GetUser", "--UserName", "alice"}, 0,
			"\"Action\": \"GetUser\"", ""},
		{"a second action", []string{"ram", "GetUser", "ListUsers"}, 2, "", `unexpected argument "ListUsers"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errOut, vars)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut.String())
			}
			if !strings.Contains(out.String(), tt.wantOut) || tt.wantOut == "" && out.Len() > 0 && tt.code != 0 {
				t.Errorf("stdout = %q, want %q", out.String(), tt.wantOut)
			}
			if !strings.Contains(errOut.String(), tt.wantErrOut) {
				t.Errorf("stderr = %q, want %q", errOut.String(), tt.wantErrOut)
			}
		})
	}
}

// `rampart ram --help` lists every action the server serves, each with its summary.
func TestAPIHelpListsActions(t *testing.T) {
	for _, p := range openapi.Catalog() {
		var out bytes.Buffer
		if code := run(context.Background(), []string{p.Command, "--help"}, &out, &out, fakeEnv(nil)); code != 0 {
			t.Fatalf("%s --help: exit %d: %s", p.Command, code, out.String())
		}
		for _, a := range p.Actions {
			if !strings.Contains(out.String(), "  "+a.Name+" ") || !strings.Contains(out.String(), a.Summary) {
				t.Errorf("rampart %s --help lacks %s: %s", p.Command, a.Name, a.Summary)
			}
		}
	}
}

// An endpoint without its scheme is a usage error that says what an endpoint looks like, for
// every command that calls the server, not a URL parser's complaint.
func TestEndpointWithoutScheme(t *testing.T) {
	vars := fakeEnv(map[string]string{"RAMPART_ACCESS_KEY_ID": "LTAIx", "RAMPART_ACCESS_KEY_SECRET": "sec"})
	for _, args := range [][]string{
		{"ram", "GetUser", "--UserName", "alice"},
		{"authz", "check", "--principal", "acs:ram::1:root", "--action", "ram:GetUser", "--resource", "*"},
		{"pai", "dependent-services"},
	} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append(args, "--endpoint", "127.0.0.1:8080"), &out, &errOut, vars)
		want := `endpoint "127.0.0.1:8080": want a URL such as http://127.0.0.1:8080`
		if code != exitUsage || !strings.Contains(errOut.String(), want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", strings.Join(args, " "), code, errOut.String(), want)
		}
	}
}
