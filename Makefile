# Rampart's build and test entry points. `make test` is the one command that runs every test;
# CI (.ci/run) calls it too.

GO        ?= go
FUZZTIME  ?= 2m

.PHONY: all build test fuzz bench vet clean

all: build

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/rampart ./cmd/rampart

# Every test: unit, conformance (SQLite and a throwaway PostgreSQL), end-to-end, the benchmark
# module's agreement checks, and a short fuzz run of every fuzz target.
test:
	./scripts/test.sh

# Longer fuzzing of every target (FUZZTIME each).
fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

# The engine comparison and the server benchmarks recorded in BENCHMARKS.md.
bench:
	./scripts/bench.sh

vet:
	$(GO) vet ./...

clean:
	rm -rf bin
