"""Pruebas de snippets/aws/endpoints.py contra moto: desplegar una versión aprobada, invocar, borrar,
deshacer un despliegue a medias y transformar por lotes."""

from __future__ import annotations

import json

import boto3
import pytest
import requests
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError, WaiterError
from botocore.stub import Stubber

from snippets.aws import endpoints
from tests.conftest import assert_bounded_waits, fail_operation

ROLE = "arn:aws:iam::123456789012:role/equipo-ml-sagemaker"
IMAGE = "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.4-2-cpu-py3"
MODEL = "s3://equipo-ml-modelos/churn/model.tar.gz"
ENVIRONMENT = {"SAGEMAKER_PROGRAM": "inference.py", "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code"}


def register(status: str = "Approved", group: str = "churn-modelos") -> str:
    """Una versión del registro de modelos, como la deja el paso Registro del pipeline."""
    sm = boto3.client("sagemaker")
    if group not in [g["ModelPackageGroupName"] for g in sm.list_model_package_groups()["ModelPackageGroupSummaryList"]]:
        sm.create_model_package_group(ModelPackageGroupName=group)
    return sm.create_model_package(
        ModelPackageGroupName=group, ModelApprovalStatus=status,
        InferenceSpecification={"Containers": [{"Image": IMAGE, "ModelDataUrl": MODEL, "Environment": ENVIRONMENT}],
                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["application/json"]},
    )["ModelPackageArn"]


def resources() -> dict:
    sm = boto3.client("sagemaker")
    return {
        "models": [m["ModelName"] for m in sm.list_models()["Models"]],
        "configs": [c["EndpointConfigName"] for c in sm.list_endpoint_configs()["EndpointConfigs"]],
        "endpoints": [e["EndpointName"] for e in sm.list_endpoints()["Endpoints"]],
    }


@pytest.mark.moto_only("respuesta del endpoint sembrada (/moto-api/static)")
def test_deploy_invoke_and_delete_an_approved_version(aws, sent):
    package = register()
    sm = boto3.client("sagemaker")
    through_sm = []  # lo que pasa por el cliente que se le da, no por uno nuevo
    sm.meta.events.register("before-call.sagemaker.*", lambda model, **_: through_sm.append(model.name))
    arn = endpoints.deploy_endpoint("churn-v1", package, ROLE, instance_type="ml.c5.large", client=sm)
    assert {"DescribeModelPackage", "CreateModel", "CreateEndpointConfig", "CreateEndpoint"} <= set(through_sm)
    assert arn.endswith(":endpoint/churn-v1")
    # Lo que recibe AWS: un modelo de la versión aprobada, no un artefacto suelto.
    (create_model,) = [params for op, params in sent if op == "CreateModel"]
    assert create_model == {"ModelName": "churn-v1", "PrimaryContainer": {"ModelPackageName": package},
                            "ExecutionRoleArn": ROLE}
    (config,) = [params for op, params in sent if op == "CreateEndpointConfig"]
    assert config["ProductionVariants"] == [{"VariantName": "principal", "ModelName": "churn-v1",
                                             "InstanceType": "ml.c5.large", "InitialInstanceCount": 1}]
    assert sm.describe_endpoint(EndpointName="churn-v1")["EndpointStatus"] == "InService"

    # moto responde a invoke_endpoint lo que se le indica: la respuesta de un modelo real.
    requests.post(f"{aws}/moto-api/static/sagemaker/endpoint-results", json={
        "region": "eu-west-1", "results": [{"Body": json.dumps([0.91, 0.07]), "ContentType": "application/json"}],
    }, timeout=10).raise_for_status()
    assert endpoints.predict("churn-v1", [[1, 24, 79.5], (0, 60, 20.0)]) == [0.91, 0.07]
    (invoke,) = [params for op, params in sent if op == "InvokeEndpoint"]
    assert invoke == {"EndpointName": "churn-v1", "ContentType": "text/csv", "Accept": "application/json",
                      "Body": "1,24,79.5\n0,60,20.0"}

    through_sm.clear()
    assert endpoints.delete_endpoint("churn-v1", client=sm) == ["endpoint", "config", "model"]
    assert through_sm == ["DeleteEndpoint", "DeleteEndpointConfig", "DeleteModel"]
    assert resources() == {"models": [], "configs": [], "endpoints": []}


