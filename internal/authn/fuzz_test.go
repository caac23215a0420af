package authn_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzVerifySignature signs arbitrary parameters as the SDK does and checks that the verifier
// accepts them, refuses them with any one value changed, and never panics on a raw query string
// of any shape.
func FuzzVerifySignature(f *testing.F) {
	f.Add("UserName", "alice", "PolicyDocument", `{"Version":"1"}`, "x", "alicesecret", "a=1&b=%ZZ&&=")
	f.Add("é", "~*+ /", "Signature", "", "\xff", "alicesecret", "Signature=a&Signature=b")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, change, secret, raw string) {
		v := newVerifier(t, &memoryNonces{})
		ctx := context.Background()

		// Arbitrary input: any outcome but a panic.
		r := httptest.NewRequest("GET", "/", nil)
		if q, err := url.ParseQuery(raw); err == nil {
			v.VerifyRPC(ctx, r, q)
		}

		params := url.Values{"Action": {"GetUser"}}
		for _, kv := range [][2]string{{k1, v1}, {k2, v2}} {
			if kv[0] != "" && !isCommon(kv[0]) {
				params.Set(kv[0], kv[1])
			}
		}
		r = signedRequest("LTAIalice", "alicesecret", now, newNonce(), params, nil)
		if _, err := v.VerifyRPC(ctx, r, r.URL.Query()); err != nil {
			t.Fatalf("signed %q: %v", params, err)
		}
		for name := range params {
			if change == params.Get(name) {
				continue
			}
			r = signedRequest("LTAIalice", "alicesecret", now, newNonce(), params, func(q url.Values) { q.Set(name, change) })
			if _, err := v.VerifyRPC(ctx, r, r.URL.Query()); code(err) != "SignatureDoesNotMatch" {
				t.Fatalf("%s changed to %q after signing: err = %v, want SignatureDoesNotMatch", name, change, err)
			}
		}
		if secret != "alicesecret" {
			r = signedRequest("LTAIalice", secret, now, newNonce(), params, nil)
			if _, err := v.VerifyRPC(ctx, r, r.URL.Query()); code(err) != "SignatureDoesNotMatch" {
				t.Fatalf("signed with secret %q: err = %v, want SignatureDoesNotMatch", secret, err)
			}
		}
	})
}

// isCommon reports whether name is a common parameter signedRequest sets itself.
func isCommon(name string) bool {
	switch name {
	case "AccessKeyId", "Format", "RegionId", "SignatureMethod", "SignatureNonce", "SignatureType",
		"SignatureVersion", "Timestamp", "Signature", "SecurityToken":
		return true
	}
	return false
}
