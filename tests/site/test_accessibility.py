"""Accesibilidad del sitio como lo recibe un lector: axe-core en Chromium sobre cada página construida, en
el esquema claro y en el oscuro, y tablas con código legibles en un teléfono.

axe-core (el motor que usa Lighthouse) viene dentro del paquete axe-playwright-python.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

# Las reglas de WCAG 2.0, 2.1 y 2.2 de nivel A y AA, más las buenas prácticas de axe. Quedan fuera dos
# buenas prácticas que Lighthouse no puntúa: «region» (la barra de progreso y los diálogos de Material
# viven fuera de los landmarks) y «landmark-unique» (Material repite la etiqueta de una sección en sus
# navegaciones anidadas).
AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "rules": {"region": {"enabled": False}, "landmark-unique": {"enabled": False}},
    "resultTypes": ["violations"],
}
SCHEMES = {"light": "default", "dark": "slate"}
# Material guarda el esquema elegido en localStorage; sin él, sigue a prefers-color-scheme.
FORGET_PALETTE = """
for (const key of Object.keys(localStorage)) {
  if (key.endsWith("__palette")) localStorage.removeItem(key)
}
"""
PHONE = {"width": 390, "height": 844}
NBCONVERT_DEFAULT_ALT = "No description has been provided for this image"


def site_pages(site: Path) -> list[str]:
    """Las rutas de todas las páginas construidas ("" es la portada)."""
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
                   if "assets" not in p.relative_to(site).parts)
    return ["" if p == "." else p + "/" for p in pages]


def describe(violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        node = v["nodes"][0]
        detail = (node.get("any") or node.get("all") or node.get("none") or [{}])[0].get("message", "")
        lines.append(f"{v['id']} ({len(v['nodes'])}): {node['target']} {detail}")
    return lines


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_passes_axe(page, site_url, built_site, scheme):
    """Cero infracciones de axe en cada página, en el esquema claro y en el oscuro."""
    axe = Axe()
    page.add_init_script(FORGET_PALETTE)
    page.emulate_media(color_scheme=scheme)
    failures = {}
    pages = site_pages(built_site)
    assert len(pages) > 30
    for path in pages:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures[path or "/"] = describe(violations)
    assert not failures, "\n".join(f"{p}\n  " + "\n  ".join(v) for p, v in failures.items())


# Para cada <code> dentro de una tabla, los puntos donde el texto salta de línea que no caen en un espacio.
BROKEN_CODE_JS = """
() => {
  const broken = [];
  for (const code of document.querySelectorAll("article table code")) {
    if (code.getClientRects().length < 2) continue;
    const text = code.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    const range = document.createRange();
    let previousTop = null;
    for (let i = 0; i < text.length; i++) {
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      const rect = range.getBoundingClientRect();
      if (!rect.width) continue;
      if (previousTop !== null && rect.top > previousTop + 2 && !/\\s/.test(text.data[i - 1])) {
        broken.push(text.data.slice(0, i) + "|" + text.data.slice(i));
      }
      previousTop = rect.top;
    }
  }
  return broken;
}
"""


def test_inline_code_in_tables_is_not_broken_mid_word(page, site_url, built_site):
    """En un teléfono, un identificador en una tabla no se parte por la mitad («ml.c6i.xl|arge»)."""
    code_in_table = re.compile(r"<t[dh][^>]*>(?:(?!</t[dh]>).)*<code", re.S)
    pages = [p for p in site_pages(built_site)
             if code_in_table.search((built_site / p / "index.html").read_text(encoding="utf-8"))]
    assert "notebooks/instancias/" in pages
    page.set_viewport_size(PHONE)
    broken = {}
    for path in pages:
        page.goto(site_url + path)
        found = page.evaluate(BROKEN_CODE_JS)
        if found:
            broken[path] = found
    assert not broken, broken


def test_notebook_page_figures_have_their_description_and_the_notebook_downloads(page, site_url):
    """La página del notebook de EDA: cada figura con su texto alternativo y el .ipynb para descargar."""
    page.goto(site_url + "notebooks/eda-ejemplo/")
    alts = page.locator("article.md-content__inner img").evaluate_all("imgs => imgs.map(i => i.alt)")
    assert len(alts) == 2
    assert all(len(alt) > 40 and NBCONVERT_DEFAULT_ALT not in alt for alt in alts), alts
    button = page.locator("article a.md-button", has_text="Abrir como notebook")
    assert button.get_attribute("download") == "eda-ejemplo.ipynb"
    response = page.request.get(site_url + "notebooks/eda-ejemplo.ipynb")
    assert response.ok and response.json()["cells"]
