package policy

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"math/bits"
)

// table is a layer's action index in one allocation: a decision for a principal whose
// evaluator has left the CPU cache pays for every cache line it reads, so what one lookup
// needs sits together, and nothing is a pointer to chase.
//
// It is an open-addressing hash table (linear probing, at most half full) of lower-cased keys,
// followed by the entries its slots point to. All numbers are little-endian uint32s:
//
//	slot:    tag (0: free), offset of the entry
//	entry:   key length (| entryService), count, key bytes padded to 4, then count items:
//	name:    ordinals of the statements the name selects
//	service: fallback records (see record)
//
// Keys are action names ("ecs:describeinstances") and service keys ("ecs:"), which cannot be
// confused: the parser rejects a literal action ending in ":". The hash seed is random per
// table, so a policy author cannot choose colliding names; a tag is only a filter, the key
// itself is always compared.
type table struct {
	b    []byte
	seed maphash.Seed
	mask uint32 // slot count - 1
}

const entryService = 1 << 31

func u32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }

func hashKey(seed maphash.Seed, key []byte) (tag uint32, pos uint32) {
	h := maphash.Bytes(seed, key)
	return uint32(h) | 1, uint32(h >> 32)
}

// find returns the offset of the items of key's entry and their count.
func (t *table) find(key []byte, service uint32) (items, count int, ok bool) {
	tag, pos := hashKey(t.seed, key)
	b := t.b
	for i := pos & t.mask; ; i = (i + 1) & t.mask {
		switch u32(b, int(8*i)) {
		case 0:
			return 0, 0, false
		case tag:
			e := int(u32(b, int(8*i+4)))
			head := u32(b, e)
			n := int(head &^ entryService)
			if head&entryService == service && bytes.Equal(b[e+8:e+8+n], key) {
				return e + 8 + pad4(n), int(u32(b, e+4)), true
			}
		}
	}
}

// global returns the offset and count of the records that follow the slots: the global
// fallback records, for actions whose service has no entry.
func (t *table) global() (items, count int) {
	at := 8 * int(t.mask+1)
	return at + 4, int(u32(t.b, at))
}

func pad4(n int) int { return (n + 3) &^ 3 }

// tableBuilder writes a table: first the slots, then one entry after another.
type tableBuilder struct{ t table }

func newTableBuilder(keys int) *tableBuilder {
	n := uint32(1) << bits.Len(uint(2*keys+1)) // more than twice the keys: probes end soon
	return &tableBuilder{table{b: make([]byte, 8*n), seed: maphash.MakeSeed(), mask: n - 1}}
}

// entry starts key's entry of count items; the caller then appends the items.
func (w *tableBuilder) entry(key string, service uint32, count int) {
	tag, pos := hashKey(w.t.seed, []byte(key))
	i := pos & w.t.mask
	for u32(w.t.b, int(8*i)) != 0 {
		i = (i + 1) & w.t.mask
	}
	binary.LittleEndian.PutUint32(w.t.b[8*i:], tag)
	binary.LittleEndian.PutUint32(w.t.b[8*i+4:], uint32(len(w.t.b)))
	w.u32(uint32(len(key)) | service)
	w.u32(uint32(count))
	w.str(key)
}

func (w *tableBuilder) u32(v uint32) { w.t.b = binary.LittleEndian.AppendUint32(w.t.b, v) }

// str appends s padded to a multiple of 4 bytes.
func (w *tableBuilder) str(s string) {
	w.t.b = append(w.t.b, s...)
	for len(w.t.b)%4 != 0 {
		w.t.b = append(w.t.b, 0)
	}
}

// off is where the next item goes.
func (w *tableBuilder) off() int { return len(w.t.b) }

func (w *tableBuilder) done() table {
	w.t.b = append([]byte(nil), w.t.b...) // exactly the size needed
	return w.t
}
