#!/usr/bin/env bash
# make test: provisions what the tests need, then runs every test. Under CI=true a missing piece
# fails the run instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
	echo "not formatted with gofmt (run gofmt -w on them):" >&2
	echo "$unformatted" >&2
	exit 1
fi

echo "== go vet"
go vet ./...

echo "== postgres (for the store conformance suite)"
. ./scripts/postgres.sh

echo "== chromium (for the console's browser tests)"
. ./scripts/chromium.sh

echo "== a C compiler (for the race detector)"
. ./scripts/cc.sh

# The server's packages run their tests under the race detector: the snapshot follower, the
# nonce batcher and the caches are concurrent code. The policy engine is not (an Evaluator is
# immutable) and its tests pin allocation counts, which the detector's instrumentation changes;
# the end-to-end tests drive the built binary, which the detector would not see into. Those two
# run plain.
echo "== go test ${RAMPART_RACE} ./internal/... ./cmd/..."
go test ${RAMPART_RACE} -count=1 ./internal/... ./cmd/...

echo "== go test ./policy/... ./test/e2e (the real binary; the console's browser tests included)"
go test -count=1 ./policy/... ./test/e2e

if [ -d bench ]; then
	echo "== bench module: engines agree"
	(cd bench && go vet ./... && go test -count=1 ./...)
fi

echo "== fuzz"
if [ "${CI:-}" = "true" ]; then
	FUZZTIME=${FUZZTIME:-30s} ./scripts/fuzz.sh
else
	FUZZTIME=${FUZZTIME:-10s} ./scripts/fuzz.sh
fi
