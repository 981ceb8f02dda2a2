"""Las páginas no copian código a mano: cada bloque de código incluye una sección de un fichero."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from tests.site.conftest import ROOT

INCLUDE = re.compile(r'^--8<-- "(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"$')
# Diagramas y ejemplos de sintaxis de Markdown no son código que se ejecute.
NOT_CODE = {"mermaid", "markdown"}


def fences():
    parser = MarkdownIt("commonmark")
    for md in sorted((ROOT / "docs").rglob("*.md")):
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
        if language == "python":
            assert "notest" in info, f"{md}: un bloque que incluye código debe ser {{.python notest}}"
    assert seen >= 15


def test_bare_notest_form_is_not_used():
    # «```python notest» rompe el resaltado de Material sin avisar: solo la forma con llaves.
    for md, info, _ in fences():
        assert not re.match(r"^\w+\s+notest", info), f"{md}: use {{.python notest}}, no {info!r}"


# Bloques que solo funcionan en EMR: su prueba comprueba lo que se puede comprobar fuera de EMR, y la
# página los marca con una advertencia «Solo en EMR» justo antes. Cualquier otro bloque se ejecuta entero.
EMR_ONLY = {"snippets/aws/hudi.py:write", "snippets/notebooks/emr_libraries.py:notebook-scoped"}


def test_emr_only_blocks_are_listed_and_marked():
    found = set()
    for md in sorted((ROOT / "docs").rglob("*.md")):
        lines = md.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            match = INCLUDE.match(line.strip())
            if not match or not match["section"]:
                continue
            ref = f"{match['path']}:{match['section']}"
            marked = any('!!! warning "Solo en EMR"' in previous for previous in lines[max(0, number - 12):number])
            if ref in EMR_ONLY:
                assert marked, f"{md}: {ref} es solo para EMR y la página no lo advierte"
                found.add(ref)
            else:
                assert not marked, f"{md}: {ref} está marcado «Solo en EMR» pero no está en EMR_ONLY"
    assert found == EMR_ONLY
