package sqlstore

import (
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Stored forms. Times are Unix seconds (NULL for the zero time, "never"), identical and directly
// comparable on both backends; optional references are NULL rather than "" so foreign keys hold.

// unixTime is a time's stored form.
func unixTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// timeCol scans a stored time back, in UTC.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
	case int64:
		*c.t = time.Unix(v, 0).UTC()
	default:
		return fmt.Errorf("stored time: unexpected %T", src)
	}
	return nil
}

func scanTime(t *time.Time) sql.Scanner { return timeCol{t} }

// nullable is an optional reference's stored form.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// stringCol scans an optional reference back, NULL as "".
type stringCol struct{ s *string }

func (c stringCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.s = ""
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return fmt.Errorf("stored string: unexpected %T", src)
	}
	return nil
}

func scanString(s *string) sql.Scanner { return stringCol{s} }

// nameKey is the lower-cased name that makes names unique case-insensitively.
func nameKey(name string) string { return strings.ToLower(name) }

// prefixed qualifies a column list with a table alias: prefixed("u", "id, name") = "u.id, u.name".
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}
