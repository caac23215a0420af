package bench_test

import (
	"fmt"
	"testing"

	"github.com/rampart-iam/rampart/bench/engine/casbin"
	"github.com/rampart-iam/rampart/bench/engine/cedar"
	"github.com/rampart-iam/rampart/bench/engine/opa"
	"github.com/rampart-iam/rampart/bench/engine/rampart"
	"github.com/rampart-iam/rampart/bench/workload"
)

// streamLen is the length of the pre-generated request stream each benchmark cycles through; a
// power of two so the index is a mask. At 10x it touches most of the 10,000 users.
const (
	streamLen  = 1 << 14
	streamMask = streamLen - 1
	streamSeed = 777
)

// scale is one workload size with its request stream.
type scale struct {
	name string
	w    *workload.Workload
	reqs []workload.Request
}

func scales() []scale {
	var out []scale
	for _, s := range []struct {
		name string
		x    int
	}{{"1x", 1}, {"10x", 10}} {
		w := workload.Generate(workload.Scale(s.x))
		out = append(out, scale{s.name, w, workload.Requests(w, streamLen, streamSeed)})
	}
	return out
}

// BenchmarkDecision measures one decision of each engine on the shared workload at 1x and 10x:
// ns/op, and cpu-ns/op, the CPU time of the benchmark's thread (see cpuClock). Engines are
// built and requests converted to each engine's native form before the timer starts; the
// measured loop is the engine's decision call alone, cycling through a stream of requests from
// random users. Each engine gets only the asking user's policies (an Evaluator, PolicySet or
// Enforcer per user; OPA looks the user's statements up in its data).
func BenchmarkDecision(b *testing.B) {
	ss := scales()
	b.Run("rampart", func(b *testing.B) {
		for _, s := range ss {
			e, err := rampart.New(s.w)
			if err != nil {
				b.Fatal(err)
			}
			qs := e.Prepare(s.reqs)
			b.Run(s.name, func(b *testing.B) {
				b.ReportAllocs()
				var sink workload.Outcome
				i := 0
				clock := startCPUClock()
				for b.Loop() {
					sink += e.Decide(&qs[i&streamMask])
					i++
				}
				clock.report(b)
				_ = sink
			})
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
				b.ReportAllocs()
				i := 0
				clock := startCPUClock()
				for b.Loop() {
					if _, err := e.Decide(&qs[i&streamMask]); err != nil {
						b.Fatal(err)
					}
					i++
				}
				clock.report(b)
			})
		}
	})
	b.Run("opa", func(b *testing.B) {
		for _, s := range ss {
			e, err := opa.New(s.w)
			if err != nil {
				b.Fatal(err)
			}
			qs, err := e.Prepare(s.reqs)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(s.name, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				clock := startCPUClock()
				for b.Loop() {
					if _, err := e.Decide(&qs[i&streamMask]); err != nil {
						b.Fatal(err)
					}
					i++
				}
				clock.report(b)
			})
		}
	})
	b.Run("casbin", func(b *testing.B) {
		for _, s := range ss {
			e, err := casbin.New(s.w)
			if err != nil {
				b.Fatal(err)
			}
			qs := e.Prepare(s.reqs)
			b.Run(s.name, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				clock := startCPUClock()
				for b.Loop() {
					if _, err := e.Decide(&qs[i&streamMask]); err != nil {
						b.Fatal(err)
					}
					i++
				}
				clock.report(b)
			})
		}
	})
}

// BenchmarkRampartWorkingSet separates Rampart's compute cost from its memory cost: it cycles
// through the first n requests of the stream, so with n = 16 every evaluator it touches stays
// in cache, and with the whole stream most decisions start with cache misses (as
// BenchmarkDecision's do). The gap between the two is what a larger population costs.
func BenchmarkRampartWorkingSet(b *testing.B) {
	for _, s := range scales() {
		e, err := rampart.New(s.w)
		if err != nil {
			b.Fatal(err)
		}
		qs := e.Prepare(s.reqs)
		for _, n := range []int{16, streamLen} {
			b.Run(fmt.Sprintf("%s/requests=%d", s.name, n), func(b *testing.B) {
				b.ReportAllocs()
				var sink workload.Outcome
				i := 0
				clock := startCPUClock()
				for b.Loop() {
					sink += e.Decide(&qs[i&(n-1)])
					i++
				}
				clock.report(b)
				_ = sink
			})
		}
	}
}
