package authz

import (
	"strings"

	"github.com/rampart-iam/rampart/policy"
)

// readKeys collects, lower-cased, every condition key and policy variable that a statement of
// ps tests or names.
func readKeys(into map[string]bool, ps ...*policy.Policy) {
	for _, p := range ps {
		if p == nil {
			continue
		}
		for _, st := range p.Statements() {
			for _, c := range st.Conditions {
				into[strings.ToLower(c.Key)] = true
			}
			for _, patterns := range [][]string{st.Resource, st.NotResource} {
				for _, r := range patterns {
					for rest := r; ; {
						_, after, ok := strings.Cut(rest, "${")
						if !ok {
							break
						}
						name, tail, ok := strings.Cut(after, "}")
						if !ok {
							break
						}
						into[strings.ToLower(name)] = true
						rest = tail
					}
				}
			}
		}
	}
}

// ReadsKey reports whether any policy of the snapshot (system or custom) tests condition key
// key or names it as a policy variable. A caller building a request's context may leave out the
// keys no policy reads: the decision is the same, and the context is cheaper to build. Session
// policies are not in the snapshot: a role session's context must be complete.
func (s *Snapshot) ReadsKey(key string) bool {
	if s.readKeys == nil {
		return true
	}
	var buf [64]byte
	if len(key) > len(buf) {
		return s.readKeys[strings.ToLower(key)]
	}
	b := buf[:len(key)]
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 0x80 { // not ASCII: lower-case it as the keys were
			return s.readKeys[strings.ToLower(key)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return s.readKeys[string(b)]
}
