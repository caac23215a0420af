package authn_test

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
)

// The string to sign of shared/reference/pai.md §4.1, recorded from the SDK's CreateWorkspace.
func TestROAStringToSignVector(t *testing.T) {
	h := http.Header{}
	h.Set("Accept", "application/json")
	h.Set("Content-MD5", "DQwMNdaiKUKcZScFkGZn2g==")
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("Date", "Fri, 27 Nov 2026 01:52:08 GMT")
	h.Set("x-acs-action", "CreateWorkspace")
	h.Set("x-acs-credentials-provider", "static_ak")
	h.Set("x-acs-signature-method", "HMAC-SHA1")
	h.Set("x-acs-signature-version", "1.0")
	h.Set("x-acs-version", "2021-02-04")
	h.Set("User-Agent", "not signed")
	got, err := authn.ROAStringToSign("POST", h, "/api/v1/workspaces", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "POST\napplication/json\nDQwMNdaiKUKcZScFkGZn2g==\napplication/x-www-form-urlencoded\nFri, 27 Nov 2026 01:52:08 GMT\n" +
		"x-acs-action:CreateWorkspace\nx-acs-credentials-provider:static_ak\nx-acs-signature-method:HMAC-SHA1\n" +
		"x-acs-signature-version:1.0\nx-acs-version:2021-02-04\n/api/v1/workspaces"
	if got != want {
		t.Errorf("ROAStringToSign =\n%q\nwant\n%q", got, want)
	}

	// Query parameters: sorted, raw values, "=" only before a non-empty value.
	q := url.Values{"Roles": {"PAI.AlgoDeveloper,PAI.WorkspaceAdmin"}, "MemberName": {"a b&c"}, "Empty": {""}}
	got, _ = authn.ROAStringToSign("GET", http.Header{}, "/api/v1/workspaces/1/members", q)
	if want := "GET\n/api/v1/workspaces/1/members?Empty&MemberName=a b&c&Roles=PAI.AlgoDeveloper,PAI.WorkspaceAdmin"; got != want {
		t.Errorf("with a query: %q, want %q", got, want)
	}
}

// roaRequest builds a ROA request as the Go SDK does, signed with secret; edit runs after signing.
func roaRequest(keyID, secret string, at time.Time, body string, edit func(*http.Request)) *http.Request {
	r := httptest.NewRequest("POST", "/api/v1/workspaces?Verbose=true", strings.NewReader(body))
	sum := md5.Sum([]byte(body))
	r.Header.Set("Accept", "application/json")
	r.Header.Set("Content-MD5", base64.StdEncoding.EncodeToString(sum[:]))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Date", at.UTC().Format(http.TimeFormat))
	r.Header.Set("x-acs-action", "CreateWorkspace")
	r.Header.Set("x-acs-version", "2021-02-04")
	r.Header.Set("x-acs-signature-method", "HMAC-SHA1")
	r.Header.Set("x-acs-signature-version", "1.0")
	r.Header.Set("x-acs-signature-nonce", newNonce())
	toSign, err := authn.ROAStringToSign("POST", r.Header, "/api/v1/workspaces", r.URL.Query())
	if err != nil {
		panic(err)
	}
	r.Header.Set("Authorization", "acs "+keyID+":"+authn.SignROA(toSign, secret))
	r.RemoteAddr = "192.0.2.7:40000"
	if edit != nil {
		edit(r)
	}
	return r
}

func TestVerifyROA(t *testing.T) {
	const body = `{"WorkspaceName":"ws1"}`
	tests := []struct {
		name     string
		keyID    string
		secret   string
		at       time.Time
		body     string
		edit     func(*http.Request)
		wantCode string
	}{
		{"valid", "LTAIalice", "alicesecret", now, body, nil, ""},
		{"RPC-style secret with &", "LTAIalice", "alicesecret&", now, body, nil, "SignatureDoesNotMatch"},
		{"wrong secret", "LTAIalice", "nope", now, body, nil, "SignatureDoesNotMatch"},
		{"no Authorization", "LTAIalice", "alicesecret", now, body, func(r *http.Request) { r.Header.Del("Authorization") }, "IncompleteSignature"},
		{"tampered header", "LTAIalice", "alicesecret", now, body, func(r *http.Request) { r.Header.Set("x-acs-action", "DeleteWorkspace") }, "SignatureDoesNotMatch"},
		{"tampered query", "LTAIalice", "alicesecret", now, body, func(r *http.Request) { r.URL.RawQuery = "Verbose=false" }, "SignatureDoesNotMatch"},
		{"no Date", "LTAIalice", "alicesecret", now, body, func(r *http.Request) { r.Header.Del("Date") }, "MissingParameter"},
		{"bad Date", "LTAIalice", "alicesecret", now, body, func(r *http.Request) { r.Header.Set("Date", "yesterday") }, "InvalidTimeStamp.Format"},
		{"old Date", "LTAIalice", "alicesecret", now.Add(-time.Hour), body, nil, "InvalidTimeStamp.Expired"},
		{"unknown key", "LTAIghost", "x", now, body, nil, "InvalidAccessKeyId.NotFound"},
		{"STS key without token", "STS.session", "stssecret", now, body, nil, "MissingSecurityToken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, &memoryNonces{})
			r := roaRequest(tt.keyID, tt.secret, tt.at, tt.body, tt.edit)
			_, err := v.VerifyROA(context.Background(), r, []byte(tt.body))
			if got := code(err); got != tt.wantCode {
				t.Fatalf("code %q (%v), want %q", got, err, tt.wantCode)
			}
		})
	}

	v := newVerifier(t, &memoryNonces{})
	r := roaRequest("LTAIalice", "alicesecret", now, body, nil)
	if _, err := v.VerifyROA(context.Background(), r, []byte(`{"WorkspaceName":"ws2"}`)); code(err) != "InvalidParameter.ContentMD5" {
		t.Errorf("body not matching Content-MD5: %v", err)
	}
	if _, err := v.VerifyROA(context.Background(), r, []byte(body)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.VerifyROA(context.Background(), r, []byte(body)); code(err) != "SignatureNonceUsed" {
		t.Errorf("replayed ROA request with a nonce: %v", err)
	}
}

func TestVerifyROASession(t *testing.T) {
	v := newVerifier(t, &memoryNonces{})
	r := roaRequest("STS.session", "stssecret", now, "", func(r *http.Request) {
		r.Header.Set("x-acs-security-token", "good-token") // added after signing: it is signed too
	})
	if _, err := v.VerifyROA(context.Background(), r, nil); code(err) != "SignatureDoesNotMatch" {
		t.Errorf("unsigned security token header: %v", err)
	}
	r = roaRequest("STS.session", "stssecret", now, "", nil)
	r.Header.Set("x-acs-security-token", "good-token")
	toSign, _ := authn.ROAStringToSign("POST", r.Header, r.URL.Path, r.URL.Query())
	r.Header.Set("Authorization", "acs STS.session:"+authn.SignROA(toSign, "stssecret"))
	c, err := v.VerifyROA(context.Background(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionName != "s1" || c.AccessKeyID != "STS.session" {
		t.Errorf("caller = %+v", c)
	}
}
