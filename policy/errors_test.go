package policy_test

import (
	"errors"
	"testing"

	"github.com/rampart-iam/rampart/policy"
)

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  policy.Error
		want string
	}{
		{
			policy.Error{Name: "policy.json", Line: 4, Column: 16, Pointer: "/Statement/0/Effect", Code: policy.CodeInvalidValue,
				Message: `invalid value "Alow": want "Allow" or "Deny"`},
			`policy.json:4:16: /Statement/0/Effect: invalid value "Alow": want "Allow" or "Deny"`,
		},
		{
			policy.Error{Line: 1, Column: 2, Pointer: "/Version", Message: "m"},
			"1:2: /Version: m",
		},
		{
			policy.Error{Name: "p", Line: 1, Column: 1, Message: `missing element "Version"`},
			`p:1:1: missing element "Version"`,
		},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	list := policy.ErrorList{&tests[1].err, &tests[2].err}
	if got, want := list.Error(), "1:2: /Version: m\n"+`p:1:1: missing element "Version"`; got != want {
		t.Errorf("ErrorList.Error() = %q, want %q", got, want)
	}
}

// TestErrorPositions checks that lines and columns count characters, not bytes, across
// line-break styles, and that the name prefixes every line.
func TestErrorPositions(t *testing.T) {
	tests := []struct {
		name, doc string
		line, col int
	}{
		{"LF", "{\n\"Version\": \"2\"}", 2, 12},
		{"CRLF", "{\r\n\"Version\": \"2\"}", 2, 12},
		{"multi-byte before", "{\"Sid\":0, \"é中\": 1,\n \"Version\":\t\"2\"}", 2, 13},
		{"astral characters", `{"😀😀":1, "Version":"2"}`, 1, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.Parse([]byte(tt.doc), policy.WithName("n"))
			var list policy.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse error = %v, want an ErrorList", err)
			}
			var found bool
			for _, e := range list {
				if e.Name != "n" {
					t.Errorf("%v: Name = %q, want %q", e, e.Name, "n")
				}
				if e.Pointer == "/Version" {
					found = true
					if e.Line != tt.line || e.Column != tt.col {
						t.Errorf("%v: at %d:%d, want %d:%d", e, e.Line, e.Column, tt.line, tt.col)
					}
				}
			}
			if !found {
				t.Errorf("no problem reported at /Version:\n%v", err)
			}
		})
	}
}
