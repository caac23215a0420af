package policy

import "strings"

// stringEquals backs StringEquals and StringNotEquals: exact, case-sensitive comparison.
type stringEquals []string

func (s stringEquals) matchAny(v string) bool {
	for _, p := range s {
		if v == p {
			return true
		}
	}
	return false
}

// stringEqualsFold backs StringEqualsIgnoreCase and StringNotEqualsIgnoreCase, comparing under
// Unicode simple case folding.
type stringEqualsFold []string

func (s stringEqualsFold) matchAny(v string) bool {
	for _, p := range s {
		if strings.EqualFold(v, p) {
			return true
		}
	}
	return false
}

// stringLike backs StringLike and StringNotLike: case-sensitive "*" and "?" patterns, with the
// same semantics as Action and Resource patterns.
type stringLike []glob

func newStringLike(values []string) stringLike {
	globs := make(stringLike, len(values))
	for i, v := range values {
		globs[i] = compileGlob(v, false)
	}
	return globs
}

func (s stringLike) matchAny(v string) bool {
	for i := range s {
		if s[i].match(v, nil) {
			return true
		}
	}
	return false
}
