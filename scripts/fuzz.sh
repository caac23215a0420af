#!/usr/bin/env bash
# Runs every Go fuzz target in the module for FUZZTIME each (default 30s) and fails on the first
# failure. Targets are found by name, so a new Fuzz function is picked up without editing this file.
#
# Go 1.26's fuzzing coordinator can fail a target with a bare "context deadline exceeded" as
# -fuzztime runs out on a loaded machine, having found nothing (golang/go#75804, fixed in Go
# 1.27). A target that fails that way, without writing a failing input to testdata/fuzz, is run
# once more for the full FUZZTIME; any other failure, or the same one twice, fails at once.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-30s}

# inputs lists the failing inputs a target has written to its package's testdata.
inputs() { ls "$1/testdata/fuzz/$2" 2>/dev/null || true; }

for pkg in $(go list ./...); do
	dir=$(go list -f '{{.Dir}}' "$pkg")
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		for attempt in 1 2; do
			echo "fuzz: $pkg $target for $fuzztime"
			before=$(inputs "$dir" "$target")
			out=$(mktemp)
			if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" 2>&1 | tee "$out"; then
				rm -f "$out"
				break
			fi
			if [ "$attempt" = 1 ] && [ "$(inputs "$dir" "$target")" = "$before" ] &&
				grep -q '^    context deadline exceeded$' "$out"; then
				echo "fuzz: $target stopped with Go's deadline race (golang/go#75804) and no failing input; running it again"
				rm -f "$out"
				continue
			fi
			rm -f "$out"
			exit 1
		done
	done
done
