package authn_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
)

var now = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func newVerifier(t *testing.T, w *memoryNonces, proxies ...netip.Prefix) *authn.Verifier {
	t.Helper()
	v, err := authn.New(authn.Options{
		Keys: keys{
			"LTAIalice":    userCredential("alice", "alicesecret", true),
			"LTAIdisabled": userCredential("bob", "bobsecret", false),
		},
		Sessions: sessions{
			"good-token": {
				Caller: authz.Caller{Type: authz.RoleSession, AccountID: account, ID: "3000000000000001",
					Name: "admin", SessionName: "s1", ARN: authz.AssumedRoleARN(account, "admin", "s1"),
					AccessKeyID: "STS.session"},
				Secret: "stssecret", Active: true, Expiration: now.Add(time.Hour),
			},
			"old-token": {
				Caller:     authz.Caller{Type: authz.RoleSession, AccessKeyID: "STS.old"},
				Secret:     "oldsecret",
				Active:     true,
				Expiration: now.Add(-time.Second),
			},
		},
		Nonces:         authn.NewNonces(w.write, 0),
		Now:            func() time.Time { return now },
		TrustedProxies: proxies,
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerifyRPCErrors(t *testing.T) {
	getUser := url.Values{"Action": {"GetUser"}, "Version": {"2015-05-01"}, "UserName": {"alice"}}
	tests := []struct {
		name     string
		keyID    string
		secret   string
		at       time.Time
		edit     func(url.Values)
		wantCode string
	}{
		{"valid", "LTAIalice", "alicesecret", now, nil, ""},
		{"timestamp 14m59s early", "LTAIalice", "alicesecret", now.Add(-15*time.Minute + time.Second), nil, ""},
		{"timestamp 14m59s late", "LTAIalice", "alicesecret", now.Add(15*time.Minute - time.Second), nil, ""},
		{"no AccessKeyId", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Del("AccessKeyId") }, "MissingAccessKeyId"},
		{"no Signature", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Del("Signature") }, "MissingSignature"},
		{"no method", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Del("SignatureMethod") }, "MissingSignatureMethod"},
		{"no version", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Del("SignatureVersion") }, "MissingSignatureVersion"},
		{"no nonce", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Del("SignatureNonce") }, "MissingSignatureNonce"},
		{"empty nonce", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Set("SignatureNonce", "") }, "MissingSignatureNonce"},
		{"no timestamp", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Del("Timestamp") }, "MissingTimestamp"},
		{"other method", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Set("SignatureMethod", "HMAC-SHA256") }, "IncompleteSignature"},
		{"other version", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Set("SignatureVersion", "2.0") }, "IncompleteSignature"},
		{"bearer token", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Set("SignatureType", "BEARERTOKEN") }, "IncompleteSignature"},
		{"huge nonce", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Set("SignatureNonce", strings.Repeat("n", 129)) }, "IncompleteSignature"},
		{"bad timestamp", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Set("Timestamp", "2026-11-27 10:00:00") }, "InvalidTimeStamp.Format"},
		{"old timestamp", "LTAIalice", "alicesecret", now.Add(-16 * time.Minute), nil, "InvalidTimeStamp.Expired"},
		{"future timestamp", "LTAIalice", "alicesecret", now.Add(16 * time.Minute), nil, "InvalidTimeStamp.Expired"},
		{"unknown key", "LTAInobody", "x", now, nil, "InvalidAccessKeyId.NotFound"},
		{"inactive key", "LTAIdisabled", "bobsecret", now, nil, "InvalidAccessKeyId.Inactive"},
		{"wrong secret", "LTAIalice", "wrong", now, nil, "SignatureDoesNotMatch"},
		{"tampered parameter", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Set("UserName", "root") }, "SignatureDoesNotMatch"},
		{"added parameter", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Set("Extra", "") }, "SignatureDoesNotMatch"},
		{"repeated parameter", "LTAIalice", "alicesecret", now, func(q url.Values) { q.Add("UserName", "bob") }, "InvalidParameter"},
		{"STS key without token", "STS.session", "stssecret", now, nil, "MissingSecurityToken"},
		{"STS key with a forged token", "STS.session", "stssecret", now, func(q url.Values) { q.Set("SecurityToken", "forged") }, "InvalidSecurityToken.Malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, &memoryNonces{})
			r := signedRequest(tt.keyID, tt.secret, tt.at, newNonce(), getUser, tt.edit)
			_, err := v.VerifyRPC(context.Background(), r, r.URL.Query())
			if got := code(err); got != tt.wantCode {
				t.Fatalf("VerifyRPC: code %q (%v), want %q", got, err, tt.wantCode)
			}
		})
	}
}

