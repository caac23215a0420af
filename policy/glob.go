package policy

import (
	"strings"
	"unicode/utf8"
)

// glob is a compiled pattern in which "*" matches any run of characters (including ":" and
// "/") and "?" exactly one character (rune). The common shapes (exact, prefix*, *suffix,
// *infix*, pre*suf, *) are recognised at compile time and matched with a single string
// operation, and patterns with stars but no "?" (most ARN patterns, such as
// "acs:ecs:*:123:instance/*") with a few; only patterns with "?" or variables go through the
// general segment matcher.
//
// In Resource patterns a glob may also hold policy variables, "${key}", which stand for the
// request's single value of that condition key, matched literally (a "*" in a user name is
// not a wildcard).
type glob struct {
	kind globKind
	lit  string    // exact, prefix, suffix, infix; the prefix of prefixSuffix
	lit2 string    // the suffix of prefixSuffix
	lits []string  // literals: the pattern split at each run of "*"
	segs []segment // general: the pattern split at each run of "*"
}

type globKind uint8

const (
	globExact globKind = iota
	globAny
	globPrefix
	globSuffix
	globInfix
	globPrefixSuffix
	globLiterals
	globGeneral
)

// segment is a star-free stretch of a general pattern.
type segment []part

// part is a literal, a run of "?" or a variable: exactly one field is set.
type part struct {
	lit      string
	anyRunes int
	variable string // the condition key, lower-cased
}

// compileGlob compiles pattern. With vars, "${key}" is a policy variable; the parser has
// already checked that every "${" is closed.
func compileGlob(pattern string, vars bool) glob {
	if strings.ContainsRune(pattern, '?') || vars && strings.Contains(pattern, "${") {
		return glob{kind: globGeneral, segs: splitGlob(pattern, vars)}
	}
	lits := splitStars(pattern)
	switch {
	case len(lits) == 1:
		return glob{kind: globExact, lit: lits[0]}
	case len(lits) == 2 && lits[0] == "" && lits[1] == "":
		return glob{kind: globAny}
	case len(lits) == 2 && lits[1] == "":
		return glob{kind: globPrefix, lit: lits[0]}
	case len(lits) == 2 && lits[0] == "":
		return glob{kind: globSuffix, lit: lits[1]}
	case len(lits) == 2:
		return glob{kind: globPrefixSuffix, lit: lits[0], lit2: lits[1]}
	case len(lits) == 3 && lits[0] == "" && lits[2] == "":
		return glob{kind: globInfix, lit: lits[1]}
	}
	return glob{kind: globLiterals, lits: lits}
}

// splitStars splits a pattern at every run of "*": the first and last parts may be empty
// (a leading or trailing star), the others are not.
func splitStars(pattern string) []string {
	parts := strings.Split(pattern, "*")
	out := parts[:1]
	for i, p := range parts[1:] {
		if p != "" || i == len(parts)-2 {
			out = append(out, p)
		}
	}
	return out
}

// splitGlob splits pattern at every run of "*" into segments of parts.
func splitGlob(pattern string, vars bool) []segment {
	segs := []segment{nil}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			segs[len(segs)-1] = append(segs[len(segs)-1], part{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(pattern); {
		switch c := pattern[i]; {
		case c == '*':
			flush()
			for i < len(pattern) && pattern[i] == '*' {
				i++
			}
			segs = append(segs, nil)
		case c == '?':
			flush()
			seg := &segs[len(segs)-1]
			if n := len(*seg); n > 0 && (*seg)[n-1].anyRunes > 0 {
				(*seg)[n-1].anyRunes++
			} else {
				*seg = append(*seg, part{anyRunes: 1})
			}
			i++
		case vars && strings.HasPrefix(pattern[i:], "${"):
			end := strings.IndexByte(pattern[i:], '}')
			if end < 0 { // unreachable after validation; keep the text literal
				lit.WriteString(pattern[i:])
				i = len(pattern)
				continue
			}
			flush()
			key := strings.ToLower(pattern[i+2 : i+end])
			segs[len(segs)-1] = append(segs[len(segs)-1], part{variable: key})
			i += end + 1
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return segs
}

// match reports whether s matches the pattern. ctx resolves policy variables; it may be nil
// when the pattern has none.
func (g *glob) match(s string, ctx *Context) bool {
	switch g.kind {
	case globExact:
		return s == g.lit
	case globAny:
		return true
	case globPrefix:
		return strings.HasPrefix(s, g.lit)
	case globSuffix:
		return strings.HasSuffix(s, g.lit)
	case globInfix:
		return strings.Contains(s, g.lit)
	case globPrefixSuffix:
		return len(s) >= len(g.lit)+len(g.lit2) && strings.HasPrefix(s, g.lit) && strings.HasSuffix(s, g.lit2)
	case globLiterals:
		return matchLiterals(g.lits, s)
	}
	return matchSegments(g.segs, s, ctx)
}

// matchLiterals matches a star-separated list of literals: the first anchored at the start,
// the last at the end, each one between at its leftmost place in what remains.
func matchLiterals(lits []string, s string) bool {
	first, last := lits[0], lits[len(lits)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, lit := range lits[1 : len(lits)-1] {
		var i int
		if len(lit) == 1 { // ":" in ARN patterns such as "acs:ecs:*:*:*"
			i = strings.IndexByte(s, lit[0])
		} else {
			i = strings.Index(s, lit)
		}
		if i < 0 {
			return false
		}
		s = s[i+len(lit):]
	}
	return true
}

// matchSegments matches a general pattern: the first segment is anchored at the start, the
// last at the end, and each one between is placed at its leftmost possible position, which is
// optimal because the stars between them absorb any gap.
func matchSegments(segs []segment, s string, ctx *Context) bool {
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
func findSegment(seg segment, s string, i int, ctx *Context) (int, bool) {
	for i <= len(s) {
		if seg[0].lit != "" { // jump straight to the next occurrence of the leading literal
			j := strings.Index(s[i:], seg[0].lit)
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
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return 0, false
}

// matchForward matches seg against s starting at i and returns where the match ends.
func matchForward(seg segment, s string, i int, ctx *Context) (int, bool) {
	for _, p := range seg {
		switch {
		case p.lit != "":
			if !strings.HasPrefix(s[i:], p.lit) {
				return 0, false
			}
			i += len(p.lit)
		case p.anyRunes > 0:
			for range p.anyRunes {
				if i >= len(s) {
					return 0, false
				}
				_, size := utf8.DecodeRuneInString(s[i:])
				i += size
			}
		default:
			v, ok := ctx.variable(p.variable)
			if !ok || !strings.HasPrefix(s[i:], v) {
				return 0, false
			}
			i += len(v)
		}
	}
	return i, true
}

// matchBackward matches seg against s ending at end and returns where the match starts.
func matchBackward(seg segment, s string, end int, ctx *Context) (int, bool) {
	for k := len(seg) - 1; k >= 0; k-- {
		switch p := seg[k]; {
		case p.lit != "":
			if !strings.HasSuffix(s[:end], p.lit) {
				return 0, false
			}
			end -= len(p.lit)
		case p.anyRunes > 0:
			for range p.anyRunes {
				if end <= 0 {
					return 0, false
				}
				_, size := utf8.DecodeLastRuneInString(s[:end])
				end -= size
			}
		default:
			v, ok := ctx.variable(p.variable)
			if !ok || !strings.HasSuffix(s[:end], v) {
				return 0, false
			}
			end -= len(v)
		}
	}
	return end, true
}

// appendVariables appends the keys of the pattern's policy variables to keys.
func (g *glob) appendVariables(keys []string) []string {
	for _, seg := range g.segs {
		for _, p := range seg {
			if p.variable != "" {
				keys = append(keys, p.variable)
			}
		}
	}
	return keys
}
