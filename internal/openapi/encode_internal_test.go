package openapi

import (
	"math/rand/v2"
	"testing"
	"time"
)

// wireTime spells dates exactly as time.Format with wireLayout does, in any zone.
func TestWireTime(t *testing.T) {
	times := []time.Time{
		time.Date(2015, 1, 23, 12, 33, 18, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 6, 15, 8, 5, 3, 0, time.UTC),
		time.Date(2026, 3, 1, 0, 30, 0, 0, time.FixedZone("UTC+8", 8*3600)),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10_000 {
		times = append(times, time.Unix(r.Int64N(400_000_000_000)-200_000_000_000, r.Int64N(1e9)).In(time.FixedZone("", (r.IntN(48)-24)*1800)))
	}
	for _, tt := range times {
		if got, want := wireTime(tt), tt.UTC().Format(wireLayout); got != want {
			t.Errorf("wireTime(%v) = %q, want %q", tt, got, want)
		}
	}
	if got := wireTime(time.Time{}); got != "" {
		t.Errorf("wireTime(zero) = %q, want empty", got)
	}
}

func BenchmarkWireTime(b *testing.B) {
	t := time.Date(2015, 1, 23, 12, 33, 18, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		wireTime(t)
	}
}
