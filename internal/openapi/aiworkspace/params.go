package aiworkspace

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/url"
	"strconv"
	"strings"
	"time"

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

// int reads a whole number; 0 when absent.
func (q *query) int(name string) int {
	s := q.v.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil && q.err == nil {
		q.err = errs.E(errs.Invalid, "InvalidParameter."+name, "The parameter %q must be a whole number.", name)
	}
	return n
}

// bool reads true or false in any case; def when absent.
func (q *query) bool(name string, def bool) bool {
	s := q.v.Get(name)
	if s == "" {
		return def
	}
	b, err := strconv.ParseBool(strings.ToLower(s))
	if err != nil && q.err == nil {
		q.err = errs.E(errs.Invalid, "InvalidParameter."+name, "The parameter %q must be true or false.", name)
	}
	return b
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
		raw = []byte(form.Get("body"))
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		if required {
			return errs.E(errs.Invalid, "MissingParameter", "The input parameter %q that is mandatory for processing this request is not supplied.", "body")
		}
		return nil
	}
	// encoding/json would take invalid UTF-8 and unpaired surrogates ("\ud800"), storing U+FFFD
	// in their place; text the RPC API refuses is refused here too.
	if json.Valid(raw) && !jsontext.Value(raw).IsValid(jsontext.AllowDuplicateNames(true)) {
		return errs.E(errs.Invalid, "InvalidParameter.body", "The body holds invalid UTF-8 or an unpaired surrogate.")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return errs.E(errs.Invalid, "InvalidParameter.body", "The body is not the JSON this action takes: %v.", err)
	}
	return nil
}

// wireTime is how AIWorkspace writes a time: UTC with milliseconds, "2021-01-21T17:12:35.232Z".
func wireTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
