package bench_test

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"testing"

	"github.com/rampart-iam/rampart/bench/workload"
)

// BenchmarkMemoryFloor measures the least a decision can cost on this machine when each
// principal has its own action index, as issue 2 asks ("costs time proportional to the
// statements that can match the action, not to the number of policies"): it does no matching at
// all, only the reads such an engine cannot avoid, for the same stream of requests as
// BenchmarkDecision.
//
// Each user has an index of bytesPerUser bytes, laid out as compactly as memory allows (all
// users in one array, which is kinder to the cache and the TLB than separate objects): a header
// line holding the index's size, and slots after it. A decision reads the header, then the slot
// its action hashes to (which it can only find once the header is read), then the one statement
// record that slot names (which it can only find once the slot is read), from a shared array
// of one 64-byte line per statement of the workload. Three dependent reads, every one of which
// a real decision also does, usually more than once.
//
// bytesPerUser 128 is a lower bound no real index reaches: the workload's users name about 26
// actions and services each, and Rampart's index holds about 3,500 bytes per user.
func BenchmarkMemoryFloor(b *testing.B) {
	for _, s := range scales() {
		statements := 0
		for i := range s.w.Policies {
			statements += len(s.w.Policies[i].Statements)
		}
		for _, bytesPerUser := range []int{128, 512, 2048} {
			f := newFloor(len(s.w.Users), bytesPerUser, statements, s.reqs)
			b.Run(fmt.Sprintf("%s/bytesPerUser=%d", s.name, bytesPerUser), func(b *testing.B) {
				var sink uint64
				i := 0
				clock := startCPUClock()
				for b.Loop() {
					sink += f.decide(i & streamMask)
					i++
				}
				clock.report(b)
				_ = sink
			})
		}
	}
}

// floor is the index of every user and the statement records, as words.
type floor struct {
	index   []uint64 // per user: wordsPerUser words, the header first, the slots in the second half
	records []uint64 // one line (8 words) per statement
	words   int      // words per user
	users   []int    // the user of each request of the stream
	hashes  []uint64 // the hash of each request's action
}

func newFloor(users, bytesPerUser, statements int, reqs []workload.Request) *floor {
	r := rand.New(rand.NewPCG(1, 2))
	words := bytesPerUser / 8
	f := &floor{
		index:   make([]uint64, users*words),
		records: make([]uint64, statements*8),
		words:   words,
		users:   make([]int, len(reqs)),
		hashes:  make([]uint64, len(reqs)),
	}
	for u := range users {
		idx := f.index[u*words:][:words]
		idx[0] = uint64(words/2 - 1) // the slot mask: the slots are the second half
		for i := words / 2; i < words; i++ {
			idx[i] = uint64(r.IntN(statements) * 8)
		}
	}
	for i := range f.records {
		f.records[i] = r.Uint64()
	}
	seed := maphash.MakeSeed()
	for i := range reqs {
		f.users[i] = reqs[i].User
		f.hashes[i] = maphash.String(seed, reqs[i].Action)
	}
	return f
}

// decide does the three dependent reads of request q.
func (f *floor) decide(q int) uint64 {
	idx := f.index[f.users[q]*f.words:][:f.words]
	mask := idx[0]
	slot := idx[uint64(f.words/2)+f.hashes[q]&mask]
	return f.records[slot]
}

// BenchmarkMemoryChase is the other side of BenchmarkMemoryFloor: one chain of dependent reads
// of random lines, each read's address given by the one before, as in a decision that cannot
// overlap its cache misses with anything. Its ns/op is this machine's latency for a random
// line of a working set of the given size.
func BenchmarkMemoryChase(b *testing.B) {
	for _, mib := range []int{1, 2, 4, 8, 16, 32, 64} {
		lines := mib << 20 / 64
		next := make([]int32, lines*16) // a line is 16 int32s; only the first of each is used
		order := rand.New(rand.NewPCG(3, 4)).Perm(lines)
		for i, line := range order {
			next[line*16] = int32(order[(i+1)%lines] * 16)
		}
		b.Run(fmt.Sprintf("MiB=%d", mib), func(b *testing.B) {
			at := int32(0)
			for b.Loop() {
				at = next[at]
			}
			_ = at
		})
	}
}
