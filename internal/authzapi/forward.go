package authzapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
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
}

// forwarded authenticates a forwarded request: ROA when it carries "Authorization: acs ...", V3
// when "Authorization: ACS3-HMAC-SHA256 ..." (the newer SDKs' signature, which covers the Host:
// forward the URL with its host, or a Host header), RPC (signature in the query or the form
// body) otherwise. The nonce of an RPC or V3 request is spent here, so the same request cannot
// be forwarded twice.
func (h *Handler) forwarded(ctx context.Context, f *ForwardedRequest) (*authz.Caller, error) {
	body := []byte(f.Body)
	if f.BodyBase64 != "" {
		b, err := base64.StdEncoding.DecodeString(f.BodyBase64)
		if err != nil || f.Body != "" {
			return nil, errs.E(errs.Invalid, "InvalidParameter", "The forwarded request's bodyBase64 is not base64, or body is set too.")
		}
		body = b
	}
	u, err := url.Parse(f.URL)
	if err != nil || f.Method == "" {
		return nil, errs.E(errs.Invalid, "InvalidParameter", "The forwarded request needs a method and a URL.")
	}
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
	if f.SourceIP != "" {
		ip, err := netip.ParseAddr(f.SourceIP)
		if err != nil {
			return nil, errs.E(errs.Invalid, "InvalidParameter", "The forwarded request's sourceIp is not an IP address.")
		}
		r.RemoteAddr = net.JoinHostPort(ip.String(), "0")
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
