package policy

import "strings"

// Context holds a request's condition keys and their values: "acs:SourceIp", "acs:CurrentTime",
// "oss:Prefix" and so on. It is also where policy variables such as ${acs:PrincipalName} get
// their values. Keys compare case-insensitively; a key may carry several values.
//
// The zero value is an empty context. A Context holds its entries by reference, so after
// copying one, modify only one of the copies.
type Context struct {
	entries []contextEntry
}

type contextEntry struct {
	key    string // as first set, for Keys
	norm   string // lower-cased, for lookups
	values []string
}

// Set replaces key's values with a copy of values.
func (c *Context) Set(key string, values ...string) {
	norm := strings.ToLower(key)
	vs := append([]string(nil), values...)
	if i := c.index(norm); i >= 0 {
		c.entries[i].values = vs
		return
	}
	c.entries = append(c.entries, contextEntry{key: key, norm: norm, values: vs})
}

// Add appends values to key's values.
func (c *Context) Add(key string, values ...string) {
	norm := strings.ToLower(key)
	if i := c.index(norm); i >= 0 {
		e := &c.entries[i]
		e.values = append(e.values[:len(e.values):len(e.values)], values...)
		return
	}
	c.Set(key, values...)
}

// Lookup returns key's values and whether the key is set. Callers must not modify the slice.
func (c *Context) Lookup(key string) ([]string, bool) {
	if i := c.index(strings.ToLower(key)); i >= 0 {
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

// index finds a lower-cased key. Contexts hold a handful of keys, so a scan beats a map and
// keeps the zero value usable.
func (c *Context) index(norm string) int {
	if c == nil {
		return -1
	}
	for i := range c.entries {
		if c.entries[i].norm == norm {
			return i
		}
	}
	return -1
}

// values returns a lower-cased key's values; none when the key is absent.
func (c *Context) values(norm string) []string {
	if i := c.index(norm); i >= 0 {
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
