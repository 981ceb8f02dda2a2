"""El pipeline de SageMaker del proyecto de ejemplo contra moto: definición, upsert, ejecución y grafo."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from snippets.proyecto_ml.pipeline import graph
from tests.conftest import assert_bounded_waits, fail_operation
from tests.moto_extras import model_errors
from tests.proyecto_ml.conftest import BUCKET


def test_definition_has_every_step_and_parameter(sm_env):
    data = json.loads(sm_env.example_pipeline().definition())
    assert [p["Name"] for p in data["Parameters"]] == ["InputData", "InstanceType", "AucThreshold"]
    steps = {s["Name"]: s for s in data["Steps"]}
    assert {n: s["Type"] for n, s in steps.items()} == {
        "Preprocesado": "Processing", "Entrenamiento": "Training", "Evaluacion": "Processing", "AucSuficiente": "Condition",
    }
    assert steps["Evaluacion"]["PropertyFiles"] == [{"PropertyFileName": "Evaluacion", "OutputName": "evaluation", "FilePath": "evaluation.json"}]
    condition = steps["AucSuficiente"]["Arguments"]
    (check,) = condition["Conditions"]
    assert check["Type"] == "GreaterThanOrEqualTo"
    assert check["LeftValue"]["Std:JsonGet"]["Path"] == "classification_metrics.auc.value"
    assert check["RightValue"] == {"Get": "Parameters.AucThreshold"}
    (register,) = condition["IfSteps"]
    assert register["Type"] == "RegisterModel"
    assert register["Arguments"]["ModelPackageGroupName"] == sm_env.EXAMPLE["model_package_group"]
    container = register["Arguments"]["InferenceSpecification"]["Containers"][0]
    assert container["Environment"]["SAGEMAKER_PROGRAM"] == "inference.py"
    assert container["ModelDataUrl"] == {"Get": "Steps.Entrenamiento.ModelArtifacts.S3ModelArtifacts"}
    assert [s["Type"] for s in condition["ElseSteps"]] == ["Fail"]
    assert steps["Entrenamiento"]["Arguments"]["HyperParameters"]["C"] == "1.0"
    # El código de los pasos quedó en S3, donde los trabajos lo buscarán.
    keys = [o["Key"] for o in boto3.client("s3").list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert any(k.endswith("/preprocess.py") for k in keys) and any(k.endswith("/evaluate.py") for k in keys)


def test_instance_type_parameter_reaches_every_job(sm_env):
    data = json.loads(sm_env.example_pipeline().definition())
    steps = {s["Name"]: s["Arguments"] for s in data["Steps"]}
    parameter = {"Get": "Parameters.InstanceType"}
    for name in ("Preprocesado", "Evaluacion"):
        assert steps[name]["ProcessingResources"]["ClusterConfig"]["InstanceType"] == parameter
    assert steps["Entrenamiento"]["ResourceConfig"]["InstanceType"] == parameter


def test_step_functions_read_the_scripts_from_the_notebook_folder(sm_env, tmp_path, monkeypatch):
    """Como en la página: los scripts están en steps/ junto al notebook, no en este repositorio."""
    import shutil

    from sagemaker.core.workflow.pipeline_context import PipelineSession

    monkeypatch.chdir(tmp_path)
    (tmp_path / "steps").mkdir()
    for name in ("preprocess.py", "train.py", "inference.py", "evaluate.py"):
        shutil.copy(sm_env.STEPS_DIR / name, tmp_path / "steps" / name)
    (tmp_path / "steps" / "evaluate.py").write_text("print('evaluación del notebook')\n", encoding="utf-8")
    session = PipelineSession(default_bucket=BUCKET)
    pipeline = sm_env.build_pipeline(session, sm_env.EXAMPLE["role"], sm_env.EXAMPLE["image_uri"], "diagnostico-modelos")
    steps = {s["Name"]: s["Arguments"] for s in json.loads(pipeline.definition())["Steps"]}
    code = next(i for i in steps["Evaluacion"]["ProcessingInputs"] if i["InputName"] == "code")
    bucket, key = code["S3Input"]["S3Uri"].removeprefix("s3://").split("/", 1)
    body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")
    assert body == "print('evaluación del notebook')\n"


def test_upsert_and_start_in_sagemaker(sm_env, sent):
    pipeline = sm_env.example_pipeline()
    # Otro rol que el de la configuración: upsert debe usar el que recibe.
    role = "arn:aws:iam::123456789012:role/otro-rol-de-pipelines"
    execution = sm_env.upsert_and_start(
        pipeline, role, f"s3://{BUCKET}/raw/", auc_threshold=0.95, instance_type="ml.c5.xlarge"
    )
    sm = boto3.client("sagemaker")
    described = sm.describe_pipeline(PipelineName=sm_env.PIPELINE_NAME)
    stored, built = json.loads(described["PipelineDefinition"]), json.loads(pipeline.definition())
    # Cada definition() sube el código de entrenamiento a una ruta nueva (con marca de tiempo):
    # se comparan todos los argumentos salvo esas rutas.
    for data in (stored, built):
        channels = data["Steps"][1]["Arguments"]["InputDataConfig"]
        assert [c["ChannelName"] for c in channels] == ["train", "code", "sm_drivers"]
        del channels[1:]
    assert stored == built
    assert described["RoleArn"] == role
    # La descripción es lo que ve el equipo en la lista de pipelines de Studio.
    (create,) = [params for operation, params in sent if operation == "CreatePipeline"]
    assert create["PipelineDescription"] == "Entrena, evalúa y registra el modelo de diagnóstico"
    summaries = sm.list_pipeline_executions(PipelineName=sm_env.PIPELINE_NAME)["PipelineExecutionSummaries"]
    assert [s["PipelineExecutionArn"] for s in summaries] == [execution.arn]
    params = sm.list_pipeline_parameters_for_execution(PipelineExecutionArn=execution.arn)["PipelineParameters"]
    assert {p["Name"]: p["Value"] for p in params} == {
        "InputData": f"s3://{BUCKET}/raw/", "AucThreshold": "0.95", "InstanceType": "ml.c5.xlarge",
    }


@pytest.mark.parametrize(("overrides", "expected"), [
    ({}, {}),
    ({"auc_threshold": 0.8}, {"AucThreshold": "0.8"}),
    ({"instance_type": "ml.c5.xlarge"}, {"InstanceType": "ml.c5.xlarge"}),
])
def test_start_sends_only_the_parameters_it_overrides(sm_env, sent, overrides, expected):
    """Lo que no se pasa no se envía: la ejecución toma el valor por defecto de la definición."""
    sm_env.upsert_and_start(sm_env.example_pipeline(), sm_env.EXAMPLE["role"], f"s3://{BUCKET}/raw/", **overrides)
    (start,) = [params for operation, params in sent if operation == "StartPipelineExecution"]
    assert {p["Name"]: p["Value"] for p in start["PipelineParameters"]} == {"InputData": f"s3://{BUCKET}/raw/", **expected}


def test_the_example_pipeline_creates_the_team_bucket_protected_if_it_is_missing(sm_env, monkeypatch):
    """Contra un endpoint vacío (la CI del proyecto), example_pipeline crea el bucket del equipo, privado."""
    monkeypatch.setitem(sm_env.EXAMPLE, "bucket", "equipo-ml-pipelines-vacio")
    pipeline = sm_env.example_pipeline()
    assert json.loads(pipeline.definition())["Steps"]
    s3 = boto3.client("s3")
    block = s3.get_public_access_block(Bucket="equipo-ml-pipelines-vacio")["PublicAccessBlockConfiguration"]
    assert all(block.values())


def test_registration_is_always_pending_and_carries_the_evaluation_report(sm_env):
    """Nadie puede lanzar el pipeline con Approved, y quien aprueba ve el AUC de evaluation.json."""
    data = json.loads(sm_env.example_pipeline().definition())
    assert "ModelApprovalStatus" not in [p["Name"] for p in data["Parameters"]]
    steps = {s["Name"]: s for s in data["Steps"]}
    (register,) = steps["AucSuficiente"]["Arguments"]["IfSteps"]
    arguments = register["Arguments"]
    assert arguments["ModelApprovalStatus"] == "PendingManualApproval"
    statistics = arguments["ModelMetrics"]["ModelQuality"]["Statistics"]
    assert statistics["ContentType"] == "application/json"
    # El URI es la salida «evaluation» del paso de evaluación más el archivo que lee la condición.
    join = statistics["S3Uri"]["Std:Join"]
    evaluation = steps["Evaluacion"]
    (property_file,) = evaluation["PropertyFiles"]
    assert join["Values"] == [
        {"Get": f"Steps.Evaluacion.ProcessingOutputConfig.Outputs['{property_file['OutputName']}'].S3Output.S3Uri"},
        property_file["FilePath"],
    ]
    # Unidos con «/», no deben dar «//» (S3 trataría «carpeta//evaluation.json» como otra clave).
    (output,) = [o for o in evaluation["Arguments"]["ProcessingOutputConfig"]["Outputs"]
                 if o["OutputName"] == property_file["OutputName"]]
    assert join["On"] == "/" and not output["S3Output"]["S3Uri"].endswith("/")
    # Y lo que evaluate.py escribe es lo que se registra: un JSON con el AUC.
    assert "classification_metrics" in (sm_env.STEPS_DIR / "evaluate.py").read_text(encoding="utf-8")


def test_training_code_and_model_go_under_the_pipeline_prefix(sm_env):
    """El modelo queda en <prefijo>/modelos/, y el código de entrenamiento se sube, en cada definition(), a
    una carpeta nueva del trabajo con marca de tiempo (por eso el entrenamiento no se reutiliza tras un upsert)."""
    steps = {s["Name"]: s["Arguments"] for s in json.loads(sm_env.example_pipeline().definition())["Steps"]}
    prefix = f"s3://{BUCKET}/{sm_env.PIPELINE_NAME}"
    training = steps["Entrenamiento"]
    assert training["OutputDataConfig"] == {"S3OutputPath": f"{prefix}/modelos/"}
    channels = {c["ChannelName"]: c["DataSource"]["S3DataSource"]["S3Uri"] for c in training["InputDataConfig"]}
    for channel in ("code", "sm_drivers"):
        assert re.fullmatch(rf"{re.escape(prefix)}/diagnostico-entrenamiento-\d{{14}}/input/{channel}", channels[channel]), channels


def test_every_reference_to_another_steps_output_names_an_output_it_declares(sm_env):
    """Un paso lee la salida de otro por su nombre («Outputs['train']»): si ese paso no la declara, la
    definición se guarda igual y la ejecución falla al resolverla."""
    data = json.loads(sm_env.example_pipeline().definition())
    declared = {step["Name"]: {o["OutputName"] for o in step["Arguments"].get("ProcessingOutputConfig", {}).get("Outputs", [])}
                for step in data["Steps"] if step["Type"] == "Processing"}
    references = re.findall(r"Steps\.(\w+)\.ProcessingOutputConfig\.Outputs\['([^']+)'\]", json.dumps(data))
    assert {(step, output) for step, output in references} >= {("Preprocesado", "train"), ("Preprocesado", "test")}
    for step, output in references:
        assert output in declared.get(step, set()), (step, output, declared)


def test_a_low_auc_stops_the_run_with_a_message_that_gives_the_threshold(sm_env):
    """Si el AUC no llega, la ejecución acaba en el paso Fail con un mensaje que incluye el umbral usado."""
    steps = {s["Name"]: s for s in json.loads(sm_env.example_pipeline().definition())["Steps"]}
    [fail] = [step for step in steps["AucSuficiente"]["Arguments"]["ElseSteps"]]
    assert fail["Type"] == "Fail"
    assert fail["Arguments"]["ErrorMessage"] == {"Std:Join": {
        "On": " ", "Values": ["El AUC no alcanza el umbral", {"Get": "Parameters.AucThreshold"}]}}


def test_outputs_registration_instances_and_session_are_the_pages(sm_env):
    """Los datos preprocesados quedan bajo el prefijo del pipeline; la versión registrada dice en qué
    instancias se sirve; y el pipeline usa la sesión de la página (con sus esperas acotadas), no una nueva."""
    session = sm_env.pipeline_session(BUCKET)
    pipeline = sm_env.build_pipeline(session, sm_env.EXAMPLE["role"], sm_env.EXAMPLE["image_uri"],
                                     sm_env.EXAMPLE["model_package_group"], code_dir=sm_env.STEPS_DIR)
    assert pipeline.sagemaker_session is session
    steps = {s["Name"]: s["Arguments"] for s in json.loads(pipeline.definition())["Steps"]}
    prefix = f"s3://{BUCKET}/{sm_env.PIPELINE_NAME}"
    outputs = {o["OutputName"]: o["S3Output"]["S3Uri"] for o in steps["Preprocesado"]["ProcessingOutputConfig"]["Outputs"]}
    assert outputs == {"train": f"{prefix}/train/", "test": f"{prefix}/test/"}
    [register] = steps["AucSuficiente"]["IfSteps"]  # se registra solo si el AUC llega al umbral
    specification = register["Arguments"]["InferenceSpecification"]
    assert specification["SupportedRealtimeInferenceInstanceTypes"] == ["ml.m5.large"]
    assert specification["SupportedTransformInstanceTypes"] == ["ml.m5.large"]


def test_every_job_step_is_cached(sm_env):
    steps = json.loads(sm_env.example_pipeline().definition())["Steps"]
    jobs = [s for s in steps if s["Type"] in ("Processing", "Training")]
    assert [s["Name"] for s in jobs] == ["Preprocesado", "Entrenamiento", "Evaluacion"]
    for step in jobs:
        assert step["CacheConfig"] == {"Enabled": True, "ExpireAfter": "P30D"}, step["Name"]


@pytest.mark.parametrize("threshold", [0, 0.0, 0.5, 1, 1.0])
def test_auc_threshold_accepts_the_whole_closed_interval(sm_env, threshold):
    params = sm_env.pipeline_parameters(auc_threshold=threshold)
    assert params["auc_threshold"].default_value == threshold


@pytest.mark.parametrize("threshold", [-1e-9, 1.000001, 90, float("nan")])
def test_auc_threshold_outside_zero_one_is_rejected(sm_env, threshold):
    with pytest.raises(ValueError, match="entre 0 y 1"):
        sm_env.pipeline_parameters(auc_threshold=threshold)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"auc_threshold": 1.5}, "entre 0 y 1"),
    ({"auc_threshold": -0.1}, "entre 0 y 1"),
    ({"instance_type": "ml.m5.enorme"}, "no es un tipo de instancia"),
    ({"instance_type": "m5.large"}, "no es un tipo de instancia"),
])
def test_invalid_parameters_fail_when_defining(sm_env, kwargs, message):
    with pytest.raises(ValueError, match=message):
        sm_env.example_pipeline(**kwargs)
    assert boto3.client("s3").list_objects_v2(Bucket=BUCKET)["KeyCount"] == 0  # ni siquiera sube el código


def test_invalid_overrides_fail_before_starting(sm_env):
    pipeline = sm_env.example_pipeline()
    with pytest.raises(ValueError, match="entre 0 y 1"):
        sm_env.upsert_and_start(pipeline, sm_env.EXAMPLE["role"], f"s3://{BUCKET}/raw/", auc_threshold=2)
    with pytest.raises(ValueError, match="^InputData debe ser un prefijo"):
        sm_env.upsert_and_start(pipeline, sm_env.EXAMPLE["role"], "raw/")
    assert boto3.client("sagemaker").list_pipelines(PipelineNamePrefix=sm_env.PIPELINE_NAME)["PipelineSummaries"] == []


def test_committed_graph_matches_the_pipeline(sm_env):
    committed = (Path(graph.__file__).with_name("pipeline.mmd")).read_text(encoding="utf-8")
    assert graph.pipeline_to_mermaid(sm_env.example_pipeline().definition()) == committed, (
        "pipeline.mmd está desactualizado: regenérelo con make generated"
    )


def test_graph_edges_from_depends_on_jsonget_and_conditions():
    definition = {"Steps": [
        {"Name": "A", "Type": "Processing", "Arguments": {"X": {"Get": "Parameters.Umbral"}, "Y": {"Get": "Execution.StartDateTime"}}},
        {"Name": "B", "Type": "Training", "Arguments": {"In": {"Get": "Steps.A.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"}}},
        {"Name": "C", "Type": "Processing", "Arguments": {}, "DependsOn": ["A"]},
        {"Name": "D", "Type": "Condition", "Arguments": {
            "Conditions": [{"LeftValue": {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.C.PropertyFiles.Ev"}, "Path": "m"}}}],
            "IfSteps": [{"Name": "E", "Type": "RegisterModel", "Arguments": {"M": {"Get": "Steps.B.ModelArtifacts.S3ModelArtifacts"}}}],
            "ElseSteps": [{"Name": "F mal", "Type": "Fail", "Arguments": {}}],
        }},
    ]}
    lines = graph.pipeline_to_mermaid(definition).splitlines()
    edges = [line.strip() for line in lines if "->" in line]
    assert edges == ["A --> B", "A -.->|depende de| C", "C --> D", "D -->|sí| E", "D -->|no| F_mal", "B --> E"]
    assert '  D{"D<br>(Condition)"}' in lines
    assert '  F_mal(["F mal<br>(Fail)"])' in lines
    assert not any("Parameters" in line or "Execution" in line for line in lines)


def test_graph_rejects_references_to_unknown_steps():
    with pytest.raises(ValueError, match="inexistente 'Z'"):
        graph.pipeline_to_mermaid({"Steps": [{"Name": "A", "Type": "Processing", "Arguments": {}, "DependsOn": ["Z"]}]})


def test_cli_definition_upsert_and_start(sm_env, capsys):
    from snippets.proyecto_ml.pipeline import cli

    cli.main(["definition"])
    printed = json.loads(capsys.readouterr().out)
    assert [s["Name"] for s in printed["Steps"]] == ["Preprocesado", "Entrenamiento", "Evaluacion", "AucSuficiente"]

    cli.main(["upsert"])
    assert f"{sm_env.PIPELINE_NAME} actualizado" in capsys.readouterr().out
    assert boto3.client("sagemaker").describe_pipeline(PipelineName=sm_env.PIPELINE_NAME)["RoleArn"] == sm_env.EXAMPLE["role"]
    cli.main(["start", "--input-data", f"s3://{BUCKET}/raw/"])
    assert "Ejecución lanzada: arn:aws:sagemaker:" in capsys.readouterr().out
    # La aprobación por ARN de ejecución se prueba en tests/produccion/test_aprobacion.py.


def test_v2_to_v3_table_on_the_page_is_true(sm_env):
    import importlib

    page = (Path(__file__).resolve().parents[2] / "docs/produccion/sagemaker-pipelines.md").read_text(encoding="utf-8")
    table = page.split("## De la v2 a la v3", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) >= 20
    for row in rows:
        v2_cell, v3_cell = row.strip("|").split("|")[:2]
        for name in re.findall(r"`(sagemaker\.[\w.]+)`", v3_cell):
            module, attr = name.rsplit(".", 1)
            assert hasattr(importlib.import_module(module), attr), name
        for name in re.findall(r"`(sagemaker\.[\w.]+)", v2_cell):
            parts = name.split(".")
            # Ni el módulo ni el nombre de la v2 existen en la v3 instalada.
            for end in range(len(parts), 0, -1):
                try:
                    module = importlib.import_module(".".join(parts[:end]))
                except ImportError:
                    continue
                assert end < len(parts) and not hasattr(module, parts[end]), name
                break


def test_pipeline_session_checks_the_owner_and_keeps_an_existing_bucket(sm_env, sent):
    session = sm_env.pipeline_session(BUCKET)
    assert session.default_bucket() == BUCKET
    account = boto3.client("sts").get_caller_identity()["Account"]
    assert ("HeadBucket", {"Bucket": BUCKET, "ExpectedBucketOwner": account}) in sent
    assert not [op for op, _ in sent if op.startswith(("Create", "Put"))]


def test_pipeline_session_creates_a_missing_bucket_private_and_encrypted(sm_env):
    s3 = boto3.client("s3")
    sm_env.pipeline_session("equipo-ml-pipelines-nuevo", create_if_missing=True)
    block = s3.get_public_access_block(Bucket="equipo-ml-pipelines-nuevo")["PublicAccessBlockConfiguration"]
    assert block == dict.fromkeys(("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True)
    rules = s3.get_bucket_encryption(Bucket="equipo-ml-pipelines-nuevo")["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


def test_pipeline_session_creates_the_bucket_in_us_east_1_without_a_location(sm_env, sent):
    """En us-east-1, S3 rechaza LocationConstraint (InvalidLocationConstraint): se crea sin él."""
    sm_env.pipeline_session("equipo-ml-pipelines-virginia", create_if_missing=True, region="us-east-1")
    assert ("CreateBucket", {"Bucket": "equipo-ml-pipelines-virginia"}) in sent
    assert boto3.client("s3").head_bucket(Bucket="equipo-ml-pipelines-virginia")


NETWORK_ERRORS = {
    "AccessDenied": lambda operation: ClientError({"Error": {"Code": "AccessDenied", "Message": "denegado"}}, operation),
    "sin-red": lambda operation: EndpointConnectionError(endpoint_url="https://s3.eu-west-1.amazonaws.com"),
    "sin-respuesta": lambda operation: ReadTimeoutError(endpoint_url="https://s3.eu-west-1.amazonaws.com"),
}


@pytest.mark.parametrize("failure", NETWORK_ERRORS)
@pytest.mark.parametrize("operation", ["PutPublicAccessBlock", "PutBucketEncryption"])
def test_pipeline_session_deletes_the_bucket_if_it_cannot_protect_it(sm_env, monkeypatch, operation, failure):
    """Sin bloqueo de acceso público o sin cifrado, el bucket nuevo se borra, también si el fallo es de red."""
    error = NETWORK_ERRORS[failure](operation)
    with monkeypatch.context() as patched, pytest.raises(RuntimeError, match="No se pudo proteger el bucket .*se borró") as caught:
        fail_operation(patched, operation, error)
        sm_env.pipeline_session("equipo-ml-sin-proteger", create_if_missing=True)
    assert caught.value.__cause__ is error
    assert "equipo-ml-sin-proteger" not in [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]]


def test_pipeline_session_says_to_delete_the_bucket_by_hand_if_it_cannot_delete_it(sm_env, monkeypatch):
    error = EndpointConnectionError(endpoint_url="https://s3.eu-west-1.amazonaws.com")
    fail_operation(monkeypatch, "PutBucketEncryption", error)
    fail_operation(monkeypatch, "DeleteBucket", EndpointConnectionError(endpoint_url="https://s3.eu-west-1.amazonaws.com"))
    with pytest.raises(RuntimeError, match="ni borrarlo .*bórrelo a mano") as caught:
        sm_env.pipeline_session("equipo-ml-sin-cifrar", create_if_missing=True)
    assert caught.value.__cause__ is error


@pytest.mark.parametrize("failure", NETWORK_ERRORS)
def test_pipeline_session_translates_a_failed_bucket_creation(sm_env, monkeypatch, failure):
    error = NETWORK_ERRORS[failure]("CreateBucket")
    fail_operation(monkeypatch, "CreateBucket", error)
    with pytest.raises(RuntimeError, match="No se pudo crear el bucket 'equipo-ml-nuevo'") as caught:
        sm_env.pipeline_session("equipo-ml-nuevo", create_if_missing=True)
    assert caught.value.__cause__ is error


def test_every_client_of_the_pipeline_session_has_bounded_waits(sm_env):
    """El SDK crea sus propios clientes (SageMaker para upsert y start, S3 para subir el código): con la
    sesión de la página, también esperan 5 s para conectar, 8 s para leer y 3 intentos. (El cliente de
    inferencia, que el pipeline no usa, conserva los 80 s de lectura que el SDK le pone a propósito.)"""
    session = sm_env.pipeline_session(BUCKET)
    clients = [session.sagemaker_client, session.s3_client,
               session.s3_resource.meta.client, session.boto_session.client("sagemaker")]
    for client in clients:
        assert_bounded_waits(client)


# Lo que SageMaker hace con cada paso al ejecutarlo: una petición CreateProcessingJob, CreateTrainingJob o
# CreateModelPackage con sus argumentos. moto guarda la definición sin mirarla; aquí se compara con el
# modelo de la API que trae botocore (model_errors: miembros, obligatorios, enumerados, longitudes y
# patrones), como los comprueba el servicio.
REQUESTS = {
    "Processing": ("CreateProcessingJob", {"ProcessingJobName": "diagnostico-preprocesado-1"}),
    "Training": ("CreateTrainingJob", {"TrainingJobName": "diagnostico-entrenamiento-1"}),
    "RegisterModel": ("CreateModelPackage", {}),
}


def as_sagemaker_receives_it(value, parameters: dict):
    """Los argumentos de un paso al ejecutarse: cada parámetro con su valor por defecto, y cada propiedad de
    otro paso (o un parámetro sin defecto) con un URI de S3 de ejemplo."""
    if isinstance(value, dict) and "Get" in value:
        name = value["Get"].removeprefix("Parameters.")
        return parameters[name] if parameters.get(name) is not None else "s3://bucket-de-ejemplo/salida"
    if isinstance(value, dict) and "Std:Join" in value:
        join = value["Std:Join"]
        return join["On"].join(str(as_sagemaker_receives_it(item, parameters)) for item in join["Values"])
    if isinstance(value, dict):
        return {key: as_sagemaker_receives_it(item, parameters) for key, item in value.items()}
    if isinstance(value, list):
        return [as_sagemaker_receives_it(item, parameters) for item in value]
    return value


def test_every_step_is_a_request_sagemaker_accepts(sm_env):
    data = json.loads(sm_env.example_pipeline().definition())
    parameters = {p["Name"]: p.get("DefaultValue") for p in data["Parameters"]}
    model = boto3.client("sagemaker").meta.service_model
    condition = data["Steps"][-1]["Arguments"]
    checked = []
    for step in data["Steps"] + condition["IfSteps"] + condition["ElseSteps"]:
        if step["Type"] in REQUESTS:
            operation, names = REQUESTS[step["Type"]]
            shape = model.operation_model(operation).input_shape
            request = as_sagemaker_receives_it({**step["Arguments"], **names}, parameters)
            assert model_errors(shape, request, operation) == [], step["Name"]
            checked.append(step["Name"])
    assert checked == ["Preprocesado", "Entrenamiento", "Evaluacion", "Registro"]


def script_defaults(script: Path) -> dict:
    """Las opciones de línea de órdenes de un script de paso y su valor por defecto (las rutas, como Path)."""
    defaults = {}
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "add_argument":
            default = next(k.value for k in node.keywords if k.arg == "default")
            if isinstance(default, ast.Call) and getattr(default.func, "id", None) == "Path":
                # Path("/opt/ml/...") o Path(os.environ.get("SM_...", "/opt/ml/...")): la ruta de SageMaker.
                (inner,) = default.args
                defaults[node.args[0].value.removeprefix("--")] = Path(ast.literal_eval(
                    inner.args[1] if isinstance(inner, ast.Call) else inner))
            else:
                defaults[node.args[0].value.removeprefix("--")] = ast.literal_eval(default)
    return defaults


def test_the_jobs_use_the_paths_and_options_the_step_scripts_read(sm_env):
    """Lo que cada trabajo monta y pasa es lo que su script lee por defecto: una ruta o un hiperparámetro
    cambiado en la definición dejaría el script sin datos en SageMaker, sin que nada falle al definirlo."""
    data = json.loads(sm_env.example_pipeline().definition())
    steps = {s["Name"]: s["Arguments"] for s in data["Steps"]}
    defaults = {script: script_defaults(sm_env.STEPS_DIR / script) for script in ("preprocess.py", "train.py", "evaluate.py")}
    for name, script in (("Preprocesado", "preprocess.py"), ("Evaluacion", "evaluate.py")):
        arguments = steps[name]
        assert arguments["AppSpecification"]["ContainerEntrypoint"] == ["python3", f"/opt/ml/processing/input/code/{script}"]
        names = {"Preprocesado": ["raw", "code"], "Evaluacion": ["model", "test", "code"]}[name]
        assert [i["InputName"] for i in arguments["ProcessingInputs"]] == names
        mounted = [i["S3Input"] for i in arguments["ProcessingInputs"] if i["InputName"] != "code"]
        written = [o["S3Output"] for o in arguments["ProcessingOutputConfig"]["Outputs"]]
        assert {m["S3DataType"] for m in mounted} == {"S3Prefix"} and {m["S3InputMode"] for m in mounted} == {"File"}
        assert {w["S3UploadMode"] for w in written} == {"EndOfJob"}
        paths = sorted(Path(m["LocalPath"]) for m in mounted + written)
        assert paths == sorted(v for v in defaults[script].values() if isinstance(v, Path)), name
        cluster = arguments["ProcessingResources"]["ClusterConfig"]
        assert cluster["InstanceCount"] == 1, name
    training = steps["Entrenamiento"]
    assert training["ResourceConfig"]["InstanceCount"] == 1
    assert training["AlgorithmSpecification"]["TrainingInputMode"] == "File"  # SM_CHANNEL_TRAIN es una carpeta
    hyperparameters = {k: v for k, v in training["HyperParameters"].items() if not k.startswith("sagemaker_")}
    assert hyperparameters == {name: str(value) for name, value in defaults["train.py"].items()
                               if not isinstance(value, Path)}
    # El modelo registrado: lo que dice aceptar y devolver es lo que inference.py acepta y devuelve.
    from snippets.proyecto_ml.steps import inference

    (register,) = data["Steps"][-1]["Arguments"]["IfSteps"]
    specification = register["Arguments"]["InferenceSpecification"]
    for content_type in specification["SupportedContentTypes"]:
        assert inference.input_fn(b"0.5,1.5\n", content_type).shape == (1, 2)
    assert specification["SupportedResponseMIMETypes"] == ["application/json"]
    assert json.loads(inference.output_fn([0.25], "application/json")) == [0.25]
    environment = specification["Containers"][0]["Environment"]
    assert environment["SAGEMAKER_PROGRAM"] == "inference.py"
    # model.tar.gz se descomprime en /opt/ml/model; train.py deja inference.py en code/ (test_steps.py).
    assert environment["SAGEMAKER_SUBMIT_DIRECTORY"] == "/opt/ml/model/code"
