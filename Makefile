# Two entry points: `make demo` (set up, then screen the example runner) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

demo: $(VENV)/.installed
	$(BIN)/screening demo

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest
	$(BIN)/pytest --desk-database=postgresql tests/desk tests/browser  # the desk on PostgreSQL

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/screening_speed.py
	$(BIN)/python benchmarks/render_speed.py
	$(BIN)/python benchmarks/desk_load.py
	$(BIN)/python benchmarks/desk_load.py --postgresql
	$(BIN)/python benchmarks/batch_speed.py

$(VENV)/.installed: pyproject.toml scripts/system-deps
	scripts/system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[desk,dask]'
	touch $@

$(VENV)/.installed-test: pyproject.toml scripts/system-deps
	scripts/system-deps --test
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[desk,dask,test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) dist build
