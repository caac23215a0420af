package policy

import "strings"

// glob is a compiled pattern in which "*" matches any run of characters (including ":" and
// "/") and "?" exactly one character (rune). The common shapes (exact, prefix*, *suffix,
// *infix*, pre*suf, *) are recognised at compile time and matched with a single string
// operation, and patterns with stars but no "?" (most ARN patterns, such as
// "acs:ecs:*:123:instance/*") as literals found left to right; only patterns with "?" or
// variables go through the general segment matcher.
//
// In Resource patterns a glob may also hold policy variables, "${key}", which stand for the
// request's single value of that condition key, matched literally (a "*" in a user name is
// not a wildcard).
type glob struct {
	lit  string   // exact, prefix, suffix, infix; the first literal of prefixSuffix and literals
	lit2 string   // the last literal of prefixSuffix and literals; may be empty for literals
	mid  string   // literals: the non-empty literals between the first and last, joined by "*"
	gen  *general // general
	kind globKind
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

// general is a pattern with "?" or variables, split at each run of "*".
type general struct{ segs []segment }

// segment is a star-free stretch of a general pattern.
type segment []part

// part is a literal, a run of "?" or a variable: exactly one field is set.
type part struct {
	lit      string
	anyRunes int
	variable string // the condition key, lower-cased
}

// compileGlob compiles pattern. With vars, "${key}" is a policy variable; the parser has
// already checked that every "${" is closed and names a key.
func compileGlob(pattern string, vars bool) glob {
	if strings.ContainsRune(pattern, '?') || vars && strings.Contains(pattern, "${") {
		return glob{kind: globGeneral, gen: &general{splitGlob(pattern, vars)}}
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
	return glob{kind: globLiterals, lit: lits[0], lit2: lits[len(lits)-1],
		mid: strings.Join(lits[1:len(lits)-1], "*")}
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
// when the pattern has none. This is the case-sensitive matcher of resources, principals and
// StringLike; matchLower matches lower-cased action names.
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
		return g.matchLiterals(s)
	}
	return matchSegments(g.gen.segs, s, ctx)
}

// matchLiterals matches a star-separated list of literals: the first anchored at the start,
// the last at the end, each one between at its leftmost place in what remains, which is
// optimal because the stars between them absorb any gap.
func (g *glob) matchLiterals(s string) bool {
	first, last := g.lit, g.lit2
	if len(s) < len(first)+len(last) || s[:len(first)] != first || s[len(s)-len(last):] != last {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for m := g.mid; ; {
		lit, rest, more := cutStar(m)
		var i int
		if len(lit) == 1 { // ":" in ARN patterns such as "acs:ecs:*:*:*"
			i = strings.IndexByte(s, lit[0])
		} else {
			i = strings.Index(s, lit)
		}
		if i < 0 {
			return false
		}
		if !more {
			return true
		}
		s, m = s[i+len(lit):], rest
	}
}

// cutStar splits a glob's mid at its first "*". Mids are short, so a loop beats a call.
func cutStar(m string) (lit, rest string, more bool) {
	for i := 0; i < len(m); i++ {
		if m[i] == '*' {
			return m[:i], m[i+1:], true
		}
	}
	return m, "", false
}

// appendVariables appends the keys of the pattern's policy variables to keys.
func (g *glob) appendVariables(keys []string) []string {
	if g.gen == nil {
		return keys
	}
	for _, seg := range g.gen.segs {
		for _, p := range seg {
			if p.variable != "" {
				keys = append(keys, p.variable)
			}
		}
	}
	return keys
}
