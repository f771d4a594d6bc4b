# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run    start the assistant on the embedded defaults (SQLite, bundled corpus)
#   make test   run the whole test suite
#   make lint   ruff and mypy (CI runs it before the tests)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench eval install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/cchc run

test: $(STAMP)
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(VENV)/bin/python -m bench

eval: $(STAMP)
	$(VENV)/bin/python -m bench.eval

clean:
	rm -rf $(VENV) data
