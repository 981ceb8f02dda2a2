"""Entradas erróneas del pipeline: cada caso da un error claro en español y no crea ni cambia nada.

Cada caso compara el estado de la cuenta (buckets y sus objetos, pipelines, ejecuciones, grupos de
modelos) antes y después de la llamada.
"""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from tests.conftest import fail_operation, raises_in_spanish
from tests.proyecto_ml.conftest import BUCKET

ROLE = "arn:aws:iam::123456789012:role/equipo-ml-sagemaker"


def account_state() -> dict:
    s3, sm = boto3.client("s3"), boto3.client("sagemaker")
    buckets = sorted(b["Name"] for b in s3.list_buckets()["Buckets"])
    return {
        "objects": {b: sorted(o["Key"] for o in s3.list_objects_v2(Bucket=b).get("Contents", [])) for b in buckets},
        "pipelines": [(p["PipelineName"], [e["PipelineExecutionArn"] for e in sm.list_pipeline_executions(
            PipelineName=p["PipelineName"])["PipelineExecutionSummaries"]]) for p in sm.list_pipelines()["PipelineSummaries"]],
        "groups": [g["ModelPackageGroupName"] for g in sm.list_model_package_groups()["ModelPackageGroupSummaryList"]],
    }


def assert_rejected(call, error, message):
    before = account_state()
    with raises_in_spanish(error, match=message) as caught:
        call()
    assert account_state() == before


@pytest.fixture
def built(sm_env):
    """Un Pipeline sin pasos, en la sesión de la página: upsert_and_start rechaza la entrada antes de usarlo,
    y construir el del ejemplo (un segundo por prueba, con la subida del código) no cambia lo probado."""
    from sagemaker.mlops.workflow.pipeline import Pipeline

    return sm_env, Pipeline(name=sm_env.PIPELINE_NAME, steps=[], sagemaker_session=sm_env.pipeline_session(BUCKET))


@pytest.mark.parametrize(("input_data", "message"), [
    ("s3://", "prefijo s3://"),
    ("s3://equipo-ml-pipelines", "prefijo s3://"),
    ("s3://equipo-ml-pipelines/", "prefijo s3://"),
    ("s3:///raw/", "prefijo s3://"),
    ("s3://Equipo_ML/raw/", "nombre de bucket válido"),
    ("s3://ab/raw/", "nombre de bucket válido"),
    ("raw/", "prefijo s3://"),
    ("https://equipo-ml-pipelines.s3.amazonaws.com/raw/", "prefijo s3://"),
    (None, "prefijo s3://"),
    (42, "prefijo s3://"),
])
def test_upsert_and_start_rejects_bad_input_data(built, input_data, message):
    module, pipeline = built
    assert_rejected(lambda: module.upsert_and_start(pipeline, ROLE, input_data), ValueError, message)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"role": ""}, ValueError, "ARN de un rol"),
    ({"role": "equipo-ml-sagemaker"}, ValueError, "ARN de un rol"),
    ({"role": "arn:aws:iam::1234:role/x"}, ValueError, "ARN de un rol"),
    ({"role": "arn:aws:iam::123456789012:user/ana"}, ValueError, "ARN de un rol"),
    ({"role": None}, ValueError, "ARN de un rol"),
    ({"auc_threshold": 1.5}, ValueError, "entre 0 y 1"),
    ({"auc_threshold": -0.1}, ValueError, "entre 0 y 1"),
    ({"auc_threshold": float("nan")}, ValueError, "entre 0 y 1"),
    ({"auc_threshold": "0.9"}, TypeError, "debe ser un número"),
    ({"auc_threshold": True}, TypeError, "debe ser un número"),
    ({"instance_type": "ml.m5.enorme"}, ValueError, "no es un tipo de instancia"),
    ({"instance_type": "m5.large"}, ValueError, "no es un tipo de instancia"),
])
def test_upsert_and_start_rejects_bad_overrides(built, kwargs, error, message):
    module, pipeline = built
    arguments = {"role": ROLE, "input_data": f"s3://{BUCKET}/raw/", **kwargs}
    assert_rejected(lambda: module.upsert_and_start(pipeline, **arguments), error, message)


def test_upsert_and_start_rejects_something_that_is_not_a_pipeline(sm_env):
    assert_rejected(lambda: sm_env.upsert_and_start("diagnostico-entrenamiento", ROLE, f"s3://{BUCKET}/raw/"),
                    TypeError, "debe ser un Pipeline .* se recibió str")


