package client

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// RawConn is one keep-alive HTTP/1.1 connection for load generators. The caller writes each
// request whole, into a buffer it reuses; RawConn sends it and reads the response's status and
// body (Content-Length or chunked) into a buffer of its own, reconnecting when the server
// closes. net/http's client costs several times as much CPU per call (a request object, header
// maps, two goroutines per connection handing each call over), all of it taken from the server
// a load generator measures on a shared machine; once its buffers have grown, a call on RawConn
// allocates nothing. A RawConn belongs to one goroutine.
type RawConn struct {
	addr, host string
	nc         net.Conn
	br         *bufio.Reader
	body       []byte // the last response's body
}

// NewRawConn returns a connection to endpoint's host, dialled on the first call. endpoint must
// be a plain http:// URL: TLS is net/http's business.
func NewRawConn(endpoint string) (*RawConn, error) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return nil, fmt.Errorf("a raw connection needs a plain http:// URL, not %q", endpoint)
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	return &RawConn{addr: addr, host: u.Host}, nil
}

// Host is the value of the requests' Host header.
func (c *RawConn) Host() string { return c.host }

// Close closes the connection, if open. The next call dials again.
func (c *RawConn) Close() error {
	if c.nc == nil {
		return nil
	}
	err := c.nc.Close()
	c.nc = nil
	return err
}

// callTimeout bounds one call: a server that stops answering fails the call rather than the run.
const callTimeout = 30 * time.Second

// RoundTrip sends req, a complete HTTP/1.1 request, and returns the response's status and body
// (valid until the next call). Any failure, or a response saying Connection: close, closes the
// connection and the next call dials again; a failed call is not retried, since the load counts
// it.
func (c *RawConn) RoundTrip(req []byte) (status int, body []byte, err error) {
	if c.nc == nil {
		nc, err := net.DialTimeout("tcp", c.addr, callTimeout)
		if err != nil {
			return 0, nil, err
		}
		c.nc = nc
		if c.br == nil {
			c.br = bufio.NewReaderSize(nc, 16<<10)
		} else {
			c.br.Reset(nc)
		}
	}
	status, body, keep, err := c.exchange(req)
	if err != nil || !keep {
		c.Close()
	}
	return status, body, err
}

func (c *RawConn) exchange(req []byte) (status int, body []byte, keepAlive bool, err error) {
	c.nc.SetDeadline(time.Now().Add(callTimeout))
	if _, err := c.nc.Write(req); err != nil {
		return 0, nil, false, err
	}

	line, err := c.line()
	if err != nil {
		return 0, nil, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, nil, false, fmt.Errorf("malformed status line %q", line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, nil, false, fmt.Errorf("malformed status line %q", line)
	}
	length, chunked, keepAlive := -1, false, true
	for {
		line, err := c.line()
		if err != nil {
			return 0, nil, false, err
		}
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case asciiEqualFold(name, "Content-Length"):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return 0, nil, false, fmt.Errorf("malformed Content-Length %q", value)
			}
		case asciiEqualFold(name, "Transfer-Encoding"):
			chunked = asciiEqualFold(value, "chunked")
		case asciiEqualFold(name, "Connection"):
			keepAlive = !asciiEqualFold(value, "close")
		}
	}
	c.body = c.body[:0]
	switch {
	case chunked:
		err = c.readChunked()
	case length >= 0:
		err = c.readN(length)
	default:
		return 0, nil, false, errors.New("a response without Content-Length or chunked encoding")
	}
	if err != nil {
		return 0, nil, false, err
	}
	return status, c.body, keepAlive, nil
}

// line reads one line without its CRLF (valid until the next read).
func (c *RawConn) line() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// readN appends the next n bytes to the body.
func (c *RawConn) readN(n int) error {
	start := len(c.body)
	c.body = slices.Grow(c.body, n)[:start+n]
	_, err := io.ReadFull(c.br, c.body[start:])
	return err
}

// readChunked appends a chunked body's chunks to the body and skips its trailers.
func (c *RawConn) readChunked() error {
	for {
		line, err := c.line()
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(line, []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 32)
		if err != nil || n < 0 {
			return fmt.Errorf("malformed chunk size %q", line)
		}
		if n == 0 {
			for { // trailers, up to the empty line
				line, err := c.line()
				if err != nil || len(line) == 0 {
					return err
				}
			}
		}
		if err := c.readN(int(n)); err != nil {
			return err
		}
		if line, err := c.line(); err != nil || len(line) != 0 {
			return cmp.Or(err, errors.New("a chunk not followed by CRLF"))
		}
	}
}

// asciiEqualFold reports whether b equals s ignoring ASCII case.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
