package policy

import (
	"encoding/binary"
	"strings"
)

// A policy's code holds one record per statement: what a decision reads of a statement whose
// action matched, with the literals of its resource patterns inline, so that a candidate costs
// about one cache line instead of a statement, its globs and their strings scattered over the
// heap. A decision for a principal whose policies have left the CPU cache pays for each line.
//
// A record is:
//
//	u32 statement index
//	u8  flags (see recDeny...)
//	u8  number of resource patterns (0 with recAnyResource or recResGlobs)
//	u16 reserved
//	patterns, each: u8 kind, then
//	  patExact, patPrefix, patSuffix, patInfix: u8 length, the literal
//	  patPrefixSuffix: u8 length of each literal, both literals
//	  patLiterals: u8 length of the first and of the last literal, u8 count of the ones
//	    between and a u8 length for each, then the literals in order (see glob.matchLiterals)
//	  patAny: nothing
//	  patGlob: u8 the pattern's index in the statement's resources (the compiled glob decides:
//	    "?", variables, literals longer than 255 bytes)
//
// Records start at offsets that are multiples of 4, and the code ends with codePadding zero
// bytes, so that a literal can be loaded eight bytes at a time (see eqAt).
const (
	recDeny        = 1 << iota
	recNotResource // the patterns are NotResource
	recAnyResource // no resource test ("Resource": "*", trust policies)
	recSlow        // vars, principal or conditions: consult the compiledStatement
	recResGlobs    // more than 255 resource patterns: the compiledStatement's globs decide
)

const (
	patExact = iota
	patPrefix
	patSuffix
	patInfix
	patPrefixSuffix
	patLiterals
	patAny
	patGlob
)

const (
	recHeader   = 8
	codePadding = 8
)

// appendRecord appends c's record to code.
func appendRecord(code []byte, index int, c *compiledStatement) []byte {
	var flags byte
	if c.effect == Deny {
		flags |= recDeny
	}
	if c.notResource {
		flags |= recNotResource
	}
	if c.anyResource {
		flags |= recAnyResource
	}
	if len(c.vars) > 0 || c.principal != nil || len(c.conditions) > 0 {
		flags |= recSlow
	}
	inline := !c.anyResource && len(c.resources) <= 255
	if !c.anyResource && !inline {
		flags |= recResGlobs
	}
	nres := 0
	if inline {
		nres = len(c.resources)
	}
	code = binary.LittleEndian.AppendUint32(code, uint32(index))
	code = append(code, flags, byte(nres), 0, 0)
	for i := range nres {
		code = appendPattern(code, i, &c.resources[i])
	}
	return pad(code)
}

func pad(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func appendPattern(code []byte, i int, g *glob) []byte {
	short := func(ss ...string) bool {
		for _, s := range ss {
			if len(s) > 255 {
				return false
			}
		}
		return true
	}
	switch g.kind {
	case globExact, globPrefix, globSuffix, globInfix:
		if short(g.lit) {
			kind := byte(patExact)
			switch g.kind {
			case globPrefix:
				kind = patPrefix
			case globSuffix:
				kind = patSuffix
			case globInfix:
				kind = patInfix
			}
			return append(append(code, kind, byte(len(g.lit))), g.lit...)
		}
	case globPrefixSuffix:
		if short(g.lit, g.lit2) {
			code = append(code, patPrefixSuffix, byte(len(g.lit)), byte(len(g.lit2)))
			return append(append(code, g.lit...), g.lit2...)
		}
	case globLiterals:
		mids := strings.Split(g.mid, "*")
		if len(mids) <= 255 && short(append(mids, g.lit, g.lit2)...) {
			code = append(code, patLiterals, byte(len(g.lit)), byte(len(g.lit2)), byte(len(mids)))
			for _, m := range mids {
				code = append(code, byte(len(m)))
			}
			code = append(code, g.lit...)
			for _, m := range mids {
				code = append(code, m...)
			}
			return append(code, g.lit2...)
		}
	case globAny:
		return append(code, patAny)
	}
	return append(code, patGlob, byte(i))
}

// matchesResource reports whether one of the resource patterns of p's record at rec matches
// the request's resource.
func (r *request) matchesResource(p *Policy, rec int) bool {
	code, s := p.code, r.resource
	off := rec + recHeader
	for n := code[rec+5]; n > 0; n-- {
		kind, l := code[off], int(code[off+1])
		switch kind {
		case patExact:
			if len(s) == l && eqAt(s, 0, code, off+2, l) {
				return true
			}
		case patPrefix:
			if l <= 8 && len(s) >= 8 {
				if eqWord(s, 0, code, off+2, 64-8*uint(l)) {
					return true
				}
			} else if len(s) >= l && eqAt(s, 0, code, off+2, l) {
				return true
			}
		case patSuffix:
			if len(s) >= l && eqAt(s, len(s)-l, code, off+2, l) {
				return true
			}
		case patInfix:
			if r.index(code, off+2, l, 0, len(s)) >= 0 {
				return true
			}
		case patPrefixSuffix:
			l2 := int(code[off+2])
			if len(s) >= l+l2 && eqAt(s, 0, code, off+3, l) && eqAt(s, len(s)-l2, code, off+3+l, l2) {
				return true
			}
			off += 3 + l + l2
			continue
		case patLiterals:
			ok, next := r.matchLiterals(code, off)
			if ok {
				return true
			}
			off = next
			continue
		case patAny:
			return true
		default: // patGlob
			if p.compiled[u32(code, rec)].resources[l].match(s, r.ctx) {
				return true
			}
		}
		off += 2 + l
	}
	return false
}

// matchLiterals matches a patLiterals pattern at off against the request's resource: the first
// literal anchored at the start, the last at the end, each one between at its leftmost place
// in what remains, which is optimal because the stars between them absorb any gap. It returns
// the offset of the next pattern too.
func (r *request) matchLiterals(code []byte, off int) (bool, int) {
	n1, n2, nm := int(code[off+1]), int(code[off+2]), int(code[off+3])
	lens := off + 4
	at := lens + nm // the first literal
	end := at + n1
	for i := lens; i < at; i++ {
		end += int(code[i])
	}
	next := end + n2
	s := r.resource
	if len(s) < n1+n2 {
		return false, next
	}
	if n1 <= 8 && len(s) >= 8 { // the common "acs:ecs:" and "acs:"
		if !eqWord(s, 0, code, at, 64-8*uint(n1)) {
			return false, next
		}
	} else if !eqAt(s, 0, code, at, n1) {
		return false, next
	}
	if n2 > 0 && !eqAt(s, len(s)-n2, code, end, n2) {
		return false, next
	}
	from, limit := n1, len(s)-n2
	at += n1
	for i := lens; i < lens+nm; i++ {
		l := int(code[i])
		k := r.index(code, at, l, from, limit)
		if k < 0 {
			return false, next
		}
		from, at = k+l, at+l
	}
	return true, next
}
