package authn_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/errs"
)

// Admit (the wait for X-Rampart-Min-Revision) runs, for RPC, ROA and V3 alike, only for a
// request whose signature holds and whose nonce is fresh, after the nonce is recorded; its error
// is the request's; and when it waited, the key is looked up again at the newer state, so a key
// deleted or deactivated there is refused.
func TestAdmitRunsOnlyOnceAuthenticated(t *testing.T) {
	rpc := func(keyID, secret, nonce string, edit func(url.Values)) func() *http.Request {
		return func() *http.Request { return signedRequest(keyID, secret, now, nonce, nil, edit) }
	}
	roa := func(keyID, secret, nonce string, edit func(*http.Request)) func() *http.Request {
		return func() *http.Request {
			r := roaRequest(keyID, secret, now, "", nil)
			r.Header.Set("x-acs-signature-nonce", nonce)
			toSign, err := authn.ROAStringToSign("POST", r.Header, "/api/v1/workspaces", r.URL.Query())
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("Authorization", "acs "+keyID+":"+authn.SignROA(toSign, secret))
			if edit != nil {
				edit(r)
			}
			return r
		}
	}
	v3 := func(keyID, secret, nonce string, edit func(*http.Request)) func() *http.Request {
		return func() *http.Request {
			return v3Call{keyID: keyID, secret: secret, at: now, nonce: nonce, edit: edit}.request()
		}
	}
	waits := func(keys) (bool, error) { return true, nil }
	tests := []struct {
		name      string
		rpc, roa  func() *http.Request
		v3        func() *http.Request       // its errors are ROA's
		admit     func(k keys) (bool, error) // what the wait does, to the state it reaches
		wantAdmit bool
		wantRPC   string
		wantROA   string
	}{
		{"signed", rpc("LTAIalice", "alicesecret", "n1", nil), roa("LTAIalice", "alicesecret", "n1", nil), v3("LTAIalice", "alicesecret", "n1", nil),
			func(keys) (bool, error) { return false, nil }, true, "", ""},
		{"signed, waited", rpc("LTAIalice", "alicesecret", "n1", nil), roa("LTAIalice", "alicesecret", "n1", nil), v3("LTAIalice", "alicesecret", "n1", nil),
			waits, true, "", ""},
		{"signed, lagging", rpc("LTAIalice", "alicesecret", "n1", nil), roa("LTAIalice", "alicesecret", "n1", nil), v3("LTAIalice", "alicesecret", "n1", nil),
			func(keys) (bool, error) {
				return false, errs.E(errs.Unavailable, "ServiceUnavailable.Lagging", "behind")
			}, true, "ServiceUnavailable.Lagging", "ServiceUnavailable.Lagging"},
		{"signed, key deleted at the revision waited for", rpc("LTAIalice", "alicesecret", "n1", nil), roa("LTAIalice", "alicesecret", "n1", nil), v3("LTAIalice", "alicesecret", "n1", nil),
			func(k keys) (bool, error) { delete(k, "LTAIalice"); return true, nil },
			true, "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.NotFound"},
		{"signed, key deactivated at the revision waited for", rpc("LTAIalice", "alicesecret", "n1", nil), roa("LTAIalice", "alicesecret", "n1", nil), v3("LTAIalice", "alicesecret", "n1", nil),
			func(k keys) (bool, error) {
				k["LTAIalice"] = userCredential("alice", "alicesecret", false)
				return true, nil
			},
			true, "InvalidAccessKeyId.Inactive", "InvalidAccessKeyId.Inactive"},
		{"unsigned", rpc("LTAIalice", "alicesecret", "n1", func(q url.Values) { q.Del("Signature") }),
			roa("LTAIalice", "alicesecret", "n1", func(r *http.Request) { r.Header.Del("Authorization") }), v3("LTAIalice", "alicesecret", "n1", func(r *http.Request) { r.Header.Del("Authorization") }),
			waits, false, "MissingSignature", "IncompleteSignature"},
		{"wrong secret", rpc("LTAIalice", "forged", "n1", nil), roa("LTAIalice", "forged", "n1", nil), v3("LTAIalice", "forged", "n1", nil),
			waits, false, "SignatureDoesNotMatch", "SignatureDoesNotMatch"},
		{"unknown key", rpc("LTAIghost", "x", "n1", nil), roa("LTAIghost", "x", "n1", nil), v3("LTAIghost", "x", "n1", nil),
			waits, false, "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.NotFound"},
		{"replayed", rpc("LTAIalice", "alicesecret", "used", nil), roa("LTAIalice", "alicesecret", "used", nil), v3("LTAIalice", "alicesecret", "used", nil),
			waits, false, "SignatureNonceUsed", "SignatureNonceUsed"},
	}
	for _, tt := range tests {
		for _, api := range []string{"RPC", "ROA", "V3"} {
			t.Run(tt.name+", "+api, func(t *testing.T) {
				k := keys{"LTAIalice": userCredential("alice", "alicesecret", true)}
				nonces := &memoryNonces{used: map[string]bool{"LTAIalice/used": true}}
				admitted := false
				v, err := authn.New(authn.Options{Keys: k, Nonces: authn.NewNonces(nonces.write, 0), Now: func() time.Time { return now },
					Admit: func(context.Context) (bool, error) {
						admitted = true
						if !nonces.used["LTAIalice/n1"] {
							t.Error("Admit ran before the request's nonce was recorded")
						}
						return tt.admit(k)
					}})
				if err != nil {
					t.Fatal(err)
				}
				want := tt.wantRPC
				if api == "RPC" {
					r := tt.rpc()
					_, err = v.VerifyRPC(context.Background(), r, r.URL.Query())
				} else {
					want = tt.wantROA
					r := tt.roa
					if api == "V3" {
						r = tt.v3
					}
					_, err = v.VerifyROA(context.Background(), r(), nil)
				}
				if got := code(err); got != want {
					t.Errorf("code %q (%v), want %q", got, err, want)
				}
				if admitted != tt.wantAdmit {
					t.Errorf("Admit ran = %v, want %v: it must run for authenticated requests only", admitted, tt.wantAdmit)
				}
			})
		}
	}
}
