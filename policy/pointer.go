package policy

import (
	"strconv"
	"strings"
)

// pointer is a JSON pointer (RFC 6901) built as the parser descends: each node holds one
// escaped reference token and its parent, the document itself being nil. The text is put
// together only when a problem is reported, so a long member name is not copied into the
// pointer of every value below it, which would make parsing quadratic.
type pointer struct {
	parent *pointer
	token  string
}

// key returns the pointer to member name of the object q points to.
func (q *pointer) key(name string) *pointer {
	return &pointer{parent: q, token: escapePointer(name)}
}

// index returns the pointer to element i of the array q points to.
func (q *pointer) index(i int) *pointer {
	return &pointer{parent: q, token: strconv.Itoa(i)}
}

// String returns the pointer's text, "" for the document itself.
func (q *pointer) String() string {
	n := 0
	for r := q; r != nil; r = r.parent {
		n += 1 + len(r.token)
	}
	b := make([]byte, n)
	for r := q; r != nil; r = r.parent {
		n -= len(r.token)
		copy(b[n:], r.token)
		n--
		b[n] = '/'
	}
	return string(b)
}

// escapePointer escapes a member name as a JSON pointer token (RFC 6901).
func escapePointer(name string) string {
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}
