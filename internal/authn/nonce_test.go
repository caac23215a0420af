package authn_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/errs"
)

// Of N identical requests arriving together, exactly one gets through; the others are refused
// either in memory (while the first one's write is in flight) or by the durable record.
func TestNoncesConcurrentReplays(t *testing.T) {
	for _, delay := range []time.Duration{0, time.Millisecond} {
		w := &memoryNonces{delay: delay}
		n := authn.NewNonces(w.write, 0)
		const N = 64
		var wg sync.WaitGroup
		results := make(chan error, N)
		start := make(chan struct{})
		for range N {
			wg.Go(func() {
				<-start
				results <- n.Use(context.Background(), "LTAIalice", "same", time.Now().Add(time.Hour))
			})
		}
		close(start)
		wg.Wait()
		close(results)
		ok := 0
		for err := range results {
			switch code(err) {
			case "":
				ok++
			case "SignatureNonceUsed":
			default:
				t.Errorf("delay %v: unexpected error %v", delay, err)
			}
		}
		if ok != 1 {
			t.Errorf("delay %v: %d of %d identical uses succeeded, want exactly 1", delay, ok, N)
		}
	}
}

// Distinct nonces arriving while a write is in flight share the next write.
func TestNoncesGroupCommit(t *testing.T) {
	w := &memoryNonces{delay: 5 * time.Millisecond}
	n := authn.NewNonces(w.write, 0)
	const N = 200
	var wg sync.WaitGroup
	for i := range N {
		wg.Go(func() {
			if err := n.Use(context.Background(), "LTAIalice", fmt.Sprint(i), time.Now().Add(time.Hour)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if len(w.used) != N {
		t.Fatalf("%d nonces recorded, want %d", len(w.used), N)
	}
	if w.writes > N/4 {
		t.Errorf("%d writes for %d concurrent nonces; batching should need far fewer", w.writes, N)
	}
	t.Logf("%d nonces in %d writes", N, w.writes)
}

func TestNoncesBatchLimit(t *testing.T) {
	var mu sync.Mutex
	largest := 0
	write := func(_ context.Context, batch []authn.Nonce) ([]bool, error) {
		time.Sleep(time.Millisecond)
		mu.Lock()
		largest = max(largest, len(batch))
		mu.Unlock()
		return make([]bool, len(batch)), nil // every nonce "already used"
	}
	n := authn.NewNonces(write, 3)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if err := n.Use(context.Background(), "k", string(rune('a'+i)), time.Now()); code(err) != "SignatureNonceUsed" {
				t.Errorf("nonce the writer reports as used: err = %v", err)
			}
		})
	}
	wg.Wait()
	if largest > 3 {
		t.Errorf("a batch held %d nonces, limit 3", largest)
	}
}

func TestNoncesWriterFailure(t *testing.T) {
	boom := errors.New("disk full")
	w := &memoryNonces{err: boom}
	n := authn.NewNonces(w.write, 0)
	err := n.Use(context.Background(), "k", "n", time.Now())
	if !errors.Is(err, boom) || errs.KindOf(err) != errs.Internal {
		t.Errorf("err = %v, want an internal error wrapping the writer's", err)
	}
	// The failed nonce is not left in flight: once the store recovers, it can be used.
	w.mu.Lock()
	w.err = nil
	w.mu.Unlock()
	if err := n.Use(context.Background(), "k", "n", time.Now()); err != nil {
		t.Errorf("after recovery: %v", err)
	}
}

// A request whose context is cancelled while it leads a batch does not fail the others in it.
func TestNoncesLeaderCancelled(t *testing.T) {
	release := make(chan struct{})
	write := func(ctx context.Context, batch []authn.Nonce) ([]bool, error) {
		<-release
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fresh := make([]bool, len(batch))
		for i := range fresh {
			fresh[i] = true
		}
		return fresh, nil
	}
	n := authn.NewNonces(write, 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Use(ctx, "k", "leader", time.Now()) }()
	time.Sleep(10 * time.Millisecond)
	cancel()
	close(release)
	if err := <-done; err != nil {
		t.Errorf("leader: %v", err)
	}
}

// TestNoncesPacing: one request at a time is never held back, while under concurrency a batch
// that follows one of more than one nonce starts at least MinNonceInterval after that one did.
func TestNoncesPacing(t *testing.T) {
	type span struct {
		start, end time.Time
		size       int
	}
	var (
		mu     sync.Mutex
		writes []span
	)
	write := func(_ context.Context, batch []authn.Nonce) ([]bool, error) {
		s := span{start: time.Now(), size: len(batch)}
		time.Sleep(authn.MinNonceInterval / 40) // a fast commit, during which others queue
		s.end = time.Now()
		mu.Lock()
		writes = append(writes, s)
		mu.Unlock()
		fresh := make([]bool, len(batch))
		for i := range fresh {
			fresh[i] = true
		}
		return fresh, nil
	}
	n := authn.NewNonces(write, 0)
	const sequential = 20
	start := time.Now()
	for i := range sequential {
		if err := n.Use(context.Background(), "k", fmt.Sprint("seq", i), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d >= (sequential-1)*authn.MinNonceInterval {
		t.Errorf("%d sequential uses took %v, as if paced", sequential, d)
	}

	const goroutines, each = 16, 30
	writes = nil
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				if err := n.Use(context.Background(), "k", fmt.Sprint(g, "/", i), time.Now().Add(time.Hour)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	// Write i started pacing from a moment after write i-1 ended (the lead passes on only
	// then), so write i+1, if paced, starts at least MinNonceInterval after write i-1 ended.
	paced := 0
	for i := 1; i+1 < len(writes); i++ {
		if writes[i].size < 2 {
			continue
		}
		paced++
		if gap := writes[i+1].start.Sub(writes[i-1].end); gap < authn.MinNonceInterval {
			t.Errorf("write %d started %v after write %d ended, though write %d held %d nonces", i+1, gap, i-1, i, writes[i].size)
		}
	}
	if paced == 0 {
		t.Error("no batch of more than one nonce: the test does not exercise pacing")
	}
	t.Logf("%d concurrent uses in %d writes, %d paced", goroutines*each, len(writes), paced)
}
