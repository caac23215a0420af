package storetest

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// useNonces records a batch that must not fail and returns which nonces were fresh.
func useNonces(t *testing.T, s store.Store, batch ...store.Nonce) []bool {
	t.Helper()
	fresh, err := s.UseNonces(t.Context(), batch)
	if err != nil {
		t.Fatalf("UseNonces: %v", err)
	}
	if len(fresh) != len(batch) {
		t.Fatalf("UseNonces returned %d results for %d nonces", len(fresh), len(batch))
	}
	return fresh
}

func nonce(key, value string, expires time.Time) store.Nonce {
	return store.Nonce{AccessKeyID: key, Value: value, Expires: expires}
}

// testNonces: one nonce at a time, a replay is refused until the first use expires.
func testNonces(t *testing.T, s store.Store) {
	future := time.Now().Add(time.Hour)
	unchangedRevision(t, s, func() {
		steps := []struct {
			name, key, value string
			expires          time.Time
			fresh            bool
		}{
			{"first use", "k1", "n1", future, true},
			{"replay", "k1", "n1", future, false},
			{"same nonce, other key", "k2", "n1", future, true},
			{"other nonce", "k1", "n2", future, true},
			// A nonce whose window has passed may come again (the caller rejects stale
			// timestamps first); it is taken over in place.
			{"expired use", "k1", "n3", time.Now().Add(-time.Minute), true},
			{"reuse after expiry", "k1", "n3", future, true},
			{"replay of the reuse", "k1", "n3", future, false},
		}
		for _, st := range steps {
			if got := useNonces(t, s, nonce(st.key, st.value, st.expires))[0]; got != st.fresh {
				t.Errorf("%s: UseNonces(%s, %s) fresh = %v, want %v", st.name, st.key, st.value, got, st.fresh)
			}
		}
	})
}

// testNonceBatches: a batch answers for each of its nonces, the first occurrence of a pair in a
// batch wins over later ones, an empty batch is no error, and a batch longer than any one
// statement takes is still answered exactly.
func testNonceBatches(t *testing.T, s store.Store) {
	future := time.Now().Add(time.Hour)
	useNonces(t, s, nonce("k1", "used", future), nonce("k1", "stale", time.Now().Add(-time.Minute)))
	if fresh := useNonces(t, s); len(fresh) != 0 {
		t.Errorf("an empty batch returned %v", fresh)
	}
	got := useNonces(t, s,
		nonce("k1", "a", future),
		nonce("k1", "used", future),
		nonce("k1", "a", future), // the same pair again, in the same batch
		nonce("k2", "a", future),
		nonce("k1", "stale", future),
		nonce("k1", "b", future),
	)
	same(t, "fresh", got, []bool{true, false, false, true, true, true})

	const n = 2500 // several statements' worth
	var batch []store.Nonce
	var want []bool
	for i := range n {
		switch {
		case i%100 == 7:
			batch = append(batch, nonce("k1", "a", future)) // used above
			want = append(want, false)
		case i%100 == 9:
			batch = append(batch, nonce("k3", fmt.Sprint(i-1), future)) // repeats the row before
			want = append(want, false)
		default:
			batch = append(batch, nonce("k3", fmt.Sprint(i), future))
			want = append(want, true)
		}
	}
	same(t, "fresh in a long batch", useNonces(t, s, batch...), want)
	same(t, "fresh in its replay", useNonces(t, s, batch...), make([]bool, n))
}

// testConcurrentNonces: of many simultaneous uses of one nonce, exactly one wins.
func testConcurrentNonces(t *testing.T, s store.Store) {
	const callers = 16
	fresh := make([]bool, callers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range callers {
		wg.Go(func() {
			<-start
			got, err := s.UseNonces(t.Context(), []store.Nonce{nonce("k1", "the-nonce", time.Now().Add(time.Hour))})
			if err != nil {
				t.Errorf("UseNonces: %v", err)
				return
			}
			fresh[i] = got[0]
		})
	}
	close(start)
	wg.Wait()
	if won := count(fresh); won != 1 {
		t.Errorf("%d of %d concurrent uses of one nonce succeeded, want exactly 1", won, callers)
	}
}

// testConcurrentNonceBatches: concurrent batches sharing nonces, each in its own order, between
// them record each shared nonce exactly once (on PostgreSQL, without deadlocking on each
// other's rows), and every nonce of their own.
func testConcurrentNonceBatches(t *testing.T, s store.Store) {
	concurrentNonceBatches(t, []store.Store{s})
}

// concurrentNonceBatches runs batches sharing nonces on the stores at once, spread over them.
func concurrentNonceBatches(t *testing.T, stores []store.Store) {
	const batches, shared = 8, 200
	future := time.Now().Add(time.Hour)
	won := make([][]bool, batches)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for b := range batches {
		var batch []store.Nonce
		for i := range shared {
			batch = append(batch, nonce("k1", fmt.Sprint("shared-", i), future))
			batch = append(batch, nonce("k1", fmt.Sprintf("own-%d-%d", b, i), future))
		}
		rand.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
		s := stores[b%len(stores)]
		wg.Go(func() {
			<-start
			fresh, err := s.UseNonces(t.Context(), batch)
			if err != nil || len(fresh) != len(batch) {
				t.Errorf("batch %d: UseNonces = %d results, %v", b, len(fresh), err)
				return
			}
			won[b] = make([]bool, shared)
			for i, n := range batch {
				var k int
				if _, err := fmt.Sscanf(n.Value, "shared-%d", &k); err == nil {
					won[b][k] = fresh[i]
				} else if !fresh[i] {
					t.Errorf("batch %d: its own nonce %s was refused", b, n.Value)
				}
			}
		})
	}
	close(start)
	wg.Wait()
	for i := range shared {
		n := 0
		for b := range batches {
			if won[b] != nil && won[b][i] {
				n++
			}
		}
		if n != 1 {
			t.Errorf("shared nonce %d was recorded by %d of %d concurrent batches, want exactly 1", i, n, batches)
		}
	}
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
