package authn

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
)

// ErrDuplicateParameter is returned for a parameter given more than once (in the query string
// and the form body, say). The SDKs never send one, and which value a signature covered would be
// ambiguous, so such requests are refused.
var ErrDuplicateParameter = errors.New("a parameter is given more than once")

// signatureParam is the one parameter the RPC string to sign leaves out.
const signatureParam = "Signature"

// Canonicalize returns the canonicalized query string of RPC signature v1: every parameter except
// Signature, sorted by name in byte order, each name and value percent-encoded (PercentEncode),
// joined as name=value with "&". Empty values are kept (the Go SDK signs "SignatureType=").
// A name with more than one value yields an error wrapping ErrDuplicateParameter.
func Canonicalize(params url.Values) (string, error) {
	b, err := appendCanonical(nil, params)
	return string(b), err
}

func appendCanonical(dst []byte, params url.Values) ([]byte, error) {
	var namesBuf [24]string // an SDK call has about fifteen parameters
	names := namesBuf[:0]
	for name := range params {
		names = append(names, name)
	}
	slices.Sort(names) // before the duplicate check, so the error names the first duplicate by name
	first := true
	for _, name := range names {
		v := params[name]
		if len(v) > 1 {
			return nil, &paramError{name, ErrDuplicateParameter}
		}
		if name == signatureParam {
			continue
		}
		if !first {
			dst = append(dst, '&')
		}
		first = false
		dst = appendPercentEncoded(dst, name)
		dst = append(dst, '=')
		if len(v) == 1 {
			dst = appendPercentEncoded(dst, v[0])
		}
	}
	return dst, nil
}

// RPCStringToSign returns METHOD&%2F&enc(canonicalized query), the string an RPC signature
// covers. method is the HTTP method as sent ("GET" or "POST").
func RPCStringToSign(method string, params url.Values) (string, error) {
	b, err := appendRPCStringToSign(nil, make([]byte, 0, 512), method, params)
	return string(b), err
}

// appendRPCStringToSign appends RPCStringToSign's result to dst, canonicalizing into scratch.
func appendRPCStringToSign(dst, scratch []byte, method string, params url.Values) ([]byte, error) {
	canonical, err := appendCanonical(scratch[:0], params)
	if err != nil {
		return nil, err
	}
	dst = slices.Grow(dst, len(method)+5+len(canonical)*3/2)
	dst = append(dst, method...)
	dst = append(dst, "&%2F&"...)
	for _, c := range canonical { // appendPercentEncoded without a string of canonical
		if unreserved(c) {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
	}
	return dst, nil
}

// SignRPC returns the RPC signature v1 of stringToSign: Base64(HMAC-SHA1(secret + "&", s)).
func SignRPC(stringToSign, secret string) string {
	return hmacSHA1Base64(secret+"&", stringToSign)
}

func hmacSHA1Base64(key, s string) string {
	m := hmac.New(sha1.New, []byte(key))
	m.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// paramError names the parameter a canonicalization error is about.
type paramError struct {
	name string
	err  error
}

func (e *paramError) Error() string { return "parameter " + e.name + ": " + e.err.Error() }
func (e *paramError) Unwrap() error { return e.err }
