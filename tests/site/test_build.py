"""La construcción estricta del sitio y lo que debe hacerla fallar."""

from __future__ import annotations

import re
import shutil

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


@pytest.fixture
def project_copy(tmp_path):
    """Una copia del manual que cada prueba puede estropear."""
    for name in ("docs", "snippets", "overrides", "tests"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", ".gitlab-ci.yml"):  # la página de CI incluye secciones de .gitlab-ci.yml
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


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
