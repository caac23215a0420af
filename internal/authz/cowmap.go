package authz

import (
	"hash/maphash"
	"iter"
	"maps"
)

// cowShards is how many shards a cowMap splits its entries into. A write copies the shard
// array (a few KB) and the shards it touches: at 10,000 entries a shard holds about 40, so
// patching one entry copies about 40 instead of 10,000, which would take about a millisecond.
const cowShards = 256

// cowMap is a map that snapshots share and copy on write one shard at a time. A published
// cowMap is never changed; a cowWriter makes the next one.
type cowMap[K comparable, V any] struct {
	hash   func(K) uint64
	shards *[cowShards]map[K]V
}

// newCowMap makes an empty map sized for about n entries.
func newCowMap[K comparable, V any](hash func(K) uint64, n int) cowMap[K, V] {
	m := cowMap[K, V]{hash: hash, shards: new([cowShards]map[K]V)}
	for i := range m.shards {
		m.shards[i] = make(map[K]V, n/cowShards+n/(4*cowShards))
	}
	return m
}

// stringHash and principalHash pick shards. They are seeded once per Build, so that no one
// choosing names can crowd one shard, and shared by every snapshot patched from it.
func stringHash(seed maphash.Seed) func(string) uint64 {
	return func(k string) uint64 { return maphash.String(seed, k) }
}

func principalHash(seed maphash.Seed) func(principalKey) uint64 {
	return func(k principalKey) uint64 { return maphash.String(seed, k.id) }
}

func (m cowMap[K, V]) get(k K) (V, bool) {
	v, ok := m.shards[m.hash(k)%cowShards][k]
	return v, ok
}

// at returns k's value, or V's zero value when k is absent.
func (m cowMap[K, V]) at(k K) V {
	return m.shards[m.hash(k)%cowShards][k]
}

// all yields every entry, shard by shard.
func (m cowMap[K, V]) all() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for _, sh := range m.shards {
			for k, v := range sh {
				if !yield(k, v) {
					return
				}
			}
		}
	}
}

// cowWriter changes *m, copying the shard array on its first write and each shard on its first
// write to it; what it copied it then changes in place. The map it started from, which older
// snapshots still read, is never changed. A writer lives only while one snapshot is made.
type cowWriter[K comparable, V any] struct {
	m   *cowMap[K, V]
	own *[cowShards]bool // shards already copied; nil until the first write
}

// newCowWriter returns a writer of *m. A writer of a map made by newCowMap that no snapshot
// reads yet (fresh) owns every shard from the start.
func newCowWriter[K comparable, V any](m *cowMap[K, V], fresh bool) cowWriter[K, V] {
	w := cowWriter[K, V]{m: m}
	if fresh {
		w.own = new([cowShards]bool)
		for i := range w.own {
			w.own[i] = true
		}
	}
	return w
}

func (w *cowWriter[K, V]) shard(k K) map[K]V {
	if w.own == nil {
		copied := *w.m.shards
		w.m.shards = &copied
		w.own = new([cowShards]bool)
	}
	i := w.m.hash(k) % cowShards
	if !w.own[i] {
		w.m.shards[i], w.own[i] = maps.Clone(w.m.shards[i]), true
	}
	return w.m.shards[i]
}

func (w *cowWriter[K, V]) set(k K, v V) { w.shard(k)[k] = v }

func (w *cowWriter[K, V]) delete(k K) {
	if _, ok := w.m.get(k); ok {
		delete(w.shard(k), k)
	}
}
