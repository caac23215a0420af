package authzapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/openapi"
)

// ForwardedRequest is a signed request a gateway received, as it received it.
type ForwardedRequest struct {
	Method string `json:"method"`
	// URL is the request's path and query ("/api/v1/workspaces?PageSize=10"), or an absolute URL;
	// an https:// URL says the request arrived over TLS (acs:SecureTransport).
	URL     string                `json:"url"`
	Headers map[string]stringList `json:"headers,omitempty"`
	// Body is the request's body as text; BodyBase64 the same in base64, for bodies that are
	// not text. At most one is set.
	Body       string `json:"body,omitempty"`
	BodyBase64 string `json:"bodyBase64,omitempty"`
	// SourceIP is the address the gateway received the request from (acs:SourceIp).
	SourceIP string `json:"sourceIp,omitempty"`

	// What parse read from the fields above.
	body []byte
	url  *url.URL
	ip   netip.Addr
}

// parse checks that f is a request at all, as the gateway describes it, and reads its URL, body
// and address; param prefixes parameter names in errors ("checks[3].request."). A request that
// is malformed here is the gateway's mistake, so the whole call is refused; one that is well
// formed but does not authenticate (its client's mistake, or an attack) is one check's error.
func (f *ForwardedRequest) parse(param string) error {
	switch {
	case f.Method == "":
		return missing(param + "method")
	case !isToken(f.Method):
		return invalid(param+"method", "an HTTP method such as GET or POST")
	case f.URL == "":
		return missing(param + "url")
	case f.Body != "" && f.BodyBase64 != "":
		return invalid(param+"bodyBase64", "give body or bodyBase64, not both")
	}
	u, err := url.Parse(f.URL)
	if err != nil {
		return invalid(param+"url", "a path and query, or an absolute URL")
	}
	f.url = u
	f.body = []byte(f.Body)
	if f.BodyBase64 != "" {
		if f.body, err = base64.StdEncoding.DecodeString(f.BodyBase64); err != nil {
			return invalid(param+"bodyBase64", "standard base64")
		}
	}
	if f.SourceIP != "" {
		if f.ip, err = netip.ParseAddr(f.SourceIP); err != nil {
			return invalid(param+"sourceIp", "an IP address")
		}
	}
	seen := make(map[string]string, len(f.Headers))
	for name := range f.Headers {
		if !isToken(name) {
			return invalid(param+"headers", fmt.Sprintf("%q is not a header name", name))
		}
		canonical := http.CanonicalHeaderKey(name)
		if other, dup := seen[canonical]; dup {
			return invalid(param+"headers", fmt.Sprintf("%q and %q name the same header; give its values in one list", other, name))
		}
		seen[canonical] = name
	}
	return nil
}

// isToken reports whether s is an HTTP token (RFC 9110 §5.6.2), as methods and header names are.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || c <= ' ' || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}

// forwarded authenticates a forwarded request that parse read: ROA when it carries
// "Authorization: acs ...", V3 when "Authorization: ACS3-HMAC-SHA256 ..." (the newer SDKs'
// signature, which covers the Host: forward the URL with its host, or a Host header), RPC
// (signature in the query or the form body) otherwise. The nonce of an RPC or V3 request is
// spent here, so the same request cannot be forwarded twice.
func (h *Handler) forwarded(ctx context.Context, f *ForwardedRequest) (*authz.Caller, error) {
	u, body := f.url, f.body
	r := &http.Request{Method: strings.ToUpper(f.Method), URL: u, Header: http.Header{}, Host: u.Host,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
	if u.Scheme == "https" { // url.Parse lower-cases the scheme
		r.TLS = &tls.ConnectionState{} // what authn reads acs:SecureTransport from
	}
	r = r.WithContext(ctx)
	for name, values := range f.Headers {
		for _, v := range values {
			r.Header.Add(name, v)
		}
	}
	if host := r.Header.Get("Host"); host != "" && r.Host == "" {
		r.Host = host
	}
	if f.ip.IsValid() {
		r.RemoteAddr = net.JoinHostPort(f.ip.String(), "0")
	}
	if strings.HasPrefix(r.Header.Get("Authorization"), "acs ") || authn.IsV3(r) {
		return h.auth.VerifyROA(ctx, r, body) // which hands V3 to VerifyV3
	}
	params, err := openapi.ParseRequest(r)
	if err != nil {
		return nil, err
	}
	return h.auth.VerifyRPC(ctx, r, params)
}
