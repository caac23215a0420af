#!/usr/bin/env bash
# make test: provisions what the tests need, then runs every test. Under CI=true a missing piece
# fails the run instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet"
go vet ./...

echo "== postgres (for the store conformance suite)"
. ./scripts/postgres.sh

echo "== chromium (for the console's browser tests)"
. ./scripts/chromium.sh

echo "== a C compiler (for the race detector)"
. ./scripts/cc.sh

# The packages' own tests run under the race detector: the snapshot follower, the nonce batcher
# and the caches are concurrent code. The end-to-end tests drive the built binary, which the
# detector would not see into, so they run plain.
echo "== go test ${RAMPART_RACE} (every package but the end-to-end suite)"
go test ${RAMPART_RACE} -count=1 $(go list ./... | grep -v '/test/e2e$')

echo "== go test ./test/e2e (the real binary; the console's browser tests included)"
go test -count=1 ./test/e2e

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
