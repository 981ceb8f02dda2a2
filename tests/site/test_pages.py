"""Cada página se ejecuta como la lee un lector.

Los bloques de código se incluyen de archivos (nunca se copian a mano), cada uno es de una de tres clases
(celda, archivo, solo en AWS/EMR; tools/page_notebooks.py), el notebook de cada página coincide con lo
que el botón de copiar da en el sitio construido, y ese notebook se ejecuta entero en un kernel nuevo, en
una carpeta vacía, contra el endpoint local de AWS.
"""

from __future__ import annotations

import ast
import json
import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from tests.page_runner import page_env, page_meta, run_page
from tests.site.conftest import ROOT
from tools import page_notebooks
from tools.page_notebooks import SOLO, SOLO_BLOCKS, blocks, build_notebook, notebook_link, notebook_path

INCLUDE = re.compile(r'^--8<-- "(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"$')
# Diagramas y ejemplos de sintaxis de Markdown no son código que se ejecute.
NOT_CODE = {"mermaid", "markdown"}
PAGES = [md for md in page_notebooks.pages() if build_notebook(md) is not None]
# Páginas generadas desde un notebook (tools/page_notebooks.py): su código es el del notebook.
NOTEBOOK_PAGES = {ipynb.with_suffix(".md"): ipynb for ipynb in page_notebooks.SOURCE_NOTEBOOKS}


def page_id(md) -> str:
    return md.relative_to(ROOT / "docs").as_posix()


def fences():
    parser = MarkdownIt("commonmark")
    for md in page_notebooks.pages():
        if md in NOTEBOOK_PAGES:
            continue
        for token in parser.parse(md.read_text(encoding="utf-8")):
            if token.type == "fence":
                yield md.relative_to(ROOT), token.info.strip(), token.content


def test_every_code_block_includes_a_file_section():
    seen = 0
    for md, info, content in fences():
        language = info.strip("{} ").split()[0].lstrip(".") if info else ""
        if language in NOT_CODE:
            continue
        seen += 1
        lines = [line for line in content.splitlines() if line.strip()]
        assert lines, f"{md}: bloque vacío"
        for line in lines:
            match = INCLUDE.match(line.strip())
            assert match, f"{md}: código escrito a mano en la página: {line!r}"
            assert (ROOT / match["path"]).is_file(), f"{md}: no existe {match['path']}"
    assert seen >= 15


def test_every_block_is_a_cell_a_file_or_marked():
    """read_page rechaza un bloque sin clase (p. ej. «notest», o YAML sin nombre de archivo)."""
    kinds = {}
    for md in page_notebooks.pages():
        for block in blocks(md):
            kinds[block.kind] = kinds.get(block.kind, 0) + 1
    assert kinds.get("cell", 0) > 50 and kinds.get("file", 0) > 5


def test_solo_blocks_are_few_and_listed():
    found = {
        f"{page_id(md)}: {block.first_line}": block.kind
        for md in page_notebooks.pages() for block in blocks(md) if block.kind in SOLO
    }
    assert found == SOLO_BLOCKS, "SOLO_BLOCKS debe enumerar exactamente los bloques .solo-aws/.solo-emr"
    assert len(found) < 10


def test_notebooks_match_their_pages():
    assert page_notebooks.main(["--check"]) == 0, "ejecute make generated"


@pytest.mark.parametrize("md", PAGES, ids=page_id)
def test_page_links_its_notebook_under_the_title(md):
    lines = [line for line in page_notebooks.split_front_matter(md.read_text(encoding="utf-8"))[1].splitlines() if line.strip()]
    assert lines[0].startswith("# ") and lines[1] == notebook_link(md), f"{page_id(md)}: falta el botón bajo el título"
    assert notebook_path(md).is_file()


