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

// loadConn is one keep-alive HTTP/1.1 connection of the load generator. It does what the load
// needs and no more: POST a form to "/", read the status and the whole body (Content-Length or
// chunked), reconnect when the server closes. net/http's client costs several times as much CPU
// per call (a request object, header maps, two goroutines per connection handing each call
// over), all of it taken from the server it measures on a shared machine.
type loadConn struct {
	addr, host string
	nc         net.Conn
	br         *bufio.Reader
	req        []byte // the request being sent
	body       []byte // the last response's body
}

// newLoadConn returns a connection to endpoint's host, or false when endpoint is not a plain
// http:// URL (the load then goes through net/http).
func newLoadConn(endpoint string) (*loadConn, bool) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return nil, false
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	return &loadConn{addr: addr, host: u.Host}, true
}

// close closes the connection, if open.
func (c *loadConn) close() {
	if c.nc != nil {
		c.nc.Close()
		c.nc = nil
	}
}

// callTimeout bounds one call: a server that stops answering fails the call rather than the run.
const callTimeout = 30 * time.Second

// post sends form to "/" and returns the response's status and body (valid until the next call).
// Any failure closes the connection; the next call dials again.
func (c *loadConn) post(form []byte) (int, []byte, error) {
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
	status, body, keep, err := c.roundTrip(form)
	if err != nil || !keep {
		c.nc.Close()
		c.nc = nil
	}
	return status, body, err
}

func (c *loadConn) roundTrip(form []byte) (status int, body []byte, keepAlive bool, err error) {
	c.nc.SetDeadline(time.Now().Add(callTimeout))
	r := append(c.req[:0], "POST / HTTP/1.1\r\nHost: "...)
	r = append(r, c.host...)
	r = append(r, "\r\nUser-Agent: rampart-load\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "...)
	r = strconv.AppendInt(r, int64(len(form)), 10)
	r = append(r, "\r\n\r\n"...)
	r = append(r, form...)
	c.req = r
	if _, err := c.nc.Write(r); err != nil {
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

// line reads one header line without its CRLF (valid until the next read).
func (c *loadConn) line() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

func (c *loadConn) readN(n int) error {
	start := len(c.body)
	c.body = slices.Grow(c.body, n)[:start+n]
	_, err := io.ReadFull(c.br, c.body[start:])
	return err
}

func (c *loadConn) readChunked() error {
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
