package client

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
)

// CallROA sends a ROA-style call (the AIWorkspace API, Rampart's /authz/v1 API): method on path
// with query and body, signed as the SDKs sign ROA requests (Content-MD5, Date, x-acs-* headers,
// "Authorization: acs <AccessKeyId>:<Signature>"), plus a random x-acs-signature-nonce so that
// the request cannot be replayed. err is only for failures to reach the server.
func (c *Client) CallROA(ctx context.Context, method, path string, query url.Values, body []byte, contentType string) (*Response, error) {
	u := strings.TrimRight(c.Endpoint, "/") + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if err := c.SignROA(req, body, contentType); err != nil {
		return nil, err
	}
	return c.do(req)
}

// SignROA sets the headers of a ROA signature on req, whose body is body.
func (c *Client) SignROA(req *http.Request, body []byte, contentType string) error {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	sum := md5.Sum(body)
	h := req.Header
	h.Set("Accept", "application/json")
	h.Set("Content-MD5", base64.StdEncoding.EncodeToString(sum[:]))
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	h.Set("Date", now().UTC().Format(http.TimeFormat))
	h.Set("User-Agent", "rampart-cli")
	h.Set("x-acs-signature-method", "HMAC-SHA1")
	h.Set("x-acs-signature-version", "1.0")
	h.Set("x-acs-signature-nonce", nonce())
	if c.SecurityToken != "" {
		h.Set("x-acs-security-token", c.SecurityToken)
	}
	toSign, err := authn.ROAStringToSign(req.Method, h, req.URL.Path, req.URL.Query())
	if err != nil {
		return err
	}
	h.Set("Authorization", "acs "+c.AccessKeyID+":"+authn.SignROA(toSign, c.AccessKeySecret.Reveal()))
	return nil
}
