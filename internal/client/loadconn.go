package client

import "strconv"

// loadConn is one of Load's connections: it POSTs a signed form to "/" on a RawConn, building
// each request into a buffer it reuses.
type loadConn struct {
	rc  *RawConn
	req []byte // the request being sent
}

// newLoadConn returns a connection to endpoint's host, or false when endpoint is not a plain
// http:// URL (the load then goes through net/http).
func newLoadConn(endpoint string) (*loadConn, bool) {
	rc, err := NewRawConn(endpoint)
	if err != nil {
		return nil, false
	}
	return &loadConn{rc: rc}, true
}

// close closes the connection, if open.
func (c *loadConn) close() { c.rc.Close() }

// post sends form to "/" and returns the response's status and body (valid until the next call).
func (c *loadConn) post(form []byte) (int, []byte, error) {
	r := append(c.req[:0], "POST / HTTP/1.1\r\nHost: "...)
	r = append(r, c.rc.Host()...)
	r = append(r, "\r\nUser-Agent: rampart-load\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "...)
	r = strconv.AppendInt(r, int64(len(form)), 10)
	r = append(r, "\r\n\r\n"...)
	r = append(r, form...)
	c.req = r
	return c.rc.RoundTrip(r)
}
