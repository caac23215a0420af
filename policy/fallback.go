package policy

import (
	"bytes"
	"strings"
)

// record is a fallback candidate: a statement that may match an action no statement of the
// layer names literally, with the test that decides it. Under a service key ("ecs:") the
// service is known to match, so the commonest patterns ("ecs:Describe*", "ecs:*Instances",
// "ecs:*Vpc*", "ecs:*") become a test of the name after the colon with the literal stored in
// the record itself; anything else (a "?", several inner stars, NotAction, a wildcard service)
// tests the statement's own patterns actionGlb[lo:hi], matching when one does or, for
// NotAction, when none does. A statement with several patterns for a service has one record
// per pattern, next to each other.
//
// In a table a record is: slot, code offset, kind | arg<<8, then the kind's data: nothing (recAny), the
// literal (recPrefix, recSuffix, recInfix: arg is its length), the first literal then the
// length and bytes of the second (recPrefixSuffix), or hi (recGeneral: arg is lo).
type record struct {
	stmt      stmtRef
	kind      recKind
	lit, lit2 string
	lo, hi    int
}

type recKind uint8

const (
	recGeneral recKind = iota
	recAny
	recPrefix
	recSuffix
	recInfix
	recPrefixSuffix
)

// serviceRecord is the record for pattern i of s, a pattern of the service svc.
func serviceRecord(s stmtRef, i int, svc string) record {
	c := s.c
	r := record{stmt: s, kind: recGeneral, lo: i, hi: i + 1}
	if c.notAction {
		return r
	}
	name := compileGlob(strings.TrimPrefix(c.actions[i], svc), false) // after "ecs:"
	switch name.kind {
	case globAny:
		r.kind = recAny
	case globPrefix:
		r.kind, r.lit = recPrefix, name.lit
	case globSuffix:
		r.kind, r.lit = recSuffix, name.lit
	case globInfix:
		r.kind, r.lit = recInfix, name.lit
	case globPrefixSuffix:
		r.kind, r.lit, r.lit2 = recPrefixSuffix, name.lit, name.lit2
	}
	return r
}

// globalRecord is the record of a statement that can match actions of any service.
func globalRecord(s stmtRef) record {
	c := s.c
	r := record{stmt: s, kind: recGeneral, lo: c.nLiteral, hi: len(c.actions)}
	if !c.notAction && r.hi == r.lo+1 && c.actionGlb[r.lo].kind == globAny {
		r.kind = recAny // "*"
	}
	return r
}

func (w *tableBuilder) record(r *record) {
	arg := len(r.lit)
	if r.kind == recGeneral {
		arg = r.lo
	}
	w.u32(uint32(r.stmt.slot))
	w.u32(uint32(r.stmt.code))
	w.u32(uint32(r.kind) | uint32(arg)<<8)
	switch r.kind {
	case recPrefix, recSuffix, recInfix:
		w.str(r.lit)
	case recPrefixSuffix:
		w.str(r.lit)
		w.u32(uint32(len(r.lit2)))
		w.str(r.lit2)
	case recGeneral:
		w.u32(uint32(r.hi))
	}
}

// evaluateRecords tests the count records at the start of b against the request's action and applies the
// statements that match, each once.
func (l *layer) evaluateRecords(b []byte, count int, r *request, d *Decision) (allowed, denied bool) {
	off := 0
	name := r.action[len(r.service):]
	matchedSlot, matchedCode := -1, -1 // a statement's later records need no test once one has matched
	for ; count > 0; count-- {
		slot, code, info := int(u32(b, off)), int(u32(b, off+4)), u32(b, off+8)
		off += 12
		arg := int(info >> 8)
		var ok bool
		switch recKind(info & 0xff) {
		case recAny:
			ok = true
		case recPrefix:
			ok = bytes.HasPrefix(name, b[off:off+arg])
			off += pad4(arg)
		case recSuffix:
			ok = bytes.HasSuffix(name, b[off:off+arg])
			off += pad4(arg)
		case recInfix:
			ok = bytes.Contains(name, b[off:off+arg])
			off += pad4(arg)
		case recPrefixSuffix:
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
