// Package bench compares Rampart's RAM policy engine (github.com/rampart-iam/rampart/policy)
// with cedar-go, the Open Policy Agent and casbin on one synthetic workload. It is a separate
// module so that the main module does not depend on its peers.
//
// The workload and its generator live in bench/workload; each engine's translation of it lives
// in bench/engine/<name>. The package's tests hold the agreement check (every engine gives the
// same answer to 10,000 random requests), BenchmarkDecision (the mean over a stream of
// requests), BenchmarkDecisionLatency (the median and tail of single decisions),
// BenchmarkRampartWorkingSet (warm against cold), and BenchmarkMemoryFloor and
// BenchmarkMemoryChase, what this machine's memory costs a decision; their results are recorded
// in the repository's BENCHMARKS.md.
package bench
