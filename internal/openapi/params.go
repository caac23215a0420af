package openapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rampart-iam/rampart/internal/errs"
)

// ParseRequest returns r's parameters: the query string and, for a form-encoded body, the form,
// merged. A name given more than once (twice in the query, or in both) is refused: the SDKs
// never send one, and which value a signature or a handler would see is ambiguous. The body's
// size is bounded by the server's limit.
func ParseRequest(r *http.Request) (url.Values, error) {
	params, err := parseUnique(r.URL.RawQuery, nil)
	if err != nil {
		return nil, err
	}
	if r.Body == nil || r.Body == http.NoBody || r.Method == http.MethodGet {
		return params, nil
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		return params, nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, errs.E(errs.Invalid, "RequestEntityTooLarge", "The request body is larger than %d bytes.", tooLarge.Limit)
		}
		return nil, errs.E(errs.Invalid, "InvalidParameter", "The request body could not be read.")
	}
	return parseUnique(string(body), params)
}

// parseUnique adds the parameters of an URL-encoded string to into (a new map when nil).
func parseUnique(s string, into url.Values) (url.Values, error) {
	if into == nil {
		into = url.Values{}
	}
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
			return nil, errs.E(errs.Invalid, "InvalidParameter", "The request's parameters are not correctly URL-encoded.")
		}
		if _, dup := into[name]; dup {
			return nil, errs.E(errs.Invalid, "InvalidParameter", "The parameter %q is given more than once.", name)
		}
		into[name] = []string{value}
	}
	return into, nil
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
// InvalidParameter.
func (p *Params) OptionalInt(name string) *int {
	v := p.values.Get(name)
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
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

func invalidParameter(name string) error {
	return errs.E(errs.Invalid, "InvalidParameter", "The specified parameter %q is not valid.", name)
}
