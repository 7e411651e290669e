# Paygent — two commands on a fresh Debian machine: `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libncursesw5-dev libsqlite3-dev libcurl4-openssl-dev libsecp256k1-dev python3-venv tmux
DEBUG_BIN := .build/debug/paygent
# PostgreSQL (issue #16): the server binaries for the throwaway test cluster, and the wrapper that
# starts it around `swift test` (PAYGENT_TEST_DATABASE set), stopping it even when the tests fail.
APT_PACKAGES += postgresql
WITH_PG := bash scripts/pg/cluster.sh run --
RELEASE_DIR := .build/release

.PHONY: all deps build run test interop bench bench-deps clean

all: build

## deps: install the system packages the build and tests need (apt-get, as root).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "make deps: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "make deps: missing system packages:$$missing"; \
	    echo "run:  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

## build: debug build of everything (the paygent executable and the benchmarks).
build: deps
	$(SWIFT) build

## run: open the operator console on a throwaway demo store with a live demo fleet.
run: build
	$(DEBUG_BIN) --demo

## test: everything CI checks — unit/integration tests, then interop with the Python reference.
# scripts/test/swift-test.sh runs `swift test` under a watchdog (PAYGENT_TEST_TIMEOUT, 1200 s):
# a hung test fails the run with the names of the tests that never finished and the runner's
# stacks, instead of stalling CI.
test: deps
	$(SWIFT) build --build-tests
	$(WITH_PG) SWIFT=$(SWIFT) bash scripts/test/swift-test.sh
	$(MAKE) --no-print-directory interop

## interop: checks against the reference implementations (eth-account, x402) in a venv under .build/.
interop:
	@bash scripts/venv.sh
	@PAYGENT_BIN=$(DEBUG_BIN) VENV_PY=.build/venv/bin/python bash scripts/interop/run-all.sh scripts/interop scripts/e2e

## bench: release-build benchmarks, printed side by side with the references.
bench: deps bench-deps
	@bash scripts/venv.sh --with-pure
	$(SWIFT) build -c release --product paygent-bench
	$(SWIFT) build -c release --product paygent
	@bash scripts/bench/run-all.sh $(RELEASE_DIR)

## bench-deps: the load generator the server benchmark drives (wrk, Debian's package).
BENCH_APT_PACKAGES := wrk
bench-deps:
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(BENCH_APT_PACKAGES)"

clean:
	rm -rf .build
