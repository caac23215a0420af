package policy

import "strings"

// boolean backs the Bool operator. Values are "true" or "false", in any case.
type boolean []bool

func newBoolean(values []string) boolean {
	b := make(boolean, len(values))
	for i, v := range values {
		b[i], _ = parseBool(v)
	}
	return b
}

func (b boolean) matchAny(v string) bool {
	x, ok := parseBool(v)
	if !ok {
		return false
	}
	for _, p := range b {
		if x == p {
			return true
		}
	}
	return false
}

func parseBool(s string) (value, ok bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}
