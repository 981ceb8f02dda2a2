# Tareas del manual. Cada una crea .venv la primera vez y lo rellena con versiones exactas.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench generated screenshot clean

# Solo lo del sitio: lo justo para servirlo en un par de minutos.
$(VENV)/.docs-installed: requirements-docs.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Se necesita Python 3.11 o posterior.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-docs.txt
	touch $@

# Todo: sitio, pruebas y mediciones.
$(VENV)/.all-installed: requirements.txt $(VENV)/.docs-installed
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

serve: $(VENV)/.docs-installed
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

build: $(VENV)/.docs-installed
	$(BIN)/mkdocs build --strict

test: $(VENV)/.all-installed
	$(BIN)/python -m pytest

bench: $(VENV)/.all-installed
	$(BIN)/python bench/bench.py

# Vuelve a generar los ficheros que las páginas incluyen y las pruebas comprueban.
generated: $(VENV)/.all-installed
	$(BIN)/python -m snippets.proyecto_ml.pipeline.graph --write
	$(BIN)/python -m snippets.aws.hudi_results ../shared/hudi > snippets/aws/hudi_results.md
	$(BIN)/python -m snippets.notebooks.instance_types
	$(BIN)/python -m snippets.notebooks.plots
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace docs/notebooks/eda-ejemplo.ipynb

screenshot: $(VENV)/.all-installed
	$(BIN)/python tools/jupyterlab_screenshot.py docs/assets/images/jupyterlab.png

clean:
	rm -rf $(VENV) site public .pytest_cache
