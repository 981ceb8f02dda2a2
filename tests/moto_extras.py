"""Operaciones de SageMaker que moto 5.2 no implementa, añadidas al mismo servidor HTTP de las pruebas.

moto guarda las notebook instances pero no tiene UpdateNotebookInstance,
UpdateNotebookInstanceLifecycleConfig ni los repositorios de código
(CreateCodeRepository, DescribeCodeRepository, ListCodeRepositories, DeleteCodeRepository). Tampoco
UpdateEndpoint ni las programaciones de Model Monitor (CreateMonitoringSchedule y compañía). Este
middleware las atiende con el mismo protocolo JSON de AWS y el mismo estado de moto (la instancia que
se redimensiona es la que moto creó); el resto de peticiones pasan a moto sin cambios.

Las peticiones de monitorización se validan antes contra el modelo de la API de botocore (enumerados,
patrones, longitudes y rangos, que botocore no comprueba en el cliente), como haría AWS.

moto tampoco tiene la API Price List (pricing) ni StartCostAllocationTagBackfill (Cost Explorer).
GetProducts responde con tests/pricing_sagemaker.json: productos de AmazonSageMaker con la forma de la
respuesta real (product.attributes, terms.OnDemand...priceDimensions, cada uno como texto JSON) y los
precios de la lista pública de AWS del 2026-09-24; es una reconstrucción con esa forma, no una captura
byte a byte. El relleno de etiquetas valida BackfillFrom como AWS (día 1 del mes, 12 meses como mucho).

De Quick Sight, moto crea paneles y conjuntos de datos pero no los borra: DeleteDashboard y DeleteDataSet
los quitan del mismo estado de moto (404 ResourceNotFoundException si no existen, como AWS).
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import botocore.session
from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CODE_REPOSITORIES: dict[tuple[str, str], dict] = {}
MONITORING_SCHEDULES: dict[tuple[str, str], dict] = {}
# Operaciones cuya petición se valida contra el modelo de botocore antes de atenderla o pasarla a moto.
VALIDATED = {"UpdateEndpoint", "CreateDataQualityJobDefinition", "CreateMonitoringSchedule"}


def model_errors(shape, value, path: str = "") -> list[str]:
    """Lo que AWS rechazaría de ``value`` según ``shape`` (un shape de botocore): campos obligatorios o
    desconocidos, enumerados, patrones, longitudes y rangos."""
    errors: list[str] = []
    where = path or shape.name
    if shape.type_name == "structure":
        if not isinstance(value, dict):
            return [f"{where}: se esperaba un objeto"]
        errors += [f"{where}.{name}: obligatorio" for name in shape.required_members if name not in value]
        for key, item in value.items():
            if key not in shape.members:
                errors.append(f"{where}.{key}: campo desconocido")
            else:
                errors += model_errors(shape.members[key], item, f"{where}.{key}")
        return errors
    if shape.type_name == "list":
        if not isinstance(value, list):
            return [f"{where}: se esperaba una lista"]
        size = len(value)
        for index, item in enumerate(value):
            errors += model_errors(shape.member, item, f"{where}[{index}]")
    elif shape.type_name == "map":
        size = len(value)
        for key, item in value.items():
            errors += model_errors(shape.key, key, f"{where} (clave)") + model_errors(shape.value, item, f"{where}.{key}")
    elif shape.type_name == "string":
        if not isinstance(value, str):
            return [f"{where}: se esperaba texto"]
        size = len(value)
        if shape.enum and value not in shape.enum:
            errors.append(f"{where}: {value!r} no es uno de {shape.enum}")
        pattern = shape.metadata.get("pattern")
        if pattern and _compiles(pattern) and not re.search(pattern, value):
            errors.append(f"{where}: {value!r} no cumple el patrón {pattern}")
    elif shape.type_name in ("integer", "long", "float", "double"):
        size = value
    else:
        return errors
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if (low is not None and size < low) or (high is not None and size > high):
        errors.append(f"{where}: {size} fuera de [{low}, {high}]")
    return errors


def _compiles(pattern: str) -> bool:
    """Algunos patrones del modelo usan clases de Java (\\p{...}) que ``re`` no entiende: se omiten."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def request_errors(action: str, body: dict) -> list[str]:
    """Errores de la petición ``action`` de SageMaker según el modelo de la API de botocore."""
    model = botocore.session.get_session().get_service_model("sagemaker")
    return model_errors(model.operation_model(action).input_shape, body)


PRICE_LIST = json.loads((Path(__file__).with_name("pricing_sagemaker.json")).read_text())


def _error(code: str, message: str) -> Response:
    return Response(json.dumps({"__type": code, "message": message}), status=400,
                    content_type="application/x-amz-json-1.1")


def _ok(body: dict) -> Response:
    return Response(json.dumps(body, default=str), content_type="application/x-amz-json-1.1")


