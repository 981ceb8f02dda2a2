"""Los diagramas: SVG dibujados de antemano (tools/diagrams.py), al día con su fuente y legibles en un móvil.

Cada página con diagrama se abre de tres maneras: directamente, con clics en la navegación y desde un
resultado de la búsqueda (las dos últimas, con la navegación instantánea de Material).
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.site.test_browser import only_local
from tools import diagrams

# Página, pestaña de su sección, texto que la encuentra en la búsqueda y fuente de su diagrama.
PAGES = [
    ("puesta-en-marcha/framework/", "puesta-en-marcha/", "cinco piezas", "docs/assets/diagrams/puesta-en-marcha-framework.mmd"),
    ("puesta-en-marcha/pipeline/", "puesta-en-marcha/", "camino limpio", "docs/assets/diagrams/puesta-en-marcha-pipeline.mmd"),
    ("notebooks/framework/", "notebooks/", "Cambie de kernel", "docs/assets/diagrams/notebooks-framework.mmd"),
    ("produccion/sagemaker-pipelines/", "produccion/", "AucInsuficiente", "snippets/proyecto_ml/pipeline/pipeline.mmd"),
    ("conceptos/ciclo-de-vida/", "conceptos/", "vueltas hacia atrás", "docs/assets/diagrams/conceptos-ciclo-de-vida.mmd"),
    ("conceptos/streaming-analitica/", "conceptos/", "productores", "docs/assets/diagrams/conceptos-streaming-analitica.mmd"),
    ("conceptos/herramientas-analisis/", "conceptos/", "diagrama de decisión", "docs/assets/diagrams/conceptos-herramientas-analisis.mmd"),
    ("contribuir/", "contribuir/", "cómo está hecho", "docs/assets/diagrams/contribuir.mmd"),
]
IDS = [path.strip("/") for path, *_ in PAGES]
HEADING = "article.md-content__inner h1"
# Cada línea de texto de un diagrama: los <tspan> sin otros dentro y los <text> sin <tspan>.
TEXT_RECTS = """svg => [...svg.querySelectorAll('text, tspan')]
  .filter(el => !el.querySelector('tspan') && el.textContent.trim())
  .map(el => ({text: el.textContent.trim(), height: el.getBoundingClientRect().height}))"""


def test_every_diagram_source_has_a_page_and_an_svg_up_to_date():
    assert sorted(source for *_, source in PAGES) == sorted(
        src.relative_to(diagrams.ROOT).as_posix() for src in diagrams.SOURCES
    )
    assert diagrams.stale() == [], "hay SVG desactualizados: ejecute make generated"


def test_a_changed_source_makes_its_svg_stale(tmp_path):
    source = tmp_path / "contribuir.mmd"
    shutil.copy(diagrams.ROOT / "docs/assets/diagrams/contribuir.mmd", source)
    shutil.copy(diagrams.ROOT / "docs/assets/diagrams/contribuir.svg", tmp_path / "contribuir.svg")
    assert diagrams.stale([source]) == []
    source.write_text(source.read_text(encoding="utf-8").replace("GitLab Pages", "Pages"), encoding="utf-8")
    assert diagrams.stale([source]) == [source]


def test_the_site_serves_no_mermaid(built_site):
    assert not list(built_site.rglob("mermaid*.js"))
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in text and "mermaid.min.js" not in text, html


def expect_diagram(page, site_url: str, path: str, source: str) -> None:
    """La página muestra su diagrama como SVG, sin errores ni peticiones fuera del sitio."""
    expect(page).to_have_url(re.compile(re.escape(f"{site_url}{path}")))
    svg = page.locator("article figure.diagrama svg")
    expect(svg).to_have_count(1)
    expect(svg).to_be_visible()
    assert svg.get_attribute("data-source") == source
    assert svg.locator("title").text_content().strip()
    assert page.locator("article pre.mermaid, article div.mermaid").count() == 0
    page.wait_for_load_state("networkidle")
    assert only_local(page.requests, site_url) == []
    assert page.console_errors == []


@pytest.mark.parametrize(("path", "tab", "query", "source"), PAGES, ids=IDS)
def test_diagram_reached_directly(page, site_url, path, tab, query, source):
    page.goto(f"{site_url}{path}")
    expect_diagram(page, site_url, path, source)


@pytest.mark.parametrize(("path", "tab", "query", "source"), PAGES, ids=IDS)
def test_diagram_reached_through_the_navigation(page, site_url, path, tab, query, source):
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.sameDocument = true")
    page.locator(f"a.md-tabs__link[href$='{tab}']").click()
    expect(page).to_have_url(f"{site_url}{tab}")
    if path != tab:
        # El enlace de la página en la navegación lateral, cuando Material ya ha cambiado el contenido.
        link = page.wait_for_function(
            """url => [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')]
                 .find(a => a.href === url && a.checkVisibility())""",
            arg=f"{site_url}{path}",
        ).as_element()
        link.click()
    expect_diagram(page, site_url, path, source)
    # La navegación instantánea cambió el contenido sin recargar la página.
    assert page.evaluate("window.sameDocument") is True


@pytest.mark.parametrize(("path", "tab", "query", "source"), PAGES, ids=IDS)
def test_diagram_reached_from_a_search_result(page, site_url, path, tab, query, source):
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.sameDocument = true")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query, delay=30)
    result = page.locator(f".md-search-result__item > a[href^='{site_url}{path}']").first
    expect(result).to_be_visible(timeout=10_000)
    result.click()
    expect_diagram(page, site_url, path, source)
    assert page.evaluate("window.sameDocument") is True


@pytest.mark.parametrize(("path", "tab", "query", "source"), PAGES, ids=IDS)
def test_diagram_text_is_readable_on_a_phone(page, site_url, path, tab, query, source):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}{path}")
    svg = page.locator("article figure.diagrama svg")
    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "el diagrama se sale de la pantalla"
    lines = svg.evaluate(TEXT_RECTS)
    assert len(lines) >= 5
    small = [line for line in lines if line["height"] < 11]
    assert small == [], f"texto de menos de 11 px a 390 px de ancho: {small}"


def luminance(color: str) -> float:
    channels = [int(value) / 255 for value in re.findall(r"\d+", color)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_diagram_follows_the_dark_palette(page, site_url):
    """Con el modo oscuro del selector de paleta, el texto del diagrama cambia de color y se sigue leyendo."""
    # Empieza en claro, sea cual sea el esquema que dejó otra prueba en el perfil compartido.
    page.emulate_media(color_scheme="light")
    page.goto(f"{site_url}conceptos/ciclo-de-vida/")
    page.evaluate("localStorage.clear()")
    page.reload()
    label = page.locator("article figure.diagrama svg g.node text").first
    colors = {}
    try:
        for scheme, toggle in (("default", "Cambiar a modo oscuro"), ("slate", "Cambiar a modo claro")):
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            colors[scheme] = label.evaluate("el => getComputedStyle(el).fill")
            assert contrast(colors[scheme], background) >= 4.5, (scheme, colors[scheme], background)
            page.locator(f"form[data-md-component=palette] label[title='{toggle}']").click()
    finally:
        page.evaluate("localStorage.clear()")  # el perfil del navegador es el mismo para todas las pruebas
    assert colors["default"] != colors["slate"]
