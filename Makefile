# budget-analysis — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup report extract test lab bench clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dev]'
	@touch $(STAMP)

setup: $(STAMP) ## create .venv with the package (editable) and the test/dev extras; quick when nothing changed

extract: setup ## read every file in data/raw/ into data/processed/
	$(BIN)/budget-analysis extract data/raw --out data/processed

report: extract ## extract data/raw/, then render reports/ (one HTML per document plus index.html)
	$(BIN)/budget-analysis report --store data/processed --out reports

test: setup ## run the test suite
	$(BIN)/python -m pytest -q -n $${TEST_WORKERS:-2} --dist loadfile

lab: setup ## start JupyterLab on the project (--allow-root only when running as root)
	$(BIN)/jupyter lab --notebook-dir=. $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

bench: setup ## time extraction of the corpus in ../shared/corpus
	$(BIN)/python benchmarks/bench_pdf.py

clean: ## remove built output (keeps .venv)
	rm -rf data/processed reports
