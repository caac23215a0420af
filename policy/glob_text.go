package policy

import "unicode/utf8"

// text is what a glob matches: a string (resources, principals, condition values) or the
// bytes of a name Evaluate has lower-cased on its stack (actions, service principals), which
// cannot become a string without a copy.
type text interface{ ~string | ~[]byte }

// matchLower is match for lower-cased bytes; the pattern must have been lower-cased too and
// have no variables.
func (g *glob) matchLower(b []byte) bool {
	switch g.kind {
	case globExact:
		return string(b) == g.lit
	case globAny:
		return true
	case globPrefix:
		return hasPrefix(b, g.lit)
	case globSuffix:
		return hasSuffix(b, g.lit)
	case globInfix:
		return index(b, g.lit) >= 0
	case globPrefixSuffix:
		return len(b) >= len(g.lit)+len(g.lit2) && hasPrefix(b, g.lit) && hasSuffix(b, g.lit2)
	case globLiterals:
		return matchLiteralsText(g.lit, g.mid, g.lit2, b)
	}
	return matchSegments(g.gen.segs, b, nil)
}

func hasPrefix[S text](s S, p string) bool { return len(s) >= len(p) && string(s[:len(p)]) == p }

func hasSuffix[S text](s S, p string) bool {
	return len(s) >= len(p) && string(s[len(s)-len(p):]) == p
}

// index returns the first position of p in s, or -1. Names are short, so a plain scan does.
func index[S text](s S, p string) int {
	if len(p) == 0 {
		return 0
	}
	for i := 0; i+len(p) <= len(s); i++ {
		if s[i] == p[0] && string(s[i:i+len(p)]) == p {
			return i
		}
	}
	return -1
}

// matchLiteralsText is glob.matchLiterals for any text.
func matchLiteralsText[S text](first, mid, last string, s S) bool {
	if len(s) < len(first)+len(last) || !hasPrefix(s, first) || !hasSuffix(s, last) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for m := mid; ; {
		lit, rest, more := cutStar(m)
		i := index(s, lit)
		if i < 0 {
			return false
		}
		if !more {
			return true
		}
		s, m = s[i+len(lit):], rest
	}
}

// matchSegments matches a general pattern: the first segment is anchored at the start, the
// last at the end, and each one between is placed at its leftmost possible position, which is
// optimal because the stars between them absorb any gap.
func matchSegments[S text](segs []segment, s S, ctx *Context) bool {
	start, ok := matchForward(segs[0], s, 0, ctx)
	if !ok {
		return false
	}
	if len(segs) == 1 {
		return start == len(s)
	}
	end, ok := matchBackward(segs[len(segs)-1], s, len(s), ctx)
	if !ok || end < start {
		return false
	}
	for _, seg := range segs[1 : len(segs)-1] {
		next, ok := findSegment(seg, s[:end], start, ctx)
		if !ok {
			return false
		}
		start = next
	}
	return true
}

// findSegment places seg at its leftmost position at or after i in s and returns where the
// match ends.
func findSegment[S text](seg segment, s S, i int, ctx *Context) (int, bool) {
	for i <= len(s) {
		if seg[0].lit != "" { // jump straight to the next occurrence of the leading literal
			j := index(s[i:], seg[0].lit)
			if j < 0 {
				return 0, false
			}
			i += j
		}
		if end, ok := matchForward(seg, s, i, ctx); ok {
			return end, true
		}
		if i == len(s) {
			break
		}
		i += runeLen(s[i:])
	}
	return 0, false
}

// matchForward matches seg against s starting at i and returns where the match ends.
func matchForward[S text](seg segment, s S, i int, ctx *Context) (int, bool) {
	for _, p := range seg {
		switch {
		case p.lit != "":
			if !hasPrefix(s[i:], p.lit) {
				return 0, false
			}
			i += len(p.lit)
		case p.anyRunes > 0:
			for range p.anyRunes {
				if i >= len(s) {
					return 0, false
				}
				i += runeLen(s[i:])
			}
		default:
			v, ok := ctx.variable(p.variable)
			if !ok || !hasPrefix(s[i:], v) {
				return 0, false
			}
			i += len(v)
		}
	}
	return i, true
}

// matchBackward matches seg against s ending at end and returns where the match starts.
func matchBackward[S text](seg segment, s S, end int, ctx *Context) (int, bool) {
	for k := len(seg) - 1; k >= 0; k-- {
		switch p := seg[k]; {
		case p.lit != "":
			if !hasSuffix(s[:end], p.lit) {
				return 0, false
			}
			end -= len(p.lit)
		case p.anyRunes > 0:
			for range p.anyRunes {
				if end <= 0 {
					return 0, false
				}
				end -= lastRuneLen(s[:end])
			}
		default:
			v, ok := ctx.variable(p.variable)
			if !ok || !hasSuffix(s[:end], v) {
				return 0, false
			}
			end -= len(v)
		}
	}
	return end, true
}

// runeLen returns the length of the first rune of a non-empty s, 1 for an invalid byte, as
// utf8.DecodeRuneInString would.
func runeLen[S text](s S) int {
	if s[0] < utf8.RuneSelf {
		return 1
	}
	n := min(len(s), utf8.UTFMax)
	var buf [utf8.UTFMax]byte
	copy(buf[:], s[:n])
	_, size := utf8.DecodeRune(buf[:n])
	return size
}

// lastRuneLen returns the length of the last rune of a non-empty s.
func lastRuneLen[S text](s S) int {
	if s[len(s)-1] < utf8.RuneSelf {
		return 1
	}
	n := min(len(s), utf8.UTFMax)
	var buf [utf8.UTFMax]byte
	copy(buf[:], s[len(s)-n:])
	_, size := utf8.DecodeLastRune(buf[:n])
	return size
}
