package policy

import "github.com/go-json-experiment/json/jsontext"

// checkFunc validates one string of a list, reporting problems at off and ptr.
type checkFunc func(v string, off int64, ptr *pointer)

// stringList reads a string or a non-empty array of strings, the form every multi-valued
// element takes. what names the element in messages. It returns a non-nil slice whenever the
// element is present, even when some of its values are bad.
func (p *parser) stringList(ptr *pointer, what string, check checkFunc) []string {
	switch p.peek() {
	case 0:
		return nil
	case '"':
		v, off := p.readString()
		if !p.stop {
			check(v, off, ptr)
		}
		return []string{v}
	case '[':
		list := []string{}
		start, n := p.array(ptr, func(_ int, eptr *pointer) {
			if p.peek() != '"' {
				p.wrongType(eptr, "a string")
				return
			}
			v, off := p.readString()
			if !p.stop {
				check(v, off, eptr)
				list = append(list, v)
			}
		})
		if n == 0 && !p.stop {
			p.report(start, ptr, CodeEmpty, "%s must not be an empty list", what)
		}
		return list
	}
	p.wrongType(ptr, "a string or an array of strings")
	return []string{}
}

// wrongType reports that the next value has the wrong JSON type where a string belongs, and
// consumes it. A number or boolean gets a hint: every value in a policy is a string.
func (p *parser) wrongType(ptr *pointer, want string) { p.mismatch(ptr, want, true) }

// wrongShape reports that the next value has the wrong JSON type where an object, an array or
// one of a few fixed words belongs, and consumes it. Quoting a number or boolean would not make
// it right, so there is no hint.
func (p *parser) wrongShape(ptr *pointer, want string) { p.mismatch(ptr, want, false) }

func (p *parser) mismatch(ptr *pointer, want string, quote bool) {
	off := p.nextOffset()
	switch k := p.peek(); k {
	case 0:
	case '0', 't', 'f':
		raw, _ := p.readScalar()
		if p.stop {
			return
		}
		if !quote {
			p.report(off, ptr, CodeInvalidType, "want %s, not the %s %s", want, kindWord(k), raw)
			return
		}
		p.report(off, ptr, CodeInvalidType, "want %s, not the %s %s: policy values are strings, so write %q",
			want, kindWord(k), raw, string(raw))
	default:
		if p.skip(); p.stop {
			return
		}
		p.report(off, ptr, CodeInvalidType, "want %s, not %s", want, describe(k))
	}
}

func kindWord(k jsontext.Kind) string {
	if k == '0' {
		return "number"
	}
	return "boolean"
}

// nonEmpty is the check for values that must say something.
func (p *parser) nonEmpty(what string) checkFunc {
	return func(v string, off int64, ptr *pointer) {
		if v == "" {
			p.report(off, ptr, CodeEmpty, "%s must not be empty", what)
		}
	}
}
