# Build, test and demo the Intercom source connector.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
GO ?= go

.PHONY: build demo test lint fmt clean bench

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/source-intercom .
	$(GO) build -o bin/fakeintercom ./cmd/fakeintercom

# Runs spec, check, discover and read against the built-in fake Intercom.
demo: build
	$(GO) run ./cmd/demo --binary bin/source-intercom --size small

# The whole test suite: format, vet, and every test with the race detector.
test: lint
	$(GO) test -race -count=1 ./...

# Hot-path Go benchmarks and full syncs against the fake Intercom with
# latency and a rate limit, concurrent and sequential; writes BENCHMARKS.md.
bench: build
	$(GO) run ./cmd/syncbench --binary bin/source-intercom --sizes small --count-sizes small,large --realistic small:150ms,small:300ms,small:600ms,large:300ms --out BENCHMARKS.md

lint:
	@unformatted=$$(gofmt -l .); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...

fmt:
	gofmt -w .

clean:
	rm -rf bin .demo

# The acceptance suite (acceptance-test-config.yml) and the image checks, against the fake Intercom;
# `make acceptance ARGS=-update` refreshes integration_tests/expected_records.jsonl.
IMAGE_NAME := $(shell sed -n 's/^  dockerRepository: *//p' metadata.yaml)
IMAGE_TAG := $(shell sed -n 's/^  dockerImageTag: *//p' metadata.yaml)
.PHONY: acceptance image

acceptance:
	$(GO) test -count=1 -run 'Acceptance|Metadata|Docs|Docker|Image|RecordSchema|ShellWords|CatalogFromDiscovered' ./integration_tests/ $(ARGS)

# The image Airbyte runs, with docker or podman; see docs/intercom.md to register it.
ENGINE ?= $(shell docker info >/dev/null 2>&1 && echo docker || echo podman)
image:
	$(ENGINE) build --build-arg VERSION=$(IMAGE_TAG) -t $(IMAGE_NAME):$(IMAGE_TAG) .

.PHONY: test-long fuzz

# The slow guarantees as well: faults that never clear, through the whole
# retry budget; heavier random faults, the companies scroll included; more
# kill points. Takes minutes; -v shows the figures (faults injected,
# records checked, runs killed and resumed).
test-long: lint
	$(GO) test -race -count=1 -timeout 30m ./integration_tests/ -long -v

# Every fuzz target for FUZZTIME each. A failing input is written to the
# package's testdata/fuzz, where make test runs it from then on. The budget
# is a count of executions (Nx): with a duration, Go 1.26's fuzz coordinator
# can report "context deadline exceeded" as a failure when the time runs out
# on a busy machine (golang/go#75804, fixed in Go 1.27).
FUZZTIME ?= 200000x
FUZZ_TARGETS := ./source/config:FuzzParseConfig ./source/engine:FuzzParseCursorState ./source/engine:FuzzPlan \
	./source/airbyte:FuzzParseConfiguredCatalog ./source/airbyte:FuzzParseState \
	./internal/intercom:FuzzDecodeList ./internal/intercom:FuzzParseAPIError \
	./internal/jsonscan:FuzzScanAgreesWithEncodingJSON ./internal/protocoltest:FuzzDecode
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test $$pkg -list "^$$name\$$" | grep -qx "$$name" || { echo "no fuzz target $$name in $$pkg"; exit 1; }; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done
