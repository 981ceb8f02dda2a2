"""La figura de plotly de «Gráficos», como la lee un lector en GitLab Pages (navegación instantánea activa).

La página muestra un SVG estático; plotly.js y el JSON de la figura se descargan del propio sitio solo al
pulsar «Ver el gráfico interactivo». Se comprueba llegando a la página directamente, por la navegación
lateral y por un resultado de búsqueda: las dos últimas son navegación instantánea, sin recargar.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.site.test_browser import only_local

PAGE = "notebooks/graficos/"
BUNDLE = "assets/javascripts/plotly-cartesian.min.js"
FIGURE_DATA = "assets/images/graficos-plotly.json"


def reach(page, site_url: str, how: str) -> None:
    if how == "directa":
        page.goto(f"{site_url}{PAGE}")
    elif how == "navegacion":
        page.goto(f"{site_url}notebooks/")
        page.wait_for_load_state("networkidle")
        page.locator("nav.md-nav--primary a.md-nav__link[href$='graficos/']").first.click()
    elif how == "busqueda":
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("plotly", delay=50)
        result = page.locator(f".md-search-result__item a[href*='{PAGE}']").first
        expect(result).to_be_visible(timeout=10_000)
        result.click()
    expect(page.locator("article.md-content__inner h1")).to_have_text(re.compile(r"^Gráficos"))
    assert page.url.startswith(f"{site_url}{PAGE}")


def plotly_requests(page) -> list[str]:
    """plotly.js (cualquier paquete) y los datos de la figura; no la imagen estática ni la página."""
    return [url for url in page.requests if "plotly" in url and url.split("?")[0].endswith((".js", ".json"))]


@pytest.mark.parametrize("how", ["directa", "navegacion", "busqueda"])
def test_plotly_figure_is_static_first_and_interactive_on_demand(page, site_url, how):
    reach(page, site_url, how)
    image = page.locator("article img[data-plotly]")
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()  # loading="lazy": se descarga al acercarse a la pantalla
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.get_attribute("alt").startswith("Cajas de la factura mensual por plan")
    button = page.get_by_role("button", name="Ver el gráfico interactivo")
    expect(button).to_have_count(1)
    page.wait_for_load_state("networkidle")
    # En la primera carga, ni plotly.js ni los datos de la figura: solo la imagen.
    assert plotly_requests(page) == []

    button.click()
    plot = page.locator("article .js-plotly-plot")
    expect(plot.locator(".main-svg").first).to_be_visible(timeout=15_000)
    expect(plot.locator(".boxlayer .trace")).to_have_count(3)  # una caja por plan
    expect(image).to_have_count(0)
    expect(button).to_have_count(0)
    assert sorted(plotly_requests(page)) == [f"{site_url}{FIGURE_DATA}", f"{site_url}{BUNDLE}"]
    assert only_local(page.requests, site_url) == []
    assert page.console_errors == []


def test_plotly_figure_fits_a_phone(page, site_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}{PAGE}")
    image = page.locator("article img[data-plotly]")
    image.scroll_into_view_if_needed()
    assert image.bounding_box()["width"] <= 390
    page.get_by_role("button", name="Ver el gráfico interactivo").click()
    plot = page.locator("article .js-plotly-plot .main-svg").first
    expect(plot).to_be_visible(timeout=15_000)
    assert plot.bounding_box()["width"] <= 390
    assert page.console_errors == []


def test_leaving_and_coming_back_keeps_one_button(page, site_url):
    """La navegación instantánea vuelve a ejecutar el script de la página en cada visita."""
    reach(page, site_url, "navegacion")
    page.locator("nav.md-nav--primary a.md-nav__link[href$='consejos/']").first.click()
    expect(page.locator("article.md-content__inner h1")).to_have_text(re.compile(r"^Consejos"))
    page.go_back()
    expect(page.locator("article.md-content__inner h1")).to_have_text(re.compile(r"^Gráficos"))
    expect(page.get_by_role("button", name="Ver el gráfico interactivo")).to_have_count(1)
    page.get_by_role("button", name="Ver el gráfico interactivo").click()
    expect(page.locator("article .js-plotly-plot .main-svg").first).to_be_visible(timeout=15_000)
    assert page.console_errors == []
