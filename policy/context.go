package policy

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Context holds a request's condition keys and their values: "acs:SourceIp", "acs:CurrentTime",
// "oss:Prefix" and so on. It is also where policy variables such as ${acs:PrincipalName} get
// their values. Keys compare case-insensitively; a key may carry several values.
//
// The zero value is an empty context. A Context holds its entries by reference, so after
// copying one, modify only one of the copies.
type Context struct {
	entries []contextEntry
	// vals holds the values of the keys as first set, one after the other: a request's
	// context is built on every request, and one array is cheaper than a slice per key.
	vals []string
}

type contextEntry struct {
	key  string // as first set, for Keys
	norm string // normKey(key), for lookups

	values []string
}

// Grow makes room for n more keys of one value each, so that setting them allocates nothing
// more. A caller that knows about how many keys it sets, such as a request's authenticator,
// saves the allocations of the context growing one key at a time. n must not be negative.
func (c *Context) Grow(n int) {
	c.entries = slices.Grow(c.entries, n)
	c.vals = slices.Grow(c.vals, n)
}

// Set replaces key's values with a copy of values.
func (c *Context) Set(key string, values ...string) {
	norm := normKey(key)
	if i := c.index(key, norm); i >= 0 {
		c.entries[i].values = append([]string(nil), values...)
		return
	}
	var vs []string
	if len(values) > 0 {
		n := len(c.vals)
		c.vals = append(c.vals, values...)
		vs = c.vals[n:len(c.vals):len(c.vals)] // capped: appending to vs must copy
	}
	c.entries = append(c.entries, contextEntry{key: key, norm: norm, values: vs})
}

// Add appends values to key's values.
func (c *Context) Add(key string, values ...string) {
	if i := c.index(key, normKey(key)); i >= 0 {
		e := &c.entries[i]
		e.values = append(e.values[:len(e.values):len(e.values)], values...)
		return
	}
	c.Set(key, values...)
}

// Lookup returns key's values and whether the key is set. Callers must not modify the slice.
func (c *Context) Lookup(key string) ([]string, bool) {
	if i := c.index(key, normKey(key)); i >= 0 {
		return c.entries[i].values, true
	}
	return nil, false
}

// Keys returns the keys in the order they were first set, spelled as they were then.
func (c *Context) Keys() []string {
	keys := make([]string, len(c.entries))
	for i, e := range c.entries {
		keys[i] = e.key
	}
	return keys
}

// index finds key, whose normKey is norm, in any case. Contexts hold a handful of keys, so a
// scan beats a map and keeps the zero value usable.
func (c *Context) index(key, norm string) int {
	if c == nil {
		return -1
	}
	for i := range c.entries {
		if c.entries[i].matches(key, norm) {
			return i
		}
	}
	return -1
}

// matches reports whether the entry's key and key, whose normKey is norm, are equal once
// lower-cased.
func (e *contextEntry) matches(key, norm string) bool {
	if e.norm != "" && norm != "" {
		return e.norm == norm
	}
	// At least one side is ASCII with upper-case letters (or empty), and the other one is
	// lower-cased or also ASCII: the ASCII letters are all that can differ in case.
	return equalFoldASCII(cmp.Or(e.norm, e.key), cmp.Or(norm, key))
}

// equalFoldASCII reports whether a and b are equal with ASCII letters folded to lower case.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// normKey returns key lower-cased as strings.ToLower does it, or "" when key is ASCII with
// upper-case letters: most keys are ("acs:SourceIp"), and comparing them letter by letter
// saves lower-casing a copy of each one a request sets. It allocates only for a key that is
// neither ASCII nor lower-case.
func normKey(key string) string {
	upper := false
	for i := range len(key) {
		c := key[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(key) // key itself when it is lower-case already
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if upper {
		return ""
	}
	return key
}

// values returns a lower-cased key's values; none when the key is absent.
func (c *Context) values(norm string) []string {
	if i := c.index(norm, norm); i >= 0 {
		return c.entries[i].values
	}
	return nil
}

// variable resolves the policy variable ${norm}: it has a value only when the key carries
// exactly one, since a pattern cannot stand for several resources at once.
func (c *Context) variable(norm string) (string, bool) {
	if vs := c.values(norm); len(vs) == 1 {
		return vs[0], true
	}
	return "", false
}
