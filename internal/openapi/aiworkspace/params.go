package aiworkspace

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rampart-iam/rampart/internal/errs"
)

// query reads typed query parameters and keeps the first problem, so an action decodes all its
// parameters and checks once.
type query struct {
	v   url.Values
	err error
}

func newQuery(v url.Values) *query { return &query{v: v} }

func (q *query) str(name string) string { return q.v.Get(name) }

// int reads a whole number written as the SDKs write one (strconv.Itoa): "+5", "05" or "-0"
// are refused rather than read as 5, 5 and 0, as other parsers may read them otherwise (octal,
// or not at all). 0 when absent.
func (q *query) int(name string) int {
	s := q.v.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if (err != nil || strconv.Itoa(n) != s) && q.err == nil {
		q.err = errs.E(errs.Invalid, "InvalidParameter."+name, "The parameter %q must be a whole number in decimal digits, such as 10.", name)
	}
	return n
}

// bool reads true or false in any case; def when absent. strconv.ParseBool's other spellings
// ("1", "t", "F") are refused, as the RPC API refuses them.
func (q *query) bool(name string, def bool) bool {
	s := q.v.Get(name)
	switch {
	case s == "":
		return def
	case strings.EqualFold(s, "true"):
		return true
	case strings.EqualFold(s, "false"):
		return false
	}
	if q.err == nil {
		q.err = errs.E(errs.Invalid, "InvalidParameter."+name, "The parameter %q must be true or false.", name)
	}
	return def
}

// repeatedParameter refuses a query that gives a parameter more than once: url.Values.Get
// would read the first and drop the others, and another reader might take the last. The SDKs
// never send one. (The ROA signature check refuses it too; the handler does not rely on that.)
func repeatedParameter(v url.Values) error {
	var names []string
	for name, values := range v {
		if len(values) > 1 {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return errs.E(errs.Invalid, "InvalidParameter."+names[0], "The parameter %q is given more than once.", names[0])
}

// list reads a comma-separated list, dropping empty items.
func (q *query) list(name string) []string {
	var out []string
	for _, item := range strings.Split(q.v.Get(name), ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// decodeBody reads the request's JSON body into v: the form field "body" that the v1 SDK sends
// (application/x-www-form-urlencoded), or the JSON itself (newer SDKs, CommonRequest with
// SetContent). An empty body leaves v as it is unless required.
func (k *request) decodeBody(v any, required bool) error {
	raw := k.body
	if mt, _, _ := mime.ParseMediaType(k.r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(k.body))
		if err != nil {
			return errs.E(errs.Invalid, "InvalidParameter.body", "The form body is malformed.")
		}
		if err := repeatedParameter(form); err != nil {
			return err
		}
		raw = []byte(form.Get("body"))
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		if required {
			return errs.E(errs.Invalid, "MissingParameter", "The input parameter %q that is mandatory for processing this request is not supplied.", "body")
		}
		return nil
	}
	if !json.Valid(raw) {
		err := json.Unmarshal(raw, v) // which says where the syntax fails
		return errs.E(errs.Invalid, "InvalidParameter.body", "The body is not the JSON this action takes: %v.", err)
	}
	// encoding/json would take invalid UTF-8 and unpaired surrogates ("\ud800"), storing U+FFFD
	// in their place; text the RPC API refuses is refused here too.
	if !jsontext.Value(raw).IsValid(jsontext.AllowDuplicateNames(true)) {
		return errs.E(errs.Invalid, "InvalidParameter.body", "The body holds invalid UTF-8 or an unpaired surrogate.")
	}
	if name, err := repeatedMember(raw); err == nil && name != "" {
		return errs.E(errs.Invalid, "InvalidParameter."+name,
			"The body gives the parameter %q more than once (names that differ only in case count as the same).", name)
	}
	// UseNumber: a number in a free-form field (a resource's Spec) is kept as written, not
	// rounded to a float64 ("12345678901234567890" would come back as 12345678901234567000).
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return errs.E(errs.Invalid, "InvalidParameter.body", "The body is not the JSON this action takes: %v.", err)
	}
	return nil
}

// repeatedMember returns the first member name that an object in raw gives twice, as the
// parameter path the errors use ("Resources.Spec.Path"); "" when there is none. Names that
// differ only in case count as the same: encoding/json fills a struct field from any of them,
// the last one winning, so {"WorkspaceName":"a","workspacename":"b"} would silently be "b".
// raw must be valid JSON; err is only the decoder's.
func repeatedMember(raw []byte) (string, error) {
	type level struct {
		object bool
		names  map[string]struct{}
		path   string // of this object or array
		member string // path of the member whose value is being read
		tokens int    // names and values read at this level
	}
	var stack []*level
	dec := jsontext.NewDecoder(bytes.NewReader(raw), jsontext.AllowDuplicateNames(true))
	for {
		tok, err := dec.ReadToken()
		if err == io.EOF {
			return "", nil
		} else if err != nil {
			return "", err
		}
		var top *level
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		kind := tok.Kind()
		switch {
		case top != nil && top.object && top.tokens%2 == 0 && kind == '"': // a member's name
			name := tok.String()
			top.member = name
			if top.path != "" {
				top.member = top.path + "." + name
			}
			key := foldName(name)
			if _, seen := top.names[key]; seen {
				return top.member, nil
			}
			top.names[key] = struct{}{}
			top.tokens++
		case kind == '}' || kind == ']':
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				stack[len(stack)-1].tokens++
			}
		default:
			path := ""
			switch {
			case top != nil && top.object:
				path = top.member
			case top != nil:
				path = top.path
			}
			switch kind {
			case '{':
				stack = append(stack, &level{object: true, names: map[string]struct{}{}, path: path})
			case '[':
				stack = append(stack, &level{path: path})
			default:
				if top != nil {
					top.tokens++
				}
			}
		}
	}
}

// foldName maps names equal under Unicode simple case folding (bytes.EqualFold, which is how
// encoding/json matches a name to a field) to the same string.
func foldName(name string) string {
	var b strings.Builder
	for _, r := range name {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

// wireTime is how AIWorkspace writes a time: UTC with milliseconds, "2021-01-21T17:12:35.232Z".
func wireTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
