package openapi

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
)

// ParseRequest returns r's parameters: the query string and, for a form-encoded body, the form,
// merged. A name given more than once (twice in the query, or in both) is refused: the SDKs
// never send one, and which value a signature or a handler would see is ambiguous. The body's
// size is bounded by the server's limit.
//
// It runs on every request, so it allocates little: the map sized for the parameters there
// are, one array backing every value's slice, the body read once into a buffer of its declared
// length, and a string only for a name or value that has escapes to decode.
func ParseRequest(r *http.Request) (url.Values, error) {
	body, err := formBody(r)
	if err != nil {
		return nil, err
	}
	n := pairs(r.URL.RawQuery) + pairs(body)
	params := make(url.Values, n)
	backing := make([]string, 0, n)
	if err := parseUnique(r.URL.RawQuery, params, &backing); err != nil {
		return nil, err
	}
	if err := parseUnique(body, params, &backing); err != nil {
		return nil, err
	}
	return params, nil
}

// maxPresize bounds how much of a declared Content-Length is allocated before reading: the
// declaration is the client's word.
const maxPresize = 64 << 10

// formBody returns r's body if it is a form ("" otherwise).
func formBody(r *http.Request) (string, error) {
	if r.Body == nil || r.Body == http.NoBody || r.Method == http.MethodGet || !isForm(r.Header.Get("Content-Type")) {
		return "", nil
	}
	// +1: room to see the end of the body without growing the buffer.
	b, err := readAll(r.Body, make([]byte, 0, min(max(r.ContentLength, 0), maxPresize)+1))
	if err != nil {
		return "", BodyError(err)
	}
	return string(b), nil
}

// readAll is io.ReadAll reading into b's spare capacity first.
func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// isForm reports whether a Content-Type names a URL-encoded form, parameters (a charset) aside.
func isForm(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), "application/x-www-form-urlencoded")
}

// pairs is at most how many name=value pairs s holds.
func pairs(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "&") + 1
}

// parseUnique adds the parameters of an URL-encoded string to into, each value's one-element
// slice cut from backing (whose capacity must hold them all, so that it is never reallocated).
func parseUnique(s string, into url.Values, backing *[]string) error {
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		name, err1 := url.QueryUnescape(k)
		value, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return errs.E(errs.Invalid, "InvalidParameter", "The request's parameters are not correctly URL-encoded.")
		}
		if _, dup := into[name]; dup {
			return errs.E(errs.Invalid, "InvalidParameter", "The parameter %q is given more than once.", name)
		}
		*backing = append(*backing, value)
		i := len(*backing)
		into[name] = (*backing)[i-1 : i : i]
	}
	return nil
}

// Params decodes an action's typed parameters. The first problem is kept and reported by Err,
// so a handler reads every parameter and checks once.
type Params struct {
	values url.Values
	err    error
}

// NewParams decodes values (from ParseRequest).
func NewParams(values url.Values) *Params { return &Params{values: values} }

// Err returns the first problem found: MissingParameter for an absent required parameter,
// InvalidParameter for one that does not parse.
func (p *Params) Err() error { return p.err }

func (p *Params) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// String returns the parameter, "" when absent. The SDKs leave empty parameters out, so absent
// and empty mean the same.
func (p *Params) String(name string) string { return p.values.Get(name) }

// List returns a repeated parameter, as the SDKs send it: name.1, name.2, ... up to the first
// number that is absent. None is an empty list. An item the reading would not reach (name.3
// without name.2, name.0, name.01) is InvalidParameter: dropped, it would silently widen a
// filter (ResourceGroupIds.2 alone would list every group).
func (p *Params) List(name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := p.values[name+"."+strconv.Itoa(i)]
		if !ok || len(v) == 0 {
			p.strayItems(name, len(out))
			return out
		}
		out = append(out, v[0])
	}
}

