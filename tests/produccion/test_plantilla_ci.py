"""La plantilla de CI del proyecto de ML (snippets/proyecto_ml/gitlab-ci.yml) ejecutada por gitlab-ci-local
con el ejecutor shell, en un proyecto pequeño creado en una carpeta temporal.

Los trabajos sin AWS (lint, test) se ejecutan de verdad. Los de AWS se ejecutan con un «python» de prueba
que anota, en cada orden, si el token OIDC está en su entorno y si existe su archivo: así se comprueba
que pip no lo ve, que la orden que llama a AWS sí lo tiene, que el archivo se borra y que el ARN de la
ejecución llega de start-pipeline a approve-model.

gitlab-ci-local necesita Node 22 y rsync: .ci/run los instala (node@22 y gitlab-ci-local de npm, en
.cache/ci-tools). En la CI (CI=true) su falta es un fallo, no una prueba omitida.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "snippets" / "proyecto_ml" / "gitlab-ci.yml"
TOOLS = Path(os.environ.get("CI_TOOLS_BIN", ROOT / ".cache" / "ci-tools" / "node_modules" / ".bin"))
EXECUTION_ARN = "arn:aws:sagemaker:eu-west-1:123456789012:pipeline/diagnostico-entrenamiento/execution/abc123def456"
TOKEN = "token-oidc-de-prueba"


@pytest.fixture(scope="module")
def runner() -> Path:
    missing = [name for name in ("node", "gitlab-ci-local") if not (TOOLS / name).exists()]
    missing += ["rsync"] if shutil.which("rsync") is None else []
    if missing:
        message = f"Falta {', '.join(missing)} (make test los instala en .cache/ci-tools)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    version = subprocess.run([TOOLS / "node", "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v22."), version
    return TOOLS / "gitlab-ci-local"


def pinned(name: str) -> str:
    """La línea «nombre==versión» de requirements.txt: el proyecto de prueba pide lo ya instalado."""
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.lower().startswith(f"{name}=="):
            return line
    raise LookupError(name)


def project(tmp_path: Path, template: str = TEMPLATE.read_text(encoding="utf-8"), code: str | None = None) -> Path:
    """Un repositorio de GitLab mínimo en la rama main, con la plantilla como .gitlab-ci.yml."""
    root = tmp_path / "proyecto"
    (root / "tests").mkdir(parents=True)
    (root / ".gitlab-ci.yml").write_text(template, encoding="utf-8")
    (root / "requirements.txt").write_text(pinned("pytest") + "\n", encoding="utf-8")
    (root / "calc.py").write_text(code or "def add(a: int, b: int) -> int:\n    return a + b\n", encoding="utf-8")
    (root / "tests" / "__init__.py").write_text("", encoding="utf-8")
    (root / "tests" / "test_calc.py").write_text(
        "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n", encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=CI", "-c", "user.email=ci@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "inicio"], check=True)
    return root


def run(runner: Path, root: Path, *args: str, path: list[Path] = ()) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": os.pathsep.join(map(str, [TOOLS, *path, Path(sys.executable).parent, os.environ["PATH"]]))}
    env.pop("AWS_ENDPOINT_URL", None)
    return subprocess.run([runner, "--force-shell-executor", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_lint_and_test_jobs_pass(runner, tmp_path):
    result = run(runner, project(tmp_path), "lint", "test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"PASS\s+lint", result.stdout) and re.search(r"PASS\s+test", result.stdout), result.stdout
    assert "1 passed" in result.stdout


def test_a_failing_check_fails_its_job(runner, tmp_path):
    """gitlab-ci-local informa de un trabajo que falla: un import sin usar hace fallar lint."""
    result = run(runner, project(tmp_path, code="import os\n\n\ndef add(a: int, b: int) -> int:\n    return a + b\n"), "lint")
    assert result.returncode != 0
    assert re.search(r"FAIL\s+lint", result.stdout) and "F401" in result.stdout, result.stdout


FAKE_PYTHON = """#!/bin/sh
# Anota qué ve cada orden: el token en el entorno (cualquier variable) y el archivo del token.
{ printf '%s|' "$*"
  env | grep -v "^FAKE_TOKEN=" | grep -q -- "$FAKE_TOKEN" && printf 'token-en-el-entorno|' || printf 'sin-token|'
  [ -f "$AWS_WEB_IDENTITY_TOKEN_FILE" ] && printf 'archivo:%s\\n' "$(cat "$AWS_WEB_IDENTITY_TOKEN_FILE")" || printf 'sin-archivo\\n'
} >> "$FAKE_LOG"
case "$*" in
  *" definition"*) echo '{}' ;;
  *" start "*) printf 'PIPELINE_EXECUTION_ARN=%s\\n' "$FAKE_EXECUTION_ARN" > pipeline.env ;;
esac
"""


def test_aws_jobs_keep_the_token_out_of_installs_and_remove_it(runner, tmp_path):
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "python").write_text(FAKE_PYTHON, encoding="utf-8")
    (shim / "python").chmod(stat.S_IRWXU)
    log, token_file = tmp_path / "ordenes.log", tmp_path / "token"
    token_variable = next(iter(yaml.safe_load(TEMPLATE.read_text())[".aws"]["id_tokens"]))
    result = run(runner, project(tmp_path), "build-definition", "start-pipeline", "approve-model",
                 "--manual", "approve-model",
                 "--variable", f"{token_variable}={TOKEN}", "--variable", f"FAKE_TOKEN={TOKEN}",
                 "--variable", f"FAKE_LOG={log}", "--variable", f"FAKE_EXECUTION_ARN={EXECUTION_ARN}",
                 "--variable", f"AWS_WEB_IDENTITY_TOKEN_FILE={token_file}",
                 "--variable", "TRAINING_DATA_URI=s3://equipo-ml-datos/diagnostico/", path=[shim])
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line.split("|") for line in log.read_text().splitlines()]
    installs = [line for line in lines if "pip install" in line[0]]
    calls = [line for line in lines if "pipeline.cli" in line[0]]
    assert len(installs) == 3 and len(calls) == 3, lines
    # pip y lo que instala no ven el token, ni en el entorno ni en el archivo.
    assert all(line[1:] == ["sin-token", "sin-archivo"] for line in installs), installs
    # La orden que llama a AWS lo lee del archivo; la variable ya no está en su entorno.
    assert all(line[1:] == ["sin-token", f"archivo:{TOKEN}"] for line in calls), calls
    assert [line[0].split("pipeline.cli ")[1] for line in calls] == [
        "definition",
        "start --input-data s3://equipo-ml-datos/diagnostico/ --dotenv pipeline.env",
        f"approve --execution-arn {EXECUTION_ARN}",  # el ARN de la ejecución de este pipeline
    ]
    assert not token_file.exists()  # after_script lo borra
