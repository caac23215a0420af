package policy

import (
	"encoding/binary"
	"strings"
)

// maxLowered is the longest action (or service principal) lower-cased on the stack; longer
// ones are lower-cased on the heap.
const maxLowered = 128 // a multiple of 8

// lower returns s lower-cased the way strings.ToLower does it (the function that lower-cases
// policy patterns, so both sides agree), as bytes, and the same bytes followed by zeros to a
// multiple of eight: in buf, which must be all zeros, when s is ASCII and fits, which is the
// common case and allocates nothing, and on the heap otherwise.
func lower(buf *[maxLowered]byte, s string) (lowered, padded []byte) {
	if b, ok := lowerASCII(buf, s); ok {
		return b, buf[:(len(b)+7)&^7]
	}
	l := strings.ToLower(s)
	b := make([]byte, (len(l)+7)&^7)
	copy(b, l)
	return b[:len(l)], b
}

// lowerASCII lower-cases an ASCII s into buf, eight bytes at a time: a request's action is
// lower-cased on every decision. The last eight bytes are done as one word, overlapping the
// word before, instead of byte by byte. It reports false when s is too long or not ASCII.
func lowerASCII(buf *[maxLowered]byte, s string) ([]byte, bool) {
	n := len(s)
	if n > len(buf) {
		return nil, false
	}
	if n < 8 {
		for i := range n {
			c := s[i]
			if c >= 0x80 {
				return nil, false
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		return buf[:n], true
	}
	for i := 0; ; i += 8 {
		if i > n-8 {
			i = n - 8 // the last word, overlapping
		}
		v, ok := lowerWord(load8(s[i:]))
		if !ok {
			return nil, false
		}
		binary.LittleEndian.PutUint64(buf[i:], v)
		if i == n-8 {
			return buf[:n], true
		}
	}
}

// lowerWord lower-cases eight ASCII bytes; it reports false if one is not ASCII.
func lowerWord(v uint64) (uint64, bool) {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	// With every byte below 0x80, adding per byte cannot carry into the next one: a byte's
	// high bit ends up set when it is >= 'A', and when it is > 'Z'.
	atLeastA := v + ones*(0x80-'A')
	aboveZ := v + ones*(0x80-'Z'-1)
	upper := atLeastA &^ aboveZ & high
	return v | upper>>2, v&high == 0 // 0x80>>2 is the case bit 0x20
}
