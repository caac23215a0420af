package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// Parse reads a policy document, checks it against the grammar of its kind (Identity unless
// WithKind says otherwise) and compiles it. On failure the error is an ErrorList holding every
// problem found, each with its line, column, JSON pointer and Code; Parse stops early only at
// a syntax error, excessive nesting or an over-long document.
//
// Parse runs in time linear in the document's length and never panics.
func Parse(doc []byte, opts ...Option) (*Policy, error) {
	o := options{kind: Identity, maxLength: DefaultMaxLength, maxStatements: DefaultMaxStatements}
	for _, opt := range opts {
		opt(&o)
	}
	p := &parser{doc: doc, opts: o}
	stmts := p.document()
	if len(p.problems) > 0 {
		list := locate(doc, p.problems)
		for _, e := range list {
			e.Name = o.name
		}
		return nil, list
	}
	pol := &Policy{name: o.name, kind: o.kind, statements: stmts}
	compile(pol)
	return pol, nil
}

// parser walks the token stream of one document with a jsontext.Decoder, which gives it exact
// byte offsets; it tracks JSON pointers itself as it descends (see pointer), and records
// problems instead of stopping at the first.
type parser struct {
	doc      []byte
	opts     options
	dec      *jsontext.Decoder
	problems []problem
	stop     bool // the token stream cannot be followed any further
}

func (p *parser) report(off int64, ptr *pointer, code Code, format string, args ...any) {
	p.add(off, ptr.String(), code, format, args...)
}

// add records a problem whose pointer is already text.
func (p *parser) add(off int64, ptr string, code Code, format string, args ...any) {
	p.problems = append(p.problems, problem{off: off, err: &Error{
		Pointer: ptr, Code: code, Message: fmt.Sprintf(format, args...),
	}})
}

// tooLong checks the length limit without decoding more runes than the limit allows.
func (p *parser) tooLong() bool {
	limit := p.opts.maxLength
	if limit <= 0 || len(p.doc) <= limit {
		return false
	}
	n := 0
	for i := 0; i < len(p.doc); n++ {
		if n == limit {
			p.add(0, "", CodeTooLong, "the document is longer than %d characters", limit)
			return true
		}
		_, size := utf8.DecodeRune(p.doc[i:])
		i += size
	}
	return false
}

// syntax records the decoder's error and stops the parse.
func (p *parser) syntax(err error) {
	p.stop = true
	off, ptr, msg := p.nextOffset(), "", err.Error()
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		off, ptr = se.ByteOffset, string(se.JSONPointer)
		if se.Err != nil {
			msg = se.Err.Error()
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		off, msg = int64(len(p.doc)), "unexpected end of the document"
	}
	p.add(off, ptr, CodeSyntax, "%s", strings.TrimPrefix(msg, "jsontext: "))
}

// nextOffset is the byte offset of the next token, after any whitespace and separator.
func (p *parser) nextOffset() int64 {
	i := int(p.dec.InputOffset())
	for i < len(p.doc) && strings.IndexByte(" \t\r\n:,", p.doc[i]) >= 0 {
		i++
	}
	return int64(i)
}

// peek returns the kind of the next token, or 0 (with p.stop set) when there is none.
func (p *parser) peek() jsontext.Kind {
	if p.stop {
		return 0
	}
	k := p.dec.PeekKind()
	if k == 0 {
		_, err := p.dec.ReadToken()
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		p.syntax(err)
	}
	return k
}

// readDelim reads a '{', '}', '[' or ']' and returns its offset. It enforces MaxDepth.
func (p *parser) readDelim() int64 {
	if _, err := p.dec.ReadToken(); err != nil {
		p.syntax(err)
		return 0
	}
	off := p.dec.InputOffset() - 1
	if p.dec.StackDepth() > MaxDepth {
		p.add(off, string(p.dec.StackPointer().Parent()), CodeTooDeep,
			"arrays and objects nest more than %d deep", MaxDepth)
		p.stop = true
	}
	return off
}

// readScalar reads a string, number, literal or member name and returns it raw with its offset.
func (p *parser) readScalar() (jsontext.Value, int64) {
	v, err := p.dec.ReadValue()
	if err != nil {
		p.syntax(err)
		return nil, 0
	}
	return v, p.dec.InputOffset() - int64(len(v))
}

// readString reads a string token (the caller has peeked '"').
func (p *parser) readString() (string, int64) {
	raw, off := p.readScalar()
	if p.stop {
		return "", off
	}
	s, err := jsontext.AppendUnquote(nil, raw)
	if err != nil { // the decoder validated the string, so this cannot happen
		p.syntax(err)
	}
	return string(s), off
}

// skip consumes the next value, however nested, without interpreting it.
func (p *parser) skip() {
	depth := 0
	for {
		switch p.peek() {
		case 0:
			return
		case '{', '[':
			p.readDelim()
			depth++
		case '}', ']':
			p.readDelim()
			depth--
		default:
			p.readScalar()
		}
		if p.stop || depth == 0 {
			return
		}
	}
}

// object reads an object (the caller has peeked '{'), calling member for each member with its
// name, the name's offset and the member's pointer; member must consume the value. A repeated
// name is reported and its value skipped. object returns the offset of the '{'.
func (p *parser) object(ptr *pointer, member func(name string, off int64, ptr *pointer)) int64 {
	start := p.readDelim()
	seen := map[string]bool{}
	for {
		k := p.peek()
		if p.stop {
			break
		}
		if k == '}' {
			p.readDelim()
			break
		}
		name, off := p.readString()
		if p.stop {
			break
		}
		mptr := ptr.key(name)
		if seen[name] {
			p.report(off, mptr, CodeDuplicateKey, "duplicate key %q", name)
			p.skip()
			continue
		}
		seen[name] = true
		member(name, off, mptr)
	}
	return start
}

// array reads an array (the caller has peeked '['), calling elem for each element with its
// index and pointer; elem must consume the value. It returns the '[' offset and the length.
func (p *parser) array(ptr *pointer, elem func(i int, ptr *pointer)) (int64, int) {
	start := p.readDelim()
	n := 0
	for ; ; n++ {
		k := p.peek()
		if p.stop {
			break
		}
		if k == ']' {
			p.readDelim()
			break
		}
		elem(n, ptr.index(n))
	}
	return start, n
}

// describe names the JSON type of a token kind for messages.
func describe(k jsontext.Kind) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "nothing"
}

// newDecoder reads doc in place (a bytes.Buffer is neither copied nor modified). Duplicate
// names are detected by the parser, which can report them and carry on. Nesting is bounded by
// readDelim, which sees every '{' and '[' because the parser reads composite values token by
// token.
func newDecoder(doc []byte) *jsontext.Decoder {
	return jsontext.NewDecoder(bytes.NewBuffer(doc), jsontext.AllowDuplicateNames(true))
}
