# Tareas del manual. Cada una crea su entorno virtual la primera vez, con versiones exactas:
#   .venv-docs  solo el sitio (make serve, make build): se instala en un minuto y construye rápido.
#   .venv       todo: sitio, pruebas y mediciones (make test, make bench).
# Son dos porque las dependencias de las pruebas (JupyterLab, sparkmagic) hacen que construir el sitio
# tarde 7 s en lugar de 2 s: importan un analizador de URI que compila su gramática al cargarse.
PYTHON ?= python3
DOCS := .venv-docs/bin
BIN := .venv/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-aws bench pages generated screenshot mutation clean

.venv-docs/.installed: requirements-docs.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Se necesita Python 3.11 o posterior.")'
	$(PYTHON) -m venv .venv-docs
	$(DOCS)/python -m pip install --disable-pip-version-check -q -r requirements-docs.txt
	touch $@

.venv/.installed: requirements.txt requirements-docs.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Se necesita Python 3.11 o posterior.")'
	@command -v krb5-config >/dev/null || { echo "Faltan las cabeceras de Kerberos (sparkmagic compila gssapi): sudo apt-get install libkrb5-dev gcc"; exit 1; }
	$(PYTHON) -m venv .venv
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

serve: .venv-docs/.installed
	$(DOCS)/mkdocs serve -a 127.0.0.1:8000

build: .venv-docs/.installed
	$(DOCS)/mkdocs build --strict

# gitlab-ci-local ejecuta en las pruebas los trabajos de la plantilla de CI; necesita Node 22, que llega de
# npm como paquete node@22 (sirve con el Node 20 de la máquina). Versiones fijas, en una carpeta que no se sube.
CI_TOOLS := .cache/ci-tools
CI_TOOLS_VERSIONS := node@22.23.3 gitlab-ci-local@4.75.1

$(CI_TOOLS)/versions: Makefile
	@command -v npm >/dev/null || { echo "Falta npm (Node.js) para instalar gitlab-ci-local: sudo apt-get install nodejs npm"; exit 1; }
	mkdir -p $(CI_TOOLS)
	npm install --prefix $(CI_TOOLS) --no-audit --no-fund --silent $(CI_TOOLS_VERSIONS)
	echo "$(CI_TOOLS_VERSIONS)" > $@

test: .venv/.installed $(CI_TOOLS)/versions
	$(BIN)/python -m pytest

# Solo las pruebas de AWS, contra el endpoint y las credenciales del entorno (una cuenta sandbox): sin
# moto, nombres con el id de la ejecución y limpieza al final de cada prueba. No empieza si
# MANUAL_ML_SANDBOX_ACCOUNT no es el id de la cuenta de las credenciales. Véase Contribuir.
test-aws: .venv/.installed
	HANDBOOK_AWS_SANDBOX=1 $(BIN)/python -m pytest

bench: .venv/.installed .venv-docs/.installed
	$(BIN)/python bench/bench.py --mkdocs $(DOCS)/mkdocs
	$(BIN)/python bench/lighthouse.py
	$(BIN)/python bench/pages.py

# Pruebas de mutación: mutmut cambia el código de los módulos de AWS y del pipeline, cada uno con sus
# pruebas (tools/mutation.py), y comprueba que alguna prueba lo note; imprime la puntuación por módulo.
# Tarda horas: MODULOS="athena gitlab_access" limita los módulos.
mutation: .venv/.installed
	$(BIN)/python -m tools.mutation $(MODULOS)

# Cada página ejecutada como la lee un lector: bloques, celdas, resultados, archivos, marcados y tiempo.
pages: .venv/.installed
	$(BIN)/python bench/pages.py

# Vuelve a generar los archivos que las páginas incluyen y las pruebas comprueban.
generated: .venv/.installed
	$(BIN)/python -m snippets.proyecto_ml.pipeline.graph --write
	$(BIN)/python -m snippets.aws.hudi_results ../shared/hudi > snippets/aws/hudi_results.md
	$(BIN)/python -m snippets.aws.hudi_emr
	$(BIN)/python -m snippets.notebooks.instance_types
	$(BIN)/python -m snippets.notebooks.plots
	$(BIN)/python -m tools.diagrams
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace docs/notebooks/eda-ejemplo.ipynb
	$(BIN)/python -m tools.page_notebooks

screenshot: .venv/.installed
	$(BIN)/python tools/jupyterlab_screenshot.py docs/assets/images/jupyterlab.png

clean:
	rm -rf .venv .venv-docs site public .pytest_cache
