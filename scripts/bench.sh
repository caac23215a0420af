#!/usr/bin/env bash
# make bench: runs the benchmarks whose results are recorded in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench . -benchmem ./policy/...
if [ -d bench ]; then
	(cd bench && go test -run '^$' -bench . -benchmem -timeout 60m ./...)
fi
