"""Entradas erróneas de snippets/aws/endpoints.py: cada caso da un error claro en español, antes de
llamar a AWS, y no crea ni invoca nada (modelos, configuraciones, endpoints, trabajos por lotes)."""

from __future__ import annotations

import boto3
import pytest
from botocore.client import BaseClient

from snippets.aws import endpoints
from tests.conftest import raises_in_spanish
from tests.aws.test_endpoints import ROLE, register

WRITES = ("Create", "Update", "Delete", "Invoke")


@pytest.fixture
def calls(aws, monkeypatch):
    """Las operaciones que botocore envía durante el caso."""
    sent, original = [], BaseClient._make_api_call

    def record(self, operation, params):
        sent.append(operation)
        return original(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", record)
    return sent


def account_state() -> dict:
    sm = boto3.client("sagemaker")
    return {
        "models": sm.list_models()["Models"],
        "configs": sm.list_endpoint_configs()["EndpointConfigs"],
        "endpoints": sm.list_endpoints()["Endpoints"],
        "jobs": sm.list_transform_jobs()["TransformJobSummaries"],
    }


def assert_rejected(calls, call, error, message):
    before = account_state()
    calls.clear()
    with raises_in_spanish(error, match=message) as caught:
        call()
    assert not [op for op in calls if op.startswith(WRITES)], calls
    assert account_state() == before


PACKAGE = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-modelos/1"
DEPLOY = {"name": "churn-v1", "model_package_arn": PACKAGE, "role_arn": ROLE}


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"name": "churn_v1"}, ValueError, "El nombre del endpoint 'churn_v1' no es válido"),
    ({"name": ""}, ValueError, "no es válido"),
    ({"name": "-churn"}, ValueError, "no es válido"),
    ({"name": "c" * 64}, ValueError, "no es válido"),
    ({"name": None}, ValueError, "no es válido"),
    # Un artefacto suelto no se despliega: solo una versión del registro.
    ({"model_package_arn": "s3://equipo-ml-modelos/churn/model.tar.gz"}, ValueError, "versión del registro de modelos"),
    ({"model_package_arn": "arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/churn-modelos"},
     ValueError, "versión del registro de modelos"),
    ({"model_package_arn": "arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-modelos"},
     ValueError, "versión del registro de modelos"),
    ({"model_package_arn": None}, ValueError, "versión del registro de modelos"),
    ({"role_arn": "sagemaker-ejecucion"}, ValueError, "ARN de un rol"),
    ({"role_arn": "arn:aws:iam::123456789012:user/ana"}, ValueError, "ARN de un rol"),
    ({"instance_type": "m5.large"}, ValueError, "no es un tipo de instancia"),
    ({"instance_type": "ml.m5.enorme"}, ValueError, "no es un tipo de instancia"),
    ({"instance_count": 0}, ValueError, "entero de 1 o más"),
    ({"instance_count": -1}, ValueError, "entero de 1 o más"),
    ({"instance_count": 1.5}, ValueError, "entero de 1 o más"),
    ({"instance_count": "1"}, ValueError, "entero de 1 o más"),
    ({"instance_count": True}, ValueError, "entero de 1 o más"),
])
def test_deploy_endpoint_rejects(calls, kwargs, error, message):
    register()  # la versión 1 existe y está aprobada: el error es solo el del caso
    assert_rejected(calls, lambda: endpoints.deploy_endpoint(**{**DEPLOY, **kwargs}), error, message)


def test_deploy_endpoint_rejects_a_version_that_is_not_approved(calls):
    for status in ("PendingManualApproval", "Rejected"):
        package = register(status=status)
        assert_rejected(calls, lambda arn=package: endpoints.deploy_endpoint("churn-v1", arn, ROLE), PermissionError,
                        f"estado {status}: solo se despliegan versiones aprobadas")


@pytest.mark.moto_only("moto no borra versiones del registro: la versión 1 puede existir de otra prueba")
def test_deploy_endpoint_of_a_missing_version_is_a_clear_error(calls):
    assert_rejected(calls, lambda: endpoints.deploy_endpoint("churn-v1", PACKAGE, ROLE), endpoints.EndpointError,
                    "No se pudo leer la versión")


@pytest.mark.parametrize(("rows", "message"), [
    ("2,85.0", "lista no vacía de filas"),
    (None, "lista no vacía de filas"),
    ([], "lista no vacía de filas"),
    ({"antiguedad": 2}, "lista no vacía de filas"),
    ([2, 85.0], "La fila 1 debe ser una lista"),
    (["2,85.0"], "La fila 1 debe ser una lista"),
    ([[]], "La fila 1 debe ser una lista"),
    ([[2, None]], "La fila 1 contiene None"),
    ([[2, "85"]], "La fila 1 contiene '85'"),
    ([[2, True]], "La fila 1 contiene True"),
    ([[2, float("nan")]], "La fila 1 contiene nan"),
    ([[2, float("inf")]], "La fila 1 contiene inf"),
    ([[2, 85.0], [50]], "La fila 2 tiene 1 valores y la primera 2"),
    ([[2, 85.0], [50, 22.0, 1]], "La fila 2 tiene 3 valores"),
])
def test_predict_rejects_rows_that_would_give_malformed_csv(calls, rows, message):
    assert_rejected(calls, lambda: endpoints.predict("churn-v1", rows), ValueError, message)


@pytest.mark.parametrize("name", ["churn_v1", "", None, "churn v1"])
def test_predict_rejects_bad_endpoint_names(calls, name):
    assert_rejected(calls, lambda: endpoints.predict(name, [[2, 85.0]]), ValueError, "^El nombre del endpoint .* no es válido")


@pytest.mark.parametrize(("name", "error", "message"), [
    ("churn_v1", ValueError, "El nombre del endpoint 'churn_v1' no es válido"),
    (None, ValueError, "El nombre del endpoint None no es válido"),
])
def test_delete_endpoint_rejects(calls, name, error, message):
    assert_rejected(calls, lambda: endpoints.delete_endpoint(name), error, message)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"model_package_arn": "s3://b-1/model.tar.gz"}, "versión del registro de modelos"),
    ({"name": "lotes_1"}, "^El nombre del modelo 'lotes_1' no es válido"),
    ({"role_arn": ""}, "ARN de un rol"),
])
def test_create_model_rejects(calls, kwargs, message):
    arguments = {"name": "churn-lotes", "model_package_arn": PACKAGE, "role_arn": ROLE, **kwargs}
    assert_rejected(calls, lambda: endpoints.create_model(**arguments), ValueError, message)


BATCH = {"job_name": "puntuar-1", "model_name": "churn-lotes", "input_s3": "s3://b-1/entrada/",
         "output_s3": "s3://b-1/salida/"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"job_name": "puntuar 1"}, "^El nombre del trabajo 'puntuar 1' no es válido"),
    ({"model_name": ""}, "^El nombre del modelo '' no es válido"),
    ({"input_s3": "s3://"}, "input_s3 debe ser un prefijo"),
    ({"input_s3": "b-1/entrada/"}, "input_s3 debe ser un prefijo"),
    ({"input_s3": "s3://B_1/entrada/"}, "input_s3 debe ser un prefijo"),
    ({"output_s3": None}, "output_s3 debe ser un prefijo"),
    ({"instance_type": "m5.large"}, "no es un tipo de instancia"),
])
def test_batch_transform_rejects(calls, kwargs, message):
    assert_rejected(calls, lambda: endpoints.batch_transform(**{**BATCH, **kwargs}), ValueError, message)
