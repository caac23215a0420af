package authn

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// roaSignedHeaders are the standard headers a ROA signature covers, in order, each only when
// present and not empty.
var roaSignedHeaders = [...]string{"Accept", "Content-MD5", "Content-Type", "Date"}

// acsHeaderPrefix marks the headers a ROA signature covers by name (every one the client sent).
const acsHeaderPrefix = "x-acs-"

// ROAStringToSign returns the string a ROA signature v1 covers:
//
//	METHOD \n [Accept \n] [Content-MD5 \n] [Content-Type \n] [Date \n]
//	x-acs-name:value \n ...  (every x-acs-* header, names lower-cased and sorted)
//	path [?k1=v1&k2&...]     (decoded path; query names sorted, raw values, "=v" only if v != "")
//
// A header or query parameter given more than once yields an error wrapping
// ErrDuplicateParameter: the SDKs never send one, and the signature would be ambiguous.
func ROAStringToSign(method string, h http.Header, path string, query url.Values) (string, error) {
	var b strings.Builder
	b.WriteString(method)
	b.WriteByte('\n')
	for _, name := range roaSignedHeaders {
		v, err := single(h, name)
		if err != nil {
			return "", err
		}
		if v != "" {
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	var acs []string
	for name := range h {
		if lower := strings.ToLower(name); strings.HasPrefix(lower, acsHeaderPrefix) {
			acs = append(acs, lower)
		}
	}
	slices.Sort(acs)
	for i, name := range acs {
		if i > 0 && acs[i-1] == name {
			return "", &paramError{name, ErrDuplicateParameter} // "X-Acs-A" and "x-acs-a" both sent raw
		}
		v, err := single(h, name)
		if err != nil {
			return "", err
		}
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(v)
		b.WriteByte('\n')
	}
	b.WriteString(path)
	names := make([]string, 0, len(query))
	for name, values := range query {
		if len(values) > 1 {
			return "", &paramError{name, ErrDuplicateParameter}
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(name)
		if v := query.Get(name); v != "" {
			b.WriteByte('=')
			b.WriteString(v)
		}
	}
	return b.String(), nil
}

// SignROA returns the ROA signature v1 of stringToSign: Base64(HMAC-SHA1(secret, s)). Unlike
// RPC signatures, the key has no "&" suffix.
func SignROA(stringToSign, secret string) string {
	return hmacSHA1Base64(secret, stringToSign)
}

// single returns the one value of header name, "" when absent.
func single(h http.Header, name string) (string, error) {
	vs := h.Values(name)
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return vs[0], nil
	}
	return "", &paramError{name, ErrDuplicateParameter}
}
