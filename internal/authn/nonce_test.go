package authn_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
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

// TestNoncesPacing: batch writes start at least MinNonceInterval apart, however fast the writer
// and whether the requests come one at a time or all at once. The writer sees a write start a
// moment after Nonces decides it may (the leader may be descheduled in between, under the race
// detector on a busy machine by several hundred microseconds), so one gap may look short; the
// writes as a whole must still take an interval each, give or take one.
func TestNoncesPacing(t *testing.T) {
	var (
		mu     sync.Mutex
		starts []time.Time
	)
	write := func(_ context.Context, batch []authn.Nonce) ([]bool, error) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		// A fast commit, which (like real I/O) lets other goroutines run meanwhile.
		for begin := time.Now(); time.Since(begin) < authn.MinNonceInterval/20; {
			runtime.Gosched()
		}
		fresh := make([]bool, len(batch))
		for i := range fresh {
			fresh[i] = true
		}
		return fresh, nil
	}
	n := authn.NewNonces(write, 0)
	use := func(nonce string) {
		if err := n.Use(context.Background(), "k", nonce, time.Now().Add(time.Hour)); err != nil {
			t.Error(err)
		}
	}
	check := func(what string, uses int) {
		t.Helper()
		if n := len(starts); n > 1 {
			took, least := starts[n-1].Sub(starts[0]), time.Duration(n-2)*authn.MinNonceInterval
			if took < least {
				t.Errorf("%s: %d writes started within %v, want at least %v", what, n, took, least)
			}
		}
		t.Logf("%s: %d uses in %d writes", what, uses, len(starts))
	}

	for i := range 10 {
		use(fmt.Sprint("seq", i))
	}
	check("one at a time", 10)

	starts = nil
	const goroutines, each = 16, 30
	var wg, ready sync.WaitGroup
	start := make(chan struct{})
	for g := range goroutines {
		ready.Add(1)
		wg.Go(func() {
			ready.Done()
			<-start
			for i := range each {
				use(fmt.Sprint(g, "/", i))
			}
		})
	}
	ready.Wait()
	close(start)
	wg.Wait()
	check("all at once", goroutines*each)
	if len(starts) > goroutines*each/4 {
		t.Errorf("%d concurrent uses took %d writes: pacing should batch them", goroutines*each, len(starts))
	}
}
