package openapi_test

import (
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/openapi"
)

func TestParams(t *testing.T) {
	tests := []struct {
		name     string
		query    string
		read     func(p *openapi.Params) any
		want     any
		wantCode string
	}{
		{"required", "A=x", func(p *openapi.Params) any { return p.Required("A") }, "x", ""},
		{"required missing", "", func(p *openapi.Params) any { return p.Required("A") }, "", "MissingParameter"},
		{"required empty", "A=", func(p *openapi.Params) any { return p.Required("A") }, "", "MissingParameter"},
		{"bool true", "B=true", func(p *openapi.Params) any { return p.Bool("B") }, true, ""},
		{"bool TRUE", "B=TRUE", func(p *openapi.Params) any { return p.Bool("B") }, true, ""},
		{"bool false", "B=false", func(p *openapi.Params) any { return p.Bool("B") }, false, ""},
		{"bool absent", "", func(p *openapi.Params) any { return p.OptionalBool("B") == nil }, true, ""},
		{"bool 1", "B=1", func(p *openapi.Params) any { return p.Bool("B") }, false, "InvalidParameter"},
		{"int", "N=42", func(p *openapi.Params) any { return p.Int("N") }, 42, ""},
		{"int negative", "N=-3", func(p *openapi.Params) any { return p.Int("N") }, -3, ""},
		{"int absent", "", func(p *openapi.Params) any { return p.OptionalInt("N") == nil }, true, ""},
		{"int overflow", "N=4294967296", func(p *openapi.Params) any { return p.Int("N") }, 0, "InvalidParameter"},
		{"int float", "N=1.5", func(p *openapi.Params) any { return p.Int("N") }, 0, "InvalidParameter"},
		// Spellings other readers may take otherwise (or not at all) are refused, not read as 5.
		{"int with a plus sign", "N=%2B5", func(p *openapi.Params) any { return p.Int("N") }, 0, "InvalidParameter"},
		{"int with a leading zero", "N=05", func(p *openapi.Params) any { return p.Int("N") }, 0, "InvalidParameter"},
		{"int minus zero", "N=-0", func(p *openapi.Params) any { return p.Int("N") }, 0, "InvalidParameter"},
		{"int 0", "N=0", func(p *openapi.Params) any { return p.Int("N") }, 0, ""},
		{"positive with a plus sign", "N=%2B5", func(p *openapi.Params) any { return p.Positive("N") }, 0, "InvalidParameter"},
		{"positive", "N=42", func(p *openapi.Params) any { return p.Positive("N") }, 42, ""},
		{"positive absent", "", func(p *openapi.Params) any { return p.Positive("N") }, 0, ""},
		{"positive 0 is out of range", "N=0", func(p *openapi.Params) any { return p.Positive("N") }, -1, ""},
		{"positive negative", "N=-3", func(p *openapi.Params) any { return p.Positive("N") }, -3, ""},
		{"list", "L.1=a&L.2=b", func(p *openapi.Params) any { return strings.Join(p.List("L"), ",") }, "a,b", ""},
		{"list absent", "Other.1=a", func(p *openapi.Params) any { return len(p.List("L")) }, 0, ""},
		// An item the reading would not reach would be dropped silently, widening a filter.
		{"list with a gap", "L.1=a&L.3=c", func(p *openapi.Params) any { return strings.Join(p.List("L"), ",") }, "a", "InvalidParameter"},
		{"list without a first item", "L.2=b", func(p *openapi.Params) any { return len(p.List("L")) }, 0, "InvalidParameter"},
		{"list item 0", "L.0=z&L.1=a", func(p *openapi.Params) any { return len(p.List("L")) }, 1, "InvalidParameter"},
		{"list item 01", "L.01=z&L.1=a", func(p *openapi.Params) any { return len(p.List("L")) }, 1, "InvalidParameter"},
		{"list item with a field", "L.1=a&L.1.Key=z", func(p *openapi.Params) any { return len(p.List("L")) }, 1, "InvalidParameter"},
		{"first error wins", "N=x", func(p *openapi.Params) any { p.Int("N"); p.Required("A"); return nil }, nil, "InvalidParameter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			p := openapi.NewParams(v)
			got := tt.read(p)
			if got != tt.want {
				t.Errorf("value = %v, want %v", got, tt.want)
			}
			code := ""
			if p.Err() != nil {
				code = errs.CodeOf(p.Err())
			}
			if code != tt.wantCode {
				t.Errorf("Err = %v, want code %q", p.Err(), tt.wantCode)
			}
		})
	}
}

// FuzzDecodeParams feeds arbitrary query strings and form bodies to ParseRequest and the typed
// decoder: no panics, single values only, and typed values that agree with strconv.
func FuzzDecodeParams(f *testing.F) {
	f.Add("Action=GetUser&UserName=alice", "MaxItems=10&Flag=true")
	f.Add("a=%zz", "")
	f.Add("a=1&a=2", "a=3")
	f.Add("=&&=x&%00=%FF", "N=-2147483648&B=TrUe")
	f.Fuzz(func(t *testing.T, query, body string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		values, err := openapi.ParseRequest(r)
		if err != nil {
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("ParseRequest(%q, %q): %v is not an Invalid error", query, body, err)
			}
			return
		}
		for name, vs := range values {
			if len(vs) != 1 {
				t.Fatalf("%q has %d values", name, len(vs))
			}
			p := openapi.NewParams(values)
			n, b := p.OptionalInt(name), p.OptionalBool(name)
			if want, err := strconv.ParseInt(vs[0], 10, 32); err == nil && vs[0] == strconv.FormatInt(want, 10) {
				if n == nil || int64(*n) != want {
					t.Fatalf("Int(%q) = %v, strconv says %d", vs[0], n, want)
				}
			} else if n != nil {
				t.Fatalf("Int(%q) = %d, strconv refuses it", vs[0], *n)
			}
			if b != nil && !strings.EqualFold(vs[0], "true") && !strings.EqualFold(vs[0], "false") {
				t.Fatalf("Bool(%q) = %v", vs[0], *b)
			}
			if p.Required(name) != vs[0] {
				t.Fatalf("Required(%q) != value", name)
			}
		}
	})
}
