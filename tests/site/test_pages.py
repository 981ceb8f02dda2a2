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
