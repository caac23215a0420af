package authn_test

import (
	"context"
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
