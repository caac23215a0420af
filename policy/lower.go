package policy

import (
	"encoding/binary"
	"strings"
)

// maxLowered is the longest action (or service principal) lower-cased on the stack; longer
// ones are lower-cased on the heap.
const maxLowered = 128

// lower returns s lower-cased the way strings.ToLower does it (the function that lower-cases
// policy patterns, so both sides agree), as bytes: in buf when s is ASCII and fits, which is
// the common case and allocates nothing, and on the heap otherwise.
func lower(buf *[maxLowered]byte, s string) []byte {
	if b, ok := lowerASCII(buf, s); ok {
		return b
	}
	return []byte(strings.ToLower(s))
}

// lowerASCII lower-cases an ASCII s into buf, eight bytes at a time: a request's action is
// lower-cased on every decision. It reports false when s is too long or not ASCII.
func lowerASCII(buf *[maxLowered]byte, s string) ([]byte, bool) {
	if len(s) > len(buf) {
		return nil, false
	}
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// Assembled byte by byte, which the compiler turns into one 64-bit load.
		v := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if v&high != 0 {
			return nil, false
		}
		// With every byte below 0x80, adding per byte cannot carry into the next one: a byte's
		// high bit ends up set when it is >= 'A', and when it is > 'Z'.
		atLeastA := v + ones*(0x80-'A')
		aboveZ := v + ones*(0x80-'Z'-1)
		upper := atLeastA &^ aboveZ & high
		binary.LittleEndian.PutUint64(buf[i:], v|upper>>2) // 0x80>>2 is the case bit 0x20
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(s)], true
}
