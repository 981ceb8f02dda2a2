"""La construcción estricta del sitio y lo que debe hacerla fallar."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.site.conftest import ROOT, mkdocs_build


def nav_pages(nav) -> list[str]:
    pages = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        pages += nav_pages(value) if isinstance(value, list) else [value]
    return pages


def test_strict_build_writes_every_page_of_the_nav(built_site):
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    pages = nav_pages(config["nav"])
    assert len(pages) >= 30
    for page in pages:
        stem = page.removesuffix(".md")
        html = "index.html" if page == "index.md" else stem.removesuffix("index") + "/index.html"
        assert (built_site / html.replace("//", "/")).is_file(), page
    assert (built_site / "search/search_index.json").is_file()


def test_no_page_has_placeholder_text():
    # «todo» en minúsculas es español corriente; los marcadores pendientes van en mayúsculas.
    markers = re.compile(r"\bTODO\b|\bFIXME\b|lorem ipsum|por completar|pendiente de redactar")
    for md in (ROOT / "docs").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        assert not markers.search(text), f"{md}: {markers.search(text)[0]}"


def copy_project(folder: Path) -> Path:
    """Lo que la construcción lee, copiado en folder."""
    for name in ("docs", "snippets", "overrides", "tests", "tools"):  # tools: el hook de mkdocs.yml
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", ".gitlab-ci.yml"):  # la página de CI incluye secciones de .gitlab-ci.yml
        shutil.copy(ROOT / name, folder / name)
    return folder


@pytest.fixture
def project_copy(tmp_path):
    """Una copia del manual que cada prueba puede estropear."""
    return copy_project(tmp_path)


def site_files(site: Path) -> dict[str, bytes]:
    # El mapa del sitio lleva la fecha de construcción.
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and not path.name.startswith("sitemap.xml")}


def test_the_build_speed_hook_changes_no_byte_of_the_site(project_copy, tmp_path, monkeypatch):
    """tools/build_speed_hook.py: sin el hook, con sus cachés vacías y con ellas llenas, el mismo sitio
    (páginas, índice de búsqueda y recursos)."""
    monkeypatch.setenv("HANDBOOK_BUILD_CACHE", str(tmp_path / "cache"))
    config = project_copy / "mkdocs.yml"
    without_hook = project_copy / "sin-hook.yml"
    hook = "  - tools/build_speed_hook.py\n"
    assert hook in config.read_text(encoding="utf-8")
    without_hook.write_text(config.read_text(encoding="utf-8").replace(hook, ""), encoding="utf-8")
    sites = {}
    for name, used in (("sin hook", without_hook), ("caché vacía", config), ("caché llena", config)):
        result = mkdocs_build(tmp_path / name, config=used)
        assert result.returncode == 0, result.stderr
        sites[name] = site_files(tmp_path / name)
    cached = json.loads((tmp_path / "cache/highlight.json").read_text(encoding="utf-8"))
    assert len(cached) >= 200  # los bloques resaltados del manual
    assert any((tmp_path / "cache/jinja").iterdir())
    assert sites["caché vacía"].keys() == sites["sin hook"].keys()
    for name in ("caché vacía", "caché llena"):
        changed = [path for path, content in sites[name].items() if content != sites["sin hook"][path]]
        assert changed == [], f"{name}: {changed[:5]}"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("[roto](no-existe.md)", "no-existe.md"),
        ("[roto](notebooks/boto3-s3.md#no-existe)", "no-existe"),
        ('``` {.python notest}\n--8<-- "snippets/aws/s3.py:no-existe"\n```', "no-existe"),
        ('``` {.python notest}\n--8<-- "snippets/no-existe.py"\n```', "no-existe.py"),
    ],
    ids=["page", "anchor", "snippet-section", "snippet-file"],
)
def test_broken_reference_fails_the_build(project_copy, tmp_path, broken, message):
    index = project_copy / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n{broken}\n", encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", config=project_copy / "mkdocs.yml")
    assert result.returncode != 0
    assert message in result.stderr + result.stdout


def test_page_outside_nav_fails_the_build(project_copy, tmp_path):
    (project_copy / "docs" / "huerfana.md").write_text("# Huérfana\n", encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", config=project_copy / "mkdocs.yml")
    assert result.returncode != 0
    assert "huerfana.md" in result.stderr
