package authn

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
)

// Options are the plain values and dependencies a Verifier is built from.
type Options struct {
	// Keys finds long-term AccessKeys. Required.
	Keys KeySource
	// Sessions opens STS security tokens; nil refuses STS credentials as unknown keys.
	Sessions SessionSource
	// Nonces records signature nonces. Required.
	Nonces *Nonces
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxSkew bounds the difference between a request's timestamp and Now; 0 means
	// DefaultMaxSkew.
	MaxSkew time.Duration
	// TrustedProxies lists the peers whose X-Forwarded-For and X-Forwarded-Proto headers
	// describe the real client (acs:SourceIp, acs:SecureTransport; see Proxies). Empty: the
	// headers are ignored.
	TrustedProxies []netip.Prefix
	// Used, when set, is told of every long-term RAM AccessKey (the root's or a user's, not a
	// platform service's credential) that signed a request successfully (RAM's
	// GetAccessKeyLastUsed). It runs on the request's path, so it must return quickly.
	Used func(ctx context.Context, keyID string)
	// Admit, when set, runs once a request is authenticated (its signature holds and its nonce
	// is recorded), before its caller is returned: the consistency guard's wait for the revision
	// the request asks for (consistency.Admit). Running it only then keeps unauthenticated
	// requests from making the node wait. Its error is returned as the request's; when it
	// reports that it waited, the credential is looked up again, at the newer state.
	Admit func(ctx context.Context) (waited bool, err error)
}

// Verifier authenticates signed requests. It is safe for concurrent use.
type Verifier struct {
	keys     KeySource
	sessions SessionSource
	nonces   *Nonces
	now      func() time.Time
	skew     time.Duration
	proxies  Proxies
	used     func(ctx context.Context, keyID string)
	admit    func(ctx context.Context) (waited bool, err error)
	rpcMACs  macs // keyed with secret + "&"
	roaMACs  macs // keyed with the secret alone
	clock    atomic.Pointer[clockText]
}

// New returns a Verifier.
func New(o Options) (*Verifier, error) {
	if o.Keys == nil || o.Nonces == nil {
		return nil, errors.New("authn: Keys and Nonces are required")
	}
	v := &Verifier{keys: o.Keys, sessions: o.Sessions, nonces: o.Nonces, now: o.Now, skew: o.MaxSkew,
		proxies: o.TrustedProxies, used: o.Used, admit: o.Admit, rpcMACs: macs{suffix: "&"}}
	if v.now == nil {
		v.now = time.Now
	}
	if v.skew <= 0 {
		v.skew = DefaultMaxSkew
	}
	return v, nil
}

// maxNonceLen bounds SignatureNonce; the SDKs send 32 hex digits or a UUID.
const maxNonceLen = 128

// checkNonce refuses a nonce the nonce table cannot hold: longer than maxNonceLen, or not
// printable ASCII. param names it in the error.
func checkNonce(param, nonce string) error {
	switch {
	case len(nonce) > maxNonceLen:
		return incompleteSignature(param + " is too long.")
	case !visibleASCII(nonce):
		return incompleteSignature(param + " must be printable ASCII without spaces.")
	}
	return nil
}

// maxKeyIDLen bounds an AccessKey ID: the ones Rampart generates are shorter, and an
// operator-chosen root key ID has at most 128 characters (bootstrap.Credentials.Validate).
const maxKeyIDLen = 128