def test_a_pending_version_is_not_deployed(aws):
    package = register(status="PendingManualApproval")
    with pytest.raises(PermissionError, match="PendingManualApproval: solo se despliegan versiones aprobadas"):
        endpoints.deploy_endpoint("churn-v1", package, ROLE)
    assert resources() == {"models": [], "configs": [], "endpoints": []}


@pytest.mark.moto_only("respuesta del endpoint sembrada (/moto-api/static)")
def test_predict_sends_numpy_rows_as_the_same_csv(aws, sent):
    import numpy as np

    requests.post(f"{aws}/moto-api/static/sagemaker/endpoint-results", json={
        "region": "eu-west-1", "results": [{"Body": "1\n0", "ContentType": "text/csv"}],
    }, timeout=10).raise_for_status()
    assert endpoints.predict("churn-v1", np.array([[2, 85.5], [50, 22.0]])) == "1\n0"
    assert [params["Body"] for op, params in sent if op == "InvokeEndpoint"] == ["2.0,85.5\n50.0,22.0"]


def fail_on(monkeypatch, failing: str):
    """Hace fallar la operación ``failing`` de SageMaker como la rechazaría AWS."""
    error = ClientError({"Error": {"Code": "ResourceLimitExceeded", "Message": "límite de instancias"}}, failing)
    fail_operation(monkeypatch, failing, error)


@pytest.mark.parametrize("failing", ["CreateModel", "CreateEndpointConfig", "CreateEndpoint", "DescribeEndpoint"])
def test_deploy_that_fails_midway_leaves_nothing_behind(aws, monkeypatch, failing):
    package = register()
    fail_on(monkeypatch, failing)  # DescribeEndpoint es lo que consulta el waiter
    with pytest.raises(endpoints.EndpointError, match="No se pudo") as caught:
        endpoints.deploy_endpoint("churn-v1", package, ROLE)
    assert isinstance(caught.value.__cause__, (ClientError, WaiterError))
    monkeypatch.undo()
    assert resources() == {"models": [], "configs": [], "endpoints": []}


def endpoint_that_stays(sm, statuses: list[str]) -> list[str]:
    """DescribeEndpoint de sm sobre churn-v1 responde con cada estado de statuses (y luego con el último): un
    endpoint real pasa varios minutos en Creating, moto lo da en servicio al momento. Devuelve lo servido."""
    served = []

    def describe(**_):
        status = statuses[min(len(served), len(statuses) - 1)]
        served.append(status)
        return AWSResponse("http://127.0.0.1", 200, {}, None), {"EndpointName": "churn-v1", "EndpointStatus": status,
                      "EndpointArn": "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/churn-v1"}

    sm.meta.events.register("before-call.sagemaker.DescribeEndpoint", describe)
    return served


def test_deploy_waits_half_an_hour_for_the_endpoint_and_then_cleans_up(aws, monkeypatch):
    import types

    import botocore.waiter

    pauses = []  # las pausas del waiter, anotadas en vez de dormidas
    monkeypatch.setattr(botocore.waiter, "time", types.SimpleNamespace(sleep=pauses.append))
    package = register()
    sm = boto3.client("sagemaker")
    endpoint_that_stays(sm, ["Creating", "Creating", "InService"])
    assert endpoints.deploy_endpoint("churn-v1", package, ROLE, client=sm).endswith(":endpoint/churn-v1")
    assert pauses == [30, 30]  # una consulta cada 30 s mientras se crea
    endpoints.delete_endpoint("churn-v1", client=sm)

    pauses.clear()
    sm = boto3.client("sagemaker")
    served = endpoint_that_stays(sm, ["Creating"])
    with pytest.raises(endpoints.EndpointError, match="No se pudo desplegar 'churn-v1'; se borró lo creado"):
        endpoints.deploy_endpoint("churn-v1", package, ROLE, client=sm)
    # 60 consultas con 30 s entre ellas: se rinde a los 29,5 minutos, no a la hora del waiter de boto3.
    assert len(served) == 60 and pauses == [30] * 59
    assert resources() == {"models": [], "configs": [], "endpoints": []}


