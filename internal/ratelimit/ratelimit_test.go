package ratelimit_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ratelimit"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func TestBurstThenRefill(t *testing.T) {
	c := newClock()
	l := ratelimit.New(10.0/60, 10, c.now) // 10 a minute
	for i := range 10 {
		if !l.Allow("a") {
			t.Fatalf("attempt %d refused within the burst", i+1)
		}
	}
	if l.Allow("a") {
		t.Fatal("the 11th attempt within the minute was allowed")
	}
	if !l.Allow("b") {
		t.Error("another key was refused: the buckets are not per key")
	}
	c.advance(5 * time.Second)
	if l.Allow("a") {
		t.Error("allowed after 5 s, before a token (6 s) came back")
	}
	c.advance(time.Second)
	if !l.Allow("a") {
		t.Error("refused after 6 s, when one token has come back")
	}
	if l.Allow("a") {
		t.Error("a second attempt after 6 s was allowed: only one token came back")
	}
}

func TestDefaultBurst(t *testing.T) {
	for _, tt := range []struct {
		perSecond float64
		want      int
	}{{3, 3}, {0.5, 1}} {
		c := newClock()
		l := ratelimit.New(tt.perSecond, 0, c.now)
		n := 0
		for l.Allow("k") {
			n++
		}
		if n != tt.want {
			t.Errorf("rate %v, burst 0: %d allowed at once, want %d", tt.perSecond, n, tt.want)
		}
	}
}

func TestOff(t *testing.T) {
	for _, rate := range []float64{0, -1} {
		l := ratelimit.New(rate, 1, nil)
		if l != nil {
			t.Errorf("New(%v) = %v, want nil (off)", rate, l)
		}
		for range 100 {
			if !l.Allow("k") {
				t.Fatalf("rate %v refused", rate)
			}
		}
	}
}

// TestSweep: buckets idle for long are forgotten, so a stream of new keys (spoofed IPs) does
// not grow the map without bound; busy keys are kept.
func TestSweep(t *testing.T) {
	c := newClock()
	l := ratelimit.New(1, 1, c.now)
	for i := range 1000 {
		l.Allow(fmt.Sprint("old", i))
	}
	c.advance(11 * time.Minute)
	for i := range 4096 {
		l.Allow(fmt.Sprint("new", i%10))
	}
	if got := l.Keys(); got != 10 {
		t.Errorf("%d buckets after the sweep, want the 10 recent ones", got)
	}
}
