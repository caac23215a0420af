package authn_test

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
)

// BenchmarkVerifyRPC measures authenticating a signed GetUser: the checks, the canonical string,
// the HMAC, the nonce guard (over a writer that records nothing) and the caller's condition
// keys. The same request is verified each time: the writer takes every nonce as fresh.
func BenchmarkVerifyRPC(b *testing.B) {
	v, err := authn.New(authn.Options{
		Keys: keys{"LTAIalice": userCredential("alice", "alicesecret", true)},
		Nonces: authn.NewNonces(func(_ context.Context, batch []authn.Nonce) ([]bool, error) {
			fresh := make([]bool, len(batch))
			for i := range fresh {
				fresh[i] = true
			}
			return fresh, nil
		}, 0),
		Now: func() time.Time { return now },
	})
	if err != nil {
		b.Fatal(err)
	}
	r := signedRequest("LTAIalice", "alicesecret", now, newNonce(),
		url.Values{"Action": {"GetUser"}, "Version": {"2015-05-01"}, "UserName": {"user07"}}, nil)
	params := r.URL.Query()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyRPC(b.Context(), r, params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyROA measures authenticating a signed decision-API call as the SDK's
// CommonRequest sends it: the header checks, Content-MD5, the string to sign, the HMAC and the
// caller's condition keys (no nonce: ROA signature v1 has none by default).
func BenchmarkVerifyROA(b *testing.B) {
	v, err := authn.New(authn.Options{
		Keys:   keys{"LTAIalice": userCredential("alice", "alicesecret", true)},
		Nonces: authn.NewNonces(func(context.Context, []authn.Nonce) ([]bool, error) { return nil, nil }, 0),
		Now:    func() time.Time { return now },
	})
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"principal":"acs:ram::1:user/user07","action":"paidlc:GetJob","resource":"acs:paidlc:*:1:job/1"}`)
	sum := md5.Sum(body)
	r := httptest.NewRequest("POST", "/authz/v1/check", nil)
	r.Header.Set("Accept", "application/json")
	r.Header.Set("Content-MD5", base64.StdEncoding.EncodeToString(sum[:]))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	r.Header.Set("x-acs-signature-method", "HMAC-SHA1")
	r.Header.Set("x-acs-signature-version", "1.0")
	toSign, _ := authn.ROAStringToSign("POST", r.Header, r.URL.Path, nil)
	r.Header.Set("Authorization", "acs LTAIalice:"+authn.SignROA(toSign, "alicesecret"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyROA(b.Context(), r, body); err != nil {
			b.Fatal(err)
		}
	}
}