def test_deploy_does_not_delete_a_model_it_did_not_create(aws, monkeypatch):
    package = register()
    endpoints.create_model("churn-v1", package, ROLE)  # ya existía, de otro despliegue
    # AWS rechaza un CreateModel con un nombre que ya existe (moto lo sobrescribe sin avisar).
    fail_on(monkeypatch, "CreateModel")
    with pytest.raises(endpoints.EndpointError, match="No se pudo crear el modelo"):
        endpoints.deploy_endpoint("churn-v1", package, ROLE)
    monkeypatch.undo()
    assert resources() == {"models": ["churn-v1"], "configs": [], "endpoints": []}


def test_delete_endpoint_cleans_up_a_half_done_deployment(aws):
    package = register()
    sm = boto3.client("sagemaker")
    endpoints.create_model("churn-v1", package, ROLE, client=sm)
    sm.create_endpoint_config(EndpointConfigName="churn-v1", ProductionVariants=[{
        "VariantName": "principal", "ModelName": "churn-v1", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
    assert endpoints.delete_endpoint("churn-v1", client=sm) == ["config", "model"]
    assert resources() == {"models": [], "configs": [], "endpoints": []}


@pytest.mark.parametrize("error", [
    {"Code": "AccessDeniedException", "Message": "not authorized to perform: sagemaker:DeleteEndpoint"},
    {"Code": "ThrottlingException"},  # sin Message
], ids=["sin-permiso", "sin-mensaje"])
def test_a_delete_that_aws_refuses_is_reported_not_taken_for_missing(aws, error):
    # Solo «Could not find» significa que no existe; cualquier otro error se dice, y lo demás no se toca.
    package = register()
    sm = boto3.client("sagemaker")
    endpoints.deploy_endpoint("churn-v1", package, ROLE, client=sm)

    def refuse(**_):
        raise ClientError({"Error": error}, "DeleteEndpoint")

    sm.meta.events.register("before-call.sagemaker.DeleteEndpoint", refuse)
    with pytest.raises(endpoints.EndpointError, match="No se pudo borrar endpoint 'churn-v1'") as info:
        endpoints.delete_endpoint("churn-v1", client=sm)
    assert info.value.__cause__.response["Error"]["Code"] == error["Code"]
    assert resources() == {"models": ["churn-v1"], "configs": ["churn-v1"], "endpoints": ["churn-v1"]}


def test_deleting_a_missing_endpoint_says_so(aws):
    with pytest.raises(LookupError, match="No hay endpoint, configuración ni modelo llamados 'no-existe'"):
        endpoints.delete_endpoint("no-existe")


def test_model_fn_loads_the_model_from_the_model_folder(tmp_path):
    import joblib
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression().fit([[1, 80.0], [2, 90.0], [50, 20.0], [60, 25.0]], [1, 1, 0, 0])
    joblib.dump(model, tmp_path / "model.joblib")
    assert list(endpoints.model_fn(str(tmp_path)).predict([[2, 85.0], [55, 22.0]])) == [1, 0]


def test_batch_transform_job_from_an_approved_version(aws, sent):
    sm = boto3.client("sagemaker")
    model_arn = endpoints.create_model("churn-v1-lotes", register(), ROLE, client=sm)
    assert model_arn.endswith(":model/churn-v1-lotes")
    arn = endpoints.batch_transform("puntuar-2026-11-25", "churn-v1-lotes", "s3://b-1/entrada/", "s3://b-1/salida/", client=sm)
    (job,) = [params for op, params in sent if op == "CreateTransformJob"]
    assert job["ModelName"] == "churn-v1-lotes"
    assert job["TransformInput"] == {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b-1/entrada/"}},
                                     "ContentType": "text/csv", "SplitType": "Line"}
    assert job["TransformOutput"] == {"S3OutputPath": "s3://b-1/salida/", "AssembleWith": "Line"}
    assert job["TransformResources"] == {"InstanceType": "ml.m5.large", "InstanceCount": 1}
    assert job["BatchStrategy"] == "MultiRecord"  # varias líneas por petición, hasta MaxPayloadInMB
    assert sm.describe_transform_job(TransformJobName="puntuar-2026-11-25")["TransformJobArn"] == arn


def test_predict_returns_the_text_when_the_answer_has_no_content_type(aws):
    import io

    from botocore.response import StreamingBody

    runtime = boto3.client("sagemaker-runtime")
    with Stubber(runtime) as stub:
        stub.add_response("invoke_endpoint", {"Body": StreamingBody(io.BytesIO(b"0.91\n0.07"), 9)})
        assert endpoints.predict("churn-v1", [[1, 2.0], [3, 4.0]], runtime) == "0.91\n0.07"


def test_errors_from_aws_name_the_endpoint_or_the_job(aws):
    runtime, sm = boto3.client("sagemaker-runtime"), boto3.client("sagemaker")
    with Stubber(runtime) as stub:
        stub.add_client_error("invoke_endpoint", "ModelError", "el contenedor devolvió 500")
        with pytest.raises(endpoints.EndpointError, match="^El endpoint 'churn-v1' no respondió: .*devolvió 500"):
            endpoints.predict("churn-v1", [[1, 2.0]], runtime)
    with Stubber(sm) as stub:
        stub.add_client_error("create_transform_job", "ResourceLimitExceeded", "sin cuota")
        with pytest.raises(endpoints.EndpointError, match="^No se pudo crear el trabajo 'puntuar-1': .*sin cuota"):
            endpoints.batch_transform("puntuar-1", "churn-lotes", "s3://b-1/entrada/", "s3://b-1/salida/", client=sm)


def test_page_registers_the_container_of_the_notebook_region_with_the_team_role(aws, tmp_path, monkeypatch):
    """Los bloques de la página hasta «Registrar y aprobar», en un notebook de us-west-2: la imagen es la de
    esa región (no la de eu-west-1 escrita a mano) y el rol, el del equipo como en las demás páginas."""
    from pathlib import Path

    from tools.page_notebooks import blocks

    page = Path(__file__).resolve().parents[2] / "docs/conceptos/servicios-ml.md"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    namespace: dict = {}
    for block in blocks(page):
        if block.kind == "file":
            Path(block.title).write_text(block.code + "\n", encoding="utf-8")
        elif block.kind == "cell":
            exec(compile(block.code, str(page), "exec"), namespace)
            if "PACKAGE_ARN" in namespace:
                break
    package = boto3.client("sagemaker", region_name="us-west-2").describe_model_package(
        ModelPackageName=namespace["PACKAGE_ARN"])
    (container,) = package["InferenceSpecification"]["Containers"]
    assert container["Image"] == "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.4-2-cpu-py3"
    assert namespace["ROLE_ARN"].endswith(":role/equipo-ml-sagemaker")


@pytest.mark.moto_only("respuesta del endpoint sembrada (/moto-api/static)")
def test_without_a_client_every_function_creates_ones_with_bounded_waits(aws, created_clients):
    package = register()
    created_clients.clear()  # el de register(), de la prueba
    endpoints.deploy_endpoint("churn-v1", package, ROLE)
    requests.post(f"{aws}/moto-api/static/sagemaker/endpoint-results", json={
        "region": "eu-west-1", "results": [{"Body": "[0.5]", "ContentType": "application/json"}],
    }, timeout=10).raise_for_status()
    assert endpoints.predict("churn-v1", [[1, 2, 3.0]]) == [0.5]
    assert endpoints.delete_endpoint("churn-v1") == ["endpoint", "config", "model"]
    endpoints.create_model("churn-v1-lotes", package, ROLE)
    endpoints.batch_transform("puntuar", "churn-v1-lotes", "s3://b-1/entrada/", "s3://b-1/salida/")
    assert [c.meta.service_model.service_name for c in created_clients] == [
        "sagemaker", "sagemaker-runtime", "sagemaker", "sagemaker", "sagemaker"]
    for client in created_clients:
        assert_bounded_waits(client)
