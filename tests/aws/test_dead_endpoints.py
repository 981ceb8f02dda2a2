"""Esperas acotadas: cada módulo que crea sus propios clientes de boto3 falla en menos de 30 s, con un error
en español y el de botocore adjunto, si el endpoint rechaza la conexión o la acepta y no responde nunca."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from botocore.exceptions import BotoCoreError

from snippets.aws import emr, endpoints, gitlab_access, guardar_token_gitlab, streaming
from snippets.notebooks import costs, instances, lifecycle_config
from snippets.produccion import integracion_continua, monitorizacion
from snippets.proyecto_ml.pipeline import cli

IAM = Path(__file__).resolve().parents[2] / "snippets" / "iam"
ROLE = "arn:aws:iam::123456789012:role/equipo-ml-sagemaker"
TOKEN = "glpat-" + "0" * 20
PACKAGE = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/diagnostico/3"

# Una función pública por módulo, llamada sin cliente (como en la página), y el error que debe dar.
CALLS = {
    "emr": (lambda: emr.newest_release_label("emr-7"), RuntimeError, "No se pudieron leer las versiones de EMR"),
    "streaming": (lambda: streaming.put_events("eventos-web", [{"usuario": 1}]), RuntimeError,
                  "No se pudieron enviar los eventos al flujo"),
    "endpoints": (lambda: endpoints.predict("diagnostico", [[1.0, 2.0]]), endpoints.EndpointError,
                  "El endpoint 'diagnostico' no respondió"),
    "endpoints.delete_endpoint": (lambda: endpoints.delete_endpoint("diagnostico"), endpoints.EndpointError,
                                  "No se pudo borrar endpoint 'diagnostico'"),
    "gitlab_access": (lambda: gitlab_access.create_gitlab_secret("gitlab/diagnostico"), RuntimeError,
                      "No se pudo crear el secreto"),
    "guardar_token_gitlab": (lambda: guardar_token_gitlab.store_gitlab_token("gitlab/diagnostico", "ana", TOKEN),
                             RuntimeError, "No se pudo guardar el token"),
    "instances": (lambda: instances.create_notebook("equipo-ml-ana", ROLE), RuntimeError,
                  "No se pudo crear la notebook instance"),
    "lifecycle_config": (lambda: lifecycle_config.create_lifecycle_config("equipo-ml-paquetes", on_start="echo hola"),
                         RuntimeError, "No se pudo crear la configuración de ciclo de vida"),
    "costs": (lambda: costs.cost_by_tag("equipo", date(2026, 10, 1), date(2026, 11, 1)), RuntimeError,
              "Cost Explorer no devolvió los costes"),
    "monitorizacion": (lambda: monitorizacion.start_retraining("diagnostico", "s3://equipo-ml-datos/raw/", "deriva"),
                       RuntimeError, "No se pudo lanzar el pipeline"),
    "integracion_continua": (lambda: integracion_continua.create_gitlab_ci_role(
        "gitlab-ci-diagnostico", IAM / "gitlab-oidc-trust.json", IAM / "gitlab-ci-role.json"),
        RuntimeError, "No se pudo crear el rol"),
    "cli": (lambda: cli.approve_model_package(PACKAGE), RuntimeError, "No se pudo aprobar la versión"),
}


def outcome(call, error_type, message) -> tuple[float, BaseException | None]:
    """Lo que tarda la llamada y el error que da (None si no falla)."""
    started = time.monotonic()
    try:
        call()
    except Exception as err:  # noqa: BLE001 - se comprueba después, fuera del hilo
        return time.monotonic() - started, err
    return time.monotonic() - started, None


def check(module: str, elapsed: float, error: BaseException | None) -> None:
    _, error_type, message = CALLS[module]
    assert isinstance(error, error_type), f"{module}: {error!r}"
    assert message in str(error), f"{module}: {error}"
    assert isinstance(error.__cause__, BotoCoreError), module  # el error de red original va adjunto
    assert elapsed < 30, f"{module}: {elapsed:.1f} s"


@pytest.mark.parametrize("module", CALLS)
def test_a_refused_connection_fails_fast_with_a_spanish_error(aws, module, refusing_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", refusing_endpoint)
    check(module, *outcome(*CALLS[module]))


def test_an_endpoint_that_never_answers_fails_within_30_seconds_in_every_module(aws, silent_endpoint, monkeypatch):
    """Todas a la vez, cada una en su hilo: cada llamada espera sus propios 3 intentos de 8 s."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", silent_endpoint)
    with ThreadPoolExecutor(max_workers=len(CALLS)) as pool:
        results = dict(zip(CALLS, pool.map(lambda args: outcome(*args), CALLS.values())))
    for module, (elapsed, error) in results.items():
        check(module, elapsed, error)


def clients_without_config() -> list[str]:
    """Cada cliente de boto3 que crean los fragmentos («boto3.client("s3")», «session.client("sts")») sin
    las esperas acotadas: las celdas de uso de las páginas también."""
    import ast
    import re

    root = Path(__file__).resolve().parents[2]
    missing = []
    for path in sorted((root / "snippets").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("client", "resource") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and not any(k.arg == "config" for k in node.keywords)):
                missing.append(f"{path.relative_to(root)}:{node.lineno}")
    for path in sorted((root / "snippets").rglob("*.ipy")):  # celdas con magias de IPython: no son Python
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.(client|resource)\(\"[a-z0-9-]+\"\)", line):
                missing.append(f"{path.relative_to(root)}:{number}")
    return missing


def test_every_client_the_snippets_create_has_bounded_waits():
    # graph.py no es código del lector: dibuja el diagrama del pipeline contra un moto local.
    assert [m for m in clients_without_config() if not m.startswith("snippets/proyecto_ml/pipeline/graph.py")] == []
