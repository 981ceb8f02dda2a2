"""El sitio construido, en Chromium sin interfaz, servido en 127.0.0.1."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from playwright.sync_api import expect

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
