// Package client calls Rampart's RPC API (and any Alibaba Cloud RPC endpoint) with signature v1,
// signing exactly as the official SDKs do but with a small footprint: the CLI and the benchmark
// load generator use it. Every parameter, common ones included, travels in a form-encoded POST
// body, so long policy documents never meet URL length limits.
package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// Client signs and sends RPC calls. Its fields are read on every call; set them before use.
type Client struct {
	// Endpoint is the server's base URL, such as http://127.0.0.1:8080.
	Endpoint string
	// AccessKeyID and AccessKeySecret sign requests; SecurityToken accompanies STS credentials.
	AccessKeyID     string
	AccessKeySecret secrets.Secret
	SecurityToken   string
	// HTTP sends requests; nil means http.DefaultClient.
	HTTP *http.Client
	// Now is the clock for Timestamp; nil means time.Now.
	Now func() time.Time
}

// Response is the server's answer to a call.
type Response struct {
	Status    int
	Body      []byte
	RequestID string // the X-Acs-Request-Id header
}

// OK reports whether the call succeeded (any 2xx status, as the SDKs read it).
func (r *Response) OK() bool { return r.Status >= 200 && r.Status < 300 }

// Call invokes action of the product answering version with params, and returns the response,
// error or not; err is only for failures to reach the server.
func (c *Client) Call(ctx context.Context, version, action string, params map[string]string) (*Response, error) {
	body, err := c.Sign(version, action, params)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.Endpoint, "/")+"/", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "rampart-cli")
	return c.do(req)
}

// do sends a signed request with the client's HTTP client and reads the whole response.
func (c *Client) do(req *http.Request) (*Response, error) {
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, resp.Body); err != nil {
		return nil, fmt.Errorf("read the response: %w", err)
	}
	return &Response{Status: resp.StatusCode, Body: b.Bytes(), RequestID: resp.Header.Get("X-Acs-Request-Id")}, nil
}

// Sign returns the form body of a signed POST call: params plus the common parameters
// (Action, Version, Format=JSON, AccessKeyId, SignatureMethod, SignatureVersion, a random
// SignatureNonce, Timestamp, SecurityToken if any) and the Signature over all of them. A
// params entry overrides a common parameter of the same name (Format=XML, say).
func (c *Client) Sign(version, action string, params map[string]string) (string, error) {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	v := url.Values{
		"Action":           {action},
		"Version":          {version},
		"Format":           {"JSON"},
		"AccessKeyId":      {c.AccessKeyID},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureVersion": {"1.0"},
		"SignatureNonce":   {nonce()},
		"Timestamp":        {now().UTC().Format("2006-01-02T15:04:05Z")},
	}
	if c.SecurityToken != "" {
		v.Set("SecurityToken", c.SecurityToken)
	}
	for k, val := range params {
		v.Set(k, val)
	}
	toSign, err := authn.RPCStringToSign(http.MethodPost, v)
	if err != nil {
		return "", err
	}
	v.Set("Signature", authn.SignRPC(toSign, c.AccessKeySecret.Reveal()))
	return v.Encode(), nil
}

// nonce is a random 128-bit SignatureNonce in hex.
func nonce() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
