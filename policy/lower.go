package policy

import (
	"encoding/binary"
	"strings"
	"unsafe"
)

// lowerInto lower-cases s into buf and returns the result as a string that aliases buf, so
// that the common case (a short ASCII action) costs no allocation. buf must outlive every use
// of the result; Evaluate keeps both on its stack. Long or non-ASCII input falls back to
// strings.ToLower, the function that lower-cases policy patterns, so both sides agree.
//
// It works on eight bytes at a time: a request's action is lower-cased on every decision.
func lowerInto(buf *[128]byte, s string) string {
	if len(s) > len(buf) {
		return strings.ToLower(s)
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
			return strings.ToLower(s)
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
			return strings.ToLower(s)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if len(s) == 0 {
		return ""
	}
	return unsafe.String(&buf[0], len(s))
}
