"""Fixtures del sitio: la construcción estricta, un servidor local y Chromium sin interfaz."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM
from tools.pages_server import PagesServer, gzip_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def mkdocs_build(site_dir: Path, config: Path = ROOT / "mkdocs.yml", site_url: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LINKCHECK": "true"}
    env.pop("CI_PAGES_URL", None)
    if site_url:
        # Como en GitLab Pages: site_url es la dirección servida. Si no coincide, Material apaga en
        # silencio la navegación instantánea y las pruebas no la verían.
        env["CI_PAGES_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def pages_server(tmp_path_factory) -> PagesServer:
    server = PagesServer(tmp_path_factory.mktemp("site"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def built_site(pages_server) -> Path:
    """El sitio construido para la dirección en que se sirve, y comprimido como lo publica el trabajo pages."""
    site = pages_server.site_dir
    result = mkdocs_build(site, site_url=pages_server.url)
    assert result.returncode == 0, result.stderr
    gzip_site(site)
    return site


@pytest.fixture(scope="session")
def site_url(built_site, pages_server) -> str:
    return pages_server.start()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Un perfil nuevo y vacío en cada ejecución.
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            locale="es-ES", permissions=["clipboard-read", "clipboard-write"],
        )
        yield context
        context.close()


@pytest.fixture
def page(browser, site_url):
    """Una pestaña que anota cada petición y cada error de consola."""
    tab = browser.new_page()
    tab.requests = []
    tab.console_errors = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    yield tab
    tab.close()