def _region(request: Request) -> str:
    auth = request.headers.get("Authorization", "")
    return auth.split("Credential=")[1].split("/")[2] if "Credential=" in auth else "us-east-1"


def _handle(action: str, body: dict, region: str) -> Response | None:
    from moto.sagemaker.models import sagemaker_backends

    backend = sagemaker_backends[DEFAULT_ACCOUNT_ID][region]
    if action in VALIDATED and (errors := request_errors(action, body)):
        return _error("ValidationException", "; ".join(errors))
    if action == "UpdateEndpoint":
        endpoint = backend.endpoints.get(body["EndpointName"])
        config = backend.endpoint_configs.get(body["EndpointConfigName"])
        if endpoint is None or config is None:
            return _error("ValidationException", "Could not find endpoint or endpoint configuration.")
        endpoint.endpoint_config_name = config.endpoint_config_name
        endpoint.production_variants = endpoint._process_production_variants(config.production_variants)
        endpoint.data_capture_config = config.data_capture_config
        return _ok({"EndpointArn": endpoint.arn})
    schedule_key = (region, body.get("MonitoringScheduleName", ""))
    if action == "CreateMonitoringSchedule":
        config = body["MonitoringScheduleConfig"]
        if config.get("MonitoringJobDefinitionName") not in backend.data_quality_job_definitions:
            return _error("ResourceNotFound", f"Job definition {config.get('MonitoringJobDefinitionName')} not found.")
        if schedule_key in MONITORING_SCHEDULES:
            return _error("ResourceInUse", f"Monitoring schedule {schedule_key[1]} already exists.")
        arn = f"arn:aws:sagemaker:{region}:{DEFAULT_ACCOUNT_ID}:monitoring-schedule/{schedule_key[1].lower()}"
        now = datetime.now(timezone.utc).timestamp()
        MONITORING_SCHEDULES[schedule_key] = {
            "MonitoringScheduleArn": arn, "MonitoringScheduleName": schedule_key[1],
            "MonitoringScheduleStatus": "Scheduled", "MonitoringType": config.get("MonitoringType"),
            "CreationTime": now, "LastModifiedTime": now, "MonitoringScheduleConfig": config,
        }
        return _ok({"MonitoringScheduleArn": arn})
    if action == "DescribeMonitoringSchedule":
        if schedule_key not in MONITORING_SCHEDULES:
            return _error("ResourceNotFound", f"Monitoring schedule {schedule_key[1]} not found.")
        return _ok(MONITORING_SCHEDULES[schedule_key])
    if action == "DeleteMonitoringSchedule":
        if MONITORING_SCHEDULES.pop(schedule_key, None) is None:
            return _error("ResourceNotFound", f"Monitoring schedule {schedule_key[1]} not found.")
        return _ok({})
    if action == "ListMonitoringSchedules":
        summaries = [
            {k: s[k] for k in ("MonitoringScheduleName", "MonitoringScheduleArn", "CreationTime",
                               "LastModifiedTime", "MonitoringScheduleStatus", "MonitoringType")}
            for (reg, _), s in MONITORING_SCHEDULES.items() if reg == region
        ]
        return _ok({"MonitoringScheduleSummaries": summaries})
    if action == "UpdateNotebookInstance":
        instance = backend.notebook_instances.get(body["NotebookInstanceName"])
        if instance is None:
            return _error("ValidationException", "RecordNotFound")
        if instance.status != "Stopped":  # como en AWS: solo se cambia una instancia parada
            return _error("ValidationException", f"Status ({instance.status}) not in ([Stopped, Failed])")
        instance.instance_type = body.get("InstanceType", instance.instance_type)
        instance.volume_size_in_gb = body.get("VolumeSizeInGB", instance.volume_size_in_gb)
        instance.lifecycle_config_name = body.get("LifecycleConfigName", instance.lifecycle_config_name)
        instance.default_code_repository = body.get("DefaultCodeRepository", instance.default_code_repository)
        return _ok({})
    if action == "UpdateNotebookInstanceLifecycleConfig":
        config = backend.notebook_instance_lifecycle_configurations.get(body["NotebookInstanceLifecycleConfigName"])
        if config is None:
            return _error("ValidationException", "Unable to describe Notebook Instance Lifecycle Config")
        config.on_start = body.get("OnStart", config.on_start)
        config.on_create = body.get("OnCreate", config.on_create)
        return _ok({})
    key = (region, body.get("CodeRepositoryName", ""))
    if action == "CreateCodeRepository":
        if key in CODE_REPOSITORIES:
            return _error("ValidationException", "Cannot create a duplicate CodeRepository")
        arn = f"arn:aws:sagemaker:{region}:{DEFAULT_ACCOUNT_ID}:code-repository/{key[1].lower()}"
        now = datetime.now(timezone.utc).timestamp()
        CODE_REPOSITORIES[key] = {"CodeRepositoryName": key[1], "CodeRepositoryArn": arn, "CreationTime": now,
                                  "LastModifiedTime": now, "GitConfig": body["GitConfig"]}
        return _ok({"CodeRepositoryArn": arn})
    if action == "DescribeCodeRepository":
        if key not in CODE_REPOSITORIES:
            return _error("ValidationException", f"Cannot find CodeRepository {key[1]}")
        return _ok(CODE_REPOSITORIES[key])
    if action == "DeleteCodeRepository":
        CODE_REPOSITORIES.pop(key, None)
        return _ok({})
    if action == "ListCodeRepositories":
        return _ok({"CodeRepositorySummaryList": [r for (reg, _), r in CODE_REPOSITORIES.items() if reg == region]})
    return None