func code(err error) string {
	if err == nil {
		return ""
	}
	return errs.CodeOf(err)
}

// A missing common parameter is answered as Alibaba Cloud's gateway answers it: "Missing<Name>",
// "<Name> is mandatory for this action." (the MissingParameter code and its "The input
// parameter ... is not supplied." message are an action's own parameters').
func TestVerifyRPCMissingCommonParameter(t *testing.T) {
	v := newVerifier(t, &memoryNonces{})
	r := signedRequest("LTAIalice", "alicesecret", now, newNonce(), url.Values{"Action": {"GetUser"}},
		func(q url.Values) { q.Del("Timestamp") })
	_, err := v.VerifyRPC(context.Background(), r, r.URL.Query())
	e := errs.As(err)
	if e.Code != "MissingTimestamp" || e.Message != "Timestamp is mandatory for this action." ||
		e.Kind.HTTPStatus() != http.StatusBadRequest {
		t.Errorf("no Timestamp: %s %q (%d), want MissingTimestamp %q (400)", e.Code, e.Message,
			e.Kind.HTTPStatus(), "Timestamp is mandatory for this action.")
	}
}

// The credential errors carry the messages Alibaba Cloud's gateway sends with them.
func TestVerifyRPCCredentialMessages(t *testing.T) {
	v := newVerifier(t, &memoryNonces{})
	for _, tt := range []struct{ keyID, secret, code, message string }{
		{"LTAInobody", "x", "InvalidAccessKeyId.NotFound", "Specified access key is not found."},
		{"LTAIdisabled", "bobsecret", "InvalidAccessKeyId.Inactive", "Specified access key is disabled."},
		{"STS.session", "stssecret", "MissingSecurityToken", "SecurityToken is mandatory for this action."},
	} {
		r := signedRequest(tt.keyID, tt.secret, now, newNonce(), url.Values{"Action": {"GetUser"}}, nil)
		_, err := v.VerifyRPC(context.Background(), r, r.URL.Query())
		if e := errs.As(err); e.Code != tt.code || e.Message != tt.message {
			t.Errorf("%s: %s %q, want %s %q", tt.keyID, e.Code, e.Message, tt.code, tt.message)
		}
	}
}

// The SDKs compare what follows "server string to sign is:" with their own string to decide
// whether the secret is wrong.
func TestSignatureDoesNotMatchCarriesStringToSign(t *testing.T) {
	v := newVerifier(t, &memoryNonces{})
	r := signedRequest("LTAIalice", "wrong", now, newNonce(), url.Values{"Action": {"GetUser"}}, nil)
	q := r.URL.Query()
	_, err := v.VerifyRPC(context.Background(), r, q)
	want, _ := authn.RPCStringToSign("POST", q)
	msg := errs.As(err).Message
	if _, after, ok := strings.Cut(msg, "server string to sign is:"); !ok || after != want {
		t.Errorf("message %q\nshould end with server string to sign is:%s", msg, want)
	}
}

// Requests signed by different keys in turn each verify against their own secret (the
// verifier keeps HMAC state between requests and must re-key it), and a wrong secret is refused
// however the state was last keyed.
func TestVerifyRPCKeysInTurn(t *testing.T) {
	v := newVerifier(t, &memoryNonces{})
	getUser := url.Values{"Action": {"GetUser"}}
	for i := range 6 {
		for _, tt := range []struct{ keyID, secret, want string }{
			{"LTAIalice", "alicesecret", ""},
			{"STS.session", "stssecret", ""},
			{"LTAIalice", "stssecret", "SignatureDoesNotMatch"},
			{"LTAIalice", "alicesecret" + "&", "SignatureDoesNotMatch"},
		} {
			params := getUser
			if tt.keyID == "STS.session" {
				params = url.Values{"Action": {"GetUser"}, "SecurityToken": {"good-token"}}
			}
			r := signedRequest(tt.keyID, tt.secret, now, newNonce(), params, nil)
			if _, err := v.VerifyRPC(context.Background(), r, r.URL.Query()); code(err) != tt.want {
				t.Errorf("round %d, %s signed with %q: err = %v, want %q", i, tt.keyID, tt.secret, err, tt.want)
			}
		}
	}
}

