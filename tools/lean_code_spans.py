"""Hook de MkDocs: quita del código resaltado las etiquetas de Pygments que no cambian nada en pantalla.

Pygments envuelve cada nombre, signo de puntuación, espacio y prefijo de f-string en un ``<span>``, aunque
el tema no les dé estilo (``.w``, ``.sa``, ``.vm``, ``.fm``) o les dé el color del propio código (``.n`` usa
``--md-code-hl-name-color``, que es ``--md-code-fg-color``; ``.p``, por extra.css). Son más de la mitad de
los elementos de las páginas largas, y en un teléfono cada recálculo de estilo las recorre todas: quitarlas deja el mismo texto
con los mismos colores (tests/site/test_browser.py lo compara en Chromium).
"""

from __future__ import annotations

import re

# El contenido de un token resaltado va escapado: nunca lleva "<".
INVISIBLE_TOKEN = re.compile(r'<span class="(?:n|p|w|sa|vm|fm)">([^<]*)</span>')


def on_page_content(html: str, *, page, config, files) -> str:
    return INVISIBLE_TOKEN.sub(lambda token: token.group(1), html)
