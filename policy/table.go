package policy

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
)

// table is a layer's action index: a decision for a principal whose evaluator has left the CPU
// cache pays for every cache line it reads, so a lookup reads as few as it can, and nothing in
// the table is a pointer to chase.
//
// It is an open-addressing hash table of lower-cased keys (linear probing, at most 7/8 full),
// in one []byte:
//
//	control bytes, one per bucket, padded to 64: 0 for a free bucket, else 0x80 | 7 bits of
//	    the key's hash; a probe reads these first, so a key that is absent (an action no
//	    statement names, which falls back to its service) costs no bucket at all
//	buckets, 64 bytes each (one cache line): u8 flags (bucketService, bucketExternal),
//	    u8 key length, u8 count, u8 reserved, u32 offset of the external entry, 40 bytes of
//	    key, zero-padded, and up to four candidates (see ref)
//	the global fallbacks: u32 count, then fallbacks (see fallback)
//	external entries, for keys or candidate lists too long for a bucket and for services:
//	    u32 key length, u32 count, the key padded to 4, then count items, a slot and a code
//	    offset each for a name, a fallback each for a service
//
// The control bytes of a small table are also kept in the Evaluator itself (see
// Evaluator.ctrl), so that a lookup goes from the Evaluator straight to one bucket.
//
// Keys are action names ("ecs:describeinstances") and service keys ("ecs:"), which cannot be
// confused: the parser rejects a literal action ending in ":". The hash seed is random per
// table, so a policy author cannot choose colliding names; control bytes are only a filter,
// the key itself is always compared. All numbers are little-endian.
type table struct {
	b      []byte
	seed   uint64
	mask   uint32 // bucket count - 1
	global uint32 // offset of the global fallbacks
}

const (
	bucketSize     = 64
	bucketKey      = 40 // the longest key a bucket holds
	bucketRefs     = 4  // the most candidates a bucket holds
	bucketService  = 1
	bucketExternal = 2
)

// u32 reads the number at off. It slices b[off:off+4:len(b)] rather than b[off:], which takes
// fewer instructions: the four bytes are known not to be empty, so the compiler need not
// guard against a pointer past the end; len(b), not cap(b), still bounds the read.
func u32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off : off+4 : len(b)]) }

func pad4(n int) int  { return (n + 3) &^ 3 }
func pad64(n int) int { return (n + 63) &^ 63 }

// hashKey hashes the first n bytes of key eight bytes at a time, each step a 64x64->128-bit
// multiply folded to 64 bits (as wyhash does), from a random seed. key must have room for n
// rounded up to a multiple of eight (the bytes past n are ignored), so that the last word is
// read whole rather than byte by byte. (lowerAction hashes an action the same way as it
// lower-cases it.)
func hashKey(seed uint64, key []byte, n int) uint64 {
	if 0 < n && n <= 8 { // one word, as a service key ("ecs:") mostly is: no loop
		return hashEnd(hashWord(hashStart(seed, n), binary.LittleEndian.Uint64(key)&(^uint64(0)>>(64-8*n))))
	}
	return hashWords(seed, key, n)
}

// hashWords is hashKey for any n.
func hashWords(seed uint64, key []byte, n int) uint64 {
	h := hashStart(seed, n)
	for i := 0; i < n; i += 8 {
		w := binary.LittleEndian.Uint64(key[i:])
		if n-i < 8 {
			w &= 1<<(8*uint(n-i)) - 1
		}
		h = hashWord(h, w)
	}
	return hashEnd(h)
}

const hashM1, hashM2 = 0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9

// hashStart, hashWord and hashEnd are the steps of hashKey: the start for a key of n bytes,
// one word of the key (zero-padded, for the last), and the end.
func hashStart(seed uint64, n int) uint64 { return seed ^ uint64(n)*hashM1 }
func hashWord(h, w uint64) uint64         { return mix(h^w, hashM2) }
func hashEnd(h uint64) uint64             { return mix(h, hashM1) }

func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func ctrlByte(h uint64) byte { return 0x80 | byte(h>>57) }

// ref packs a candidate as a bucket holds it: the policy's slot in the top 8 bits, the offset
// of the statement's record in the low 24; ok is false when the candidate does not fit.
func ref(s stmtRef) (uint32, bool) {
	return uint32(s.slot)<<24 | uint32(s.code), s.slot < 256 && s.code < 1<<24
}

// findName looks the request's action up, given its hash with the table's seed; it returns the
// bucket (when its candidates are in it) or the external entry's items.
func (t *table) findName(ctrl []byte, h uint64, r *request) (bucket *[bucketSize]byte, items []byte, count int, ok bool) {
	n := len(r.action)
	want := ctrlByte(h)
	for i := uint32(h) & t.mask; ; i = (i + 1) & t.mask {
		switch ctrl[i] {
		case 0:
			return nil, nil, 0, false
		case want:
			bk := t.bucket(i)
			switch flags := bk[0]; {
			case flags&bucketService != 0:
			case flags&bucketExternal == 0:
				if int(bk[1]) == n && keyEqual(r.actionPadded, bk) {
					return bk, nil, int(bk[2]), true
				}
			default:
				e := int(binary.LittleEndian.Uint32(bk[4:]))
				if items, ok := t.external(e, r.action); ok {
					return nil, items, int(u32(t.b, e+4)), true
				}
			}
		}
	}
}