// VerifyRPC authenticates an RPC request whose parameters (query string and form body, merged)
// are params, and returns its caller with Context filled. The checks run cheapest first, and the
// nonce is recorded only once the signature holds, so unauthenticated traffic cannot fill the
// nonce table. Errors are *errs.Error with RAM's gateway codes.
func (v *Verifier) VerifyRPC(ctx context.Context, r *http.Request, params url.Values) (*authz.Caller, error) {
	var missing string
	get := func(name string) string {
		val := params.Get(name)
		if val == "" && missing == "" {
			missing = name
		}
		return val
	}
	keyID, sig := get("AccessKeyId"), get("Signature")
	method, version := get("SignatureMethod"), get("SignatureVersion")
	nonce, ts := get("SignatureNonce"), get("Timestamp")
	if missing != "" {
		return nil, missingCommon(missing)
	}
	switch {
	case method != "HMAC-SHA1":
		return nil, incompleteSignature("SignatureMethod must be HMAC-SHA1.")
	case version != "1.0":
		return nil, incompleteSignature("SignatureVersion must be 1.0.")
	case params.Get("SignatureType") != "":
		return nil, incompleteSignature("SignatureType must be empty: bearer tokens are not supported.")
	}
	if err := checkNonce("SignatureNonce", nonce); err != nil {
		return nil, err
	}
	now := v.now()
	at, err := parseTimestamp(ts)
	if err != nil {
		return nil, err
	}
	if err := checkSkew(at, now, v.skew); err != nil {
		return nil, err
	}
	token := params.Get("SecurityToken")
	cred, err := v.credential(ctx, keyID, token, now)
	if err != nil {
		return nil, err
	}
	mac := v.rpcMACs.get(cred.Secret.Reveal())
	defer v.rpcMACs.put(mac)
	mac.toSign, err = appendRPCStringToSign(mac.toSign[:0], mac.scratch, r.Method, params)
	if err != nil {
		return nil, duplicateParameter(err)
	}
	if !mac.matches(mac.toSign, sig) {
		return nil, signatureDoesNotMatch(string(mac.toSign))
	}
	if err := v.nonces.Use(ctx, keyID, nonce, at.Add(v.skew+nonceSlack)); err != nil {
		return nil, err
	}
	if cred, err = v.admitted(ctx, cred, keyID, token, now); err != nil {
		return nil, err
	}
	return v.caller(r, cred, keyID, now), nil
}

// VerifyROA authenticates a ROA request with body (already read; Content-MD5 covers it) and
// returns its caller with Context filled. ROA signature v1 has no mandatory nonce: a request is
// valid for MaxSkew around its Date, and is checked against replay only when the client sends
// x-acs-signature-nonce (which the signature then covers). A request signed with V3 goes to
// VerifyV3.
func (v *Verifier) VerifyROA(ctx context.Context, r *http.Request, body []byte) (*authz.Caller, error) {
	if IsV3(r) {
		return v.VerifyV3(ctx, r, body)
	}
	keyID, sig, ok := parseAuthorization(header(r.Header, "Authorization"))
	if !ok {
		return nil, incompleteSignature(`The Authorization header must be "acs <AccessKeyId>:<Signature>".`)
	}
	if m := header(r.Header, canonicalSignatureMethod); m != "HMAC-SHA1" {
		return nil, incompleteSignature("x-acs-signature-method must be HMAC-SHA1.")
	}
	date := header(r.Header, "Date")
	if date == "" {
		return nil, missingParameter("Date")
	}
	now := v.now()
	at, err := parseDate(date)
	if err != nil {
		return nil, err
	}
	if err := checkSkew(at, now, v.skew); err != nil {
		return nil, err
	}
	if sum := header(r.Header, "Content-Md5"); sum != "" || len(body) > 0 {
		want := md5.Sum(body)
		var enc [24]byte // Base64 of a 16-byte MD5 sum
		base64.StdEncoding.Encode(enc[:], want[:])
		if sum != string(enc[:]) {
			return nil, contentMD5Mismatch()
		}
	}
	nonce := header(r.Header, canonicalSignatureNonce)
	if err := checkNonce("x-acs-signature-nonce", nonce); err != nil {
		return nil, err
	}
	token := header(r.Header, canonicalSecurityToken)
	cred, err := v.credential(ctx, keyID, token, now)
	if err != nil {
		return nil, err
	}
	var query url.Values
	if r.URL.RawQuery != "" {
		query = r.URL.Query()
	}
	mac := v.roaMACs.get(cred.Secret.Reveal())
	defer v.roaMACs.put(mac)
	mac.toSign, err = appendROAStringToSign(mac.toSign[:0], r.Method, r.Header, r.URL.Path, query)
	if err != nil {
		return nil, duplicateParameter(err)
	}
	if !mac.matches(mac.toSign, sig) {
		return nil, signatureDoesNotMatch(string(mac.toSign))
	}
	if nonce != "" {
		if err := v.nonces.Use(ctx, keyID, nonce, at.Add(v.skew+nonceSlack)); err != nil {
			return nil, err
		}
	}
	if cred, err = v.admitted(ctx, cred, keyID, token, now); err != nil {
		return nil, err
	}
	return v.caller(r, cred, keyID, now), nil
}