def site_blocks(html: str) -> list[tuple[str, str]]:
    """Los bloques de código de una página del sitio: (clase, texto que copia el botón de copiar)."""
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    found = []
    for highlight in article.select("div.highlight"):
        classes = highlight.get("class", []) + highlight.parent.get("class", [])
        language = next((c[len("language-"):] for c in classes if c.startswith("language-")), "")
        if language in page_notebooks.DISPLAY_LANGUAGES:
            continue
        title = highlight.select_one("span.filename")
        solo = [c for c in classes if c in SOLO]
        kind = solo[0] if solo else ("file:" + title.get_text() if title else "cell")
        found.append((kind, highlight.select_one("code").get_text().rstrip("\n")))
    return found


def notebook_blocks(nb) -> list[tuple[str, str]]:
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if source.startswith("%%writefile"):
            header, _, source = source.partition("\n")
            found.append(("file:" + header.split()[-1], source))
        else:
            tags = [t for t in cell.metadata.get("tags", []) if t in SOLO]
            found.append((tags[0] if tags else "cell", source))
    return found


@pytest.mark.parametrize("md", PAGES + list(NOTEBOOK_PAGES), ids=page_id)
def test_notebook_is_what_the_copy_buttons_give(md, built_site):
    html = (built_site / md.relative_to(ROOT / "docs").with_suffix("") / "index.html")
    if md.name == "index.md":
        html = built_site / md.relative_to(ROOT / "docs").parent / "index.html"
    notebook = NOTEBOOK_PAGES.get(md) or notebook_path(md)
    nb = nbformat.read(notebook, as_version=4)
    assert notebook_blocks(nb) == site_blocks(html.read_text(encoding="utf-8"))
    served = built_site / notebook.relative_to(ROOT / "docs")
    assert json.loads(served.read_text(encoding="utf-8")) == json.loads(notebook.read_text(encoding="utf-8"))


def defines_functions(source: str) -> bool:
    if source.startswith("%") or source.startswith("!"):
        return False
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return any(isinstance(node, (ast.FunctionDef, ast.ClassDef)) for node in tree.body)


# Las páginas que asignan una política gestionada de AWS (AmazonSageMakerFullAccess) la necesitan en moto.
RUNNABLE = [pytest.param(path, marks=pytest.mark.aws_managed_policies)
            if "arn:aws:iam::aws:policy/" in path.read_text(encoding="utf-8") else path
            for path in page_notebooks.runnable_notebooks()]


@pytest.mark.parametrize("notebook", RUNNABLE, ids=lambda path: path.name)
def test_page_runs_as_a_reader_reads_it(notebook, aws, tmp_path, request):
    nb = nbformat.read(notebook, as_version=4)
    meta = page_meta(notebook)
    livy = {}
    if meta.get("livy"):  # el servidor Livy de pruebas solo arranca si alguna página lo necesita
        livy = {"livy_url": request.getfixturevalue("livy_url"),
                "sparkmagic_conf": request.getfixturevalue("sparkmagic_conf_dir")}
    run = run_page(notebook, tmp_path / "trabajo", page_env(aws, tmp_path / "home"), **livy)
    assert run.cells_run > 0
    # Una página que define funciones las muestra funcionando: alguna celda posterior imprime algo.
    sources = [cell.source for cell in nb.cells if cell.cell_type == "code" and not cell.source.startswith("%%writefile")]
    last_definition = max((i for i, s in enumerate(sources) if defines_functions(s)), default=None)
    if last_definition is not None:
        later = [text for text in run.outputs[last_definition + 1:] if text.strip()]
        assert later, f"{meta['page']}: ninguna celda tras la última definición muestra un resultado"


SECTION_MARKER = re.compile(r"-{1,}8<-{1,}[ \t]+\[[ \t]*(start|end)[ \t]*:")


def test_prose_never_contains_a_section_marker():
    """pymdownx.snippets borra sin avisar cualquier línea de la página con una marca de sección."""
    for md in page_notebooks.pages():
        for number, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
            assert not SECTION_MARKER.search(line), f"{page_id(md)}:{number}: el sitio no mostraría esta línea"
