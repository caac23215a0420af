package policy

import (
	"errors"
	"io"
	"strings"
)

// document parses the top-level object: Version and Statement.
func (p *parser) document() []Statement {
	if p.opts.kind > Session {
		p.report(0, nil, CodeInvalidValue, "unknown policy kind %v", p.opts.kind)
		return nil
	}
	if p.tooLong() {
		return nil
	}
	p.dec = newDecoder(p.doc)
	if k := p.peek(); k != '{' {
		if !p.stop {
			p.wrongShape(nil, "a policy document (a JSON object)")
		}
		return nil
	}
	var stmts []Statement
	var hasVersion, hasStatement bool
	m := missing{}
	start := p.object(nil, func(name string, off int64, ptr *pointer) {
		switch name {
		case "Version":
			hasVersion = true
			p.version(ptr)
		case "Statement":
			hasStatement = true
			stmts = p.statements(ptr)
		default:
			m.unknown(p, name, off, ptr, []string{"Version", "Statement"})
		}
	})
	if p.stop {
		return stmts
	}
	m.require(p, start, nil, hasVersion, "Version")
	m.require(p, start, nil, hasStatement, "Statement")
	if k := p.dec.PeekKind(); k != 0 {
		p.report(p.nextOffset(), nil, CodeSyntax, "unexpected data after the policy document")
	} else if _, err := p.dec.ReadToken(); err != nil && !errors.Is(err, io.EOF) {
		p.syntax(err)
	}
	return stmts
}

func (p *parser) version(ptr *pointer) {
	off := p.nextOffset()
	switch k := p.peek(); k {
	case '"':
		if v, _ := p.readString(); v != "1" && !p.stop {
			p.report(off, ptr, CodeInvalidValue, "invalid value %q: want \"1\"", v)
		}
	case '0':
		raw, _ := p.readScalar()
		p.report(off, ptr, CodeInvalidType, "Version must be the string \"1\", not the number %s: quote it", raw)
	default:
		p.wrongType(ptr, `the string "1"`)
	}
}

// statements parses Statement: an array of statements, or a single statement object.
func (p *parser) statements(ptr *pointer) []Statement {
	switch p.peek() {
	case '{':
		if s, ok := p.statement(ptr); ok {
			return []Statement{s}
		}
		return nil
	case '[':
		var stmts []Statement
		limit := p.opts.maxStatements
		start, n := p.array(ptr, func(i int, sptr *pointer) {
			switch {
			case limit > 0 && i == limit:
				p.report(p.nextOffset(), sptr, CodeTooManyStatements, "more than %d statements", limit)
				p.skip()
			case limit > 0 && i > limit:
				p.skip()
			default:
				if s, ok := p.statement(sptr); ok {
					stmts = append(stmts, s)
				}
			}
		})
		if n == 0 && !p.stop {
			p.report(start, ptr, CodeEmpty, "Statement must not be an empty list")
		}
		return stmts
	case 0:
		return nil
	}
	p.wrongShape(ptr, "a statement object or an array of them")
	return nil
}

// otherElements lists the statement elements that only other kinds than kind may have.
func otherElements(kind Kind) []string {
	if kind == Trust {
		return []string{"Resource", "NotResource"}
	}
	return []string{"Principal"}
}

// notAllowed says why element, one of otherElements(kind), is not allowed in a policy of kind.
func notAllowed(kind Kind, element string) string {
	if kind == Trust {
		return element + " is not allowed in a trust policy: it applies to the role itself"
	}
	return "Principal is allowed only in trust policies, not in " + kind.String() + " policies"
}

