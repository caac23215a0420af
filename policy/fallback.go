package policy

import (
	"bytes"
	"strings"
)

// fallback is a fallback candidate: a statement that may match an action no statement of the
// layer names literally, with the test that decides it. Under a service key ("ecs:") the
// service is known to match, so the commonest patterns ("ecs:Describe*", "ecs:*Instances",
// "ecs:*Vpc*", "ecs:*") become a test of the name after the colon with the literal stored in
// the fallback itself; anything else (a "?", several inner stars, NotAction, a wildcard service)
// tests the statement's own patterns actionGlb[lo:hi], matching when one does or, for
// NotAction, when none does. A statement with several patterns for a service has one fallback
// per pattern, next to each other.
//
// In a table a fallback is: slot, code offset, kind | arg<<8, then the kind's data: nothing
// (fbAny), the literal (fbPrefix, fbSuffix, fbInfix: arg is its length), the first literal
// then the length and bytes of the second (fbPrefixSuffix), or hi (fbGeneral: arg is lo).
type fallback struct {
	stmt      stmtRef
	kind      fallbackKind
	lit, lit2 string
	lo, hi    int
}

type fallbackKind uint8

const (
	fbGeneral fallbackKind = iota
	fbAny
	fbPrefix
	fbSuffix
	fbInfix
	fbPrefixSuffix
)

// serviceFallback is the fallback for pattern i of s, a pattern of the service svc.
func serviceFallback(s stmtRef, i int, svc string) fallback {
	c := s.c
	r := fallback{stmt: s, kind: fbGeneral, lo: i, hi: i + 1}
	if c.notAction {
		return r
	}
	name := compileGlob(strings.TrimPrefix(c.actions[i], svc), false) // after "ecs:"
	switch name.kind {
	case globAny:
		r.kind = fbAny
	case globPrefix:
		r.kind, r.lit = fbPrefix, name.lit
	case globSuffix:
		r.kind, r.lit = fbSuffix, name.lit
	case globInfix:
		r.kind, r.lit = fbInfix, name.lit
	case globPrefixSuffix:
		r.kind, r.lit, r.lit2 = fbPrefixSuffix, name.lit, name.lit2
	}
	return r
}

// globalFallback is the fallback of a statement that can match actions of any service.
func globalFallback(s stmtRef) fallback {
	c := s.c
	r := fallback{stmt: s, kind: fbGeneral, lo: c.nLiteral, hi: len(c.actions)}
	if !c.notAction && r.hi == r.lo+1 && c.actionGlb[r.lo].kind == globAny {
		r.kind = fbAny // "*"
	}
	return r
}

func (w *tableBuilder) fallback(r *fallback) {
	arg := len(r.lit)
	if r.kind == fbGeneral {
		arg = r.lo
	}
	w.u32(uint32(r.stmt.slot))
	w.u32(uint32(r.stmt.code))
	w.u32(uint32(r.kind) | uint32(arg)<<8)
	switch r.kind {
	case fbPrefix, fbSuffix, fbInfix:
		w.str(r.lit)
	case fbPrefixSuffix:
		w.str(r.lit)
		w.u32(uint32(len(r.lit2)))
		w.str(r.lit2)
	case fbGeneral:
		w.u32(uint32(r.hi))
	}
}

// evaluateFallbacks tests the count fallbacks at the start of b against the request's action
// and applies the statements that match, each once.
func (l *layer) evaluateFallbacks(b []byte, count int, r *request, d *Decision) (allowed, denied bool) {
	off := 0
	name := r.action[len(r.service):]
	matchedSlot, matchedCode := -1, -1 // a statement's later fallbacks need no test once one has matched
	for ; count > 0; count-- {
		slot, code, info := int(u32(b, off)), int(u32(b, off+4)), u32(b, off+8)
		off += 12
		arg := int(info >> 8)
		var ok bool
		switch fallbackKind(info & 0xff) {
		case fbAny:
			ok = true
		case fbPrefix:
			ok = bytes.HasPrefix(name, b[off:off+arg])
			off += pad4(arg)
		case fbSuffix:
			ok = bytes.HasSuffix(name, b[off:off+arg])
			off += pad4(arg)
		case fbInfix:
			ok = bytes.Contains(name, b[off:off+arg])
			off += pad4(arg)
		case fbPrefixSuffix:
			lit := b[off : off+arg]
			off += pad4(arg)
			n := int(u32(b, off))
			lit2 := b[off+4 : off+4+n]
			off += 4 + pad4(n)
			ok = len(name) >= len(lit)+len(lit2) && bytes.HasPrefix(name, lit) && bytes.HasSuffix(name, lit2)
		default:
			hi := int(u32(b, off))
			off += 4
			if slot != matchedSlot || code != matchedCode {
				p := l.pols[slot]
				ok = p.compiled[u32(p.code, code)].matchesActions(r.action, arg, hi)
			}
		}
		if ok && (slot != matchedSlot || code != matchedCode) {
			matchedSlot, matchedCode = slot, code
			l.apply(slot, code, r, d, &allowed, &denied)
		}
	}
	return allowed, denied
}
