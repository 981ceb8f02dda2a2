"""Monitorización del endpoint del proyecto de ejemplo: captura de datos, línea base de calidad de datos,
programación de SageMaker Model Monitor, alarmas de CloudWatch y la decisión de reentrenar.

Todo con boto3 (la imagen del analizador, con el SDK v3 de SageMaker), en el orden de la página
«Monitorización»: el bloque ``__main__`` es el uso que muestra la página.
"""

from __future__ import annotations

# --8<-- [start:modelo]
import re
import time
from contextlib import contextmanager

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})
PACKAGE_ARN_PATTERN = re.compile(r"arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package/[\w-]{1,63}/\d+")
ROLE_ARN_PATTERN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}")


@contextmanager
def aws_errors(action: str):
    """Un error de AWS, de red o de espera se convierte en un RuntimeError en español con el original adjunto."""
    try:
        yield
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo {action}: {err}") from err


def latest_approved_package(group: str, client=None) -> str:
    """ARN de la versión aprobada más reciente del grupo de modelos ``group`` del registro de modelos.

    El pipeline registra cada versión como ``PendingManualApproval``: solo las que una persona aprobó
    llegan a producción.
    """
    if not (isinstance(group, str) and re.fullmatch(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", group)):
        raise ValueError(f"Nombre de grupo de modelos no válido: {group!r} (letras, números y guiones, hasta 63).")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    with aws_errors(f"consultar el registro de modelos del grupo {group!r}"):
        packages = client.list_model_packages(
            ModelPackageGroupName=group,
            ModelApprovalStatus="Approved",
            SortBy="CreationTime",
            SortOrder="Descending",
            MaxResults=1,
        )["ModelPackageSummaryList"]
    if not packages:
        raise LookupError(
            f"El grupo de modelos {group!r} no tiene ninguna versión aprobada: apruebe una en el registro de "
            "modelos (o con el trabajo approve-model de la CI) antes de desplegar."
        )
    return packages[0]["ModelPackageArn"]


def model_from_package(package_arn: str, role_arn: str, client=None) -> str:
    """Crea el modelo de SageMaker de una versión del registro (``<grupo>-v<versión>``) y devuelve su nombre.

    Si ya existe (la celda se ejecuta de nuevo), lo reutiliza: un modelo no cambia después de crearlo.
    """
    if not (isinstance(package_arn, str) and PACKAGE_ARN_PATTERN.fullmatch(package_arn)):
        raise ValueError(f"package_arn debe ser el ARN de una versión del registro (…:model-package/<grupo>/<versión>); "
                         f"se recibió {package_arn!r}.")
    if not (isinstance(role_arn, str) and ROLE_ARN_PATTERN.fullmatch(role_arn)):
        raise ValueError(f"role_arn debe ser el ARN de un rol de IAM (arn:aws:iam::<cuenta>:role/<nombre>); "
                         f"se recibió {role_arn!r}.")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    group, version = package_arn.split(":model-package/", 1)[-1].rsplit("/", 1)
    name = f"{group}-v{version}"
    with aws_errors(f"crear el modelo {name!r}"):
        existing = client.list_models(NameContains=name)["Models"]
        if not any(m["ModelName"] == name for m in existing):
            client.create_model(ModelName=name, PrimaryContainer={"ModelPackageName": package_arn},
                                ExecutionRoleArn=role_arn)
    return name
# --8<-- [end:modelo]


# --8<-- [start:captura]
CAPTURE_MODES = ("Input", "Output")


def deploy_with_data_capture(
    endpoint_name: str,
    model_name: str,
    capture_s3_uri: str,
    instance_type: str = "ml.m5.large",
    sampling_percentage: int = 100,
    client=None,
) -> str:
    """Sirve ``model_name`` en ``endpoint_name`` con captura de datos hacia ``capture_s3_uri``.

    Crea una configuración de endpoint nueva (las configuraciones no se modifican) con
    ``DataCaptureConfig``. Si el endpoint ya existe, lo actualiza a esa configuración sin cortar el
    servicio; si no, lo crea. Devuelve el nombre de la configuración.
    """
    if not (isinstance(capture_s3_uri, str) and capture_s3_uri.startswith("s3://")):
        raise ValueError(f"capture_s3_uri debe empezar por s3://; se recibió {capture_s3_uri!r}.")
    if isinstance(sampling_percentage, bool) or not isinstance(sampling_percentage, int) or not 0 <= sampling_percentage <= 100:
        raise ValueError(f"sampling_percentage va de 0 a 100; se recibió {sampling_percentage}.")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    config_name = f"{endpoint_name}-{time.strftime('%Y%m%d-%H%M%S')}"
    with aws_errors(f"crear la configuración {config_name!r}"):
        client.create_endpoint_config(
            EndpointConfigName=config_name,
            ProductionVariants=[{
                "VariantName": "principal",
                "ModelName": model_name,
                "InstanceType": instance_type,
                "InitialInstanceCount": 1,
            }],
            DataCaptureConfig={
                "EnableCapture": True,
                "InitialSamplingPercentage": sampling_percentage,  # con mucho tráfico, baje el porcentaje
                "DestinationS3Uri": capture_s3_uri,
                "CaptureOptions": [{"CaptureMode": mode} for mode in CAPTURE_MODES],
                # Sin esto, la captura guarda el CSV en base64 y Model Monitor no lo lee como columnas.
                "CaptureContentTypeHeader": {"CsvContentTypes": ["text/csv"], "JsonContentTypes": ["application/json"]},
            },
        )
    updating = created = False
    try:
        with aws_errors(f"crear o actualizar el endpoint {endpoint_name!r}"):
            existing = client.list_endpoints(NameContains=endpoint_name)["Endpoints"]
            if any(e["EndpointName"] == endpoint_name for e in existing):
                client.update_endpoint(EndpointName=endpoint_name, EndpointConfigName=config_name)
                updating = True
            else:
                client.create_endpoint(EndpointName=endpoint_name, EndpointConfigName=config_name)
                created = True
        # Crear o actualizar un endpoint real tarda varios minutos.
        with aws_errors(f"esperar a que el endpoint {endpoint_name!r} esté en servicio"):
            client.get_waiter("endpoint_in_service").wait(
                EndpointName=endpoint_name, WaiterConfig={"Delay": 30, "MaxAttempts": 60}
            )
            endpoint = client.describe_endpoint(EndpointName=endpoint_name)
        if endpoint["EndpointConfigName"] != config_name:
            # Una actualización fallida deja el endpoint en servicio con la configuración anterior.
            updating = False
            raise RuntimeError(f"SageMaker no aplicó {config_name!r} al endpoint {endpoint_name!r}, que sigue con "
                               f"{endpoint['EndpointConfigName']!r}: {endpoint.get('FailureReason', 'sin motivo')}")
    except RuntimeError as err:
        if updating:  # sin terminar de aplicarla: SageMaker no deja borrar la configuración que está aplicando
            raise
        # Todo o nada: el endpoint que esta llamada creó y no llegó a servir, y la configuración nueva.
        try:
            if created:
                client.delete_endpoint(EndpointName=endpoint_name)
            client.delete_endpoint_config(EndpointConfigName=config_name)
        except (ClientError, BotoCoreError) as cleanup:
            raise RuntimeError(f"{err} Tampoco se pudo borrar lo creado ({cleanup}): borre a mano "
                               f"{'el endpoint y ' if created else ''}la configuración {config_name!r}.") from err
        raise
    return config_name
# --8<-- [end:captura]


# --8<-- [start:datos-base]
import io

import pandas as pd


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/clave`` -> (``bucket``, ``clave``)."""
    match = re.fullmatch(r"s3://([^/]+)/(.*)", uri) if isinstance(uri, str) else None
    if not match:
        raise ValueError(f"Se esperaba una dirección s3://bucket/clave; se recibió {uri!r}.")
    return match[1], match[2]


def write_baseline_dataset(train_uri: str, baseline_uri: str, target: str = "target", s3=None) -> pd.DataFrame:
    """Copia los datos de entrenamiento sin la columna objetivo: lo mismo que recibe el endpoint.

    El endpoint recibe solo las características, en el orden del entrenamiento; la línea base debe tener
    las mismas columnas en el mismo orden, o Model Monitor compararía columnas distintas.
    """
    s3 = s3 or boto3.client("s3", config=AWS_CONFIG)
    bucket, key = split_s3_uri(train_uri)
    out_bucket, out_key = split_s3_uri(baseline_uri)
    with aws_errors(f"leer {train_uri}"):
        df = pd.read_csv(s3.get_object(Bucket=bucket, Key=key)["Body"])
    if target not in df.columns:
        raise ValueError(f"{train_uri} no tiene la columna objetivo {target!r}; columnas: {list(df.columns)}")
    features = df.drop(columns=[target])
    with aws_errors(f"escribir la línea base en {baseline_uri}"):
        s3.put_object(Bucket=out_bucket, Key=out_key, Body=features.to_csv(index=False).encode("utf-8"))
    return features
# --8<-- [end:datos-base]


# --8<-- [start:linea-base]
import json

from sagemaker.core import image_uris

ANALYZER_INPUT = "/opt/ml/processing/input/baseline_dataset_input"
ANALYZER_OUTPUT = "/opt/ml/processing/output"


def start_baseline_job(
    job_name: str,
    dataset_uri: str,
    output_uri: str,
    role_arn: str,
    instance_type: str = "ml.m5.xlarge",
    client=None,
) -> str:
    """Lanza el trabajo de línea base de Model Monitor: un trabajo de Processing con la imagen del
    analizador que escribe ``statistics.json`` y ``constraints.json`` en ``output_uri``.

    Es lo que hace ``DefaultModelMonitor.suggest_baseline`` del SDK, con la petición a la vista.
    """
    for name, uri in (("dataset_uri", dataset_uri), ("output_uri", output_uri)):
        if not (isinstance(uri, str) and uri.startswith("s3://")):
            raise ValueError(f"{name} debe empezar por s3://; se recibió {uri!r}.")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    # La imagen del analizador cambia de cuenta según la región: el SDK la conoce.
    image_uri = image_uris.retrieve("model-monitor", region=client.meta.region_name)
    with aws_errors(f"lanzar el trabajo de línea base {job_name!r}"):
        client.create_processing_job(
            ProcessingJobName=job_name,
            RoleArn=role_arn,
            AppSpecification={"ImageUri": image_uri},
            Environment={
                "dataset_format": json.dumps({"csv": {"header": True, "output_columns_position": "START"}}),
                "dataset_source": ANALYZER_INPUT,
                "output_path": ANALYZER_OUTPUT,
                "publish_cloudwatch_metrics": "Disabled",  # la línea base no publica métricas
            },
            ProcessingInputs=[{
                "InputName": "baseline_dataset_input",
                "S3Input": {
                    "S3Uri": dataset_uri, "LocalPath": ANALYZER_INPUT, "S3DataType": "S3Prefix",
                    "S3InputMode": "File", "S3DataDistributionType": "FullyReplicated",
                },
            }],
            ProcessingOutputConfig={"Outputs": [{
                "OutputName": "monitoring_output",
                "S3Output": {"S3Uri": output_uri, "LocalPath": ANALYZER_OUTPUT, "S3UploadMode": "EndOfJob"},
            }]},
            ProcessingResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": instance_type, "VolumeSizeInGB": 20}},
            StoppingCondition={"MaxRuntimeInSeconds": 3600},
        )
    return image_uri
# --8<-- [end:linea-base]


# --8<-- [start:programacion]
# Las únicas expresiones que admite Model Monitor: cada hora, cada día a una hora (UTC), cada N horas o
# NOW (una sola ejecución, inmediata).
HOURLY = "cron(0 * ? * * *)"
NOW = "NOW"
SCHEDULE = re.compile(r"cron\(0 (?:\*|(?P<hour>\d{1,2})(?:/(?P<every>\d{1,2}))?) \? \* \* \*\)")


def validate_schedule(expression: str) -> str:
    """Comprueba la expresión antes de enviarla: AWS solo acepta ``NOW`` y unas pocas formas de ``cron``."""
    if expression == NOW:
        return expression
    match = SCHEDULE.fullmatch(expression) if isinstance(expression, str) else None
    hour, every = (match["hour"], match["every"]) if match else (None, None)
    if not match or (hour and int(hour) > 23) or (every and not 1 <= int(every) <= 24):
        raise ValueError(
            f"Model Monitor no admite {expression!r}. Use cada hora {HOURLY!r}, cada día a las H (UTC) "
            f"'cron(0 H ? * * *)', cada N horas desde las H 'cron(0 H/N ? * * *)' o {NOW!r} (una sola vez, ya)."
        )
    return expression


def create_data_quality_schedule(
    schedule_name: str,
    endpoint_name: str,
    baseline_uri: str,
    output_uri: str,
    role_arn: str,
    schedule_expression: str = HOURLY,
    instance_type: str = "ml.m5.xlarge",
    now_window: tuple[str, str] = ("-PT1H", "PT0H"),
    client=None,
) -> str:
    """Compara cada hora (por defecto) lo que capturó el endpoint con la línea base de ``baseline_uri``.

    Crea la definición del trabajo de calidad de datos y la programación que la ejecuta; los informes
    (``constraint_violations.json``) quedan en ``output_uri``. Con ``NOW``, una sola ejecución analiza la
    ventana ``now_window`` (inicio y fin en ISO 8601, relativos al momento de la ejecución; por defecto,
    la última hora). Devuelve el ARN de la programación.
    """
    validate_schedule(schedule_expression)
    if not (isinstance(schedule_name, str) and re.fullmatch(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,54}", schedule_name)):
        raise ValueError(f"schedule_name: letras, números y guiones, hasta 55 caracteres; se recibió {schedule_name!r}.")
    for name, uri in (("baseline_uri", baseline_uri), ("output_uri", output_uri)):
        if not (isinstance(uri, str) and uri.startswith("s3://")):
            raise ValueError(f"{name} debe empezar por s3://; se recibió {uri!r}.")
    # Con NOW, AWS exige la ventana de datos que analiza la ejecución única.
    window = {}
    if schedule_expression == NOW:
        if not all(isinstance(t, str) and re.fullmatch(r"-?PT\d+[HM]", t) for t in now_window):
            raise ValueError(f"now_window: dos duraciones ISO 8601 como ('-PT1H', 'PT0H'); se recibió {now_window!r}.")
        window = {"DataAnalysisStartTime": now_window[0], "DataAnalysisEndTime": now_window[1]}
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    baseline_uri = baseline_uri.rstrip("/")
    definition = f"{schedule_name}-datos"
    with aws_errors(f"crear la definición de calidad de datos {definition!r}"):
        client.create_data_quality_job_definition(
        JobDefinitionName=definition,
            DataQualityBaselineConfig={
                "ConstraintsResource": {"S3Uri": f"{baseline_uri}/constraints.json"},
                "StatisticsResource": {"S3Uri": f"{baseline_uri}/statistics.json"},
            },
            DataQualityAppSpecification={
                "ImageUri": image_uris.retrieve("model-monitor", region=client.meta.region_name),
                "Environment": {"publish_cloudwatch_metrics": "Enabled"},  # métricas por característica
            },
            DataQualityJobInput={"EndpointInput": {
                "EndpointName": endpoint_name,
                "LocalPath": "/opt/ml/processing/input/endpoint",
                "S3InputMode": "File",
                "S3DataDistributionType": "FullyReplicated",
            }},
            DataQualityJobOutputConfig={"MonitoringOutputs": [{"S3Output": {
                "S3Uri": output_uri, "LocalPath": "/opt/ml/processing/output", "S3UploadMode": "EndOfJob",
            }}]},
            JobResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": instance_type, "VolumeSizeInGB": 20}},
            RoleArn=role_arn,
            # Una ejecución por hora: debe acabar antes de que empiece la siguiente.
            StoppingCondition={"MaxRuntimeInSeconds": 1800},
        )
    try:
        with aws_errors(f"crear la programación {schedule_name!r}"):
            return client.create_monitoring_schedule(
                MonitoringScheduleName=schedule_name,
                MonitoringScheduleConfig={
                    "ScheduleConfig": {"ScheduleExpression": schedule_expression, **window},
                    "MonitoringJobDefinitionName": definition,
                    "MonitoringType": "DataQuality",
                },
            )["MonitoringScheduleArn"]
    except RuntimeError:
        client.delete_data_quality_job_definition(JobDefinitionName=definition)  # todo o nada
        raise
# --8<-- [end:programacion]


# --8<-- [start:alarmas]
import math


def create_endpoint_alarms(
    endpoint_name: str,
    topic_arn: str,
    variant_name: str = "principal",
    latency_ms: float = 500,
    client=None,
) -> list[str]:
    """Tres alarmas de CloudWatch sobre el endpoint que avisan al tema de SNS ``topic_arn``:
    errores 5XX, latencia del modelo alta y ninguna petición en una hora. Devuelve sus nombres."""
    if not (isinstance(topic_arn, str) and topic_arn.startswith("arn:aws:sns:")):
        raise ValueError(f"topic_arn debe ser el ARN de un tema de SNS; se recibió {topic_arn!r}.")
    if isinstance(latency_ms, bool) or not isinstance(latency_ms, (int, float)) or not 0 < latency_ms < math.inf:
        raise ValueError(f"latency_ms debe ser un número positivo y finito; se recibió {latency_ms!r}.")
    client = client or boto3.client("cloudwatch", config=AWS_CONFIG)
    common = {
        "Namespace": "AWS/SageMaker",
        "Dimensions": [{"Name": "EndpointName", "Value": endpoint_name}, {"Name": "VariantName", "Value": variant_name}],
        "AlarmActions": [topic_arn],
        "OKActions": [topic_arn],
    }
    alarms = {
        f"{endpoint_name}-errores-5xx": {
            "AlarmDescription": "El modelo devolvió errores 5XX en 3 de los últimos 5 minutos.",
            "MetricName": "Invocation5XXErrors", "Statistic": "Sum", "Period": 60,
            "EvaluationPeriods": 5, "DatapointsToAlarm": 3, "Threshold": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching",  # sin peticiones no hay errores
        },
        f"{endpoint_name}-latencia": {
            "AlarmDescription": f"El percentil 90 de la latencia del modelo supera {latency_ms:g} ms durante 15 minutos.",
            "MetricName": "ModelLatency", "ExtendedStatistic": "p90", "Period": 300,
            "EvaluationPeriods": 3, "DatapointsToAlarm": 3,
            "Threshold": latency_ms * 1000,  # ModelLatency se mide en microsegundos
            "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching",
        },
        f"{endpoint_name}-sin-trafico": {
            "AlarmDescription": "El endpoint no recibió ninguna petición en una hora.",
            "MetricName": "Invocations", "Statistic": "Sum", "Period": 3600,
            "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "LessThanThreshold",
            "TreatMissingData": "breaching",  # sin peticiones, CloudWatch no recibe ningún dato
        },
    }
    created = []
    try:
        for name, alarm in alarms.items():
            with aws_errors(f"crear la alarma {name!r}"):
                client.put_metric_alarm(AlarmName=name, **common, **alarm)
            created.append(name)
    except RuntimeError:
        if created:  # todo o nada: sin las tres, el endpoint no está vigilado como dice la página
            client.delete_alarms(AlarmNames=created)
        raise
    return list(alarms)
# --8<-- [end:alarmas]


# --8<-- [start:captura-leer]
import base64


def read_captured_inputs(capture_s3_uri: str, columns: list[str], s3=None) -> pd.DataFrame:
    """Las peticiones que guardó la captura de datos (archivos ``.jsonl`` bajo ``capture_s3_uri``) como
    una tabla con las columnas de la línea base."""
    s3 = s3 or boto3.client("s3", config=AWS_CONFIG)
    bucket, prefix = split_s3_uri(capture_s3_uri.rstrip("/") + "/" if isinstance(capture_s3_uri, str) else None)
    if not (isinstance(columns, (list, tuple)) and columns):
        raise ValueError(f"columns: la lista de columnas de la línea base; se recibió {columns!r}.")
    rows = []
    with aws_errors(f"leer la captura de datos de {capture_s3_uri}"):
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                if not obj["Key"].endswith(".jsonl"):
                    continue
                for line in s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].iter_lines():
                    captured = json.loads(line)["captureData"]["endpointInput"]
                    data = captured["data"]
                    if captured["encoding"] == "BASE64":
                        data = base64.b64decode(data).decode("utf-8")
                    rows.append(pd.read_csv(io.StringIO(data), header=None))
    if not rows:
        return pd.DataFrame(columns=columns)
    captured = pd.concat(rows, ignore_index=True)
    if captured.shape[1] != len(columns):
        raise ValueError(f"Las peticiones tienen {captured.shape[1]} columnas y la línea base {len(columns)}.")
    captured.columns = columns
    return captured
# --8<-- [end:captura-leer]


# --8<-- [start:deriva]
from scipy.stats import ks_2samp


def baseline_statistics(df: pd.DataFrame) -> pd.DataFrame:
    """Lo esencial de ``statistics.json`` por característica: completitud, media, desviación, mínimo y máximo."""
    return pd.DataFrame({
        "completitud": df.notna().mean(),
        "media": df.mean(),
        "desviacion": df.std(),
        "minimo": df.min(),
        "maximo": df.max(),
    })


def drift_report(baseline: pd.DataFrame, recent: pd.DataFrame, threshold: float = 0.1, alpha: float = 0.01) -> dict:
    """Compara los datos recientes con la línea base, con el formato de ``constraint_violations.json``.

    Por característica, la distancia es la mayor diferencia entre las dos distribuciones acumuladas
    (la de Kolmogorov-Smirnov, de 0 a 1); 0.1 es el ``comparison_threshold`` por defecto de Model Monitor.
    Con pocas peticiones, el azar solo ya da distancias de 0.1: cuenta como deriva la que supera el umbral
    y además es significativa (p < ``alpha``).
    """
    if not 0 < threshold < 1:
        raise ValueError(f"threshold va de 0 a 1; se recibió {threshold}.")
    missing = [c for c in baseline.columns if c not in recent.columns]
    violations = [
        {"feature_name": c, "constraint_check_type": "missing_column_check",
         "description": f"La columna {c!r} de la línea base no está en los datos recientes."}
        for c in missing
    ]
    for column in baseline.columns.difference(missing, sort=False):
        completeness = recent[column].notna().mean() if len(recent) else 0.0
        if completeness < baseline[column].notna().mean() - threshold:
            violations.append({
                "feature_name": column, "constraint_check_type": "completeness_check",
                "description": f"Completitud {completeness:.2f} frente a {baseline[column].notna().mean():.2f} en la línea base.",
            })
        values = recent[column].dropna()
        if values.empty:
            continue
        test = ks_2samp(baseline[column].dropna(), values)
        distance = test.statistic
        if distance > threshold and test.pvalue < alpha:
            violations.append({
                "feature_name": column, "constraint_check_type": "baseline_drift_check",
                "description": f"Distancia {distance:.3f} a la línea base, por encima del umbral {threshold}.",
            })
    return {"violations": violations}
# --8<-- [end:deriva]


# --8<-- [start:reentrenar]
DATA_PROBLEMS = {"missing_column_check", "completeness_check", "data_type_check", "extra_column_check"}


def should_retrain(
    reports: list[dict], n_features: int, max_drift_share: float = 0.1, consecutive: int = 2
) -> tuple[bool, str]:
    """Regla práctica sobre los ``constraint_violations.json`` de las últimas ejecuciones (el más reciente,
    el último): reentrene si la deriva afecta a más del ``max_drift_share`` de las características en
    ``consecutive`` ejecuciones seguidas; si faltan columnas o valores, arregle antes la fuente."""
    if n_features < 1:
        raise ValueError("n_features debe ser 1 o más.")
    if consecutive < 1:
        raise ValueError("consecutive debe ser 1 o más.")
    if isinstance(reports, dict) or len(reports) < consecutive:
        raise ValueError(
            f"Pase una lista con los informes de las últimas {consecutive} ejecuciones, del más antiguo al más "
            f"reciente; se recibieron {1 if isinstance(reports, dict) else len(reports)}."
        )
    latest = reports[-1].get("violations", [])
    broken = sorted({v["feature_name"] for v in latest if v["constraint_check_type"] in DATA_PROBLEMS})
    if broken:
        return False, f"Problema de datos, no de modelo: revise la fuente de {', '.join(broken)} antes de reentrenar."
    drifted = [
        sum(v["constraint_check_type"] == "baseline_drift_check" for v in report.get("violations", []))
        for report in reports[-consecutive:]
    ]
    counts = " y ".join(str(d) for d in drifted)
    if all(d > max_drift_share * n_features for d in drifted):
        return True, f"Deriva en {counts} de {n_features} características en {consecutive} ejecuciones seguidas: reentrene con datos recientes."
    return False, f"Deriva en {counts} de {n_features} características en las últimas {consecutive} ejecuciones: todavía no."


def start_retraining(pipeline_name: str, input_data: str, reason: str, client=None) -> str:
    """Lanza el pipeline de entrenamiento con los datos recientes y deja el motivo en la ejecución."""
    if not (isinstance(input_data, str) and input_data.startswith("s3://")):
        raise ValueError(f"input_data debe ser un prefijo s3://; se recibió {input_data!r}.")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    with aws_errors(f"lanzar el pipeline {pipeline_name!r}"):
        return client.start_pipeline_execution(
            PipelineName=pipeline_name,
            PipelineExecutionDisplayName=f"reentrenamiento-{time.strftime('%Y%m%d-%H%M%S')}",
            PipelineExecutionDescription=str(reason)[:3072],
            PipelineParameters=[{"Name": "InputData", "Value": input_data}],
        )["PipelineExecutionArn"]
# --8<-- [end:reentrenar]


# Uso, en el orden de la página: cada sección es una celda que el lector ejecuta tras las anteriores.
if __name__ == "__main__":
    # --8<-- [start:uso-configuracion]
    import boto3
    from botocore.config import Config

    # Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
    AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

    ACCOUNT = boto3.client("sts", config=AWS_CONFIG).get_caller_identity()["Account"]
    BUCKET = "equipo-ml-pipelines"            # el bucket del pipeline de SageMaker Pipelines
    PIPELINE = "diagnostico-entrenamiento"          # el pipeline que entrena el modelo
    ENDPOINT = "diagnostico-produccion"             # el endpoint que sirve el modelo aprobado
    ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/equipo-ml-sagemaker"  # el rol de ejecución de SageMaker
    TRAIN_KEY = f"{PIPELINE}/train/train.csv"  # lo que escribe el paso Preprocesado del pipeline
    TRAIN_URI = f"s3://{BUCKET}/{TRAIN_KEY}"
    MONITOR = f"s3://{BUCKET}/monitorizacion/{ENDPOINT}"
    print("Entrenamiento:", TRAIN_URI, "\nMonitorización:", MONITOR)
    # --8<-- [end:uso-configuracion]

    # --8<-- [start:uso-entrenamiento]
    from pathlib import Path

    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    s3 = boto3.client("s3", config=AWS_CONFIG)
    region = s3.meta.region_name
    try:
        s3.create_bucket(Bucket=BUCKET, **(
            {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        ))
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass  # ya es suyo: lo creó el pipeline u otra página
    if s3.list_objects_v2(Bucket=BUCKET, Prefix=TRAIN_KEY)["KeyCount"] == 0:
        # El pipeline aún no se ha ejecutado en esta cuenta: la misma partición que haría Preprocesado.
        df = load_breast_cancer(as_frame=True).frame
        train, _ = train_test_split(df, test_size=0.2, random_state=42, stratify=df["target"])
        s3.put_object(Bucket=BUCKET, Key=TRAIN_KEY, Body=train.to_csv(index=False).encode("utf-8"))
    print(TRAIN_URI, s3.head_object(Bucket=BUCKET, Key=TRAIN_KEY)["ContentLength"], "bytes")
    Path("modelo/code").mkdir(parents=True, exist_ok=True)  # para el script de inferencia, si hace falta
    # --8<-- [end:uso-entrenamiento]

    # --8<-- [start:uso-version]
    import tarfile

    import joblib
    import pandas as pd
    from sagemaker.core import image_uris
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    GROUP = "diagnostico-modelos"  # el grupo donde el paso Registro del pipeline deja cada versión
    sagemaker = boto3.client("sagemaker", config=AWS_CONFIG)
    groups = sagemaker.list_model_package_groups(NameContains=GROUP)["ModelPackageGroupSummaryList"]
    if GROUP not in [g["ModelPackageGroupName"] for g in groups]:
        sagemaker.create_model_package_group(ModelPackageGroupName=GROUP)
    approved = sagemaker.list_model_packages(ModelPackageGroupName=GROUP, ModelApprovalStatus="Approved")
    if not approved["ModelPackageSummaryList"]:
        # Solo si el pipeline nunca registró una versión aprobada: el mismo modelo que entrena su paso
        # Entrenamiento, empaquetado como él (model.joblib y code/inference.py) y registrado en el grupo.
        train = pd.read_csv(s3.get_object(Bucket=BUCKET, Key=TRAIN_KEY)["Body"])
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        joblib.dump(model.fit(train.drop(columns=["target"]), train["target"]), "modelo/model.joblib")
        with tarfile.open("model.tar.gz", "w:gz") as tar:
            tar.add("modelo/model.joblib", arcname="model.joblib")
            tar.add("modelo/code/inference.py", arcname="code/inference.py")
        s3.upload_file("model.tar.gz", BUCKET, "monitorizacion/modelo-inicial/model.tar.gz")
        package = sagemaker.create_model_package(
            ModelPackageGroupName=GROUP,
            ModelApprovalStatus="PendingManualApproval",  # como las versiones del pipeline
            InferenceSpecification={
                "Containers": [{
                    "Image": image_uris.retrieve(framework="sklearn", region=region, version="1.4-2"),
                    "ModelDataUrl": f"s3://{BUCKET}/monitorizacion/modelo-inicial/model.tar.gz",
                    "Environment": {"SAGEMAKER_PROGRAM": "inference.py", "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code"},
                }],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["application/json"],
            },
        )["ModelPackageArn"]
        # En el proyecto, la aprueba una persona tras revisar sus métricas (trabajo approve-model de la CI).
        sagemaker.update_model_package(ModelPackageArn=package, ModelApprovalStatus="Approved")
        print("Registrada y aprobada:", package)
    else:
        print("Ya hay versiones aprobadas en", GROUP)
    # --8<-- [end:uso-version]

    # --8<-- [start:uso-captura]
    import json

    package_arn = latest_approved_package(GROUP)
    model_name = model_from_package(package_arn, ROLE_ARN)
    print("Versión aprobada:", package_arn, "\nModelo:", model_name)
    config = deploy_with_data_capture(ENDPOINT, model_name, f"{MONITOR}/captura")
    print("Configuración:", config)
    print(json.dumps(sagemaker.describe_endpoint_config(EndpointConfigName=config)["DataCaptureConfig"], indent=2))
    # --8<-- [end:uso-captura]

    # --8<-- [start:uso-datos-base]
    features = write_baseline_dataset(TRAIN_URI, f"{MONITOR}/linea-base/datos/train_features.csv")
    print(f"Línea base: {len(features)} filas y {features.shape[1]} características")
    # --8<-- [end:uso-datos-base]

    # --8<-- [start:uso-linea-base]
    baseline_job = f"diagnostico-linea-base-{time.strftime('%Y%m%d-%H%M%S')}"
    image = start_baseline_job(
        baseline_job, f"{MONITOR}/linea-base/datos/", f"{MONITOR}/linea-base/resultados", ROLE_ARN
    )
    print("Analizador:", image)
    # Unos minutos en AWS; al terminar, statistics.json y constraints.json están en linea-base/resultados/.
    sagemaker.get_waiter("processing_job_completed_or_stopped").wait(ProcessingJobName=baseline_job)
    print(baseline_job, sagemaker.describe_processing_job(ProcessingJobName=baseline_job)["ProcessingJobStatus"])
    # --8<-- [end:uso-linea-base]

    # --8<-- [start:uso-programacion]
    schedule_arn = create_data_quality_schedule(
        "diagnostico-produccion-datos", ENDPOINT, f"{MONITOR}/linea-base/resultados",
        f"{MONITOR}/informes", ROLE_ARN, schedule_expression=HOURLY,
    )
    schedule = sagemaker.describe_monitoring_schedule(MonitoringScheduleName="diagnostico-produccion-datos")
    print(schedule_arn)
    print(schedule["MonitoringScheduleConfig"]["ScheduleConfig"]["ScheduleExpression"], schedule["MonitoringScheduleStatus"])
    try:
        validate_schedule("cron(0 9 ? * MON *)")  # los lunes a las 9: Model Monitor no lo admite
    except ValueError as error:
        print("Rechazado antes de llamar a AWS:", error)
    # --8<-- [end:uso-programacion]

    # --8<-- [start:uso-alarmas]
    sns = boto3.client("sns", config=AWS_CONFIG)
    topic_arn = sns.create_topic(Name="equipo-ml-alertas")["TopicArn"]
    # Cada destinatario confirma la suscripción desde el correo que recibe.
    sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint="equipo-ml@example.com")
    names = create_endpoint_alarms(ENDPOINT, topic_arn, latency_ms=500)
    cloudwatch = boto3.client("cloudwatch", config=AWS_CONFIG)
    for alarm in cloudwatch.describe_alarms(AlarmNames=names)["MetricAlarms"]:
        stat = alarm.get("Statistic") or alarm.get("ExtendedStatistic")
        print(f'{alarm["AlarmName"]:<28} {alarm["MetricName"]:<20} {stat:<4} {alarm["ComparisonOperator"]} {alarm["Threshold"]:g}')
    # --8<-- [end:uso-alarmas]

    # --8<-- [start:uso-captura-leer]
    captured = read_captured_inputs(f"{MONITOR}/captura/{ENDPOINT}/", list(features.columns))
    print(f"Peticiones capturadas: {len(captured)}")
    # --8<-- [end:uso-captura-leer]

    # --8<-- [start:uso-deriva]
    print(baseline_statistics(features).head().round(2).to_string())
    # Unos datos «recientes» con deriva: de la partición de prueba, todos los tumores malignos (0) y una
    # parte de los benignos, como si llegaran pacientes de otra consulta con más casos graves.
    df = load_breast_cancer(as_frame=True).frame
    _, test = train_test_split(df, test_size=0.2, random_state=42, stratify=df["target"])
    recent = pd.concat([test[test["target"] == 0], test[test["target"] == 1].sample(20, random_state=0)])
    report = drift_report(features, recent.drop(columns=["target"]))
    print(f"{len(report['violations'])} violaciones en {len(recent)} peticiones:")
    for violation in report["violations"]:
        print(f'{violation["feature_name"]:<24} {violation["constraint_check_type"]:<22} {violation["description"]}')
    # --8<-- [end:uso-deriva]

    # --8<-- [start:uso-reentrenar]
    # Model Monitor deja un constraint_violations.json por ejecución; aquí, dos horas seguidas: la muestra
    # reciente repartida en dos lotes.
    batches = [recent.iloc[::2], recent.iloc[1::2]]
    reports = [drift_report(features, batch.drop(columns=["target"])) for batch in batches]
    retrain, reason = should_retrain(reports, n_features=features.shape[1])
    print(reason)
    # Los CSV etiquetados de las últimas semanas, con las mismas columnas que datos/raw/.
    RECENT_DATA = f"s3://{BUCKET}/datos/recientes/"
    pipelines = sagemaker.list_pipelines(PipelineNamePrefix=PIPELINE)["PipelineSummaries"]
    if retrain and any(p["PipelineName"] == PIPELINE for p in pipelines):
        print("Ejecución:", start_retraining(PIPELINE, RECENT_DATA, reason))
    elif retrain:
        print(f"El pipeline {PIPELINE} no existe en esta cuenta: créelo como en SageMaker Pipelines.")
    # --8<-- [end:uso-reentrenar]
