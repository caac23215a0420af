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

echo "== go test (the console's browser tests included)"
go test -count=1 ./...

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
