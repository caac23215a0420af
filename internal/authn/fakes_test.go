package authn_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
)

const account = "1234567890123456"

// keys is a KeySource over a map.
type keys map[string]authn.Credential

func (k keys) AccessKey(_ context.Context, id string) (authn.Credential, error) {
	c, ok := k[id]
	if !ok {
		return authn.Credential{}, errs.E(errs.NotFound, "EntityNotExist.User.AccessKey", "no such key")
	}
	return c, nil
}

// sessions is a SessionSource over a map from token to credential.
type sessions map[string]authn.Credential

func (s sessions) Session(id, token string) (authn.Credential, error) {
	c, ok := s[token]
	switch {
	case !ok:
		return authn.Credential{}, errs.E(errs.Unauthenticated, "InvalidSecurityToken.Malformed", "bad token")
	case c.Caller.AccessKeyID != id:
		return authn.Credential{}, errs.E(errs.Unauthenticated, "InvalidSecurityToken.MismatchWithAccessKey", "mismatch")
	}
	return c, nil
}

// memoryNonces is a NonceWriter over a map, counting its writes.
type memoryNonces struct {
	mu     sync.Mutex
	used   map[string]bool
	writes int
	delay  time.Duration
	err    error
}

func (m *memoryNonces) write(_ context.Context, batch []authn.Nonce) ([]bool, error) {
	time.Sleep(m.delay)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return nil, m.err
	}
	if m.used == nil {
		m.used = map[string]bool{}
	}
	m.writes++
	fresh := make([]bool, len(batch))
	for i, n := range batch {
		k := n.AccessKeyID + "/" + n.Value
		fresh[i] = !m.used[k]
		m.used[k] = true
	}
	return fresh, nil
}

// signedRequest builds a POST / whose query holds params plus the common parameters, signed with
// secret the way the Go SDK signs; edit may change the parameters after signing.
func signedRequest(keyID, secret string, at time.Time, nonce string, params url.Values, edit func(url.Values)) *http.Request {
	q := url.Values{}
	for k, v := range params {
		q[k] = v
	}
	q.Set("AccessKeyId", keyID)
	q.Set("Format", "JSON")
	q.Set("RegionId", "cn-hangzhou")
	q.Set("SignatureMethod", "HMAC-SHA1")
	q.Set("SignatureNonce", nonce)
	q.Set("SignatureType", "")
	q.Set("SignatureVersion", "1.0")
	q.Set("Timestamp", at.UTC().Format("2006-01-02T15:04:05Z"))
	toSign, err := authn.RPCStringToSign("POST", q)
	if err != nil {
		panic(err)
	}
	q.Set("Signature", authn.SignRPC(toSign, secret))
	if edit != nil {
		edit(q)
	}
	r := httptest.NewRequest("POST", "/?"+q.Encode(), strings.NewReader(""))
	r.RemoteAddr = "192.0.2.7:40000"
	r.Header.Set("User-Agent", "AlibabaCloud (linux; amd64) Golang/1.26.8 Core/1.63.22")
	return r
}

func userCredential(name, secret string, active bool) authn.Credential {
	return authn.Credential{
		Caller: authz.Caller{Type: authz.User, AccountID: account, ID: "2000000000000001", Name: name,
			ARN: authz.UserARN(account, name)},
		Secret: secrets.Secret(secret),
		Active: active,
	}
}

var nonceSeq struct {
	sync.Mutex
	n int
}

func newNonce() string {
	nonceSeq.Lock()
	defer nonceSeq.Unlock()
	nonceSeq.n++
	return fmt.Sprintf("%032x", nonceSeq.n)
}
