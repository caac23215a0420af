package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/client"
)

// The client's requests verify with the server's own algorithm, and each carries a new nonce.
func TestCallIsSigned(t *testing.T) {
	var got []url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		got = append(got, r.PostForm)
		w.Header().Set("X-Acs-Request-Id", "RID")
		w.WriteHeader(404)
		w.Write([]byte(`{"Code":"X"}`))
	}))
	defer srv.Close()
	at := time.Date(2026, 11, 27, 1, 2, 3, 0, time.UTC)
	c := &client.Client{Endpoint: srv.URL + "/", AccessKeyID: "LTAIx", AccessKeySecret: "sec", SecurityToken: "tok",
		Now: func() time.Time { return at }}
	for range 2 {
		resp, err := c.Call(context.Background(), "2015-05-01", "GetUser", map[string]string{"UserName": "a b&c", "Format": "XML"})
		if err != nil {
			t.Fatal(err)
		}
		if resp.OK() || resp.Status != 404 || string(resp.Body) != `{"Code":"X"}` || resp.RequestID != "RID" {
			t.Errorf("response = %+v", resp)
		}
	}
	for _, form := range got {
		toSign, err := authn.RPCStringToSign("POST", form)
		if err != nil {
			t.Fatal(err)
		}
		if sig := authn.SignRPC(toSign, "sec"); sig != form.Get("Signature") {
			t.Errorf("signature %s, the server computes %s", form.Get("Signature"), sig)
		}
		for k, want := range map[string]string{"Action": "GetUser", "Version": "2015-05-01", "Format": "XML", "UserName": "a b&c",
			"AccessKeyId": "LTAIx", "SecurityToken": "tok", "Timestamp": "2026-11-27T01:02:03Z", "SignatureMethod": "HMAC-SHA1"} {
			if form.Get(k) != want {
				t.Errorf("%s = %q, want %q", k, form.Get(k), want)
			}
		}
	}
	if len(got) != 2 || got[0].Get("SignatureNonce") == got[1].Get("SignatureNonce") || len(got[0].Get("SignatureNonce")) != 32 {
		t.Errorf("nonces %q, %q", got[0].Get("SignatureNonce"), got[1].Get("SignatureNonce"))
	}
}
