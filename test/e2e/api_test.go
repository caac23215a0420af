package e2e_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// The official Alibaba Cloud Go SDK (github.com/aliyun/alibaba-cloud-sdk-go) against a real
// `rampart serve`: these helpers start a server and build SDK clients pointed at it.

// apiServer is a running server with its root credentials.
type apiServer struct {
	*server
	data    string
	host    string // 127.0.0.1:port, the SDK's Domain
	account string
	root    credentials
}

type credentials struct{ id, secret, token string }

// startAPI starts `rampart serve` on a new data directory (or data, when given in args as
// --data) and reads the generated root credentials.
func startAPI(t *testing.T, args ...string) *apiServer {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	return startAPIOn(t, data, args...)
}

func startAPIOn(t *testing.T, data string, args ...string) *apiServer {
	t.Helper()
	s := startServer(t, nil, append([]string{"--data", data}, args...)...)
	raw, err := os.ReadFile(filepath.Join(data, "root-credentials.json"))
	if err != nil {
		t.Fatalf("root credentials: %v\n%s", err, s.logs)
	}
	var rc rootCredentials
	if err := json.Unmarshal(raw, &rc); err != nil {
		t.Fatal(err)
	}
	return &apiServer{server: s, data: data, host: strings.TrimPrefix(s.URL, "http://"), account: rc.AccountId,
		root: credentials{id: rc.AccessKeyId, secret: rc.AccessKeySecret}}
}

// ramClient is an SDK RAM client signing with c.
func (s *apiServer) ramClient(t *testing.T, c credentials) *ram.Client {
	t.Helper()
	var client *ram.Client
	var err error
	if c.token != "" {
		client, err = ram.NewClientWithStsToken("cn-hangzhou", c.id, c.secret, c.token)
	} else {
		client, err = ram.NewClientWithAccessKey("cn-hangzhou", c.id, c.secret)
	}
	if err != nil {
		t.Fatal(err)
	}
	client.Domain = s.host
	return client
}

// stsClient is an SDK STS client signing with c.
func (s *apiServer) stsClient(t *testing.T, c credentials) *sts.Client {
	t.Helper()
	var client *sts.Client
	var err error
	if c.token != "" {
		client, err = sts.NewClientWithStsToken("cn-hangzhou", c.id, c.secret, c.token)
	} else {
		client, err = sts.NewClientWithAccessKey("cn-hangzhou", c.id, c.secret)
	}
	if err != nil {
		t.Fatal(err)
	}
	client.Domain = s.host
	return client
}

// call sends req with the SDK method f, fails the test on an error, and checks what every
// response carries: a RequestId of 36 upper-case characters, the same as the X-Acs-Request-Id
// header.
func call[Req any, R responses.AcsResponse](t *testing.T, f func(Req) (R, error), req Req) R {
	t.Helper()
	resp, err := f(req)
	if err != nil {
		t.Fatalf("%v", err)
	}
	checkRequestID(t, resp)
	return resp
}

var requestIDRE = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

func checkRequestID(t *testing.T, resp responses.AcsResponse) {
	t.Helper()
	var body struct{ RequestId string }
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &body); err != nil {
		return // XML bodies are checked where they are asked for
	}
	header := resp.GetHttpHeaders()["X-Acs-Request-Id"]
	if !requestIDRE.MatchString(body.RequestId) || len(header) != 1 || header[0] != body.RequestId {
		t.Errorf("RequestId %q, header %q: want one 36-character upper-case UUID in both", body.RequestId, header)
	}
}

// wantError checks that err is the server error code with status, and returns it.
func wantError(t *testing.T, err error, status int, code string) *sdkerrors.ServerError {
	t.Helper()
	se := wantErrorStatus(t, err, status)
	if se.ErrorCode() != code {
		t.Fatalf("error %d %s (%s), want %d %s", se.HttpStatus(), se.ErrorCode(), se.Message(), status, code)
	}
	return se
}

// wantErrorStatus checks that err is a server error with status, and returns it.
func wantErrorStatus(t *testing.T, err error, status int) *sdkerrors.ServerError {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a server error with status %d", err, status)
	}
	if se.HttpStatus() != status {
		t.Fatalf("error %d %s (%s), want status %d", se.HttpStatus(), se.ErrorCode(), se.Message(), status)
	}
	if !requestIDRE.MatchString(se.RequestId()) {
		t.Errorf("error RequestId %q", se.RequestId())
	}
	return se
}

// totpCode is the RFC 6238 code (SHA-1, 6 digits, 30 s) of a Base32 seed at t, as an
// authenticator app computes it.
func totpCode(t *testing.T, seed string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(seed, "=")))
	if err != nil {
		t.Fatalf("seed %q: %v", seed, err)
	}
	var counter [8]byte
	binary.BigEndian.PutUint64(counter[:], uint64(at.Unix()/30))
	m := hmac.New(sha1.New, key)
	m.Write(counter[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 15
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", code%1_000_000)
}

// captureTransport records the requests an SDK client makes instead of sending them, answering
// each with an empty 200, so a test can send a signed request itself (replays).
type captureTransport struct{ reqs []*http.Request }

func (c *captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.reqs = append(c.reqs, r)
	return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
}

// editTransport changes each request's query before sending it: a tampered parameter.
type editTransport struct{ edit func(url.Values) }

func (e editTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	q := r.URL.Query()
	e.edit(q)
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = q.Encode()
	return http.DefaultTransport.RoundTrip(r2)
}

// send posts a captured request again and returns its status and body.
func send(t *testing.T, r *http.Request) (int, string) {
	t.Helper()
	req, err := http.NewRequest(r.Method, r.URL.String(), http.NoBody)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}
