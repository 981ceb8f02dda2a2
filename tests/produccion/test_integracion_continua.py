"""Pruebas de snippets/produccion/integracion_continua.py: la tabla de trabajos de los dos .gitlab-ci.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.produccion.integracion_continua import ci_jobs

ROOT = Path(__file__).resolve().parents[2]


def test_handbook_ci_jobs_in_stage_order():
    table = ci_jobs(ROOT / ".gitlab-ci.yml")
    assert table["trabajo"].tolist() == ["test", "test-aws", "zensical", "pages"]
    pages = table.set_index("trabajo").loc["pages"]
    assert (pages["etapa"], pages["cuándo"], pages["artefactos"]) == ("deploy", "rama principal", "public")
    assert table.set_index("trabajo").loc["test", "cuándo"] == "en cada cambio"
    assert table.set_index("trabajo").loc["test-aws", "cuándo"].endswith("(manual)")


def test_template_jobs_resolve_extends_and_manual_rules():
    table = ci_jobs(ROOT / "snippets/proyecto_ml/gitlab-ci.yml").set_index("trabajo")
    assert table.index.tolist() == ["lint", "test", "build-definition", "upsert-pipeline", "approve-model"]
    assert table.loc["approve-model", "entorno"] == "production"
    assert table.loc["approve-model", "cuándo"] == "rama principal (manual)"
    assert table.loc["upsert-pipeline", "cuándo"] == "rama principal"
    assert table.loc["build-definition", "artefactos"] == "pipeline.json"


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("stages: [test]\nbuild:\n  stage: build\n  script: [make]\n", "etapa 'build'"),
    ("b:\n  script: [make]\n  needs: [a]\n", "necesita 'a'"),
    ("b:\n  extends: .base\n  script: [make]\n", "extiende '.base'"),
])
def test_mistakes_gitlab_would_reject_are_reported(tmp_path, yaml_text, message):
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        ci_jobs(path)
