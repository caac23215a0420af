package client_test

import (
	"bufio"
	"net"
	"sync/atomic"
	"testing"

	"github.com/rampart-iam/rampart/internal/client"
)

// cannedServer answers every body-less request with the same bytes, whatever they are, and
// counts the connections it accepted. It allocates nothing per request, so that a test can
// count the client's allocations.
type cannedServer struct {
	ln    net.Listener
	dials atomic.Int64
}

func newCannedServer(t testing.TB, response string) *cannedServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &cannedServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			s.dials.Add(1)
			go s.serve(nc, []byte(response))
		}
	}()
	return s
}

func (s *cannedServer) serve(nc net.Conn, response []byte) {
	defer nc.Close()
	br := bufio.NewReader(nc)
	for {
		for { // the request's lines, up to the empty one
			line, err := br.ReadSlice('\n')
			if err != nil {
				return
			}
			if len(line) <= 2 {
				break
			}
		}
		if _, err := nc.Write(response); err != nil {
			return
		}
	}
}

func (s *cannedServer) url() string { return "http://" + s.ln.Addr().String() }

// request is a complete body-less request, as a load generator would prepare it.
const request = "GET / HTTP/1.1\r\nHost: rampart\r\n\r\n"

// TestRawConn: statuses and bodies of either framing are read whole, the connection is kept
// unless the server closes it or the response is malformed, and the next call then dials again.
func TestRawConn(t *testing.T) {
	for _, tt := range []struct {
		name, response string
		status         int
		body           string
		fails          bool
		dialsPerCall   bool // every call dials: the connection is not kept
	}{
		{name: "content length", response: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", status: 200, body: "hello"},
		{name: "empty body", response: "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", status: 204},
		{name: "header case", response: "HTTP/1.1 404 Not Found\r\ncontent-LENGTH:  2 \r\nconnection: keep-alive\r\n\r\nno", status: 404, body: "no"},
		{name: "chunked", response: "HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n" +
			"5;ext=1\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: t\r\n\r\n", status: 403, body: "hello, chunked!"},
		{name: "connection close", response: "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
			status: 200, body: "ok", dialsPerCall: true},
		{name: "malformed status line", response: "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", fails: true, dialsPerCall: true},
		{name: "not HTTP", response: "SSH-2.0-OpenSSH_9.6\r\n\r\n", fails: true, dialsPerCall: true},
		{name: "no length", response: "HTTP/1.1 200 OK\r\n\r\nhello", fails: true, dialsPerCall: true},
		{name: "negative length", response: "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", fails: true, dialsPerCall: true},
		{name: "malformed chunk size", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", fails: true, dialsPerCall: true},
		{name: "chunk without CRLF", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n", fails: true, dialsPerCall: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newCannedServer(t, tt.response)
			rc, err := client.NewRawConn(s.url())
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			const calls = 3
			for i := range calls {
				status, body, err := rc.RoundTrip([]byte(request))
				if (err != nil) != tt.fails {
					t.Fatalf("call %d: error %v, want failure %v", i, err, tt.fails)
				}
				if err == nil && (status != tt.status || string(body) != tt.body) {
					t.Errorf("call %d: %d %q, want %d %q", i, status, body, tt.status, tt.body)
				}
			}
			want := int64(1)
			if tt.dialsPerCall {
				want = calls
			}
			if got := s.dials.Load(); got != want {
				t.Errorf("%d calls dialled %d times, want %d", calls, got, want)
			}
		})
	}
}

// TestNewRawConn: only plain http:// URLs are accepted, and Host is what the URL names.
func TestNewRawConn(t *testing.T) {
	for _, tt := range []struct {
		endpoint, host string // host "" means refused
	}{
		{"http://127.0.0.1:8080", "127.0.0.1:8080"},
		{"http://rampart.internal/", "rampart.internal"},
		{"https://ram.aliyuncs.com", ""},
		{"127.0.0.1:8080", ""},
		{"http://", ""},
	} {
		rc, err := client.NewRawConn(tt.endpoint)
		switch {
		case tt.host == "" && err == nil:
			t.Errorf("NewRawConn(%q) accepted", tt.endpoint)
		case tt.host != "" && err != nil:
			t.Errorf("NewRawConn(%q): %v", tt.endpoint, err)
		case tt.host != "" && rc.Host() != tt.host:
			t.Errorf("NewRawConn(%q).Host() = %q, want %q", tt.endpoint, rc.Host(), tt.host)
		}
	}
}

// TestRawConnAllocs: on a kept connection, once its buffer has grown, a call allocates nothing,
// whichever the framing: a load generator's CPU is taken from the server it measures.
func TestRawConnAllocs(t *testing.T) {
	for name, response := range map[string]string{
		"content length": "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{\"RequestId\":\"r\"}",
		"chunked":        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n{\"RequestId\":\"r\"}\r\n0\r\n\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			rc, err := client.NewRawConn(newCannedServer(t, response).url())
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			req := []byte(request)
			call := func() {
				if _, _, err := rc.RoundTrip(req); err != nil {
					t.Fatal(err)
				}
			}
			call() // dials and grows the buffers
			if n := testing.AllocsPerRun(200, call); n != 0 {
				t.Errorf("%v allocations per call, want 0", n)
			}
		})
	}
}

// BenchmarkRawConn measures a call on a kept connection, the loopback round trip included.
func BenchmarkRawConn(b *testing.B) {
	rc, err := client.NewRawConn(newCannedServer(b, "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{\"RequestId\":\"r\"}").url())
	if err != nil {
		b.Fatal(err)
	}
	defer rc.Close()
	req := []byte(request)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := rc.RoundTrip(req); err != nil {
			b.Fatal(err)
		}
	}
}