// statementElements lists the elements a statement of kind may have, for suggestions.
func statementElements(kind Kind) []string {
	if kind == Trust {
		return []string{"Sid", "Effect", "Action", "NotAction", "Principal", "Condition"}
	}
	return []string{"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}
}

// statement parses one statement object; ok is false when it is not an object.
func (p *parser) statement(ptr *pointer) (s Statement, ok bool) {
	if p.peek() != '{' {
		p.wrongShape(ptr, "a statement object")
		return s, false
	}
	trust := p.opts.kind == Trust
	seen := map[string]int64{} // element -> offset of its name
	m := missing{}
	start := p.object(ptr, func(name string, off int64, mptr *pointer) {
		seen[name] = off
		switch name {
		case "Sid":
			if p.peek() != '"' {
				p.wrongType(mptr, "a string")
				return
			}
			s.Sid, _ = p.readString()
		case "Effect":
			s.Effect = p.effect(mptr)
		case "Action":
			s.Action = p.stringList(mptr, name, p.checkAction)
		case "NotAction":
			s.NotAction = p.stringList(mptr, name, p.checkAction)
		case "Resource", "NotResource":
			if trust {
				p.report(off, mptr, CodeElementNotAllowed, "%s", notAllowed(p.opts.kind, name))
				p.skip()
				return
			}
			list := p.stringList(mptr, name, p.checkResource)
			if name == "Resource" {
				s.Resource = list
			} else {
				s.NotResource = list
			}
		case "Principal":
			if !trust {
				p.report(off, mptr, CodeElementNotAllowed, "%s", notAllowed(p.opts.kind, name))
				p.skip()
				return
			}
			s.Principal = p.principal(mptr)
		case "Condition":
			s.Conditions = p.conditions(mptr)
		default:
			delete(seen, name)
			valid := statementElements(p.opts.kind)
			if e := suggest(name, otherElements(p.opts.kind)); e != "" && suggest(name, valid) == "" {
				// "Principle" in an identity policy: the closest element is one another kind has
				p.report(off, mptr, CodeUnknownElement, "unknown element %q: did you mean %q? %s", name, e, notAllowed(p.opts.kind, e))
				p.skip()
				return
			}
			m.unknown(p, name, off, mptr, valid)
		}
	})
	if p.stop {
		return s, true
	}
	_, hasEffect := seen["Effect"]
	m.require(p, start, ptr, hasEffect, "Effect")
	p.either(seen, ptr, start, &m, "Action", "NotAction")
	if trust {
		_, hasPrincipal := seen["Principal"]
		m.require(p, start, ptr, hasPrincipal, "Principal")
	} else {
		p.either(seen, ptr, start, &m, "Resource", "NotResource")
	}
	return s, true
}

// either checks an exactly-one-of pair of elements.
func (p *parser) either(seen map[string]int64, ptr *pointer, start int64, m *missing, a, b string) {
	offA, hasA := seen[a]
	offB, hasB := seen[b]
	switch {
	case hasA && hasB:
		name, off := b, offB
		if offA > offB {
			name, off = a, offA
		}
		p.report(off, ptr.key(name), CodeConflictingElements, "a statement has either %s or %s, not both", a, b)
	case !hasA && !hasB && !m.suggested[a] && !m.suggested[b]:
		p.report(start, ptr, CodeMissingElement, "missing element %q (or %q)", a, b)
	}
}

func (p *parser) effect(ptr *pointer) Effect {
	if p.peek() != '"' {
		p.wrongShape(ptr, `"Allow" or "Deny"`)
		return 0
	}
	v, off := p.readString()
	switch v {
	case "Allow":
		return Allow
	case "Deny":
		return Deny
	}
	if !p.stop {
		p.report(off, ptr, CodeInvalidValue, "invalid value %q: want \"Allow\" or \"Deny\"", v)
	}
	return 0
}

// checkAction accepts "*" (or any run of stars) and "<service>:<action>" patterns.
func (p *parser) checkAction(v string, off int64, ptr *pointer) {
	switch svc, name, ok := strings.Cut(v, ":"); {
	case v == "":
		p.report(off, ptr, CodeEmpty, "an action must not be empty")
	case strings.Trim(v, "*") == "":
	case !ok || svc == "" || name == "":
		p.report(off, ptr, CodeInvalidValue, "invalid action %q: want \"<service>:<action>\", such as \"ecs:DescribeInstances\", or \"*\"", v)
	}
}

// checkResource accepts any non-empty pattern whose policy variables are well formed.
func (p *parser) checkResource(v string, off int64, ptr *pointer) {
	if v == "" {
		p.report(off, ptr, CodeEmpty, "a resource must not be empty")
		return
	}
	for rest := v; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return
		}
		end := strings.IndexByte(rest[i:], '}')
		switch {
		case end < 0:
			p.report(off, ptr, CodeInvalidValue, "invalid resource %q: policy variable %q has no closing \"}\"", v, rest[i:])
			return
		case end == 2:
			p.report(off, ptr, CodeInvalidValue, "invalid resource %q: empty policy variable \"${}\"", v)
			return
		}
		rest = rest[i+end+1:]
	}
}

// missing tracks, for one object, the elements that unknown names were taken to be typos of,
// so that a misspelt required element is reported once, as a typo, and not also as missing.
type missing struct {
	suggested map[string]bool
}

func (m *missing) unknown(p *parser, name string, off int64, ptr *pointer, valid []string) {
	s := suggest(name, valid)
	if s != "" {
		if m.suggested == nil {
			m.suggested = map[string]bool{}
		}
		m.suggested[s] = true
		p.report(off, ptr, CodeUnknownElement, "unknown element %q: did you mean %q?", name, s)
	} else {
		p.report(off, ptr, CodeUnknownElement, "unknown element %q: want one of %s", name, quoteList(valid))
	}
	p.skip()
}

func (m *missing) require(p *parser, start int64, ptr *pointer, present bool, name string) {
	if !present && !m.suggested[name] {
		p.report(start, ptr, CodeMissingElement, "missing element %q", name)
	}
}

func quoteList(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"` + w + `"`)
	}
	return b.String()
}
