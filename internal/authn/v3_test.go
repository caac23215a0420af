package authn_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/authz"
)

// v3Call is one request to sign with V3.
type v3Call struct {
	keyID, secret, token string
	at                   time.Time
	method, path         string
	query                map[string]string
	body                 string
	nonce                string            // x-acs-signature-nonce; a new one when empty
	headers              map[string]string // more headers to sign
	// edit changes the request after it is signed.
	edit func(*http.Request)
}

// request signs c as the newer SDKs do, with their own signer (darabonba-openapi v2's
// GetAuthorization) as the oracle, and returns the request as the server receives it.
func (c v3Call) request() *http.Request {
	if c.nonce == "" {
		c.nonce = newNonce()
	}
	sum := sha256.Sum256([]byte(c.body))
	payload := hex.EncodeToString(sum[:])
	headers := map[string]*string{
		"host":                  dara.String("rampart.example"),
		"x-acs-action":          dara.String("GetUser"),
		"x-acs-version":         dara.String("2015-05-01"),
		"x-acs-date":            dara.String(c.at.UTC().Format("2006-01-02T15:04:05Z")),
		"x-acs-signature-nonce": dara.String(c.nonce),
		"x-acs-content-sha256":  dara.String(payload),
		"accept":                dara.String("application/json"),
	}
	if c.body != "" {
		headers["content-type"] = dara.String("application/x-www-form-urlencoded")
	}
	if c.token != "" {
		headers["x-acs-security-token"] = dara.String(c.token)
	}
	for k, v := range c.headers {
		headers[k] = dara.String(v)
	}
	query := map[string]*string{}
	for k, v := range c.query {
		query[k] = dara.String(v)
	}
	method, path := c.method, c.path
	if method == "" {
		method, path = "POST", "/"
	}
	headers["Authorization"] = openapiutil.GetAuthorization(&dara.Request{Method: dara.String(method), Pathname: dara.String(path),
		Headers: headers, Query: query}, dara.String("ACS3-HMAC-SHA256"), dara.String(payload), dara.String(c.keyID), dara.String(c.secret))
	q := url.Values{}
	for k, v := range c.query {
		q.Set(k, v)
	}
	r := httptest.NewRequest(method, path+"?"+strings.ReplaceAll(q.Encode(), "+", "%20"), strings.NewReader(c.body))
	r.Host = "rampart.example"
	for k, v := range headers {
		if k != "host" {
			r.Header.Set(k, *v)
		}
	}
	if c.edit != nil {
		c.edit(r)
	}
	return r
}