func TestVerifyRPCRejectsReplay(t *testing.T) {
	w := &memoryNonces{}
	v := newVerifier(t, w)
	r := signedRequest("LTAIalice", "alicesecret", now, "n-1", url.Values{"Action": {"GetUser"}}, nil)
	if _, err := v.VerifyRPC(context.Background(), r, r.URL.Query()); err != nil {
		t.Fatal(err)
	}
	if _, err := v.VerifyRPC(context.Background(), r, r.URL.Query()); code(err) != "SignatureNonceUsed" {
		t.Errorf("replay: err = %v, want SignatureNonceUsed", err)
	}
	// A fresh verifier over the same durable record (a restart) still refuses it.
	v2 := newVerifier(t, w)
	if _, err := v2.VerifyRPC(context.Background(), r, r.URL.Query()); code(err) != "SignatureNonceUsed" {
		t.Errorf("replay after restart: err = %v, want SignatureNonceUsed", err)
	}
	// The same nonce under another key is another nonce.
	r2 := signedRequest("STS.session", "stssecret", now, "n-1", url.Values{"SecurityToken": {"good-token"}}, nil)
	if _, err := v.VerifyRPC(context.Background(), r2, r2.URL.Query()); err != nil {
		t.Errorf("same nonce, other key: %v", err)
	}
}

func TestUsedHearsOfLongTermKeys(t *testing.T) {
	var used []string
	v, err := authn.New(authn.Options{
		Keys: keys{"LTAIalice": userCredential("alice", "alicesecret", true),
			"LTASeas": {Caller: authz.Caller{Type: authz.Service, Name: "eas.pai.aliyuncs.com"}, Secret: "eassecret", Active: true}},
		Sessions: sessions{"good-token": {Caller: authz.Caller{Type: authz.RoleSession, AccessKeyID: "STS.session"}, Secret: "stssecret", Active: true, Expiration: now.Add(time.Hour)}},
		Nonces:   authn.NewNonces((&memoryNonces{}).write, 0),
		Now:      func() time.Time { return now },
		Used:     func(_ context.Context, id string) { used = append(used, id) },
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*http.Request{
		signedRequest("LTAIalice", "alicesecret", now, newNonce(), nil, nil),
		signedRequest("LTAIalice", "wrong", now, newNonce(), nil, nil),
		signedRequest("STS.session", "stssecret", now, newNonce(), url.Values{"SecurityToken": {"good-token"}}, nil),
		signedRequest("LTASeas", "eassecret", now, newNonce(), nil, nil), // a platform service's: RAM keeps no date for it
	} {
		v.VerifyRPC(context.Background(), r, r.URL.Query())
	}
	if diff := cmp.Diff([]string{"LTAIalice"}, used); diff != "" {
		t.Errorf("keys reported used (-want +got):\n%s", diff)
	}
}

func TestVerifyRPCSessions(t *testing.T) {
	tests := []struct {
		name, keyID, secret, token string
		wantCode                   string
	}{
		{"valid", "STS.session", "stssecret", "good-token", ""},
		{"expired", "STS.old", "oldsecret", "old-token", "InvalidSecurityToken.Expired"},
		{"another key's token", "STS.other", "stssecret", "good-token", "InvalidSecurityToken.MismatchWithAccessKey"},
		{"long-term key with a token", "LTAIalice", "alicesecret", "good-token", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, &memoryNonces{})
			r := signedRequest(tt.keyID, tt.secret, now, newNonce(), url.Values{"SecurityToken": {tt.token}}, nil)
			c, err := v.VerifyRPC(context.Background(), r, r.URL.Query())
			if got := code(err); got != tt.wantCode {
				t.Fatalf("code %q (%v), want %q", got, err, tt.wantCode)
			}
			if err == nil && c.AccessKeyID != tt.keyID {
				t.Errorf("caller's AccessKeyID = %q, want %q", c.AccessKeyID, tt.keyID)
			}
		})
	}
}

