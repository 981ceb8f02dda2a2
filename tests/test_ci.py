"""La configuración de GitLab CI, .ci/run y el README cuentan lo mismo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TEST_COMMAND = "make test"


def test_gitlab_ci_is_valid_against_gitlab_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(ROOT / ".gitlab-ci.yml")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_job_publishes_public_from_the_default_branch_only():
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    pages = ci["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert any("mkdocs build --strict -d public" in line for line in pages["script"])
    assert any("requirements-docs.txt" in line for line in pages["script"])
    assert any(line.startswith("find public") and "gzip" in line for line in pages["script"])
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_every_runner_uses_the_readme_test_command():
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    assert ci["test"]["script"] == [TEST_COMMAND]
    assert ci["default"]["image"].startswith("python:3.11")
    assert "openjdk-17-jre-headless chromium" in " ".join(ci["test"]["before_script"])
    run = (ROOT / ".ci" / "run").read_text()
    assert run.strip().splitlines()[-1] == TEST_COMMAND
    readme = (ROOT / "README.md").read_text()
    assert f"`{TEST_COMMAND}`" in readme and "`make serve`" in readme


def test_sandbox_job_is_manual_and_uses_an_oidc_role_without_stored_keys():
    """make test-aws crea recursos de verdad: solo a mano (programado o desde «Run pipeline») y con un
    rol asumido con el token OIDC del trabajo, nunca con claves guardadas en GitLab."""
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    job = ci["test-aws"]
    assert job["script"] == ["make test-aws"]
    (rule,) = job["rules"]
    assert rule["if"] == '$CI_PIPELINE_SOURCE == "schedule" || $CI_PIPELINE_SOURCE == "web"'
    assert rule["when"] == "manual" and rule["allow_failure"] is True  # no bloquea la pipeline
    (token,) = job["id_tokens"]
    assert job["id_tokens"][token]["aud"] == "sts.amazonaws.com"
    # boto3 asume AWS_ROLE_ARN (variable de CI/CD) con el token que este archivo contiene.
    token_file = job["variables"]["AWS_WEB_IDENTITY_TOKEN_FILE"]
    assert f'echo "${token}" > "$AWS_WEB_IDENTITY_TOKEN_FILE"' in job["before_script"]
    assert token_file.startswith("$CI_PROJECT_DIR/")
    text = (ROOT / ".gitlab-ci.yml").read_text()
    assert "AWS_SECRET_ACCESS_KEY" not in text and "AWS_ACCESS_KEY_ID" not in text
    makefile = (ROOT / "Makefile").read_text()
    assert "test-aws: .venv/.installed\n\tHANDBOOK_AWS_SANDBOX=1 $(BIN)/python -m pytest\n" in makefile


def test_requirements_are_pinned_exactly():
    for name in ("requirements.txt", "requirements-docs.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if line and not line.startswith(("#", "-r ")):
                assert "==" in line, f"{name}: {line}"
    docs = (ROOT / "requirements-docs.txt").read_text()
    assert "mkdocs==1." in docs  # mkdocs<2: Material no funciona con MkDocs 2
    assert "-r requirements-docs.txt" in (ROOT / "requirements.txt").read_text()
