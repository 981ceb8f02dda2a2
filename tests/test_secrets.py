"""detect-secrets recorre todos los archivos del repositorio (los que sigue Git) y no encuentra secretos.

Lo único admitido son falsos positivos revisados, cada uno con su motivo. Los de archivos generados
(imágenes en base64, JavaScript minificado) se admiten por archivo y tipo, porque cambian al regenerarlos;
los demás, por su huella exacta: un secreto nuevo en el mismo archivo sí se detecta.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNER = Path(sys.executable).with_name("detect-secrets")

BY_FILE = {
    ("docs/assets/images/graficos-plotly.json", "Base64 High Entropy String"):
        "figura de Plotly generada: los datos de la figura van en base64",
    ("docs/notebooks/eda-ejemplo.ipynb", "Base64 High Entropy String"):
        "salidas del notebook: imágenes PNG en base64",
    ("tests/pricing_sagemaker.json", "Hex High Entropy String"):
        "respuesta grabada de la API Price List: códigos de producto y de tarifa en hexadecimal",
    ("overrides/assets/javascripts/plotly-cartesian.min.js", "Hex High Entropy String"):
        "Plotly minificado, copiado de su paquete de npm",
}
# Huella SHA-1 de «testing», la clave ficticia de moto; la huella no es un secreto.
TESTING = "dc724af18fbdd4e59189f5fe768a5f8311527050"  # pragma: allowlist secret
BY_HASH = {
    # Las credenciales ficticias de moto («testing») en las variables de entorno de las pruebas.
    ("tests/conftest.py", "Secret Keyword", TESTING):
        "AWS_SECRET_ACCESS_KEY ficticia del servidor local de moto",
    ("snippets/proyecto_ml/pipeline/graph.py", "Secret Keyword", TESTING):
        "AWS_SECRET_ACCESS_KEY ficticia con la que se genera el grafo sin AWS",
    ("tests/test_sandbox.py", "Secret Keyword", TESTING):
        "AWS_SECRET_ACCESS_KEY ficticia del servidor de moto que arranca la prueba del modo sandbox",
    ("tests/notebooks/test_autostop.py", "Secret Keyword", TESTING):
        "AWS_SECRET_ACCESS_KEY ficticia del proceso de auto-parada que se prueba contra el endpoint local",
}
# Tokens de prueba inventados (no tienen la longitud de un token real de GitLab) en las pruebas del script
# que guarda el token: las claves «password» del secreto que SageMaker espera.
TEST_TOKEN_FILE = "tests/aws/test_gitlab_access.py"


def scan(cwd: Path) -> dict[str, list[dict]]:
    result = subprocess.run([SCANNER, "scan"], cwd=cwd, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)["results"]


@pytest.fixture(scope="module")
def repository() -> dict[str, list[dict]]:
    """Un solo recorrido del repositorio para las dos pruebas (tarda unos segundos)."""
    return scan(ROOT)


def test_no_secrets_in_the_repository(repository):
    unexpected = []
    for filename, found in repository.items():
        for secret in found:
            key = (filename, secret["type"])
            if key in BY_FILE or (*key, secret["hashed_secret"]) in BY_HASH:
                continue
            if filename == TEST_TOKEN_FILE and secret["type"] == "Secret Keyword":
                line = (ROOT / filename).read_text(encoding="utf-8").splitlines()[secret["line_number"] - 1]
                # Un patrón, no un secreto: 6 caracteres tras el prefijo, un token inventado.
                if re.search(r'"password": "gl(pat|dt)-[a-z0-9]{6}"', line):  # pragma: allowlist secret
                    continue
            unexpected.append(f"{filename}:{secret['line_number']} {secret['type']}")
    assert unexpected == []


def test_reviewed_false_positives_still_exist(repository):
    """Una entrada revisada que ya no aparece se borra aquí: la lista no crece con excepciones muertas."""
    found = {(f, s["type"], s["hashed_secret"]) for f, secrets in repository.items() for s in secrets}
    assert set(BY_FILE) <= {key[:2] for key in found}
    assert set(BY_HASH) <= found


def test_the_scanner_finds_a_gitlab_token_and_an_aws_key(tmp_path):
    # Se construyen al ejecutar la prueba para que este archivo no contenga ninguno.
    token = "glpat-" + "Zk3" * 7
    key = "AKIA" + "QYLPMN5HHHFPZAM2"
    (tmp_path / "config.py").write_text(f'GITLAB = "{token}"\nAWS_KEY = "{key}"\n', encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "config.py"], cwd=tmp_path, check=True)
    types = {s["type"] for s in scan(tmp_path)["config.py"]}
    assert {"GitLab Token", "AWS Access Key"} <= types