func TestCallerContext(t *testing.T) {
	tests := []struct {
		name    string
		keyID   string
		secret  string
		token   string
		proxies []netip.Prefix
		remote  string
		xff     string
		proto   string // X-Forwarded-Proto
		want    map[string]string
	}{
		{
			name: "user", keyID: "LTAIalice", secret: "alicesecret", remote: "192.0.2.7:40000", xff: "203.0.113.9",
			want: map[string]string{
				"acs:SourceIp": "192.0.2.7", "acs:CurrentTime": "2026-11-27T10:00:00Z", "acs:SecureTransport": "false",
				"acs:AccessId": "LTAIalice", "acs:UserAgent": "AlibabaCloud (linux; amd64) Golang/1.26.8 Core/1.63.22",
				"acs:PrincipalARN": "acs:ram::" + account + ":user/alice", "acs:MFAPresent": "false",
				"acs:AccountId": account, "acs:PrincipalName": "alice",
			},
		},
		{
			name: "role session has no PrincipalName", keyID: "STS.session", secret: "stssecret", token: "good-token",
			remote: "[::ffff:192.0.2.8]:1",
			want: map[string]string{
				"acs:SourceIp": "192.0.2.8", "acs:CurrentTime": "2026-11-27T10:00:00Z", "acs:SecureTransport": "false",
				"acs:AccessId": "STS.session", "acs:UserAgent": "AlibabaCloud (linux; amd64) Golang/1.26.8 Core/1.63.22",
				"acs:PrincipalARN": "acs:ram::" + account + ":role/admin/s1", "acs:MFAPresent": "false",
				"acs:AccountId": account,
			},
		},
		{
			name: "behind a trusted proxy", keyID: "LTAIalice", secret: "alicesecret",
			proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
			remote:  "10.1.2.3:5000", xff: "198.51.100.1, 203.0.113.9, 10.9.9.9",
			want: map[string]string{"acs:SourceIp": "203.0.113.9"},
		},
		{
			name: "forwarded header from an untrusted peer", keyID: "LTAIalice", secret: "alicesecret",
			proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
			remote:  "192.0.2.7:5000", xff: "203.0.113.9",
			want: map[string]string{"acs:SourceIp": "192.0.2.7"},
		},
		{
			name: "TLS ended at a trusted proxy", keyID: "LTAIalice", secret: "alicesecret",
			proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
			remote:  "10.1.2.3:5000", proto: "HTTPS",
			want: map[string]string{"acs:SecureTransport": "true"},
		},
		{
			name: "plain HTTP at a trusted proxy", keyID: "LTAIalice", secret: "alicesecret",
			proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
			remote:  "10.1.2.3:5000", proto: "http",
			want: map[string]string{"acs:SecureTransport": "false"},
		},
		{
			name: "a proxy's appended protocol counts, not the client's", keyID: "LTAIalice", secret: "alicesecret",
			proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
			remote:  "10.1.2.3:5000", proto: "https, http",
			want: map[string]string{"acs:SecureTransport": "false"},
		},
		{
			name: "forwarded protocol from an untrusted peer", keyID: "LTAIalice", secret: "alicesecret",
			proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
			remote:  "192.0.2.7:5000", proto: "https",
			want: map[string]string{"acs:SecureTransport": "false"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, &memoryNonces{}, tt.proxies...)
			params := url.Values{}
			if tt.token != "" {
				params.Set("SecurityToken", tt.token)
			}
			r := signedRequest(tt.keyID, tt.secret, now, newNonce(), params, nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if tt.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			c, err := v.VerifyRPC(context.Background(), r, r.URL.Query())
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, k := range c.Context.Keys() {
				vs, _ := c.Context.Lookup(k)
				if _, ok := tt.want[k]; ok || len(tt.want) > 1 {
					got[k] = strings.Join(vs, ",")
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("context (-want +got):\n%s", diff)
			}
		})
	}
}

// pgText fails as PostgreSQL fails a query with text it cannot hold (a NUL, invalid UTF-8).
func pgText(s string) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return fmt.Errorf("ERROR: invalid byte sequence for encoding \"UTF8\" (SQLSTATE 22021)")
	}
	return nil
}