// tags returns a repeated tag parameter, as the SDKs send it: name.1.Key, name.1.Value, ... up
// to the first number with neither. As for List, an item past a gap is InvalidParameter.
func tags(p *Params, name string) []ram.Tag {
	var out []ram.Tag
	for i := 1; ; i++ {
		n := name + "." + strconv.Itoa(i)
		t := ram.Tag{Key: p.String(n + ".Key"), Value: p.String(n + ".Value")}
		if t == (ram.Tag{}) {
			p.strayItems(name, len(out), "Key", "Value")
			return out
		}
		out = append(out, t)
	}
}

// strayItems refuses the parameters named like the items of the repeated parameter name that
// reading its n items did not reach: name.<N>, or name.<N>.<field> when fields are given, with
// N from 1 to n written as the SDKs write it.
func (p *Params) strayItems(name string, n int, fields ...string) {
	var stray []string
	for key := range p.values {
		rest, ok := strings.CutPrefix(key, name+".")
		if !ok {
			continue
		}
		index, field, hasField := strings.Cut(rest, ".")
		i, err := strconv.Atoi(index)
		read := err == nil && strconv.Itoa(i) == index && i >= 1 && i <= n
		if len(fields) == 0 {
			read = read && !hasField
		} else {
			read = read && hasField && slices.Contains(fields, field)
		}
		if !read {
			stray = append(stray, key)
		}
	}
	if len(stray) > 0 {
		slices.Sort(stray)
		p.fail(errs.E(errs.Invalid, "InvalidParameter", "The specified parameter %q is not valid: the items of %s are numbered from 1 without a gap.", stray[0], name))
	}
}

// Required returns the parameter; an absent or empty one is MissingParameter, with the message
// the SDK's own tests expect.
func (p *Params) Required(name string) string {
	v := p.values.Get(name)
	if v == "" {
		p.fail(errs.E(errs.Invalid, "MissingParameter",
			"The input parameter %q that is mandatory for processing this request is not supplied.", name))
	}
	return v
}

// OptionalBool returns a boolean parameter, nil when absent. The SDKs send "true" or "false";
// case is ignored, anything else is InvalidParameter.
func (p *Params) OptionalBool(name string) *bool {
	v := p.values.Get(name)
	if v == "" {
		return nil
	}
	var b bool
	switch {
	case strings.EqualFold(v, "true"):
		b = true
	case strings.EqualFold(v, "false"):
	default:
		p.fail(invalidParameter(name))
		return nil
	}
	return &b
}

// Bool returns a boolean parameter, false when absent.
func (p *Params) Bool(name string) bool {
	b := p.OptionalBool(name)
	return b != nil && *b
}

// OptionalInt returns a decimal integer parameter (32-bit), nil when absent; anything else is
// InvalidParameter. It must be written as the SDKs write integers (requests.NewInteger,
// strconv.Itoa): "+5", "05" and "-0" are refused rather than read as 5, 5 and 0, since other
// readers of the same request (a proxy's rules, a log search) may read them otherwise.
func (p *Params) OptionalInt(name string) *int {
	v := p.values.Get(name)
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || strconv.FormatInt(n, 10) != v {
		p.fail(invalidParameter(name))
		return nil
	}
	i := int(n)
	return &i
}

// Int returns an integer parameter, 0 when absent.
func (p *Params) Int(name string) int {
	if n := p.OptionalInt(name); n != nil {
		return *n
	}
	return 0
}

// Positive returns an integer parameter that RAM accepts only above zero (MaxItems,
// DurationSeconds, MaxSessionDuration, PageSize, ...), 0 when absent. The domain takes 0 to
// mean "absent: use the default", so an explicit 0 comes back as -1, which the parameter's own
// range check refuses with its code and message, as RAM refuses it.
func (p *Params) Positive(name string) int {
	n := p.OptionalInt(name)
	switch {
	case n == nil:
		return 0
	case *n == 0:
		return -1
	}
	return *n
}

func invalidParameter(name string) error {
	return errs.E(errs.Invalid, "InvalidParameter", "The specified parameter %q is not valid.", name)
}
