"""El sitio construido, en Chromium sin interfaz, servido en 127.0.0.1."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.site.conftest import mkdocs_build

ROOT = Path(__file__).resolve().parents[2]


def section(path: str, name: str) -> str:
    """El texto de una sección de snippet, como lo incluye pymdownx.snippets (sin sangría común)."""
    text = (ROOT / path).read_text(encoding="utf-8")
    match = re.search(rf"# --8<-- \[start:{name}\]\n(.*?)\n\s*# --8<-- \[end:{name}\]", text, re.S)
    assert match, f"no existe la sección {name} en {path}"
    return textwrap.dedent(match.group(1))


def only_local(requests: list[str], site_url: str) -> list[str]:
    return [url for url in requests if not (url.startswith(site_url) or url.startswith(("data:", "blob:")))]


def test_home_renders_in_spanish(page, site_url):
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.locator("article.md-content__inner h1")).to_have_text(re.compile(r"^Manual del equipo de ML"))
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", "Búsqueda")
    page.wait_for_load_state("networkidle")
    assert only_local(page.requests, site_url) == []
    assert page.console_errors == []


def test_search_bucket_lists_the_s3_page(page, site_url):
    page.goto(site_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("bucket", delay=50)
    result = page.locator(".md-search-result__item a[href*='notebooks/boto3-s3/']").first
    expect(result).to_be_visible(timeout=10_000)
    result.click()
    expect(page.locator("article.md-content__inner h1")).to_have_text(re.compile(r"^boto3 y S3"))
    assert only_local(page.requests, site_url) == []


def test_copy_button_copies_exactly_the_snippet(page, site_url):
    page.goto(f"{site_url}notebooks/boto3-s3/")
    block = page.locator("div.highlight", has_text="def s3_client").first
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip("\n") == section("snippets/aws/s3.py", "client").strip("\n")
    page.wait_for_load_state("networkidle")
    assert only_local(page.requests, site_url) == []
    assert page.console_errors == []


def test_every_page_is_offline_and_error_free(page, site_url, built_site):
    for html in sorted(built_site.rglob("index.html")):
        if html.parent.name in {"search", "404"}:
            continue
        path = html.parent.relative_to(built_site).as_posix()
        page.goto(site_url if path == "." else f"{site_url}{path}/")
        page.wait_for_load_state("networkidle")
    assert only_local(page.requests, site_url) == []
    assert page.console_errors == []


# Cada bloque de código: el alto que se le reserva sin maquetar (al cargar, lejos de la pantalla), el que
# tiene una vez mostrado (se lleva a la pantalla y se esperan dos fotogramas) y el espacio entre el párrafo
# que lo precede y lo primero que se ve del bloque.
CODE_BLOCKS_JS = """
async () => {
  const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const blocks = [...document.querySelectorAll(".md-typeset .highlight")];
  const reserved = blocks.map(b => b.getBoundingClientRect().height);
  const offscreen = blocks.map(b => b.getBoundingClientRect().top > 3 * innerHeight);
  const measured = [];
  for (const [i, b] of blocks.entries()) {
    b.scrollIntoView({block: "center"});
    await frame();
    const before = b.previousElementSibling;
    // Lo primero que se ve del bloque: la etiqueta «Solo en…» (un ::before, arriba del todo), el título o el código.
    const top = (b.matches(".solo-aws, .solo-emr") ? b : b.firstElementChild).getBoundingClientRect().top;
    measured.push({
      offscreen: offscreen[i], reserved: reserved[i], real: b.getBoundingClientRect().height,
      gap: before && before.tagName === "P" && !b.closest("details, .admonition")
        ? top - before.getBoundingClientRect().bottom : null,
      em: parseFloat(getComputedStyle(b).fontSize),
      block: b.className + " " + b.textContent.trim().slice(0, 40),
    });
  }
  return measured;
}
"""


def test_code_blocks_reserve_their_real_height_and_keep_materials_spacing(page, site_url, built_site):
    # Si el alto reservado no fuera el real, el texto saltaría al mostrarse cada bloque, un salto a una
    # sección no caería en su título, y axe (como Lighthouse) mediría contrastes contra lo que ya no está
    # debajo. Entre un párrafo y el bloque que lo sigue, 1em, como en Material.
    wrong, measured, gaps = [], 0, 0
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for html in sorted(built_site.rglob("index.html")):
            path = html.parent.relative_to(built_site).as_posix()
            if "assets" in path or path in {"search", "404"}:
                continue
            page.goto(site_url if path == "." else f"{site_url}{path}/")
            for block in page.evaluate(CODE_BLOCKS_JS):
                # Chromium redondea el interlineado a 1/64 px: en un bloque de más de 100 líneas con la letra
                # más pequeña de un desplegable, menos de un píxel.
                if block["offscreen"]:
                    measured += 1
                    if abs(block["reserved"] - block["real"]) > 1:
                        wrong.append((width, path, "alto", block))
                if block["gap"] is not None:
                    gaps += 1
                    if abs(block["gap"] - block["em"]) > 1:
                        wrong.append((width, path, "espacio", block))
    assert measured > 300 and gaps > 300
    assert not wrong, "\n".join(map(str, wrong))


@pytest.mark.parametrize("section", ["url-prefirmadas", "crear-un-bucket-seguro"])  # tras texto, tras código
def test_a_link_to_a_section_lands_on_its_heading(page, site_url, section):
    # Los bloques de código fuera de la pantalla no se maquetan hasta acercarse (extra.css): el salto a
    # una sección cuenta con su alto reservado, y al mostrarse los bloques cercanos el título no se mueve.
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{site_url}notebooks/boto3-s3/#{section}")
        page.wait_for_load_state("networkidle")
        header = page.locator("header.md-header").evaluate("h => h.getBoundingClientRect().bottom")
        tops = []
        for _ in range(3):
            tops.append(page.locator(f"h2#{section}").evaluate("h => h.getBoundingClientRect().top"))
            page.wait_for_timeout(300)
        assert all(header <= top <= header + 24 for top in tops), (width, header, tops)
    assert page.console_errors == []


def test_open_as_notebook_downloads_the_pages_notebook(page, site_url):
    page.goto(f"{site_url}notebooks/boto3-s3/")
    button = page.locator("article a.md-button", has_text="Abrir como notebook")
    expect(button).to_be_visible()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "notebooks-boto3-s3.ipynb"
    notebook = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert notebook["metadata"]["manual_ml"]["page"] == "notebooks/boto3-s3.md"
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert "def s3_client" in "".join(code[0]["source"])
    assert only_local(page.requests, site_url) == []


def test_the_code_spans_the_site_drops_change_nothing_on_screen(browser, tmp_path):
    """tools/lean_code_spans.py quita etiquetas de Pygments: en el sitio construido sin el hook, cada una
    de esas etiquetas se ve igual que el código que la rodea, en el esquema claro y en el oscuro, y el
    texto de los bloques no cambia."""
    from tests.site.test_build import copy_project
    from tools.lean_code_spans import INVISIBLE_TOKEN
    from tools.pages_server import PagesServer

    project = copy_project(tmp_path / "proyecto")
    hook = "  - tools/lean_code_spans.py\n"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert hook in config
    (project / "sin-hook.yml").write_text(config.replace(hook, ""), encoding="utf-8")
    sites = {"con": tmp_path / "con", "sin": tmp_path / "sin"}
    for name, yml in (("con", "mkdocs.yml"), ("sin", "sin-hook.yml")):
        result = mkdocs_build(sites[name], config=project / yml)
        assert result.returncode == 0, result.stderr

    classes = set(re.search(r"\(\?:(.*?)\)", INVISIBLE_TOKEN.pattern).group(1).split("|"))
    code, tags = re.compile(r"<pre\b.*?</pre>", re.S), re.compile(r"<[^>]+>")
    # Para cada clase, la primera página que la usa: bastan unas pocas páginas para verlas todas.
    pages: dict[str, str] = {}
    for html in sorted(sites["sin"].rglob("*.html")):
        page = html.relative_to(sites["sin"]).as_posix()
        text = html.read_text(encoding="utf-8")
        stripped = (sites["con"] / page).read_text(encoding="utf-8")
        assert [tags.sub("", b) for b in code.findall(stripped)] == [tags.sub("", b) for b in code.findall(text)], page
        for name in sorted(classes - set(pages)):
            if f'<span class="{name}">' in text:
                pages[name] = page
        assert '<span class="n">' not in stripped, page
    assert set(pages) == classes

    server = PagesServer(sites["sin"])
    url = server.start()
    tab = browser.new_page()
    try:
        checked: dict[str, int] = {}
        for page in sorted(set(pages.values())):
            tab.goto(url + page)
            # Sin transiciones: el color del código cambia de esquema al momento, como el de las etiquetas.
            tab.add_style_tag(content="* { transition: none !important; }")
            for scheme in ("default", "slate"):
                tab.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
                result = tab.evaluate(
                    """classes => {
                      const props = ["color", "font-weight", "font-style", "text-decoration-line"]
                      const out = {differ: [], counts: {}}
                      for (const span of document.querySelectorAll(".highlight code span[class]")) {
                        if (!classes.includes(span.className)) continue
                        out.counts[span.className] = (out.counts[span.className] || 0) + 1
                        const own = getComputedStyle(span), around = getComputedStyle(span.parentElement)
                        for (const p of props)
                          if (own.getPropertyValue(p) !== around.getPropertyValue(p))
                            out.differ.push(`${span.className} ${p}: ${own.getPropertyValue(p)} ≠ ${around.getPropertyValue(p)}`)
                        if (own.backgroundColor !== "rgba(0, 0, 0, 0)")
                          out.differ.push(`${span.className} fondo ${own.backgroundColor}`)
                      }
                      return out
                    }""",
                    sorted(classes),
                )
                assert result["differ"] == [], f"{page} ({scheme}): {result['differ'][:5]}"
                for name, count in result["counts"].items():
                    checked[name] = checked.get(name, 0) + count
        assert set(checked) == classes
    finally:
        tab.close()
        server.stop()