func TestVerifyV3(t *testing.T) {
	alice := v3Call{keyID: "LTAIalice", secret: "alicesecret", at: now, query: map[string]string{"UserName": "alice"}}
	with := func(c v3Call, f func(*v3Call)) v3Call { f(&c); return c }
	tests := []struct {
		name     string
		call     v3Call
		wantCode string
	}{
		{"valid", alice, ""},
		{"values the encoding changes", with(alice, func(c *v3Call) {
			c.query = map[string]string{"UserName": "alice", "Comments": "a b*c~d+e/é", "Empty": ""}
		}), ""},
		{"a form body", with(alice, func(c *v3Call) { c.body = "Comments=hello%20there" }), ""},
		{"a ROA path", with(alice, func(c *v3Call) { c.method, c.path = "GET", "/api/v1/workspaces/123/members" }), ""},
		{"wrong secret", with(alice, func(c *v3Call) { c.secret = "nope" }), "SignatureDoesNotMatch"},
		{"action changed", with(alice, func(c *v3Call) {
			c.edit = func(r *http.Request) { r.Header.Set("x-acs-action", "DeleteUser") }
		}), "SignatureDoesNotMatch"},
		{"query changed", with(alice, func(c *v3Call) { c.edit = func(r *http.Request) { r.URL.RawQuery = "UserName=bob" } }), "SignatureDoesNotMatch"},
		{"host changed", with(alice, func(c *v3Call) { c.edit = func(r *http.Request) { r.Host = "elsewhere.example" } }), "SignatureDoesNotMatch"},
		{"an x-acs header added unsigned", with(alice, func(c *v3Call) {
			c.edit = func(r *http.Request) { r.Header.Set("x-acs-resource-group-id", "rg-1") }
		}), "IncompleteSignature"},
		{"a signed header taken away", with(alice, func(c *v3Call) {
			c.headers = map[string]string{"x-acs-extra": "1"}
			c.edit = func(r *http.Request) { r.Header.Del("x-acs-extra") }
		}), "IncompleteSignature"},
		{"body changed", with(alice, func(c *v3Call) {
			c.body = "Comments=a"
			c.edit = func(r *http.Request) { r.Body = http.NoBody }
		}), "InvalidParameter.ContentSHA256"},
		{"no content hash", with(alice, func(c *v3Call) { c.edit = func(r *http.Request) { r.Header.Del("x-acs-content-sha256") } }), "MissingParameter"},
		{"no date", with(alice, func(c *v3Call) { c.edit = func(r *http.Request) { r.Header.Del("x-acs-date") } }), "MissingParameter"},
		{"a date not ISO 8601", with(alice, func(c *v3Call) {
			c.edit = func(r *http.Request) { r.Header.Set("x-acs-date", "Fri, 27 Nov 2026 10:00:00 GMT") }
		}), "InvalidTimeStamp.Format"},
		{"an old date", with(alice, func(c *v3Call) { c.at = now.Add(-time.Hour) }), "InvalidTimeStamp.Expired"},
		{"no nonce", with(alice, func(c *v3Call) { c.edit = func(r *http.Request) { r.Header.Del("x-acs-signature-nonce") } }), "MissingParameter"},
		{"Authorization without a signature", with(alice, func(c *v3Call) {
			c.edit = func(r *http.Request) {
				r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=LTAIalice,SignedHeaders=host")
			}
		}), "IncompleteSignature"},
		{"SignedHeaders out of order", with(alice, func(c *v3Call) {
			c.edit = func(r *http.Request) {
				a := r.Header.Get("Authorization")
				r.Header.Set("Authorization", strings.Replace(a, "SignedHeaders=host;", "SignedHeaders=x-acs-action;host;", 1))
			}
		}), "IncompleteSignature"},
		{"a query parameter twice", with(alice, func(c *v3Call) {
			c.edit = func(r *http.Request) { r.URL.RawQuery += "&UserName=bob" }
		}), "InvalidParameter"},
		{"unknown key", with(alice, func(c *v3Call) { c.keyID = "LTAIghost" }), "InvalidAccessKeyId.NotFound"},
		{"STS key without its token", with(alice, func(c *v3Call) { c.keyID, c.secret = "STS.session", "stssecret" }), "MissingSecurityToken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.call.request()
			body := []byte(tt.call.body)
			if r.Body == http.NoBody {
				body = nil
			}
			_, err := newVerifier(t, &memoryNonces{}).VerifyV3(context.Background(), r, body)
			if got := code(err); got != tt.wantCode {
				t.Fatalf("code %q (%v), want %q", got, err, tt.wantCode)
			}
		})
	}
}

func TestVerifyV3CallerAndReplay(t *testing.T) {
	v := newVerifier(t, &memoryNonces{})
	r := v3Call{keyID: "STS.session", secret: "stssecret", token: "good-token", at: now}.request()
	c, err := v.VerifyV3(context.Background(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Type != authz.RoleSession || c.ARN != authz.AssumedRoleARN(account, "admin", "s1") || c.AccessKeyID != "STS.session" {
		t.Errorf("caller %+v", c)
	}
	if _, err := v.VerifyV3(context.Background(), r, nil); code(err) != "SignatureNonceUsed" {
		t.Errorf("the same request again: %v", err)
	}
	// VerifyROA hands a V3 request to VerifyV3.
	r = v3Call{keyID: "LTAIalice", secret: "alicesecret", at: now, method: "GET", path: "/api/v1/workspaces"}.request()
	if !authn.IsV3(r) {
		t.Fatal("IsV3 = false for a V3 request")
	}
	if c, err := v.VerifyROA(context.Background(), r, nil); err != nil || c.Name != "alice" {
		t.Errorf("VerifyROA of a V3 request = %+v, %v", c, err)
	}
}
