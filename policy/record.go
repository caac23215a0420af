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
//	u8  number of resource patterns (0 with recAnyResource)
//	u16 reserved
//	patterns, each: u8 kind, then
//	  patExact, patPrefix, patSuffix, patInfix: u16 length, the literal
//	  patPrefixSuffix: u16 length of each literal, both literals
//	  patLiterals: u16 length of the first and last literal, u8 count of the ones between and
//	    a u16 length for each, then the literals in order (see glob.matchLiterals)
//	  patAny: nothing
//	  patGlob: u8 the pattern's index in the statement's resources (the compiled glob decides:
//	    "?", variables, or literals too long for a u16)
//
// Records start at offsets that are multiples of 4.
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

const recHeader = 8

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
	nres := len(c.resources)
	if c.anyResource || nres > 255 {
		if !c.anyResource {
			flags |= recResGlobs
		}
		nres = 0
	}
	code = binary.LittleEndian.AppendUint32(code, uint32(index))
	code = append(code, flags, byte(nres), 0, 0)
	if c.anyResource || len(c.resources) > 255 {
		return pad(code)
	}
	for i := range c.resources {
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
	fits := func(ss ...string) bool {
		for _, s := range ss {
			if len(s) > 1<<16-1 {
				return false
			}
		}
		return true
	}
	u16 := binary.LittleEndian.AppendUint16
	switch g.kind {
	case globExact, globPrefix, globSuffix, globInfix:
		if fits(g.lit) {
			kind := byte(patExact)
			switch g.kind {
			case globPrefix:
				kind = patPrefix
			case globSuffix:
				kind = patSuffix
			case globInfix:
				kind = patInfix
			}
			return append(u16(append(code, kind), uint16(len(g.lit))), g.lit...)
		}
	case globPrefixSuffix:
		if fits(g.lit, g.lit2) {
			code = u16(u16(append(code, patPrefixSuffix), uint16(len(g.lit))), uint16(len(g.lit2)))
			return append(append(code, g.lit...), g.lit2...)
		}
	case globLiterals:
		mids := strings.Split(g.mid, "*")
		if len(mids) <= 255 && fits(append(mids, g.lit, g.lit2)...) {
			code = u16(u16(append(code, patLiterals), uint16(len(g.lit))), uint16(len(g.lit2)))
			code = append(code, byte(len(mids)))
			for _, m := range mids {
				code = u16(code, uint16(len(m)))
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

// recordMatchesResource reports whether one of the resource patterns of p's record at off
// matches the request's resource.
func recordMatchesResource(p *Policy, off int, r *request) bool {
	code, s := p.code, r.resource
	rec := off
	n := int(code[off+5])
	off += recHeader
	for ; n > 0; n-- {
		kind := code[off]
		off++
		switch kind {
		case patAny:
			return true
		case patGlob:
			if p.compiled[u32(code, rec)].resources[code[off]].match(s, r.ctx) {
				return true
			}
			off++
			continue
		case patPrefixSuffix:
			n1, n2 := int(u16(code, off)), int(u16(code, off+2))
			off += 4
			lit, lit2 := code[off:off+n1], code[off+n1:off+n1+n2]
			off += n1 + n2
			if len(s) >= n1+n2 && s[:n1] == string(lit) && s[len(s)-n2:] == string(lit2) {
				return true
			}
			continue
		case patLiterals:
			var ok bool
			if ok, off = matchLiteralsCode(code, off, s); ok {
				return true
			}
			continue
		}
		l := int(u16(code, off))
		lit := code[off+2 : off+2+l]
		off += 2 + l
		var ok bool
		switch kind {
		case patExact:
			ok = s == string(lit)
		case patPrefix:
			ok = len(s) >= l && s[:l] == string(lit)
		case patSuffix:
			ok = len(s) >= l && s[len(s)-l:] == string(lit)
		default: // patInfix
			ok = indexLit(s, 0, len(s), lit) >= 0
		}
		if ok {
			return true
		}
	}
	return false
}

// matchLiteralsCode matches a patLiterals pattern at off (after its kind) and returns the
// offset of the next pattern.
func matchLiteralsCode(code []byte, off int, s string) (bool, int) {
	n1, n2, nm := int(u16(code, off)), int(u16(code, off+2)), int(code[off+4])
	lens := off + 5
	lits := lens + 2*nm
	next := lits + n1 + n2
	for i := range nm {
		next += int(u16(code, lens+2*i))
	}
	first, last := code[lits:lits+n1], code[next-n2:next]
	if len(s) < n1+n2 || s[:n1] != string(first) || s[len(s)-n2:] != string(last) {
		return false, next
	}
	from, end := n1, len(s)-n2
	at := lits + n1
	for i := range nm {
		l := int(u16(code, lens+2*i))
		k := indexLit(s, from, end, code[at:at+l])
		if k < 0 {
			return false, next
		}
		from, at = k+l, at+l
	}
	return true, next
}

// indexLit returns the first position of lit in s[from:end], as a position in s, or -1. It
// looks for lit's first byte and compares the rest: the literals between stars of ARN patterns
// mostly start with ":", and an ARN has few colons.
func indexLit(s string, from, end int, lit []byte) int {
	for from+len(lit) <= end {
		i := strings.IndexByte(s[from:end-len(lit)+1], lit[0])
		if i < 0 {
			return -1
		}
		k := from + i
		if s[k+1:k+len(lit)] == string(lit[1:]) { // compared in place: no copy
			return k
		}
		from = k + 1
	}
	return -1
}

func u16(b []byte, off int) uint16 { return binary.LittleEndian.Uint16(b[off:]) }