@pytest.mark.parametrize(("overrides", "error", "message"), [
    ({"role": "equipo-ml-sagemaker"}, ValueError, "ARN de un rol"),
    ({"model_package_group": "diagnostico modelos"}, ValueError, "grupo de modelos no válido"),
    ({"model_package_group": "-diagnostico"}, ValueError, "grupo de modelos no válido"),
    ({"model_package_group": "d" * 64}, ValueError, "grupo de modelos no válido"),
    ({"auc_threshold": 90}, ValueError, "entre 0 y 1"),
    ({"auc_threshold": None}, TypeError, "debe ser un número"),
    ({"instance_type": "ml.m5.enorme"}, ValueError, "no es un tipo de instancia"),
])
def test_build_pipeline_rejects_bad_settings_before_uploading_code(sm_env, overrides, error, message):
    assert_rejected(lambda: sm_env.example_pipeline(**overrides), error, message)


@pytest.mark.parametrize("bucket", ["Equipo-ML", "equipo_ml", "ab", "b" * 64, "equipo..ml", "-equipo", "xn--equipo",
                                    "", None, "s3://equipo-ml-pipelines"])
def test_pipeline_session_rejects_bad_bucket_names(sm_env, bucket):
    assert_rejected(lambda: sm_env.pipeline_session(bucket, create_if_missing=True), ValueError,
                    "Nombre de bucket no válido")


def test_pipeline_session_does_not_create_a_mistyped_bucket(sm_env):
    assert_rejected(lambda: sm_env.pipeline_session("equipo-ml-pipelnes"), LookupError, "no existe")


@pytest.mark.parametrize("code", ["403", "AccessDenied"])
def test_pipeline_session_refuses_a_bucket_of_another_account(sm_env, monkeypatch, code):
    """S3 responde 403 a HeadBucket con un ExpectedBucketOwner que no es el dueño (moto no lo comprueba)."""
    fail_operation(monkeypatch, "HeadBucket", ClientError({"Error": {"Code": code, "Message": "Forbidden"}}, "HeadBucket"))
    assert_rejected(lambda: sm_env.pipeline_session("equipo-ml-de-otro", create_if_missing=True),
                    PermissionError, "no es de la cuenta")


@pytest.mark.parametrize("code", ["404", "NoSuchBucket"])
def test_pipeline_session_treats_both_not_found_codes_as_missing(sm_env, monkeypatch, code):
    fail_operation(monkeypatch, "HeadBucket", ClientError({"Error": {"Code": code, "Message": "Not Found"}}, "HeadBucket"))
    assert_rejected(lambda: sm_env.pipeline_session("equipo-ml-pipelnes"), LookupError, "no existe")


def test_pipeline_session_translates_other_s3_errors_without_creating_anything(sm_env, monkeypatch):
    error = ClientError({"Error": {"Code": "SlowDown", "Message": "Please reduce your request rate."}}, "HeadBucket")
    fail_operation(monkeypatch, "HeadBucket", error)
    before = account_state()
    with raises_in_spanish(RuntimeError, match="No se pudo comprobar el bucket 'equipo-ml-pipelnes'") as caught:
        sm_env.pipeline_session("equipo-ml-pipelnes", create_if_missing=True)
    assert caught.value.__cause__ is error and account_state() == before


def test_pipeline_session_says_when_s3_cannot_be_reached(sm_env, monkeypatch):
    error = EndpointConnectionError(endpoint_url="https://s3.eu-west-1.amazonaws.com")
    fail_operation(monkeypatch, "HeadBucket", error)
    assert_rejected(lambda: sm_env.pipeline_session("equipo-ml-pipelines"), RuntimeError,
                    "No se pudo comprobar el bucket 'equipo-ml-pipelines' \\(sin red o sin credenciales\\)")


@pytest.mark.parametrize(("operation", "error", "message"), [
    ("CreatePipeline", ClientError({"Error": {"Code": "AccessDeniedException", "Message": "denegado"}}, "CreatePipeline"),
     "No se pudo guardar la definición del pipeline"),
    ("CreatePipeline", EndpointConnectionError(endpoint_url="https://api.sagemaker.eu-west-1.amazonaws.com"),
     "No se pudo guardar la definición del pipeline"),
    ("StartPipelineExecution", ClientError({"Error": {"Code": "ResourceLimitExceeded", "Message": "límite"}},
                                           "StartPipelineExecution"), "No se pudo lanzar el pipeline"),
    ("StartPipelineExecution", EndpointConnectionError(endpoint_url="https://api.sagemaker.eu-west-1.amazonaws.com"),
     "No se pudo lanzar el pipeline"),
])
def test_upsert_and_start_translates_aws_and_network_errors(built, monkeypatch, operation, error, message):
    """El error de SageMaker o de red llega en español, con el nombre del pipeline y el original adjunto; sin
    ejecución lanzada."""
    module, pipeline = built
    fail_operation(monkeypatch, operation, error)
    with raises_in_spanish(RuntimeError, match=f"{message} '{pipeline.name}'") as caught:
        module.upsert_and_start(pipeline, ROLE, f"s3://{BUCKET}/raw/")
    assert caught.value.__cause__ is error
    assert all(executions == [] for _, executions in account_state()["pipelines"])
