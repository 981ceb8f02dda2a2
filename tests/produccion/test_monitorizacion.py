"""Pruebas de snippets/produccion/monitorizacion.py contra moto.

moto no ejecuta Model Monitor: lo que se comprueba es lo que AWS recibiría. Cada petición que envían las
funciones se captura en el cliente y se valida contra el modelo de la API de botocore (enumerados,
patrones, longitudes, rangos), y se compara con lo que esperan el analizador de Model Monitor (las
constantes del SDK v3), el pipeline del proyecto y la documentación de AWS.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import textwrap
from pathlib import Path

import boto3
import botocore.session
import pandas as pd
import pytest
from botocore.exceptions import ClientError, WaiterError
from botocore.stub import ANY, Stubber

from snippets.produccion import monitorizacion as mon
from tests.conftest import aws_error, raises_in_spanish
from tests.moto_extras import model_errors

ROLE = "arn:aws:iam::123456789012:role/equipo-ml-sagemaker"
BUCKET = "equipo-ml-pipelines"
MONITOR = f"s3://{BUCKET}/monitorizacion/diagnostico-produccion"
ANALYZER = "468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer"


def sent(client) -> dict[str, list[dict]]:
    """Las peticiones que hace ``client``, por operación, tal como las serializa botocore."""
    calls: dict[str, list[dict]] = {}

    def record(params, model, **_):
        calls.setdefault(model.name, []).append(json.loads(json.dumps(params, default=str)))

    client.meta.events.register("before-parameter-build", record)
    return calls


def aws_errors(service: str, operation: str, params: dict) -> list[str]:
    model = botocore.session.get_session().get_service_model(service)
    return model_errors(model.operation_model(operation).input_shape, params)


def make_bucket(s3) -> None:
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def deploy_without_capture(sm) -> None:
    sm.create_model(ModelName="diagnostico-modelos-v1", ExecutionRoleArn=ROLE, PrimaryContainer={
        "ModelPackageName": "arn:aws:sagemaker:eu-west-1:123456789012:model-package/diagnostico-modelos/1"})
    sm.create_endpoint_config(EndpointConfigName="diagnostico-produccion-inicial", ProductionVariants=[{
        "VariantName": "principal", "ModelName": "diagnostico-modelos-v1", "InstanceType": "ml.m5.large",
        "InitialInstanceCount": 1}])
    sm.create_endpoint(EndpointName="diagnostico-produccion", EndpointConfigName="diagnostico-produccion-inicial")


# Versión aprobada y modelo


def register(sm, status: str) -> str:
    return sm.create_model_package(ModelPackageGroupName="diagnostico-modelos", ModelApprovalStatus=status,
        InferenceSpecification={"Containers": [{"Image": "img", "ModelDataUrl": f"s3://{BUCKET}/m.tar.gz"}],
                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["application/json"]},
    )["ModelPackageArn"]


@pytest.mark.moto_only("moto no borra versiones del registro: los números de versión necesitan una cuenta vacía")
def test_latest_approved_package_skips_pending_and_older_versions(aws):
    sm = boto3.client("sagemaker")
    sm.create_model_package_group(ModelPackageGroupName="diagnostico-modelos")
    with pytest.raises(LookupError, match="ninguna versión aprobada"):
        mon.latest_approved_package("diagnostico-modelos", client=sm)
    old, new = register(sm, "Approved"), register(sm, "Approved")
    register(sm, "PendingManualApproval")  # la más reciente, pero sin aprobar
    register(sm, "Rejected")
    calls = sent(sm)
    assert mon.latest_approved_package("diagnostico-modelos", client=sm) == new != old
    (request,) = calls["ListModelPackages"]
    assert aws_errors("sagemaker", "ListModelPackages", request) == []
    assert request["ModelApprovalStatus"] == "Approved"
    assert (request["SortBy"], request["SortOrder"]) == ("CreationTime", "Descending")


@pytest.mark.moto_only("moto no borra versiones del registro: los números de versión necesitan una cuenta vacía")
def test_model_from_package_is_named_after_the_version_and_reused(aws):
    sm = boto3.client("sagemaker")
    sm.create_model_package_group(ModelPackageGroupName="diagnostico-modelos")
    register(sm, "Approved")
    arn = register(sm, "Approved")
    calls = sent(sm)
    assert mon.model_from_package(arn, ROLE, client=sm) == "diagnostico-modelos-v2"
    assert mon.model_from_package(arn, ROLE, client=sm) == "diagnostico-modelos-v2"  # la celda, otra vez
    assert len(calls["CreateModel"]) == 1
    assert aws_errors("sagemaker", "CreateModel", calls["CreateModel"][0]) == []
    assert sm.describe_model(ModelName="diagnostico-modelos-v2")["PrimaryContainer"]["ModelPackageName"] == arn


# Captura de datos


@pytest.mark.moto_extra("UpdateEndpoint")
def test_capture_is_enabled_on_a_serving_endpoint_with_a_new_config(aws):
    sm = boto3.client("sagemaker")
    deploy_without_capture(sm)
    calls = sent(sm)
    config = mon.deploy_with_data_capture("diagnostico-produccion", "diagnostico-modelos-v1", f"{MONITOR}/captura",
                                          sampling_percentage=20, client=sm)

    assert "CreateEndpoint" not in calls  # el endpoint que ya sirve se actualiza, no se crea otro
    assert calls["UpdateEndpoint"] == [{"EndpointName": "diagnostico-produccion", "EndpointConfigName": config}]
    (request,) = calls["CreateEndpointConfig"]
    assert aws_errors("sagemaker", "CreateEndpointConfig", request) == []
    capture = request["DataCaptureConfig"]
    assert capture["EnableCapture"] is True and capture["InitialSamplingPercentage"] == 20
    assert capture["DestinationS3Uri"] == f"{MONITOR}/captura"
    assert {o["CaptureMode"] for o in capture["CaptureOptions"]} == {"Input", "Output"}
    # Sin el tipo CSV declarado, la captura guarda las peticiones en base64.
    assert capture["CaptureContentTypeHeader"]["CsvContentTypes"] == ["text/csv"]
    endpoint = sm.describe_endpoint(EndpointName="diagnostico-produccion")
    assert endpoint["EndpointConfigName"] == config
    assert endpoint["DataCaptureConfig"]["DestinationS3Uri"] == f"{MONITOR}/captura"


def test_capture_creates_the_endpoint_when_it_does_not_exist(aws):
    sm = boto3.client("sagemaker")
    sm.create_model(ModelName="m", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": ANALYZER})
    calls = sent(sm)
    mon.deploy_with_data_capture("diagnostico-nuevo", "m", f"{MONITOR}/captura", client=sm)
    assert "UpdateEndpoint" not in calls and len(calls["CreateEndpoint"]) == 1
    assert sm.describe_endpoint(EndpointName="diagnostico-nuevo")["EndpointStatus"] == "InService"


@pytest.mark.parametrize("kwargs, message", [
    ({"capture_s3_uri": "equipo-ml/captura"}, "s3://"),
    ({"sampling_percentage": 120}, "0 a 100"),
    ({"sampling_percentage": True}, "0 a 100"),
    ({"sampling_percentage": 50.5}, "0 a 100"),
])
def test_capture_rejects_bad_input_before_calling_aws(aws, kwargs, message):
    sm = boto3.client("sagemaker")
    args = {"capture_s3_uri": f"{MONITOR}/captura", **kwargs}
    with pytest.raises(ValueError, match=message):
        mon.deploy_with_data_capture("diagnostico-produccion", "m", client=sm, **args)
    assert sm.list_endpoint_configs()["EndpointConfigs"] == []


# Línea base


def page_configuration() -> dict:
    """Las variables que define la celda de configuración de la página."""
    source = Path(mon.__file__).read_text(encoding="utf-8")
    cell = re.search(r"# --8<-- \[start:uso-configuracion\]\n(.*?)# --8<-- \[end:uso-configuracion\]", source, re.S)[1]
    namespace = {"boto3": boto3}
    exec(textwrap.dedent(cell), namespace)
    return namespace


def test_baseline_reads_the_training_split_the_pipeline_writes(aws, tmp_path, monkeypatch):
    monkeypatch.setenv("SAGEMAKER_VALIDATE_ROLE", "false")  # moto no implementa SimulatePrincipalPolicy
    from sagemaker.core.telemetry import telemetry_logging

    monkeypatch.setattr(telemetry_logging, "_send_telemetry_request", lambda *a, **k: None)
    from snippets.proyecto_ml.data import write_raw_data
    from snippets.proyecto_ml.pipeline.definition import example_pipeline
    from snippets.proyecto_ml.steps.preprocess import preprocess

    s3 = boto3.client("s3")
    make_bucket(s3)
    # Donde deja el paso Preprocesado del pipeline la salida «train», según su definición.
    steps = json.loads(example_pipeline().definition())["Steps"]
    logging.getLogger().setLevel(logging.WARNING)  # importar el paquete de workflow lo sube a INFO
    outputs = next(s for s in steps if s["Name"] == "Preprocesado")["Arguments"]["ProcessingOutputConfig"]["Outputs"]
    train_prefix = next(o for o in outputs if o["OutputName"] == "train")["S3Output"]["S3Uri"]
    config = page_configuration()
    assert config["TRAIN_URI"] == train_prefix.rstrip("/") + "/train.csv"

    # El archivo que escribe el script de preprocesado, en ese lugar.
    preprocess(write_raw_data(tmp_path / "raw").parent, tmp_path / "train", tmp_path / "test", 0.2, 42)
    bucket, key = mon.split_s3_uri(config["TRAIN_URI"])
    s3.upload_file(str(tmp_path / "train" / "train.csv"), bucket, key)

    features = mon.write_baseline_dataset(config["TRAIN_URI"], f"{MONITOR}/linea-base/datos/train_features.csv")
    train = pd.read_csv(tmp_path / "train" / "train.csv")
    written = pd.read_csv(s3.get_object(Bucket=BUCKET, Key="monitorizacion/diagnostico-produccion/linea-base/datos/train_features.csv")["Body"])
    # Las columnas que recibe el endpoint: todas menos target, en el orden del entrenamiento.
    assert list(written.columns) == [c for c in train.columns if c != "target"] == list(features.columns)
    assert len(written) == len(train) == 455


def test_baseline_dataset_needs_the_target_column(aws):
    s3 = boto3.client("s3")
    make_bucket(s3)
    s3.put_object(Bucket=BUCKET, Key="x/train.csv", Body=b"a,b\n1,2\n")
    with pytest.raises(ValueError, match="columna objetivo 'target'"):
        mon.write_baseline_dataset(f"s3://{BUCKET}/x/train.csv", f"s3://{BUCKET}/y/base.csv", s3=s3)
    with pytest.raises(ValueError, match="s3://bucket/clave"):
        mon.write_baseline_dataset("train.csv", f"s3://{BUCKET}/y/base.csv", s3=s3)


def test_baseline_job_sends_what_the_analyzer_expects(aws):
    from sagemaker.core.model_monitor import model_monitoring as sdk
    from sagemaker.core.model_monitor.dataset_format import DatasetFormat

    sm = boto3.client("sagemaker")
    calls = sent(sm)
    image = mon.start_baseline_job("diagnostico-linea-base-1", f"{MONITOR}/linea-base/datos/",
                                   f"{MONITOR}/linea-base/resultados", ROLE, client=sm)
    assert image == ANALYZER  # la imagen del analizador en eu-west-1
    (request,) = calls["CreateProcessingJob"]
    assert aws_errors("sagemaker", "CreateProcessingJob", request) == []
    env = request["Environment"]
    # Las variables y rutas que usa DefaultModelMonitor.suggest_baseline del SDK v3.
    assert json.loads(env[sdk._DATASET_FORMAT_ENV_NAME]) == DatasetFormat.csv(header=True)
    assert env[sdk._DATASET_SOURCE_PATH_ENV_NAME] == f"{sdk._CONTAINER_BASE_PATH}/{sdk._CONTAINER_INPUT_PATH}/{sdk._BASELINE_DATASET_INPUT_NAME}"
    assert env[sdk._OUTPUT_PATH_ENV_NAME] == f"{sdk._CONTAINER_BASE_PATH}/{sdk._CONTAINER_OUTPUT_PATH}"
    assert env[sdk._PUBLISH_CLOUDWATCH_METRICS_ENV_NAME] == "Disabled"
    (source,) = request["ProcessingInputs"]
    assert source["S3Input"]["S3Uri"] == f"{MONITOR}/linea-base/datos/"
    assert source["S3Input"]["LocalPath"] == env["dataset_source"]
    (output,) = request["ProcessingOutputConfig"]["Outputs"]
    assert (output["S3Output"]["S3Uri"], output["S3Output"]["LocalPath"]) == (f"{MONITOR}/linea-base/resultados", env["output_path"])


# Programación


@pytest.mark.moto_extra("CreateMonitoringSchedule")
def test_schedule_sends_an_hourly_data_quality_job_on_the_endpoint(aws):
    sm = boto3.client("sagemaker")
    calls = sent(sm)
    arn = mon.create_data_quality_schedule("diagnostico-produccion-datos", "diagnostico-produccion",
                                           f"{MONITOR}/linea-base/resultados/", f"{MONITOR}/informes", ROLE, client=sm)
    assert arn.endswith(":monitoring-schedule/diagnostico-produccion-datos")
    (definition,) = calls["CreateDataQualityJobDefinition"]
    (schedule,) = calls["CreateMonitoringSchedule"]
    assert aws_errors("sagemaker", "CreateDataQualityJobDefinition", definition) == []
    assert aws_errors("sagemaker", "CreateMonitoringSchedule", schedule) == []
    baseline = definition["DataQualityBaselineConfig"]
    assert baseline["ConstraintsResource"]["S3Uri"] == f"{MONITOR}/linea-base/resultados/constraints.json"
    assert baseline["StatisticsResource"]["S3Uri"] == f"{MONITOR}/linea-base/resultados/statistics.json"
    assert definition["DataQualityAppSpecification"]["ImageUri"] == ANALYZER
    assert definition["DataQualityJobInput"]["EndpointInput"]["EndpointName"] == "diagnostico-produccion"
    assert definition["DataQualityJobOutputConfig"]["MonitoringOutputs"][0]["S3Output"]["S3Uri"] == f"{MONITOR}/informes"
    # Cada ejecución horaria termina antes de que empiece la siguiente.
    assert definition["StoppingCondition"]["MaxRuntimeInSeconds"] <= 3600
    config = schedule["MonitoringScheduleConfig"]
    assert config == {"ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
                      "MonitoringJobDefinitionName": definition["JobDefinitionName"], "MonitoringType": "DataQuality"}
    stored = sm.describe_monitoring_schedule(MonitoringScheduleName="diagnostico-produccion-datos")
    assert stored["MonitoringScheduleConfig"] == config
    assert sm.describe_data_quality_job_definition(JobDefinitionName=definition["JobDefinitionName"])["JobDefinitionName"]


# Las expresiones de la documentación de ScheduleConfig (API de SageMaker).
@pytest.mark.parametrize("expression", [
    "cron(0 * ? * * *)", "cron(0 12 ? * * *)", "cron(0 0 ? * * *)", "cron(0 17/12 ? * * *)", "cron(0 0/2 ? * * *)",
    "NOW",
])
def test_schedule_accepts_the_forms_model_monitor_supports(expression):
    assert mon.validate_schedule(expression) == expression


@pytest.mark.parametrize("expression", [
    "cron(0 9 ? * MON *)", "rate(1 hour)", "cron(30 * ? * * *)", "cron(0 24 ? * * *)", "cron(0 0/25 ? * * *)", "now",
])
@pytest.mark.moto_extra("CreateMonitoringSchedule")
def test_schedule_rejects_other_expressions_before_calling_aws(aws, expression):
    sm = boto3.client("sagemaker")
    with pytest.raises(ValueError, match="Model Monitor no admite"):
        mon.create_data_quality_schedule("s", "e", f"{MONITOR}/b", f"{MONITOR}/o", ROLE, expression, client=sm)
    assert sm.list_data_quality_job_definitions()["JobDefinitionSummaries"] == []


@pytest.mark.moto_extra("CreateMonitoringSchedule")
def test_schedule_now_runs_once_over_a_data_window(aws):
    """``NOW`` es una ejecución única: AWS exige entonces DataAnalysisStartTime y DataAnalysisEndTime."""
    sm = boto3.client("sagemaker")
    calls = sent(sm)
    mon.create_data_quality_schedule("diagnostico-produccion-prueba", "diagnostico-produccion",
                                     f"{MONITOR}/linea-base/resultados", f"{MONITOR}/informes", ROLE, mon.NOW, client=sm)
    (schedule,) = calls["CreateMonitoringSchedule"]
    assert aws_errors("sagemaker", "CreateMonitoringSchedule", schedule) == []
    config = schedule["MonitoringScheduleConfig"]["ScheduleConfig"]
    assert config == {"ScheduleExpression": "NOW", "DataAnalysisStartTime": "-PT1H", "DataAnalysisEndTime": "PT0H"}
    with pytest.raises(ValueError, match="now_window"):
        mon.create_data_quality_schedule("otra", "diagnostico-produccion", f"{MONITOR}/b", f"{MONITOR}/o", ROLE,
                                         mon.NOW, now_window=("una hora", "ya"), client=sm)


@pytest.mark.moto_extra("CreateMonitoringSchedule")
def test_local_endpoint_rejects_what_aws_rejects(aws):
    """Las operaciones añadidas a moto validan como AWS: un tipo de monitorización inexistente no pasa."""
    sm = boto3.client("sagemaker")
    with pytest.raises(ClientError, match="MonitoringType"):
        sm.create_monitoring_schedule(MonitoringScheduleName="s", MonitoringScheduleConfig={
            "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
            "MonitoringJobDefinitionName": "d", "MonitoringType": "Datos"})
    with pytest.raises(ClientError, match="EndpointName: 64 fuera de"):
        sm.update_endpoint(EndpointName="e" * 64, EndpointConfigName="c")


# Alarmas


def test_alarms_watch_the_endpoint_metrics(aws):
    cw = boto3.client("cloudwatch")
    topic = boto3.client("sns").create_topic(Name="equipo-ml-alertas")["TopicArn"]
    calls = sent(cw)
    names = mon.create_endpoint_alarms("diagnostico-produccion", topic, latency_ms=250, client=cw)
    assert all(aws_errors("cloudwatch", "PutMetricAlarm", r) == [] for r in calls["PutMetricAlarm"])
    alarms = {a["MetricName"]: a for a in cw.describe_alarms(AlarmNames=names)["MetricAlarms"]}
    assert set(alarms) == {"Invocation5XXErrors", "ModelLatency", "Invocations"}
    for alarm in alarms.values():
        assert alarm["Namespace"] == "AWS/SageMaker"
        assert alarm["Dimensions"] == [{"Name": "EndpointName", "Value": "diagnostico-produccion"},
                                       {"Name": "VariantName", "Value": "principal"}]
        assert alarm["AlarmActions"] == [topic]
    errors, latency, traffic = alarms["Invocation5XXErrors"], alarms["ModelLatency"], alarms["Invocations"]
    assert (errors["Statistic"], errors["Threshold"], errors["ComparisonOperator"]) == ("Sum", 1, "GreaterThanOrEqualToThreshold")
    assert (errors["DatapointsToAlarm"], errors["EvaluationPeriods"], errors["TreatMissingData"]) == (3, 5, "notBreaching")
    assert latency["ExtendedStatistic"] == "p90" and latency["Threshold"] == 250_000  # microsegundos
    assert (traffic["ComparisonOperator"], traffic["Threshold"], traffic["TreatMissingData"]) == ("LessThanThreshold", 1, "breaching")


@pytest.mark.parametrize("topic, latency, message", [
    ("equipo-ml-alertas", 500, "tema de SNS"),
    ("arn:aws:sns:eu-west-1:123456789012:equipo-ml-alertas", 0, "positivo"),
])
def test_alarms_reject_bad_input_before_calling_aws(aws, topic, latency, message):
    cw = boto3.client("cloudwatch")
    with pytest.raises(ValueError, match=message):
        mon.create_endpoint_alarms("diagnostico-produccion", topic, latency_ms=latency, client=cw)
    assert cw.describe_alarms()["MetricAlarms"] == []


# Captura, deriva y reentrenamiento


def capture_line(csv: str, encoding: str) -> str:
    """Una línea de un archivo de captura, con el formato que escribe SageMaker."""
    data = base64.b64encode(csv.encode()).decode() if encoding == "BASE64" else csv
    return json.dumps({
        "captureData": {
            "endpointInput": {"observedContentType": "text/csv", "mode": "INPUT", "data": data, "encoding": encoding},
            "endpointOutput": {"observedContentType": "application/json", "mode": "OUTPUT", "data": "[0.9]", "encoding": "JSON"},
        },
        "eventMetadata": {"eventId": "e", "inferenceTime": "2026-11-26T10:00:00Z"},
        "eventVersion": "0",
    })


def test_read_captured_inputs_parses_csv_and_base64_records(aws):
    s3 = boto3.client("s3")
    make_bucket(s3)
    prefix = "monitorizacion/diagnostico-produccion/captura/diagnostico-produccion/principal/2026/11/26/10"
    body = "\n".join([capture_line("1.0,2.0", "CSV"), capture_line("3.0,4.0\n5.0,6.0", "BASE64")])
    s3.put_object(Bucket=BUCKET, Key=f"{prefix}/a.jsonl", Body=body.encode())
    s3.put_object(Bucket=BUCKET, Key=f"{prefix}/notas.txt", Body=b"no es captura")
    df = mon.read_captured_inputs(f"{MONITOR}/captura/diagnostico-produccion", ["a", "b"], s3=s3)
    assert df.to_dict("list") == {"a": [1.0, 3.0, 5.0], "b": [2.0, 4.0, 6.0]}
    assert mon.read_captured_inputs(f"{MONITOR}/vacio", ["a", "b"], s3=s3).empty
    with pytest.raises(ValueError, match="2 columnas y la línea base 3"):
        mon.read_captured_inputs(f"{MONITOR}/captura/diagnostico-produccion", ["a", "b", "c"], s3=s3)


@pytest.fixture(scope="module")
def splits():
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    df = load_breast_cancer(as_frame=True).frame
    train, test = train_test_split(df, test_size=0.2, random_state=42, stratify=df["target"])
    return train.drop(columns=["target"]), test.drop(columns=["target"])


def test_no_drift_between_two_samples_of_the_same_data(splits):
    train, test = splits
    assert mon.drift_report(train, test)["violations"] == []


def test_drift_names_the_shifted_feature_and_data_problems(splits):
    train, test = splits
    recent = test.copy()
    recent["mean radius"] *= 1.25
    recent.loc[recent.index[:40], "mean texture"] = None
    recent = recent.drop(columns=["worst area"])
    checks = {(v["feature_name"], v["constraint_check_type"]) for v in mon.drift_report(train, recent)["violations"]}
    assert checks == {("mean radius", "baseline_drift_check"), ("mean texture", "completeness_check"),
                      ("worst area", "missing_column_check")}
    assert mon.baseline_statistics(train).loc["mean radius", "completitud"] == 1.0


def test_retrain_rule_needs_drift_in_two_runs_in_a_row():
    drift = {"violations": [{"feature_name": f"f{i}", "constraint_check_type": "baseline_drift_check"} for i in range(4)]}
    calm = {"violations": drift["violations"][:3]}  # 10 %: todavía no
    assert mon.should_retrain([drift, drift], n_features=30)[0] is True
    # Una sola ejecución con deriva no basta, esté antes o después de una tranquila.
    assert mon.should_retrain([calm, drift], n_features=30)[0] is False
    assert mon.should_retrain([drift, calm], n_features=30)[0] is False
    # Solo cuentan las dos últimas.
    assert mon.should_retrain([calm, drift, drift], n_features=30)[0] is True
    data = {"violations": drift["violations"] + [{"feature_name": "edad", "constraint_check_type": "missing_column_check"}]}
    retrain, reason = mon.should_retrain([drift, data], n_features=30)
    assert retrain is False and "edad" in reason and "fuente" in reason
    with pytest.raises(ValueError, match="últimas 2 ejecuciones"):
        mon.should_retrain(drift, n_features=30)  # un informe suelto, no la lista
    with pytest.raises(ValueError, match="últimas 2 ejecuciones"):
        mon.should_retrain([drift], n_features=30)
    with pytest.raises(ValueError):
        mon.should_retrain([drift, drift], n_features=0)


def test_retraining_starts_the_pipeline_with_recent_data(aws):
    sm = boto3.client("sagemaker")
    definition = {"Version": "2020-12-01", "Parameters": [{"Name": "InputData", "Type": "String"}], "Steps": []}
    sm.create_pipeline(PipelineName="diagnostico-entrenamiento", RoleArn=ROLE, PipelineDefinition=json.dumps(definition))
    calls = sent(sm)
    arn = mon.start_retraining("diagnostico-entrenamiento", f"s3://{BUCKET}/datos/recientes/", "Deriva en 19 de 30", client=sm)
    (request,) = calls["StartPipelineExecution"]
    assert aws_errors("sagemaker", "StartPipelineExecution", request) == []
    assert request["PipelineParameters"] == [{"Name": "InputData", "Value": f"s3://{BUCKET}/datos/recientes/"}]
    assert {p["Name"] for p in request["PipelineParameters"]} <= {p["Name"] for p in definition["Parameters"]}
    assert sm.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionDescription"] == "Deriva en 19 de 30"
    with pytest.raises(ValueError, match="s3://"):
        mon.start_retraining("diagnostico-entrenamiento", "datos/recientes", "x", client=sm)


def test_lifecycle_and_services_pages_link_to_this_page():
    """La etapa 9 del ciclo de vida y la fila «Vigilar» de Servicios de ML llevan a esta página."""
    docs = Path(__file__).resolve().parents[2] / "docs"
    stage = next(line for line in (docs / "conceptos/ciclo-de-vida.md").read_text(encoding="utf-8").splitlines()
                 if line.startswith("| 9. Monitorización"))
    watch = next(line for line in (docs / "conceptos/servicios-ml.md").read_text(encoding="utf-8").splitlines()
                 if line.startswith("| Vigilar"))
    assert "(../produccion/monitorizacion.md)" in stage and "(../produccion/monitorizacion.md)" in watch


# Entradas erróneas y fallos de AWS: un error en español, con el original adjunto, y nada a medias

PACKAGE = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/diagnostico-modelos/3"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:equipo-ml-alertas"
BAD_INPUT = [
    (lambda c: mon.latest_approved_package("diagnostico modelos", client=c["sagemaker"]), "grupo de modelos no válido"),
    (lambda c: mon.latest_approved_package(None, client=c["sagemaker"]), "grupo de modelos no válido"),
    (lambda c: mon.model_from_package("diagnostico-modelos/3", ROLE, client=c["sagemaker"]), "package_arn"),
    (lambda c: mon.model_from_package(PACKAGE.replace("/3", ""), ROLE, client=c["sagemaker"]), "package_arn"),
    (lambda c: mon.model_from_package(PACKAGE, "equipo-ml-sagemaker", client=c["sagemaker"]), "role_arn"),
    (lambda c: mon.model_from_package(PACKAGE, None, client=c["sagemaker"]), "role_arn"),
    (lambda c: mon.deploy_with_data_capture("diagnostico-produccion", "m", None, client=c["sagemaker"]), "s3://"),
    (lambda c: mon.deploy_with_data_capture("diagnostico-produccion", "m", f"{MONITOR}/captura",
                                            sampling_percentage="50", client=c["sagemaker"]), "0 a 100"),
    (lambda c: mon.start_baseline_job("linea-base", None, f"{MONITOR}/linea-base", ROLE, client=c["sagemaker"]), "dataset_uri"),
    (lambda c: mon.create_data_quality_schedule("diagnostico produccion", "diagnostico-produccion",
                                                f"{MONITOR}/linea-base", f"{MONITOR}/informes", ROLE, client=c["sagemaker"]),
     "schedule_name"),
    (lambda c: mon.create_data_quality_schedule("diagnostico-produccion", "diagnostico-produccion",
                                                f"{MONITOR}/linea-base", f"{MONITOR}/informes", ROLE,
                                                schedule_expression=None, client=c["sagemaker"]), "no admite"),
    (lambda c: mon.create_endpoint_alarms("diagnostico-produccion", None, client=c["cloudwatch"]), "tema de SNS"),
    (lambda c: mon.create_endpoint_alarms("diagnostico-produccion", TOPIC, latency_ms="500", client=c["cloudwatch"]), "positivo"),
    (lambda c: mon.create_endpoint_alarms("diagnostico-produccion", TOPIC, latency_ms=float("nan"), client=c["cloudwatch"]),
     "positivo y finito"),
    (lambda c: mon.create_endpoint_alarms("diagnostico-produccion", TOPIC, latency_ms=float("inf"), client=c["cloudwatch"]),
     "positivo y finito"),
    (lambda c: mon.create_endpoint_alarms("diagnostico-produccion", TOPIC, latency_ms=True, client=c["cloudwatch"]),
     "positivo y finito"),
    (lambda c: mon.read_captured_inputs(None, ["edad"], s3=c["s3"]), "s3://bucket/clave"),
    (lambda c: mon.read_captured_inputs(f"{MONITOR}/captura", "edad", s3=c["s3"]), "columns"),
    (lambda c: mon.write_baseline_dataset(f"{BUCKET}/entrenamiento.csv", f"{MONITOR}/base.csv", s3=c["s3"]),
     "s3://bucket/clave"),
    (lambda c: mon.start_retraining("diagnostico-entrenamiento", None, "deriva", client=c["sagemaker"]), "prefijo s3://"),
]


@pytest.mark.parametrize(("call", "message"), BAD_INPUT)
def test_bad_input_is_refused_in_spanish_before_calling_aws(aws, call, message):
    clients = {name: boto3.client(name) for name in ("sagemaker", "cloudwatch", "s3")}
    requests = []
    for client in clients.values():
        client.meta.events.register("before-send", lambda request, **_: requests.append(request.url))
    with raises_in_spanish(ValueError, match=message):
        call(clients)
    assert requests == []


def test_endpoint_failure_removes_the_new_endpoint_config(aws):
    sm = boto3.client("sagemaker")
    sm.create_model(ModelName="diagnostico-modelos-v1", ExecutionRoleArn=ROLE, PrimaryContainer={"ModelPackageName": PACKAGE})
    sm.meta.events.register("before-call.sagemaker.CreateEndpoint", aws_error("CreateEndpoint"))
    with pytest.raises(RuntimeError, match="No se pudo crear o actualizar el endpoint.*fallo simulado") as error:
        mon.deploy_with_data_capture("diagnostico-produccion", "diagnostico-modelos-v1", f"{MONITOR}/captura", client=sm)
    assert isinstance(error.value.__cause__, ClientError)
    assert sm.list_endpoint_configs()["EndpointConfigs"] == []


def endpoint_description(status: str, config: str, reason: str | None = None) -> dict:
    described = {"EndpointName": "diagnostico-produccion", "EndpointConfigName": config, "EndpointStatus": status,
                 "EndpointArn": "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/diagnostico-produccion",
                 "CreationTime": "2026-11-27T10:00:00Z", "LastModifiedTime": "2026-11-27T10:00:00Z"}
    return {**described, "FailureReason": reason} if reason else described


def stubbed_capture(stub, existing: bool) -> None:
    """Las respuestas de SageMaker hasta la espera: la configuración nueva y crear o actualizar el endpoint."""
    stub.add_response("create_endpoint_config", {"EndpointConfigArn": "arn:aws:sagemaker:eu-west-1:123456789012:endpoint-config/c"})
    stub.add_response("list_endpoints", {"Endpoints": [{
        "EndpointName": "diagnostico-produccion", "EndpointArn": "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/diagnostico-produccion",
        "CreationTime": "2026-11-27T10:00:00Z", "LastModifiedTime": "2026-11-27T10:00:00Z", "EndpointStatus": "InService",
    }] if existing else []})
    if existing:
        stub.add_response("update_endpoint", {"EndpointArn": "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/diagnostico-produccion"})
    else:
        stub.add_response("create_endpoint", {"EndpointArn": "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/diagnostico-produccion"})


def test_a_new_endpoint_that_fails_is_deleted_with_its_config():
    """Un endpoint nuevo en Failed solo admite DeleteEndpoint: se borra, y también su configuración."""
    sm = boto3.client("sagemaker", region_name="eu-west-1")
    with Stubber(sm) as stub:
        stubbed_capture(stub, existing=False)
        stub.add_response("describe_endpoint", endpoint_description("Failed", "c", "la imagen no arranca"))
        stub.add_response("delete_endpoint", {}, {"EndpointName": "diagnostico-produccion"})
        stub.add_response("delete_endpoint_config", {}, {"EndpointConfigName": ANY})
        with pytest.raises(RuntimeError, match="No se pudo esperar a que el endpoint 'diagnostico-produccion' esté en servicio") as error:
            mon.deploy_with_data_capture("diagnostico-produccion", "m", f"{MONITOR}/captura", client=sm)
        stub.assert_no_pending_responses()
    assert isinstance(error.value.__cause__, WaiterError)
    # Si tampoco se puede borrar, el error dice qué queda.
    with Stubber(sm) as stub:
        stubbed_capture(stub, existing=False)
        stub.add_response("describe_endpoint", endpoint_description("Failed", "c", "la imagen no arranca"))
        stub.add_client_error("delete_endpoint", "ThrottlingException", "demasiadas peticiones")
        with pytest.raises(RuntimeError, match="Tampoco se pudo borrar lo creado .*demasiadas peticiones.*borre a mano el endpoint y la configuración"):
            mon.deploy_with_data_capture("diagnostico-produccion", "m", f"{MONITOR}/captura", client=sm)


def test_a_failed_update_keeps_the_serving_endpoint_and_removes_the_unused_config():
    """Si la actualización falla, el endpoint sigue en servicio con la configuración anterior: sin captura, la
    función no puede decir que la activó, y la configuración nueva, que nadie usa, se borra."""
    sm = boto3.client("sagemaker", region_name="eu-west-1")
    with Stubber(sm) as stub:
        stubbed_capture(stub, existing=True)
        previous = endpoint_description("InService", "diagnostico-produccion-anterior", "sin capacidad para ml.m5.large")
        stub.add_response("describe_endpoint", previous)  # la espera
        stub.add_response("describe_endpoint", previous)
        stub.add_response("delete_endpoint_config", {}, {"EndpointConfigName": ANY})
        with pytest.raises(RuntimeError, match="SageMaker no aplicó .* sigue con 'diagnostico-produccion-anterior': sin capacidad"):
            mon.deploy_with_data_capture("diagnostico-produccion", "m", f"{MONITOR}/captura", client=sm)
        stub.assert_no_pending_responses()  # ni DeleteEndpoint: el endpoint sigue sirviendo


def test_an_update_still_running_keeps_its_config():
    """SageMaker no deja borrar la configuración que está aplicando: si la espera se acaba, no se toca."""
    sm = boto3.client("sagemaker", region_name="eu-west-1")
    with Stubber(sm) as stub:
        stubbed_capture(stub, existing=True)
        stub.add_client_error("describe_endpoint", "ThrottlingException", "demasiadas peticiones")
        with pytest.raises(RuntimeError, match="No se pudo esperar"):
            mon.deploy_with_data_capture("diagnostico-produccion", "m", f"{MONITOR}/captura", client=sm)
        stub.assert_no_pending_responses()


def test_schedule_failure_removes_the_new_job_definition(aws):
    sm = boto3.client("sagemaker")
    sm.meta.events.register("before-call.sagemaker.CreateMonitoringSchedule", aws_error("CreateMonitoringSchedule"))
    with pytest.raises(RuntimeError, match="No se pudo crear la programación.*fallo simulado"):
        mon.create_data_quality_schedule("diagnostico-produccion", "diagnostico-produccion",
                                         f"{MONITOR}/linea-base", f"{MONITOR}/informes", ROLE, client=sm)
    assert sm.list_data_quality_job_definitions()["JobDefinitionSummaries"] == []


def test_a_failed_alarm_removes_the_alarms_already_created(aws):
    cw = boto3.client("cloudwatch")
    calls = []

    def third_fails(**_):
        if len(calls) == 3:
            raise ClientError({"Error": {"Code": "LimitExceeded", "Message": "fallo simulado"}}, "PutMetricAlarm")

    cw.meta.events.register("provide-client-params.cloudwatch.PutMetricAlarm",
                            lambda params, **_: calls.append(params["AlarmName"]))
    cw.meta.events.register("before-call.cloudwatch.PutMetricAlarm", third_fails)
    with pytest.raises(RuntimeError, match="No se pudo crear la alarma.*fallo simulado"):
        mon.create_endpoint_alarms("diagnostico-produccion", TOPIC, client=cw)
    assert len(calls) == 3
    assert cw.describe_alarms()["MetricAlarms"] == []


AWS_FAILURES = [
    ("sagemaker", "ListModelPackages", lambda c: mon.latest_approved_package("diagnostico-modelos", client=c),
     "consultar el registro de modelos"),
    ("sagemaker", "CreateModel", lambda c: mon.model_from_package(PACKAGE, ROLE, client=c), "crear el modelo"),
    ("sagemaker", "CreateEndpointConfig",
     lambda c: mon.deploy_with_data_capture("diagnostico-produccion", "m", f"{MONITOR}/captura", client=c),
     "crear la configuración"),
    ("sagemaker", "CreateProcessingJob",
     lambda c: mon.start_baseline_job("linea-base", f"{MONITOR}/base.csv", f"{MONITOR}/linea-base", ROLE, client=c),
     "lanzar el trabajo de línea base"),
    ("sagemaker", "CreateDataQualityJobDefinition",
     lambda c: mon.create_data_quality_schedule("diagnostico-produccion", "diagnostico-produccion",
                                                f"{MONITOR}/linea-base", f"{MONITOR}/informes", ROLE, client=c),
     "crear la definición de calidad de datos"),
    ("s3", "GetObject", lambda c: mon.write_baseline_dataset(f"s3://{BUCKET}/entrenamiento.csv",
                                                             f"{MONITOR}/base.csv", s3=c), "leer s3://"),
    ("s3", "ListObjectsV2", lambda c: mon.read_captured_inputs(f"{MONITOR}/captura", ["edad"], s3=c),
     "leer la captura de datos"),
    ("sagemaker", "StartPipelineExecution",
     lambda c: mon.start_retraining("diagnostico-entrenamiento", f"s3://{BUCKET}/datos/", "deriva", client=c),
     "lanzar el pipeline"),
]


@pytest.mark.parametrize(("service", "operation", "call", "message"), AWS_FAILURES,
                         ids=[f"{service}.{operation}" for service, operation, _, _ in AWS_FAILURES])
def test_aws_errors_become_a_spanish_runtime_error_with_the_original_attached(aws, service, operation, call, message):
    client = boto3.client(service)
    client.meta.events.register(f"before-call.{service}.{operation}", aws_error(operation))
    with pytest.raises(RuntimeError, match=f"No se pudo {message}.*fallo simulado") as error:
        call(client)
    assert isinstance(error.value.__cause__, ClientError)
