"""El sitio construido con Zensical, el sucesor de Material for MkDocs (que deja de mantenerse el
2027-05-05): cada página de la navegación sale como HTML y con el mismo código que con MkDocs.

No bloquea la publicación (el sitio se publica con MkDocs), pero avisa de lo que una migración rompería.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.site.conftest import ROOT
from tests.site.test_build import copy_project, nav_pages
from tests.site.test_pages import NOTEBOOK_PAGES, PAGES, notebook_blocks, site_blocks
from tools.page_notebooks import notebook_path


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    # Zensical exige que docs/ esté junto a mkdocs.yml y escribe en site/: se construye una copia.
    project = copy_project(tmp_path_factory.mktemp("zensical"))
    zensical = Path(sys.executable).with_name("zensical")
    result = subprocess.run([str(zensical), "build", "--strict"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_every_nav_page_is_html(zensical_site):
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for page in nav_pages(config["nav"]):
        stem = page.removesuffix(".md")
        html = zensical_site / ("index.html" if page == "index.md" else stem.removesuffix("index") + "/index.html").replace("//", "/")
        assert html.is_file(), page
        text = html.read_text(encoding="utf-8")
        assert 'lang="es"' in text and "<article" in text, page


@pytest.mark.parametrize("md", PAGES + list(NOTEBOOK_PAGES), ids=lambda md: md.relative_to(ROOT / "docs").as_posix())
def test_code_blocks_are_the_same_as_with_mkdocs(zensical_site, md):
    relative = md.relative_to(ROOT / "docs").with_suffix("")
    html = zensical_site / (relative.parent if md.name == "index.md" else relative) / "index.html"
    nb = nbformat.read(NOTEBOOK_PAGES.get(md) or notebook_path(md), as_version=4)
    assert site_blocks(html.read_text(encoding="utf-8")) == notebook_blocks(nb)
