package bench_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/bench/engine/cedar"
	"github.com/rampart-iam/rampart/bench/engine/rampart"
	"github.com/rampart-iam/rampart/bench/workload"
)

// BenchmarkDecisionLatency times decisions one by one, over the same stream as
// BenchmarkDecision, and reports the median, 90th and 99th percentile of a single decision
// ("p50-ns" ...), where ns/op is a mean. Issue 2's target is a median. Each decision is
// bracketed by two clock readings; what an empty bracket costs (its median, measured first) is
// taken off every sample. The readings keep one decision from overlapping the next, so these
// are latencies of decisions made one at a time, as a caller waiting for each answer sees them.
func BenchmarkDecisionLatency(b *testing.B) {
	ss := scales()
	b.Run("rampart", func(b *testing.B) {
		for _, s := range ss {
			e, err := rampart.New(s.w)
			if err != nil {
				b.Fatal(err)
			}
			qs := e.Prepare(s.reqs)
			b.Run(s.name, func(b *testing.B) {
				var sink workload.Outcome
				timeEach(b, func(i int) { sink += e.Decide(&qs[i&streamMask]) })
				_ = sink
			})
		}
	})
	// The floor: only the three dependent reads every engine with an index per principal does
	// (see BenchmarkMemoryFloor), one decision at a time. A median below it is out of reach.
	b.Run("floor", func(b *testing.B) {
		for _, s := range ss {
			statements := 0
			for i := range s.w.Policies {
				statements += len(s.w.Policies[i].Statements)
			}
			for _, bytesPerUser := range []int{128, 2048} {
				f := newFloor(len(s.w.Users), bytesPerUser, statements, s.reqs)
				b.Run(fmt.Sprintf("%s/bytesPerUser=%d", s.name, bytesPerUser), func(b *testing.B) {
					var sink uint64
					timeEach(b, func(i int) { sink += f.decide(i & streamMask) })
					_ = sink
				})
			}
		}
	})
	b.Run("cedar", func(b *testing.B) {
		for _, s := range ss {
			e, err := cedar.New(s.w)
			if err != nil {
				b.Fatal(err)
			}
			qs := e.Prepare(s.reqs)
			b.Run(s.name, func(b *testing.B) {
				timeEach(b, func(i int) {
					if _, err := e.Decide(&qs[i&streamMask]); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	})
}

// samples is how many of the latest decisions' latencies timeEach keeps: four passes over the
// stream.
const samples = 4 * streamLen

// timeEach runs decide(i) for i = 0, 1, ... while b.Loop says so, timing each call, and reports
// the percentiles of the last samples calls, net of the clock's own cost.
func timeEach(b *testing.B, decide func(i int)) {
	overhead := clockOverhead()
	lat := make([]time.Duration, samples)
	i := 0
	for b.Loop() {
		start := time.Now()
		decide(i)
		lat[i%samples] = time.Since(start)
		i++
	}
	lat = lat[:min(i, samples)]
	slices.Sort(lat)
	for _, p := range []struct {
		unit string
		q    float64
	}{{"p50-ns", 0.50}, {"p90-ns", 0.90}, {"p99-ns", 0.99}} {
		b.ReportMetric(float64(quantile(lat, p.q)-overhead), p.unit)
	}
}

// clockOverhead returns the median cost of an empty bracket of clock readings.
func clockOverhead() time.Duration {
	lat := make([]time.Duration, 1<<14)
	for i := range lat {
		start := time.Now()
		lat[i] = time.Since(start)
	}
	slices.Sort(lat)
	return quantile(lat, 0.5)
}

// quantile returns the q-quantile of sorted, which must not be empty.
func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[min(int(q*float64(len(sorted))), len(sorted)-1)]
}
