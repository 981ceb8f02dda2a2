"""Lo común a las pruebas del pipeline: el entorno que el SDK v3 necesita contra el endpoint local."""

from __future__ import annotations

import logging

import boto3
import pytest

from tests.sandbox import run_name

BUCKET = run_name("equipo-ml-pipelines")


@pytest.fixture
def sm_env(aws, monkeypatch):
    """Lo que el SDK v3 necesita para trabajar sin AWS real (véase DESIGN §6)."""
    monkeypatch.setenv("SAGEMAKER_VALIDATE_ROLE", "false")  # moto no implementa SimulatePrincipalPolicy
    from sagemaker.core.telemetry import telemetry_logging

    # La telemetría del SDK va por HTTPS fuera de boto3: en las pruebas no sale nada de la máquina.
    monkeypatch.setattr(telemetry_logging, "_send_telemetry_request", lambda *a, **k: None)
    from snippets.proyecto_ml.pipeline import definition

    logging.getLogger().setLevel(logging.WARNING)  # importar el paquete de workflow lo sube a INFO
    # Los nombres de la página, con el sufijo de la ejecución en modo sandbox (make test-aws).
    monkeypatch.setattr(definition, "PIPELINE_NAME", run_name(definition.PIPELINE_NAME))
    monkeypatch.setitem(definition.EXAMPLE, "bucket", BUCKET)
    monkeypatch.setitem(definition.EXAMPLE, "model_package_group", run_name(definition.EXAMPLE["model_package_group"]))
    boto3.client("s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return definition
