package authn

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
)

// V3 is the signature Alibaba Cloud's newer SDKs send by default (the darabonba-openapi v2
// clients under github.com/alibabacloud-go), for RPC and ROA APIs alike:
//
//	CanonicalRequest = METHOD \n path \n sorted query \n signed headers, "name:value" lines \n
//	                   their names joined by ";" \n x-acs-content-sha256
//	StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA-256(CanonicalRequest))
//	Authorization    = "ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b>,Signature=<hex>"
//
// the signature being the hex HMAC-SHA256 of StringToSign under the secret. The action and
// version of an RPC call travel as the x-acs-action and x-acs-version headers, the time as
// x-acs-date (ISO 8601, UTC) and an STS token as x-acs-security-token.
const v3Algorithm = "ACS3-HMAC-SHA256"

// IsV3 reports whether r is signed with the V3 signature.
func IsV3(r *http.Request) bool {
	return strings.HasPrefix(header(r.Header, "Authorization"), v3Algorithm+" ")
}

// The V3 headers the verifier reads, as keys of a header map.
const (
	canonicalACSDate    = "X-Acs-Date"
	canonicalACSContent = "X-Acs-Content-Sha256"
)

// VerifyV3 authenticates a request signed with V3 whose body (already read; x-acs-content-sha256
// covers it) is body, and returns its caller with Context filled. Every x-acs-* header the
// request carries, its Host and its Content-Type must be signed, so that none of them (the
// action above all) can be changed or added on the way; x-acs-signature-nonce is mandatory and
// checked against replay as an RPC request's SignatureNonce is.
func (v *Verifier) VerifyV3(ctx context.Context, r *http.Request, body []byte) (*authz.Caller, error) {
	keyID, signed, sig, err := parseV3Authorization(header(r.Header, "Authorization"))
	if err != nil {
		return nil, err
	}
	date := header(r.Header, canonicalACSDate)
	if date == "" {
		return nil, missingParameter("x-acs-date")
	}
	now := v.now()
	at, err := parseTimestamp(date)
	if err != nil {
		return nil, err
	}
	if err := checkSkew(at, now, v.skew); err != nil {
		return nil, err
	}
	nonce := header(r.Header, canonicalSignatureNonce)
	if nonce == "" {
		return nil, missingParameter("x-acs-signature-nonce")
	}
	if err := checkNonce("x-acs-signature-nonce", nonce); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	payload := hex.EncodeToString(sum[:])
	switch got := header(r.Header, canonicalACSContent); {
	case got == "":
		return nil, missingParameter("x-acs-content-sha256")
	case got != payload:
		return nil, contentSHA256Mismatch()
	}
	if err := checkSignedHeaders(r, signed); err != nil {
		return nil, err
	}
	token := header(r.Header, canonicalSecurityToken)
	cred, err := v.credential(ctx, keyID, token, now)
	if err != nil {
		return nil, err
	}
	canonical, err := v3CanonicalRequest(r, signed, payload)
	if err != nil {
		return nil, err
	}
	hashed := sha256.Sum256(canonical)
	toSign := v3Algorithm + "\n" + hex.EncodeToString(hashed[:])
	mac := hmac.New(sha256.New, []byte(cred.Secret.Reveal()))
	mac.Write([]byte(toSign))
	want := hex.EncodeToString(mac.Sum(nil))
	if subtle.ConstantTimeCompare([]byte(strings.ToLower(sig)), []byte(want)) != 1 {
		return nil, signatureDoesNotMatch(toSign)
	}
	if err := v.nonces.Use(ctx, keyID, nonce, at.Add(v.skew+nonceSlack)); err != nil {
		return nil, err
	}
	if cred, err = v.admitted(ctx, cred, keyID, token, now); err != nil {
		return nil, err
	}
	return v.caller(r, cred, keyID, now), nil
}

// parseV3Authorization splits "ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>".
func parseV3Authorization(h string) (keyID string, signed []string, sig string, err error) {
	rest, ok := strings.CutPrefix(h, v3Algorithm+" ")
	if !ok {
		return "", nil, "", incompleteSignature("The Authorization header must start with " + v3Algorithm + ".")
	}
	var signedList string
	for field := range strings.SplitSeq(rest, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(field), "=")
		switch name {
		case "Credential":
			keyID = value
		case "SignedHeaders":
			signedList = value
		case "Signature":
			sig = value
		}
	}
	if keyID == "" || signedList == "" || sig == "" {
		return "", nil, "", incompleteSignature("The Authorization header must name the Credential, the SignedHeaders and the Signature.")
	}
	signed = strings.Split(signedList, ";")
	for i, name := range signed {
		if name == "" || name != strings.ToLower(name) || i > 0 && name <= signed[i-1] {
			return "", nil, "", incompleteSignature("SignedHeaders must be lower-case header names, sorted, each once.")
		}
	}
	return keyID, signed, sig, nil
}

// checkSignedHeaders makes sure the signature covers the request's Host, its Content-Type and
// every x-acs-* header, and names no header the request lacks.
func checkSignedHeaders(r *http.Request, signed []string) error {
	need := []string{"host"}
	if _, ok := r.Header["Content-Type"]; ok {
		need = append(need, "content-type")
	}
	for name := range r.Header {
		if hasPrefixFold(name, acsHeaderPrefix) {
			need = append(need, strings.ToLower(name))
		}
	}
	for _, name := range need {
		if _, ok := slices.BinarySearch(signed, name); !ok {
			return incompleteSignature("SignedHeaders must include " + name + ".")
		}
	}
	for _, name := range signed {
		if name != "host" && len(r.Header.Values(name)) == 0 {
			return incompleteSignature("SignedHeaders names " + name + ", which the request lacks.")
		}
	}
	return nil
}

// v3CanonicalRequest returns r's canonical request for the signed headers (sorted) and the hex
// SHA-256 of its body. A query parameter given more than once is an InvalidParameter error
// wrapping ErrDuplicateParameter: the SDKs never send one, and the signature would be ambiguous.
func v3CanonicalRequest(r *http.Request, signed []string, payload string) ([]byte, error) {
	var b []byte
	b = append(b, r.Method...)
	b = append(b, '\n')
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	// The SDKs escape "*" in the path, which a URL may carry as it is.
	b = append(b, strings.ReplaceAll(path, "*", "%2A")...)
	b = append(b, '\n')
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, errs.E(errs.Invalid, "InvalidParameter", "The query string is malformed.")
	}
	names := make([]string, 0, len(query))
	for name, vs := range query {
		if len(vs) > 1 {
			return nil, duplicateParameter(&paramError{name, ErrDuplicateParameter})
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		if i > 0 {
			b = append(b, '&')
		}
		b = appendPercentEncoded(b, name)
		b = append(b, '=')
		b = appendPercentEncoded(b, query[name][0])
	}
	b = append(b, '\n')
	for _, name := range signed {
		var vs []string
		if name == "host" {
			vs = []string{r.Host}
		} else {
			vs = slices.Clone(r.Header.Values(name))
		}
		for i := range vs {
			vs[i] = strings.TrimSpace(vs[i])
		}
		slices.Sort(vs)
		b = append(b, name...)
		b = append(b, ':')
		b = append(b, strings.Join(vs, ",")...)
		b = append(b, '\n')
	}
	b = append(b, '\n')
	b = append(b, strings.Join(signed, ";")...)
	b = append(b, '\n')
	return append(b, payload...), nil
}
