package client_test

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/client"
)

// A ROA call verifies with the server's own algorithm over the body it carries, and each call
// has a new nonce.
func TestCallROAIsSigned(t *testing.T) {
	nonces := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sum := md5.Sum(body)
		toSign, err := authn.ROAStringToSign(r.Method, r.Header, r.URL.Path, r.URL.Query())
		if err != nil {
			t.Error(err)
		}
		switch {
		case r.Header.Get("Authorization") != "acs LTAIx:"+authn.SignROA(toSign, "sec"):
			t.Errorf("signature does not verify over %q", toSign)
		case r.Header.Get("Content-MD5") != base64.StdEncoding.EncodeToString(sum[:]):
			t.Error("Content-MD5 does not match the body")
		case r.Header.Get("x-acs-security-token") != "tok" || r.Header.Get("Content-Type") != "application/json":
			t.Errorf("headers: %v", r.Header)
		case nonces[r.Header.Get("x-acs-signature-nonce")]:
			t.Error("a nonce was used twice")
		}
		nonces[r.Header.Get("x-acs-signature-nonce")] = true
		w.Write([]byte(`{"decision":"Allow"}`))
	}))
	defer srv.Close()
	c := &client.Client{Endpoint: srv.URL, AccessKeyID: "LTAIx", AccessKeySecret: "sec", SecurityToken: "tok"}
	for range 2 {
		resp, err := c.CallROA(context.Background(), "POST", "/authz/v1/check", url.Values{"a": {"x y"}}, []byte(`{"action":"a:b"}`), "application/json")
		if err != nil || !resp.OK() || string(resp.Body) != `{"decision":"Allow"}` {
			t.Fatalf("CallROA = %+v, %v", resp, err)
		}
	}
}