// findService looks up the fallbacks of the request's service.
func (t *table) findService(ctrl []byte, r *request) (items []byte, count int, ok bool) {
	service := r.service
	h := hashKey(t.seed, r.actionPadded, len(service)) // the service is the action's start
	want := ctrlByte(h)
	for i := uint32(h) & t.mask; ; i = (i + 1) & t.mask {
		switch ctrl[i] {
		case 0:
			return nil, 0, false
		case want:
			bk := t.bucket(i)
			if bk[0]&bucketService != 0 {
				e := int(binary.LittleEndian.Uint32(bk[4:]))
				if items, ok := t.external(e, service); ok {
					return items, int(u32(t.b, e+4)), true
				}
			}
		}
	}
}

// bucket returns bucket i, as an array so that reading its fixed fields needs no bounds checks.
func (t *table) bucket(i uint32) *[bucketSize]byte {
	off := pad64(int(t.mask)+1) + bucketSize*int(i)
	return (*[bucketSize]byte)(t.b[off : off+bucketSize : len(t.b)]) // see u32
}

// external returns the items of the external entry at e if its key is key.
func (t *table) external(e int, key []byte) ([]byte, bool) {
	n := int(u32(t.b, e))
	if !bytes.Equal(t.b[e+8:e+8+n], key) {
		return nil, false
	}
	return t.b[e+8+pad4(n):], true
}

// keyEqual compares an action, zero-padded to a multiple of eight bytes and as long as the key
// of bucket bk (zero-padded to bucketKey), with that key eight bytes at a time.
func keyEqual(padded []byte, bk *[bucketSize]byte) bool {
	key := bk[8 : 8+bucketKey]
	for i := 0; i+8 <= len(padded) && i+8 <= len(key); i += 8 {
		if binary.LittleEndian.Uint64(padded[i:i+8]) != binary.LittleEndian.Uint64(key[i:i+8]) {
			return false
		}
	}
	return true
}

// ctrl returns the table's control bytes.
func (t *table) ctrl() []byte { return t.b[:t.mask+1] }

// globalFallbacks returns the offset and count of the global fallbacks, for actions whose service
// has no entry.
func (t *table) globalFallbacks() (items, count int) {
	return int(t.global) + 4, int(u32(t.b, int(t.global)))
}

// tableBuilder writes a table: control bytes and buckets, then the global fallbacks, then the
// external entries.
type tableBuilder struct{ t table }

func newTableBuilder(keys int) *tableBuilder {
	n := 1 // at most 7/8 full: probes read control bytes, a bucket only on a likely hit
	for 8*keys > 7*n {
		n *= 2
	}
	t := table{seed: rand.Uint64(), mask: uint32(n - 1)}
	t.b = make([]byte, pad64(n)+bucketSize*n)
	return &tableBuilder{t}
}

// bucket claims the bucket of key and returns its offset. (Offsets, not slices: appending
// entries moves the table.)
func (w *tableBuilder) bucket(key string) int {
	padded := make([]byte, pad4(len(key)+7))
	copy(padded, key)
	h := hashKey(w.t.seed, padded, len(key))
	i := uint32(h) & w.t.mask
	for w.t.b[i] != 0 {
		i = (i + 1) & w.t.mask
	}
	w.t.b[i] = ctrlByte(h)
	return pad64(int(w.t.mask+1)) + bucketSize*int(i)
}

// name files a literal action name with its candidates.
func (w *tableBuilder) name(key string, refs []stmtRef) {
	inline := len(key) <= bucketKey && len(refs) <= bucketRefs
	packed := make([]uint32, len(refs))
	for i, s := range refs {
		var ok bool
		packed[i], ok = ref(s)
		inline = inline && ok
	}
	at := w.bucket(key)
	if inline {
		bk := w.t.b[at : at+bucketSize]
		bk[1], bk[2] = byte(len(key)), byte(len(refs))
		copy(bk[8:8+bucketKey], key)
		for i, p := range packed {
			binary.LittleEndian.PutUint32(bk[8+bucketKey+4*i:], p)
		}
		return
	}
	e := w.entry(key, len(refs))
	for _, s := range refs {
		w.u32(uint32(s.slot))
		w.u32(uint32(s.code))
	}
	w.t.b[at] = bucketExternal
	binary.LittleEndian.PutUint32(w.t.b[at+4:], uint32(e))
}

// service files a service key with its fallbacks.
func (w *tableBuilder) service(key string, rs []fallback) {
	at := w.bucket(key)
	e := w.entry(key, len(rs))
	for i := range rs {
		w.fallback(&rs[i])
	}
	w.t.b[at] = bucketService | bucketExternal
	binary.LittleEndian.PutUint32(w.t.b[at+4:], uint32(e))
}

// globals writes the global fallbacks; it must come before any external entry.
func (w *tableBuilder) globals(rs []fallback) {
	w.t.global = uint32(len(w.t.b))
	w.u32(uint32(len(rs)))
	for i := range rs {
		w.fallback(&rs[i])
	}
}

// entry starts an external entry and returns its offset; the caller appends the items.
func (w *tableBuilder) entry(key string, count int) int {
	at := len(w.t.b)
	w.u32(uint32(len(key)))
	w.u32(uint32(count))
	w.str(key)
	return at
}

func (w *tableBuilder) u32(v uint32) { w.t.b = binary.LittleEndian.AppendUint32(w.t.b, v) }

// str appends s padded to a multiple of 4 bytes.
func (w *tableBuilder) str(s string) {
	w.t.b = append(w.t.b, s...)
	for len(w.t.b)%4 != 0 {
		w.t.b = append(w.t.b, 0)
	}
}

// done returns the table, in an allocation of exactly its size rounded up to whole cache lines,
// so that the buckets start on a cache line.
func (w *tableBuilder) done() table {
	b := make([]byte, pad64(len(w.t.b)))
	copy(b, w.t.b)
	w.t.b = b[:len(w.t.b)]
	return w.t
}
