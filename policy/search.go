package policy

import (
	"encoding/binary"
	"math/bits"
	"strings"
)

// The primitives resource patterns are matched with. Literals are short and decisions many,
// so they compare eight bytes at a time rather than call the runtime for each comparison.

// eqAt reports whether s[i:i+l] equals the literal code[o:o+l]; the caller has checked that
// i+l <= len(s). code must have codePadding bytes after the literal.
func eqAt(s string, i int, code []byte, o, l int) bool {
	switch {
	case l <= 8 && i+8 <= len(s):
		x := load8(s[i:i+8]) ^ binary.LittleEndian.Uint64(code[o:o+8])
		return x<<(64-8*l) == 0 // only the literal's bytes count (a shift by 64 gives 0)
	case l <= 8 && i+l >= 8: // near the end of s: the eight bytes that end with the literal
		a := load8(s[i+l-8:i+l]) >> (64 - 8*l)
		b := binary.LittleEndian.Uint64(code[o:o+8]) << (64 - 8*l) >> (64 - 8*l)
		return a == b
	case l > 8: // word by word, the last word overlapping the one before: a literal of an ARN
		// ("acs:ecs:*:123456789012:instance/*") is mostly a few words, for which calling
		// the runtime's memequal costs more than the comparison
		for j := 0; j < l-8; j += 8 {
			if load8(s[i+j:i+j+8]) != binary.LittleEndian.Uint64(code[o+j:o+j+8]) {
				return false
			}
		}
		return load8(s[i+l-8:i+l]) == binary.LittleEndian.Uint64(code[o+l-8:o+l])
	}
	return s[i:i+l] == string(code[o:o+l]) // compared in place: no copy
}

// eqWord reports whether the eight bytes at s[i:] and at code[o:] agree in their first
// 8-shift/8 bytes (shift is 64-8*l for a literal of l <= 8 bytes): one comparison, small
// enough to be inlined. i+8 <= len(s).
func eqWord(s string, i int, code []byte, o int, shift uint) bool {
	return (load8(s[i:])^binary.LittleEndian.Uint64(code[o:]))<<shift == 0
}

// load8 reads eight bytes of a string, little-endian; the compiler makes it one load.
func load8(w string) uint64 {
	w = w[:8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// index returns the first position of the non-empty literal code[at:at+l] in the resource's
// [from, end), or -1. The literals between the stars of ARN patterns
// ("acs:ecs:*:*:instance/*") mostly start with ":", so they are looked for at the resource's
// colons only, which the first such search finds for all the patterns of the decision.
func (r *request) index(code []byte, at, l, from, end int) int {
	s := r.resource
	if code[at] != ':' {
		for from+l <= end {
			i := strings.IndexByte(s[from:end-l+1], code[at])
			if i < 0 {
				return -1
			}
			k := from + i
			if eqAt(s, k+1, code, at+1, l-1) {
				return k
			}
			from = k + 1
		}
		return -1
	}
	if !r.colonsFound {
		r.colons, r.colonsFound = colonMask(s), true
	}
	for {
		k := r.nextColon(from)
		if k < 0 || k+l > end {
			return -1
		}
		if l <= 9 && k+9 <= len(s) { // ":" and a few more bytes, the usual case
			if eqWord(s, k+1, code, at+1, 72-8*uint(l)) {
				return k
			}
		} else if eqAt(s, k+1, code, at+1, l-1) {
			return k
		}
		from = k + 1
	}
}

// nextColon returns the position of the first colon of the resource at or after from, or -1.
func (r *request) nextColon(from int) int {
	if m := r.colons >> uint(from); m != 0 { // 0 when from >= 64
		return from + bits.TrailingZeros64(m)
	}
	return r.nextColonAfterMask(from)
}

// nextColonAfterMask is nextColon when the mask has no colon at or after from: it searches
// past the mask. It is apart so that nextColon is inlined.
func (r *request) nextColonAfterMask(from int) int {
	from = max(from, 64)
	if from >= len(r.resource) {
		return -1
	}
	if i := strings.IndexByte(r.resource[from:], ':'); i >= 0 {
		return from + i
	}
	return -1
}

// colonMask returns a mask of the colons among the first 64 bytes of s, eight bytes at a time:
// bit i is set when s[i] is ':'.
func colonMask(s string) uint64 {
	const (
		ones   = 0x0101010101010101
		low7   = 0x7f7f7f7f7f7f7f7f
		colons = ones * ':'
		gather = 0x0102040810204080 // moves the low bit of byte i to bit 56+i
	)
	s = s[:min(len(s), 64)]
	word := func(w string) uint64 { // bit i set when w[i] is ':', for eight bytes
		x := load8(w) ^ colons // a zero byte where w has ':'
		zero := ^((x&low7 + low7) | x | low7) >> 7
		return zero * gather >> 56
	}
	if len(s) < 8 {
		var m uint64
		for i := range len(s) {
			if s[i] == ':' {
				m |= 1 << i
			}
		}
		return m
	}
	// The last eight bytes as one word, overlapping the word before: no loop byte by byte.
	// The words are sliced to exactly eight bytes, which spares the bounds checks load8
	// would make of a longer string.
	m := word(s[len(s)-8:]) << (uint(len(s)-8) & 63)
	for i := 0; i < len(s)-7; i += 8 {
		m |= word(s[i:i+8]) << (uint(i) & 63)
	}
	return m
}
