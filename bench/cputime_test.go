package bench_test

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// rusageThread is Linux's RUSAGE_THREAD: the resource usage of the calling thread only.
const rusageThread = 1

// cpuClock measures the CPU time of the benchmark's own thread, which, unlike the wall-clock
// ns/op, does not grow when other processes share the machine and take the CPU away from the
// benchmark: on a shared 2-core machine it is the steadier number. It locks the goroutine to
// its thread for the measurement.
type cpuClock struct {
	start time.Duration
	ok    bool
}

func startCPUClock() cpuClock {
	runtime.LockOSThread()
	t, ok := threadCPUTime()
	return cpuClock{start: t, ok: ok}
}

// report adds the thread's CPU time per iteration as the "cpu-ns/op" metric.
func (c cpuClock) report(b *testing.B) {
	defer runtime.UnlockOSThread()
	t, ok := threadCPUTime()
	if !c.ok || !ok || b.N == 0 {
		return
	}
	b.ReportMetric(float64((t-c.start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

func threadCPUTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
