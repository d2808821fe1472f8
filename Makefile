# Two entry points: `make demo` and `make test`. Both create .venv on first use and
# reinstall only when pyproject.toml changes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Bytecode for the package, as a regular (non-editable) install writes it: without it every
# `cais-sim` process compiles the package again (a seventh of a second each start), for
# example where PYTHONDONTWRITEBYTECODE is set. Stale files are simply recompiled.
BYTECODE := $(VENV)/.bytecode
$(BYTECODE): $(STAMP) $(shell find cais_sim -name '*.py')
	$(BIN)/python -m compileall -q cais_sim > /dev/null
	touch $(BYTECODE)

demo: $(BYTECODE)
	$(BIN)/cais-sim demo --out build/demo

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict cais_sim

test: lint typecheck $(BYTECODE)
	$(BIN)/pytest

docs: $(STAMP)
	$(BIN)/python -m cais_sim.internal.docgen

bench: $(BYTECODE)
	$(BIN)/python benchmarks/bench_files.py
	$(BIN)/python benchmarks/bench_intake.py
	$(BIN)/python benchmarks/bench_generate.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache
