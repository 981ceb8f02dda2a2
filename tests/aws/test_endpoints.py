"""Pruebas de snippets/aws/endpoints.py contra moto: crear, invocar, borrar y transformar por lotes."""

from __future__ import annotations

import json

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from snippets.aws import endpoints
from tests.sandbox import run_name

ROLE = "arn:aws:iam::123456789012:role/sagemaker-ejecucion"
IMAGE = "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.4-2-cpu-py3"
MODEL = "s3://equipo-ml-modelos/churn/model.tar.gz"


@pytest.mark.moto_only("respuesta del endpoint sembrada (/moto-api/static)")
def test_deploy_invoke_and_delete(aws):
    sm = boto3.client("sagemaker")
    arn = endpoints.deploy_endpoint("churn-v1", IMAGE, MODEL, ROLE, instance_type="ml.c5.large", client=sm)
    assert arn.endswith(":endpoint/churn-v1")
    assert sm.describe_endpoint(EndpointName="churn-v1")["EndpointStatus"] == "InService"
    variant = sm.describe_endpoint_config(EndpointConfigName="churn-v1")["ProductionVariants"][0]
    assert (variant["ModelName"], variant["InstanceType"], variant["InitialInstanceCount"]) == ("churn-v1", "ml.c5.large", 1)
    container = sm.describe_model(ModelName="churn-v1")["PrimaryContainer"]
    assert (container["Image"], container["ModelDataUrl"]) == (IMAGE, MODEL)
    assert container["Environment"] == {"SAGEMAKER_PROGRAM": "inference.py", "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code"}

    # moto responde a invoke_endpoint lo que se le indica: la respuesta de un modelo real.
    requests.post(f"{aws}/moto-api/static/sagemaker/endpoint-results", json={
        "region": "eu-west-1", "results": [{"Body": json.dumps([0.91, 0.07]), "ContentType": "application/json"}],
    }, timeout=10).raise_for_status()
    assert endpoints.predict("churn-v1", [[1, 24, 79.5], [0, 60, 20.0]]) == [0.91, 0.07]

    endpoints.delete_endpoint("churn-v1", client=sm)
    assert sm.list_endpoints()["Endpoints"] == []
    assert sm.list_endpoint_configs()["EndpointConfigs"] == []
    assert sm.list_models()["Models"] == []


@pytest.mark.parametrize("url", ["churn/model.tar.gz", "s3://b/modelo.pkl"])
def test_deploy_rejects_bad_model_url_before_creating_anything(aws, url):
    sm, name = boto3.client("sagemaker"), run_name("churn-rechazado")
    with pytest.raises(ValueError, match="model_data_url"):
        endpoints.deploy_endpoint(name, IMAGE, url, ROLE, client=sm)
    assert sm.list_models(NameContains=name)["Models"] == []


@pytest.mark.moto_only("respuesta del endpoint sembrada (/moto-api/static)")
def test_predict_returns_text_when_the_container_does_not_answer_json(aws):
    requests.post(f"{aws}/moto-api/static/sagemaker/endpoint-results", json={
        "region": "eu-west-1", "results": [{"Body": "1\n0", "ContentType": "text/csv"}],
    }, timeout=10).raise_for_status()
    assert endpoints.predict("churn-v1", [[2, 85.0], [50, 22.0]]) == "1\n0"


def test_model_fn_loads_the_model_from_the_model_folder(tmp_path):
    import joblib
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression().fit([[1, 80.0], [2, 90.0], [50, 20.0], [60, 25.0]], [1, 1, 0, 0])
    joblib.dump(model, tmp_path / "model.joblib")
    assert list(endpoints.model_fn(str(tmp_path)).predict([[2, 85.0], [55, 22.0]])) == [1, 0]


def test_predict_rejects_empty_input(aws):
    with pytest.raises(ValueError, match="No hay filas"):
        endpoints.predict("churn-v1", [])


def test_batch_transform_job(aws):
    sm, model, job_name = boto3.client("sagemaker"), run_name("churn-v1-lotes"), run_name("puntuar-2026-11-25")
    model_arn = endpoints.create_model(model, IMAGE, MODEL, ROLE, client=sm)
    assert model_arn.endswith(f":model/{model}")
    arn = endpoints.batch_transform(job_name, model, "s3://b/entrada/", "s3://b/salida/", client=sm)
    job = sm.describe_transform_job(TransformJobName=job_name)
    assert (job["TransformJobArn"], job["ModelName"]) == (arn, model)
    assert job["TransformInput"]["SplitType"] == "Line"
    assert job["TransformOutput"]["S3OutputPath"] == "s3://b/salida/"


def test_deleting_missing_endpoint_is_an_aws_error(aws):
    with pytest.raises(ClientError):
        endpoints.delete_endpoint("no-existe")
