"""Pruebas de la aprobación en la CI (snippets/proyecto_ml/pipeline/cli.py): se aprueba la versión que
registró la ejecución del pipeline de ese pipeline de GitLab, no la última pendiente del grupo.

moto guarda pipelines, ejecuciones y versiones de modelo, pero no ejecuta pasos ni implementa
ListPipelineExecutionSteps: la respuesta de esa operación la da aquí un gancho de botocore, con la forma
que valida el modelo de servicio de SageMaker (la misma que devuelve AWS).
"""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.validate import validate_parameters

from snippets.proyecto_ml.pipeline import cli

GROUP = "diagnostico-modelos"
OK = AWSResponse("https://api.sagemaker.eu-west-1.amazonaws.com/", 200, {}, None)
IMAGE = "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.4-2-cpu-py3"


def pending_version(sm) -> str:
    return sm.create_model_package(
        ModelPackageGroupName=GROUP, ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={"Containers": [{"Image": IMAGE}], "SupportedContentTypes": ["text/csv"],
                                "SupportedResponseMIMETypes": ["application/json"]},
    )["ModelPackageArn"]


def execution(sm) -> str:
    sm.create_pipeline(PipelineName="diagnostico-entrenamiento", RoleArn="arn:aws:iam::123456789012:role/equipo-ml-sagemaker",
                       PipelineDefinition=json.dumps({"Version": "2020-12-01", "Steps": []}))
    return sm.start_pipeline_execution(PipelineName="diagnostico-entrenamiento")["PipelineExecutionArn"]


def answer_steps(sm, steps: list[dict]) -> list[dict]:
    """ListPipelineExecutionSteps responde lo que AWS respondería tras una ejecución con esos pasos."""
    response = {"PipelineExecutionSteps": steps}
    output = sm.meta.service_model.operation_model("ListPipelineExecutionSteps").output_shape
    validate_parameters(response, output)  # la forma de la respuesta es la de AWS
    requests = []

    def handler(params, **_):
        requests.append(params)
        return OK, response

    sm.meta.events.register("before-call.sagemaker.ListPipelineExecutionSteps", handler)
    return requests


@pytest.fixture
def sm(aws):
    client = boto3.client("sagemaker")
    client.create_model_package_group(ModelPackageGroupName=GROUP)
    return client


def test_approves_the_version_this_execution_registered_not_the_latest(sm):
    registered = pending_version(sm)
    later = pending_version(sm)  # otra ejecución registró después una versión más nueva
    arn = execution(sm)
    requests = answer_steps(sm, [
        {"StepName": "RegistrarModelo", "StepStatus": "Succeeded", "Metadata": {"RegisterModel": {"Arn": registered}}},
        {"StepName": "Evaluacion", "StepStatus": "Succeeded", "Metadata": {}},
    ])
    assert cli.approve_model_package(cli.registered_model_package(arn, sm), sm) == registered
    assert json.loads(requests[0]["body"])["PipelineExecutionArn"] == arn
    statuses = [sm.describe_model_package(ModelPackageName=a)["ModelApprovalStatus"] for a in (registered, later)]
    assert statuses == ["Approved", "PendingManualApproval"]


def test_cli_approve_takes_the_execution_arn_from_the_dotenv_variable(sm, capsys, monkeypatch):
    registered = pending_version(sm)
    pending_version(sm)
    arn = execution(sm)
    answer_steps(sm, [{"StepName": "RegistrarModelo", "Metadata": {"RegisterModel": {"Arn": registered}}}])
    monkeypatch.setattr(cli.boto3, "client", lambda *a, **k: sm)
    cli.main(["approve", "--execution-arn", arn])
    assert capsys.readouterr().out.strip() == f"Aprobado: {registered}"


def test_start_writes_the_execution_arn_for_the_next_job(sm, tmp_path, monkeypatch):
    from snippets.proyecto_ml.pipeline import definition

    class Started:
        arn = "arn:aws:sagemaker:eu-west-1:123456789012:pipeline/diagnostico-entrenamiento/execution/abc123def456"

    monkeypatch.setattr(definition, "example_pipeline", lambda: None)
    monkeypatch.setattr(definition, "upsert_and_start", lambda *a: Started)
    cli.main(["start", "--input-data", "s3://equipo-ml-pipelines/raw/", "--dotenv", str(tmp_path / "pipeline.env")])
    assert (tmp_path / "pipeline.env").read_text() == f"PIPELINE_EXECUTION_ARN={Started.arn}\n"


@pytest.mark.parametrize(("steps", "message"), [
    ([], "registró 0 versiones"),
    ([{"StepName": "A", "Metadata": {"RegisterModel": {"Arn": "arn:aws:sagemaker:eu-west-1:123456789012:model-package/diagnostico-modelos/1"}}},
      {"StepName": "B", "Metadata": {"RegisterModel": {"Arn": "arn:aws:sagemaker:eu-west-1:123456789012:model-package/diagnostico-modelos/2"}}}],
     "registró 2 versiones"),
])
def test_an_execution_without_exactly_one_registration_is_refused(sm, steps, message):
    version = pending_version(sm)
    arn = execution(sm)
    answer_steps(sm, steps)
    with pytest.raises(LookupError, match=message):
        cli.registered_model_package(arn, sm)
    assert sm.describe_model_package(ModelPackageName=version)["ModelApprovalStatus"] == "PendingManualApproval"


def test_an_unfinished_execution_is_refused(sm, monkeypatch):
    arn = execution(sm)
    sm.meta.events.register("before-call.sagemaker.DescribePipelineExecution",
                            lambda **_: (OK, {"PipelineExecutionStatus": "Executing"}))
    with pytest.raises(LookupError, match="estado Executing"):
        cli.registered_model_package(arn, sm)


@pytest.mark.parametrize("bad", ["", "diagnostico-modelos", None, "arn:aws:sagemaker:eu-west-1:123456789012:model-package/diagnostico-modelos"])
def test_bad_arns_are_refused_before_any_call(sm, bad):
    with pytest.raises(ValueError, match="Se esperaba el ARN"):
        cli.approve_model_package(bad, sm)
    with pytest.raises(ValueError, match="Se esperaba el ARN"):
        cli.registered_model_package(bad, sm)


def test_an_already_approved_version_is_not_approved_again(sm):
    version = pending_version(sm)
    cli.approve_model_package(version, sm)
    with pytest.raises(LookupError, match="no está pendiente"):
        cli.approve_model_package(version, sm)