def _matches(product: dict, rule: dict) -> bool:
    value = product["serviceCode"] if rule["Field"] == "ServiceCode" else product["product"]["attributes"].get(
        rule["Field"], product["product"].get(rule["Field"]))
    wanted, kind = rule["Value"], rule["Type"]
    if value is None:
        return kind == "NONE_OF"
    if kind == "CONTAINS":
        return wanted in value
    if kind in ("ANY_OF", "NONE_OF"):
        return (value in wanted.split(",")) == (kind == "ANY_OF")
    return value.lower() == wanted.lower() if kind == "TERM_MATCH" else value == wanted


def _handle_other(target: str, body: dict) -> Response | None:
    if target == "AWSPriceListService.GetProducts":
        found = [p for p in PRICE_LIST if p["serviceCode"] == body["ServiceCode"]
                 and all(_matches(p, rule) for rule in body.get("Filters", []))]
        return _ok({"FormatVersion": "aws_v1", "PriceList": [json.dumps(p) for p in found]})
    if target == "AWSInsightsIndexService.StartCostAllocationTagBackfill":
        start = datetime.fromisoformat(body["BackfillFrom"].replace("Z", "+00:00"))
        today = date.today()
        months_back = (today.year - start.year) * 12 + today.month - start.month
        if start.day != 1 or start.time() != datetime.min.time() or not 0 <= months_back <= 12:
            return _error("ValidationException", "BackfillFrom must be the first day of a month within the previous twelve months")
        now = datetime.now(timezone.utc).isoformat()
        return _ok({"BackfillRequest": {"BackfillFrom": body["BackfillFrom"], "RequestedAt": now,
                                        "BackfillStatus": "PROCESSING", "LastUpdatedAt": now}})
    return None


QUICKSIGHT_DELETE = re.compile(r"/accounts/(?P<account>\d+)/(?P<kind>dashboards|data-sets)/(?P<id>[^/]+)$")


def _handle_quicksight_delete(request: Request) -> Response | None:
    from moto.quicksight.models import quicksight_backends

    match = QUICKSIGHT_DELETE.fullmatch(request.path)
    if request.method != "DELETE" or not match or "/quicksight/" not in request.headers.get("Authorization", ""):
        return None
    backend = quicksight_backends[match["account"]][_region(request)]
    resources, id_name = (backend.dashboards, "DashboardId") if match["kind"] == "dashboards" else (backend.data_sets, "DataSetId")
    resource = resources.pop(match["id"], None)
    if resource is None:
        return Response(json.dumps({"Message": f"{match['id']} not found"}), status=404, content_type="application/json",
                        headers={"x-amzn-ErrorType": "ResourceNotFoundException"})
    return Response(json.dumps({"Arn": resource.arn, id_name: match["id"], "RequestId": "moto-extras"}),
                    content_type="application/json")


class Extensions:
    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        request = Request(environ)
        target = request.headers.get("X-Amz-Target", "")
        if target.startswith("SageMaker."):
            body = request.get_data()
            environ["wsgi.input"] = io.BytesIO(body)  # moto vuelve a leer el cuerpo
            environ["CONTENT_LENGTH"] = str(len(body))
            response = _handle(target.split(".", 1)[1], json.loads(body or b"{}"), _region(request))
            if response is not None:
                return response(environ, start_response)
        elif target.startswith(("AWSPriceListService.", "AWSInsightsIndexService.StartCostAllocationTagBackfill")):
            response = _handle_other(target, json.loads(request.get_data() or b"{}"))
            if response is not None:
                return response(environ, start_response)
        elif (response := _handle_quicksight_delete(request)) is not None:
            return response(environ, start_response)
        if request.path == "/moto-api/reset" and request.method == "POST":
            CODE_REPOSITORIES.clear()
            MONITORING_SCHEDULES.clear()
        return self.app(environ, start_response)


class ExtendedMotoServer(ThreadedMotoServer):
    """ThreadedMotoServer con las operaciones de arriba."""

    def _server_entry(self) -> None:
        app = Extensions(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()