// admitted runs Admit for a request that cred authenticated, and returns the credential to
// serve it with: cred, or, when Admit waited for a newer state, the credential as that state has
// it. A key deleted or deactivated at the revision the request waited for is refused then, as it
// would have been had the node been there when the request came in.
func (v *Verifier) admitted(ctx context.Context, cred Credential, keyID, token string, now time.Time) (Credential, error) {
	if v.admit == nil {
		return cred, nil
	}
	waited, err := v.admit(ctx)
	if err != nil || !waited {
		return cred, err
	}
	return v.credential(ctx, keyID, token, now)
}

// The ROA headers the verifier reads, as keys of a header map (http.CanonicalHeaderKey).
const (
	canonicalSecurityToken   = "X-Acs-Security-Token"
	canonicalSignatureMethod = "X-Acs-Signature-Method"
	canonicalSignatureNonce  = "X-Acs-Signature-Nonce"
)

// header is h.Get(key) for a key already canonical, without canonicalizing it again.
func header(h http.Header, key string) string {
	if vs := h[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// parseAuthorization splits "acs <AccessKeyId>:<Signature>".
func parseAuthorization(h string) (keyID, sig string, ok bool) {
	rest, ok := strings.CutPrefix(h, "acs ")
	if !ok {
		return "", "", false
	}
	keyID, sig, ok = strings.Cut(rest, ":")
	return keyID, sig, ok && keyID != "" && sig != ""
}

// credential finds what keyID stands for: an STS session (with its token) or a long-term key.
func (v *Verifier) credential(ctx context.Context, keyID, token string, now time.Time) (Credential, error) {
	if strings.HasPrefix(keyID, stsKeyPrefix) {
		switch {
		case v.sessions == nil:
			return Credential{}, keyNotFound()
		case token == "":
			return Credential{}, missingSecurityToken()
		}
		c, err := v.sessions.Session(keyID, token)
		if err != nil {
			return Credential{}, err
		}
		if !now.Before(c.Expiration) {
			return Credential{}, tokenExpired()
		}
		return c, nil
	}
	if len(keyID) > maxKeyIDLen || !visibleASCII(keyID) {
		return Credential{}, keyNotFound() // no key has such an ID: the store is not asked
	}
	c, err := v.keys.AccessKey(ctx, keyID)
	switch {
	case err != nil && errs.KindOf(err) == errs.NotFound:
		return Credential{}, keyNotFound()
	case err != nil:
		return Credential{}, err
	case !c.Active:
		return Credential{}, keyInactive()
	}
	return c, nil
}

// caller returns the authenticated caller of r: cred's identity, the key that signed, and the
// request's condition keys.
func (v *Verifier) caller(r *http.Request, cred Credential, keyID string, now time.Time) *authz.Caller {
	if v.used != nil && cred.Expiration.IsZero() && cred.Caller.Type != authz.Service {
		v.used(r.Context(), keyID)
	}
	c := cred.Caller
	c.AccessKeyID = keyID
	c.Context = requestContext(r, &c, v.currentTime(now), v.proxies)
	return &c
}
