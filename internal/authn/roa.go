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
	b, err := appendROAStringToSign(nil, method, h, path, query)
	return string(b), err
}

// appendROAStringToSign appends ROAStringToSign's result to dst. Headers parsed by net/http have
// canonical names, which it lower-cases as it copies them and looks up without canonicalizing
// again; a header map with any other x-acs-* name (or a name that is not ASCII) takes the
// general path, roaStringToSign.
func appendROAStringToSign(dst []byte, method string, h http.Header, path string, query url.Values) ([]byte, error) {
	var acsBuf [8]string
	acs := acsBuf[:0]
	for name := range h {
		if !isASCII(name) {
			return appendGeneral(dst, method, h, path, query)
		}
		if hasPrefixFold(name, acsHeaderPrefix) {
			if !canonicalToken(name) {
				return appendGeneral(dst, method, h, path, query)
			}
			acs = append(acs, name)
		}
	}
	dst = append(dst, method...)
	dst = append(dst, '\n')
	for i, key := range roaCanonicalHeaders {
		vs := h[key]
		switch {
		case len(vs) > 1:
			return nil, &paramError{roaSignedHeaders[i], ErrDuplicateParameter}
		case len(vs) == 1 && vs[0] != "":
			dst = append(dst, vs[0]...)
			dst = append(dst, '\n')
		}
	}
	slices.SortFunc(acs, compareFold)
	for _, name := range acs {
		vs := h[name]
		if len(vs) > 1 {
			return nil, &paramError{strings.ToLower(name), ErrDuplicateParameter}
		}
		dst = appendLower(dst, name)
		dst = append(dst, ':')
		if len(vs) == 1 {
			dst = append(dst, vs[0]...)
		}
		dst = append(dst, '\n')
	}
	return appendROAResource(dst, path, query)
}

// roaCanonicalHeaders are roaSignedHeaders as keys of a header map net/http filled.
var roaCanonicalHeaders = [...]string{"Accept", "Content-Md5", "Content-Type", "Date"}

// appendGeneral is appendROAStringToSign for any header map: names lower-cased with
// strings.ToLower and looked up through http.Header's canonicalization.
func appendGeneral(dst []byte, method string, h http.Header, path string, query url.Values) ([]byte, error) {
	dst = append(dst, method...)
	dst = append(dst, '\n')
	for _, name := range roaSignedHeaders {
		v, err := single(h, name)
		if err != nil {
			return nil, err
		}
		if v != "" {
			dst = append(dst, v...)
			dst = append(dst, '\n')
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
			return nil, &paramError{name, ErrDuplicateParameter} // "X-Acs-A" and "x-acs-a" both sent raw
		}
		v, err := single(h, name)
		if err != nil {
			return nil, err
		}
		dst = append(dst, name...)
		dst = append(dst, ':')
		dst = append(dst, v...)
		dst = append(dst, '\n')
	}
	return appendROAResource(dst, path, query)
}

// appendROAResource appends the path and the sorted query.
func appendROAResource(dst []byte, path string, query url.Values) ([]byte, error) {
	dst = append(dst, path...)
	var namesBuf [8]string
	names := namesBuf[:0]
	for name := range query {
		names = append(names, name)
	}
	slices.Sort(names) // before the duplicate check, so the first duplicate by name is reported
	for i, name := range names {
		if len(query[name]) > 1 {
			return nil, &paramError{name, ErrDuplicateParameter}
		}
		if i == 0 {
			dst = append(dst, '?')
		} else {
			dst = append(dst, '&')
		}
		dst = append(dst, name...)
		if v := query.Get(name); v != "" {
			dst = append(dst, '=')
			dst = append(dst, v...)
		}
	}
	return dst, nil
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
