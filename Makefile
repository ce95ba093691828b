# claimcheck: the two commands a fresh clone needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
# The sentence model's files (read-only copy beside the clone); absent -> lexical mode.
MODEL_SRC ?= ../shared/models/all-MiniLM-L6-v2

.PHONY: demo test test-fast bench model sources.db clean help

help:
	@echo "make demo        run claimcheck on the fixtures (offline) -> report.json, report.html"
	@echo "make test        install with test extras and run the whole test suite"
	@echo "make bench       run the benchmarks and quality evaluations (slow)"
	@echo "make sources.db  rebuild the curated database from the fixtures"
	@echo "make model       install the sentence model from $(MODEL_SRC) (hash-verified)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e '.[test,train]'
	@touch $@ $(VENV)/.installed

# Install (or re-verify) the sentence model when its folder is there; safe to repeat. A failure
# (unwritable cache, hash mismatch) is reported and the run goes on in lexical mode.
define install_model
	@if [ -d "$(MODEL_SRC)" ]; then $(BIN)/claimcheck model install "$(MODEL_SRC)" \
	    || echo "warning: sentence model not installed (see above): lexical mode"; \
	else echo "note: $(MODEL_SRC) not found: no sentence model, claimcheck runs in lexical mode" \
	    "(see 'Sentence model' in README.md)"; fi
endef

model: $(VENV)/.installed
	$(install_model)

demo: $(VENV)/.installed
	$(install_model)
	@rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/claimcheck --db demo.db demo --out-dir .

test: $(VENV)/.installed-test
	$(install_model)
	$(BIN)/python -m pytest -q -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -x -m "not browser" tests/unit tests/cli

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run_all.py

# The curated database shipped in the repository, rebuilt deterministically from fixtures/.
FIXTURE_DOCS := $(sort $(wildcard fixtures/*.md fixtures/*.txt fixtures/*.html))
sources.db: $(VENV)/.installed $(FIXTURE_DOCS)
	rm -f sources.db.tmp
	$(BIN)/claimcheck --db sources.db.tmp check $(FIXTURE_DOCS) \
	    --archive fixtures/references.warc.gz --offline --format json --out /dev/null
	mv sources.db.tmp sources.db

clean:
	rm -rf $(VENV) demo.db* report.json report.html .pytest_cache
