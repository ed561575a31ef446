# The two fresh-machine commands of the README: `make serve` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The browser tests (tests/browser/) also need axe-core from npm (package-lock.json) and Debian's Chromium.
NODE_STAMP := node_modules/.installed

.PHONY: serve test lint install bench browser-deps cluster bench-deps perf load

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/newsearch reindex
	$(BIN)/newsearch serve

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Debian's chromium, installed once if missing (root, as on CI; elsewhere the browser tests skip without it).
browser-deps: $(NODE_STAMP)
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  { echo "installing chromium (apt-get) for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	    echo "warning: could not install chromium; the browser tests will skip (run: apt-get install chromium)"; }

# Debian's wrk, the load tool of bench/perf.py (and of its test), installed once if missing.
bench-deps:
	@command -v wrk >/dev/null 2>&1 || \
	  { echo "installing wrk (apt-get) for bench/perf.py"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) || \
	    echo "warning: could not install wrk; tests/test_bench_perf.py will skip (run: apt-get install wrk)"; }

test: $(STAMP) browser-deps bench-deps
	$(BIN)/python -m pytest

# The static checks (pyproject.toml's [tool.ruff] and [tool.mypy]); .ci/run runs them before the tests.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# A local OpenSearch cluster (2 data nodes, 1 cluster-manager-only node) in the foreground until Ctrl-C;
# prints its URLs. Needs Java 17+ and Maven (cluster/README.md); nothing else in newsearch does.
cluster: $(STAMP)
	$(BIN)/python -m cluster

# Every benchmark, each printing its table (needs ../shared/data; peers are development-only).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/relevance.py
	$(BIN)/python bench/duplicates.py
	$(BIN)/python bench/search_speed.py
	$(BIN)/python bench/warc_speed.py

# End-to-end performance at archive scale (bench/perf.py): make perf PERF_ARGS="--sizes 10000,100000".
perf: $(STAMP) bench-deps
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/perf.py $(PERF_ARGS)

# The load test of issue 8 (bench/load.py): 20 clients for 2 x 5 minutes under full reindexes, 10k pages.
# make load LOAD_ARGS="--pages 2000 --seconds 30" for a shorter run.
load: $(STAMP) bench-deps
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/load.py $(LOAD_ARGS)
