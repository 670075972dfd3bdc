# The two commands of the README: `make run` and `make test`.

CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
PRAXIS := $(TARGET_DIR)/debug/praxis
WEB_STAMP := web/node_modules/.package-lock.json

.PHONY: run test test-rust test-web lint web server schema lighthouse bench

## Build the web app and the server, then serve on http://127.0.0.1:8080 with the demo community.
run: web server
	$(PRAXIS) serve --demo

server:
	$(CARGO) build -p praxis-server

## Everything CI checks: formatting, lints, the Rust tests, and the web app's checks and browser tests.
test: lint test-rust test-web

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust:
	$(CARGO) test --workspace

# The web app exists once web/package.json does; until then these targets do nothing.
ifneq ($(wildcard web/package.json),)
$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web: $(WEB_STAMP)
	cd web && npm run build

test-web: web server
	cd web && npm run check && npm test && npm run size && PRAXIS_BIN=$(abspath $(PRAXIS)) npm run test:e2e

## Lighthouse's mobile performance score of a thread page and the library: a measurement, not a test.
lighthouse: web server
	cd web && PRAXIS_BIN=$(abspath $(PRAXIS)) npm run lighthouse
else
web:
test-web:
lighthouse:
endif

BENCH_CORPUS ?= ../shared/corpus/un-general-debates.jsonl.gz
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432/postgres
# The memory target, enforced: the server runs in a memory cgroup this size (root only; without
# one it runs uncapped and says so). Empty to run uncapped.
BENCH_MEMORY_CAP_MB ?= 200

## Search benchmarks against raw tantivy, SQLite FTS5 and PostgreSQL (see BENCHMARKS.md).
bench:
	$(CARGO) build --release -p praxis-server -p praxis-bench
	$(TARGET_DIR)/release/praxis-bench $(BENCH_CORPUS) --postgres $(BENCH_POSTGRES) \
		$(if $(BENCH_MEMORY_CAP_MB),--memory-cap-mb $(BENCH_MEMORY_CAP_MB))

## Accept an intended change of the GraphQL schema (review the diff of schema.graphql).
schema:
	UPDATE_SCHEMA=1 $(CARGO) test -p praxis-tests --test integration schema