// pgKeys is a KeySource backed by a store that cannot hold every string.
type pgKeys struct{ keys }

func (k pgKeys) AccessKey(ctx context.Context, id string) (authn.Credential, error) {
	if err := pgText(id); err != nil {
		return authn.Credential{}, err
	}
	return k.keys.AccessKey(ctx, id)
}

// An AccessKeyId or a signature nonce that no SDK sends, with a NUL or invalid UTF-8 in it, is
// refused as the client's mistake before it reaches the store, which on PostgreSQL would fail
// the query: InternalError for the request (unauthenticated, for a key ID) and, for a nonce,
// for every request whose nonce was written in the same batch.
func TestVerifyRefusesTextTheStoreCannotHold(t *testing.T) {
	w := &memoryNonces{}
	v, err := authn.New(authn.Options{
		Keys: pgKeys{keys{"LTAIalice": userCredential("alice", "alicesecret", true)}},
		Nonces: authn.NewNonces(func(ctx context.Context, batch []authn.Nonce) ([]bool, error) {
			for _, n := range batch {
				if err := pgText(n.Value); err != nil {
					return nil, err
				}
			}
			return w.write(ctx, batch)
		}, 0),
		Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	getUser := url.Values{"Action": {"GetUser"}}
	for _, tt := range []struct{ name, keyID, nonce, want string }{
		{"NUL in the nonce", "LTAIalice", "n\x00-1", "IncompleteSignature"},
		{"invalid UTF-8 in the nonce", "LTAIalice", "n\xff-1", "IncompleteSignature"},
		{"control character in the nonce", "LTAIalice", "n\x01-1", "IncompleteSignature"},
		{"NUL in the key ID", "LTAI\x00alice", newNonce(), "InvalidAccessKeyId.NotFound"},
		{"invalid UTF-8 in the key ID", "LTAI\xffalice", newNonce(), "InvalidAccessKeyId.NotFound"},
		{"key ID too long", "LTAI" + strings.Repeat("a", 200), newNonce(), "InvalidAccessKeyId.NotFound"},
	} {
		r := signedRequest(tt.keyID, "alicesecret", now, tt.nonce, getUser, nil)
		if _, err := v.VerifyRPC(context.Background(), r, r.URL.Query()); code(err) != tt.want {
			t.Errorf("RPC, %s: %v, want %s", tt.name, err, tt.want)
		}
	}
	roa := func(keyID, nonce string) *http.Request {
		return roaRequest(keyID, "alicesecret", now, "{}", func(r *http.Request) {
			r.Header.Set("x-acs-signature-nonce", nonce)
			toSign, err := authn.ROAStringToSign(r.Method, r.Header, r.URL.Path, r.URL.Query())
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("Authorization", "acs "+keyID+":"+authn.SignROA(toSign, "alicesecret"))
		})
	}
	for _, tt := range []struct{ name, keyID, nonce, want string }{
		{"invalid UTF-8 in the nonce", "LTAIalice", "n\xff-2", "IncompleteSignature"},
		{"invalid UTF-8 in the key ID", "LTAI\xffalice", newNonce(), "InvalidAccessKeyId.NotFound"},
	} {
		if _, err := v.VerifyROA(context.Background(), roa(tt.keyID, tt.nonce), []byte("{}")); code(err) != tt.want {
			t.Errorf("ROA, %s: %v, want %s", tt.name, err, tt.want)
		}
	}
	// Good requests still pass, the same verifier and writer after the refusals.
	r := signedRequest("LTAIalice", "alicesecret", now, newNonce(), getUser, nil)
	if _, err := v.VerifyRPC(context.Background(), r, r.URL.Query()); err != nil {
		t.Errorf("a good RPC request: %v", err)
	}
	if _, err := v.VerifyROA(context.Background(), roa("LTAIalice", newNonce()), []byte("{}")); err != nil {
		t.Errorf("a good ROA request: %v", err)
	}
}
