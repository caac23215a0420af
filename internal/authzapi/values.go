package authzapi

import (
	"errors"

	"github.com/go-json-experiment/json/jsontext"
)

// stringList is a JSON string or array of strings: condition keys and forwarded headers may
// have one value or several.
type stringList []string

// UnmarshalJSONFrom reads a string or an array of strings.
func (l *stringList) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	switch d.PeekKind() {
	case '"':
		t, err := d.ReadToken()
		if err != nil {
			return err
		}
		*l = stringList{t.String()}
		return nil
	case '[':
		if _, err := d.ReadToken(); err != nil {
			return err
		}
		var out stringList
		for d.PeekKind() == '"' {
			t, err := d.ReadToken()
			if err != nil {
				return err
			}
			out = append(out, t.String())
		}
		if t, err := d.ReadToken(); err != nil || t.Kind() != ']' {
			return errors.New("want a string or an array of strings")
		}
		*l = out
		return nil
	}
	return errors.New("want a string or an array of strings")
}
