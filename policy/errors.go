package policy

import (
	"strconv"
	"strings"
)

// Error is one problem in a policy document, located precisely enough for an editor to jump to
// it and explained well enough for a person to fix it.
type Error struct {
	Name    string // the document's name (WithName); may be empty
	Line    int    // 1-based line of the token at fault
	Column  int    // 1-based column in characters (runes), not bytes
	Pointer string // RFC 6901 JSON pointer to the value at fault, e.g. "/Statement/0/Effect"; "" for the document itself
	Code    Code   // stable classification
	Message string // e.g. `invalid value "Alow": want "Allow" or "Deny"`
}

// Error formats the problem as NAME:LINE:COL: POINTER: MESSAGE, the form compilers use, so
// editors and CI annotations recognise it. "NAME:" is left out when the document has no name and
// "POINTER: " when the problem concerns the whole document.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Name != "" {
		b.WriteString(e.Name)
		b.WriteByte(':')
	}
	b.WriteString(strconv.Itoa(e.Line))
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(e.Column))
	b.WriteString(": ")
	if e.Pointer != "" {
		b.WriteString(e.Pointer)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// ErrorList is every problem Parse found in one document, sorted by position. Parse returns it
// as its error, so callers that want the details use errors.As.
type ErrorList []*Error

// Error returns one line per problem.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}
