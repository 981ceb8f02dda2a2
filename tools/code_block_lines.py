"""Hook de MkDocs: anota en cada bloque de código resaltado cuántas líneas tiene (``--lineas``).

extra.css deja sin maquetar los bloques que quedan fuera de la pantalla (content-visibility) y, mientras
tanto, les reserva el alto de sus líneas. Con el alto exacto, nada se mueve cuando el bloque se muestra:
ni el texto que se está leyendo ni lo que mide una herramienta como axe (tests/site/test_browser.py lo
comprueba en Chromium).
"""

from __future__ import annotations

import re

BLOCK = re.compile(
    r'<div class="(?P<classes>[^"]*\bhighlight)">'
    r'(?P<head>(?:<span class="filename">[^<]*</span>)?<pre><span></span><code>)(?P<code>.*?)</code>',
    re.S,
)


def with_lines(block: re.Match) -> str:
    lines = block["code"].rstrip("\n").count("\n") + 1
    return f'<div class="{block["classes"]}" style="--lineas: {lines}">{block["head"]}{block["code"]}</code>'


def on_page_content(html: str, *, page, config, files) -> str:
    return BLOCK.sub(with_lines, html)
