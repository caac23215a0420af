package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/client"
)

// signedServer verifies every request as Rampart would (the signature over the form's
// parameters, a nonce never seen before) and answers the action's response: a large body
// (which net/http sends chunked) for "Big", a small one (with Content-Length) otherwise, and now
// and then it closes the connection after answering. It counts what it saw.
type signedServer struct {
	t      *testing.T
	secret string
	want   map[string]string // parameters every request must carry

	mu       sync.Mutex
	nonces   map[string]bool
	requests int
}

func (s *signedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.t.Error(err)
	}
	form := r.PostForm
	toSign, err := authn.RPCStringToSign(r.Method, form)
	if err != nil {
		s.t.Error(err)
	}
	if sig := authn.SignRPC(toSign, s.secret); sig != form.Get("Signature") {
		s.t.Errorf("signature %q, the server computes %q over %s", form.Get("Signature"), sig, toSign)
	}
	for k, v := range s.want {
		if form.Get(k) != v {
			s.t.Errorf("%s = %q, want %q", k, form.Get(k), v)
		}
	}
	if ts, err := time.Parse("2006-01-02T15:04:05Z", form.Get("Timestamp")); err != nil || time.Since(ts) > time.Minute {
		s.t.Errorf("Timestamp %q", form.Get("Timestamp"))
	}
	s.mu.Lock()
	nonce := form.Get("SignatureNonce")
	if s.nonces[nonce] || len(nonce) != 32 {
		s.t.Errorf("nonce %q reused or malformed", nonce)
	}
	s.nonces[nonce] = true
	s.requests++
	n := s.requests
	s.mu.Unlock()
	if n%10 == 0 {
		w.Header().Set("Connection", "close")
	}
	if form.Get("Action") == "Big" {
		w.Write([]byte(strings.Repeat("x", 100_000)))
		return
	}
	w.Write([]byte(`{"RequestId":"r"}`))
}

func newSignedServer(t *testing.T, want map[string]string) (*signedServer, *client.Client) {
	s := &signedServer{t: t, secret: "the-secret", want: want, nonces: make(map[string]bool)}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, &client.Client{Endpoint: srv.URL, AccessKeyID: "LTAIloadTest", AccessKeySecret: "the-secret"}
}

// TestLoad: every call of a run is signed afresh and verifies, over kept-alive and reopened
// connections, with either kind of response body; an open loop sends what its rate says.
func TestLoad(t *testing.T) {
	for _, tt := range []struct {
		name   string
		action string
		params map[string]string
		rate   float64
	}{
		{"closed loop", "GetUser", map[string]string{"UserName": "a b&c+d*é~", "Format": "XML"}, 0},
		{"chunked bodies", "Big", nil, 0},
		{"open loop", "GetUser", map[string]string{"UserName": "alice"}, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := map[string]string{"Action": tt.action, "Version": "2015-05-01", "AccessKeyId": "LTAIloadTest",
				"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "Format": "JSON"}
			for k, v := range tt.params {
				want[k] = v
			}
			s, c := newSignedServer(t, want)
			r := client.Load(context.Background(), c, client.LoadOptions{Version: "2015-05-01", Action: tt.action,
				Params: tt.params, Clients: 4, Duration: 300 * time.Millisecond, Rate: tt.rate})
			if r.Errors != 0 || r.Requests == 0 || r.Requests != s.requests {
				t.Errorf("%s; the server answered %d", r, s.requests)
			}
			if tt.rate > 0 && (r.Requests < 50 || r.Requests > 61) {
				t.Errorf("open loop at %v/s for 300 ms sent %d calls, want about 60", tt.rate, r.Requests)
			}
			if !(0 < r.P50 && r.P50 <= r.P99 && r.P99 <= r.P999 && r.P999 <= r.Max) {
				t.Errorf("percentiles out of order: %s", r)
			}
		})
	}
}

// TestLoadErrors: failed calls are counted and the first one described.
func TestLoadErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"Code":"NoPermission"}`))
	}))
	defer srv.Close()
	c := &client.Client{Endpoint: srv.URL, AccessKeyID: "k", AccessKeySecret: "s"}
	r := client.Load(context.Background(), c, client.LoadOptions{Version: "2015-05-01", Action: "GetUser", Clients: 2, Duration: 50 * time.Millisecond})
	if r.Errors == 0 || r.Errors != r.Requests || r.FirstError != `403 {"Code":"NoPermission"}` {
		t.Errorf("%s; first error %q", r, r.FirstError)
	}
}
