#!/usr/bin/env bash
# make bench: runs the benchmarks whose results are recorded in BENCHMARKS.md, BENCH_COUNT
# times each (6 unless set), and summarises them with benchstat (medians and spread) when it is
# installed on PATH or in /tmp/bin:
#   GOBIN=/tmp/bin go install golang.org/x/perf/cmd/benchstat@latest
# The raw results stay in the directory printed at the end, for comparing runs with benchstat.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${BENCH_COUNT:-6}
out=$(mktemp -d "${TMPDIR:-/tmp}/rampart-bench.XXXXXX")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)" | tee "$out/load.txt"

go test -run '^$' -bench . -benchmem -count "$count" ./policy/... | tee "$out/policy.txt"
# Snapshot patching (issue 8): one change at 10,000 users / 2,000 policies, and the full build.
go test -run '^$' -bench 'Apply|BuildLarge' -benchmem -count "$count" ./internal/authz | tee "$out/snapshot.txt"
# The decision API in process (issue 5): the combined RAM + workspace-role decision, and the
# whole handler through httptest.
go test -run '^$' -bench DecideWorkspace -benchmem -count "$count" ./internal/authz | tee "$out/decision.txt"
go test -run '^$' -bench Handler -benchmem -count "$count" ./internal/authzapi | tee -a "$out/decision.txt"
if [ -d bench ]; then
	(cd bench && go test -run '^$' -bench . -benchmem -count "$count" -timeout 120m ./...) | tee "$out/engines.txt"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)" | tee -a "$out/load.txt"

benchstat=$(command -v benchstat || true)
if [ -z "$benchstat" ] && [ -x /tmp/bin/benchstat ]; then
	benchstat=/tmp/bin/benchstat
fi
if [ -n "$benchstat" ]; then
	for f in "$out"/policy.txt "$out"/snapshot.txt "$out"/decision.txt "$out"/engines.txt; do
		[ -f "$f" ] && "$benchstat" "$f"
	done
else
	echo "benchstat not installed: see the raw results" >&2
fi

# Several nodes on one PostgreSQL (issue 8): the long run of the three-node test (10,000
# randomized grant/revoke trials, 0 violations wanted), then the figures: commit-to-visibility
# p50/p99 on the other nodes and decision throughput with three nodes vs one.
echo "== several nodes on one PostgreSQL"
. ./scripts/postgres.sh
RAMPART_MULTINODE_TRIALS=${RAMPART_MULTINODE_TRIALS:-10000} RAMPART_MULTINODE_BENCH=${RAMPART_MULTINODE_BENCH:-10s} \
	go test -count=1 -timeout 60m -v -run '^TestMultiNode(Measure)?$' ./test/e2e |
	grep -v -e '^=== ' | tee "$out/multinode.txt"
# The API over loopback (issues 4 and 5): signed GetUser and ListUsers, the decision API's single
# checks and batches, and the floor of this machine for both (the same load generators against
# a net/http server that only answers), closed loop and open loop at each rate.
echo "== the API over loopback, and this machine's floor"
RAMPART_LOAD=${RAMPART_LOAD:-10s} RAMPART_LOAD_RATE=${RAMPART_LOAD_RATE:-1000,4000,10000} \
	RAMPART_AUTHZ_LOAD=${RAMPART_AUTHZ_LOAD:-10s} RAMPART_AUTHZ_RATE=${RAMPART_AUTHZ_RATE:-1000,4000} \
	go test -count=1 -timeout 30m -v -run '^(TestLoad|TestLoadFloor|TestDecisionAPILoad)$' ./test/e2e |
	grep -v -e '^=== ' | tee "$out/api-load.txt"
echo "raw results: $out"
