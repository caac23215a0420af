package policy

import (
	"bytes"
	"encoding/binary"
	"math/bits"
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
	return lowerHeap(s)
}

// lowerHeap is lower for an s that is not ASCII or too long for the stack.
func lowerHeap(s string) (lowered, padded []byte) {
	l := strings.ToLower(s)
	b := make([]byte, (len(l)+7)&^7)
	copy(b, l)
	return b[:len(l)], b
}

// lowerAction returns action lowered and padded as lower does it, the position of its first
// ':' (or -1), and its hash with seed (see hashKey). For an ASCII action that fits in buf, the
// common case, it does all three in one pass eight bytes at a time: each word is loaded once,
// lower-cased, stored, looked at for ':' until one is found, and hashed.
func lowerAction(buf *[maxLowered]byte, action string, seed uint64) (lowered, padded []byte, colon int, hash uint64) {
	n := len(action)
	if n > len(buf) {
		return lowerActionSlow(action, seed)
	}
	h := hashStart(seed, n)
	var seen uint64 // the action's bytes ORed together: is it ASCII?
	colon = -1
	for i := 0; i < n; i += 8 {
		// The word at i, with zeros past the end of action: the last one is loaded as the
		// last eight bytes and shifted down rather than assembled byte by byte.
		var w uint64
		switch {
		case i+8 <= n:
			w = load8(action[i : i+8])
		case n >= 8:
			w = load8(action[n-8:n]) >> (8 * uint(i+8-n))
		default:
			w = shortWord(action)
		}
		seen |= w
		w = lowerASCIIWord(w)
		binary.LittleEndian.PutUint64(buf[i:i+8], w)
		if colon < 0 {
			if m := bytesEqual(w, ':'); m != 0 {
				colon = i + bits.TrailingZeros64(m)/8
			}
		}
		h = hashWord(h, w)
	}
	if seen&(byteOnes*0x80) != 0 {
		return lowerActionSlow(action, seed)
	}
	return buf[:n], buf[:(n+7)&^7], colon, hashEnd(h)
}

// lowerActionSlow is lowerAction for an action that is not ASCII or too long for the stack.
func lowerActionSlow(action string, seed uint64) (lowered, padded []byte, colon int, hash uint64) {
	lowered, padded = lowerHeap(action)
	return lowered, padded, bytes.IndexByte(lowered, ':'), hashKey(seed, padded, len(lowered))
}

// shortWord returns s, shorter than eight bytes, as a little-endian word.
func shortWord(s string) uint64 {
	var w uint64
	for i := range min(len(s), 8) {
		w |= uint64(s[i]) << (8 * i)
	}
	return w
}

// bytesEqual returns 0 when no byte of w is c, else a word whose lowest set bit is the high bit
// of the first byte of w that is c (bytes after it may have theirs set too: the subtraction
// borrows across a match, never before one).
func bytesEqual(w uint64, c byte) uint64 {
	x := w ^ byteOnes*uint64(c) // a zero byte where w has c
	return (x - byteOnes) &^ x & (byteOnes * 0x80)
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

const byteOnes = 0x0101010101010101 // one in every byte of a word

// lowerWord lower-cases eight ASCII bytes; it reports false if one is not ASCII.
func lowerWord(v uint64) (uint64, bool) {
	return lowerASCIIWord(v), v&(byteOnes*0x80) == 0
}

// lowerASCIIWord lower-cases eight bytes, which must be ASCII for the answer to mean anything.
func lowerASCIIWord(v uint64) uint64 {
	const high = byteOnes * 0x80
	// With every byte below 0x80, adding per byte cannot carry into the next one: a byte's
	// high bit ends up set when it is >= 'A', and when it is > 'Z'.
	atLeastA := v + byteOnes*(0x80-'A')
	aboveZ := v + byteOnes*(0x80-'Z'-1)
	upper := atLeastA &^ aboveZ & high
	return v | upper>>2 // 0x80>>2 is the case bit 0x20
}
