"""El pipeline de SageMaker del proyecto de ejemplo (SageMaker Python SDK v3).

    Preprocesado -> Entrenamiento -> Evaluación -> ¿AUC >= umbral? -> Registro | Fallo

Una función por paso, con todo lo que usa como argumento, y ``build_pipeline`` que los une. Construir
el pipeline no crea nada en AWS salvo subir el código de los pasos a S3: los trabajos se crean cuando
se ejecuta. ``upsert`` guarda (o actualiza) la definición y ``start`` lanza una ejecución.

El bloque ``__main__`` es el uso que muestra la página, en su orden: espera los scripts en ``steps/``
de la carpeta actual, como el notebook del lector.
"""

from __future__ import annotations

# --8<-- [start:imports]
import json
import logging
import re
from pathlib import Path

import boto3
import botocore.session
from boto3.exceptions import S3UploadFailedError
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from sagemaker.core import image_uris
from sagemaker.core.processing import ScriptProcessor
from sagemaker.core.shapes import (
    MetricsSource,
    ModelMetrics,
    ModelQuality,
    OutputDataConfig,
    ProcessingInput,
    ProcessingOutput,
    ProcessingS3Input,
    ProcessingS3Output,
)
from sagemaker.core.workflow.conditions import ConditionGreaterThanOrEqualTo
from sagemaker.core.workflow.functions import Join, JsonGet
from sagemaker.core.workflow.parameters import ParameterFloat, ParameterString
from sagemaker.core.workflow.pipeline_context import PipelineSession
from sagemaker.core.workflow.properties import PropertyFile
from sagemaker.mlops.workflow.condition_step import ConditionStep
from sagemaker.mlops.workflow.fail_step import FailStep
from sagemaker.mlops.workflow.model_step import ModelStep
from sagemaker.mlops.workflow.pipeline import Pipeline
from sagemaker.mlops.workflow.steps import CacheConfig, ProcessingStep, TrainingStep
from sagemaker.serve.model_builder import ModelBuilder
from sagemaker.train.configs import Compute, InputData, SourceCode
from sagemaker.train.model_trainer import ModelTrainer

# Importar el SDK v3 deja el registro raíz en INFO con una salida propia, y algunos de sus módulos en
# DEBUG: sin esto, cada celda imprime decenas de líneas de botocore y del SDK. Así solo se ven los
# avisos y los errores, como en cualquier programa de Python.
logging.getLogger().handlers.clear()
logging.getLogger().setLevel(logging.WARNING)

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})
# --8<-- [end:imports]


# --8<-- [start:validate]
BUCKET_NAME = re.compile(r"^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
S3_PREFIX = re.compile(r"^s3://([^/]+)/(.+)$")
SAGEMAKER_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")


# Una sola sesión de botocore para leer el modelo de la API: la guarda leída (leerla cuesta unos 0,2 s).
API_MODELS = botocore.session.get_session()


def valid_instance_types(kind: str) -> set[str]:
    """Los tipos de instancia de kind (Processing o Training) que acepta SageMaker, del modelo de la API
    que trae botocore: no llama a AWS ni necesita región."""
    model = API_MODELS.get_service_model("sagemaker")
    return set(model.shape_for(f"{kind}InstanceType").enum)


def validate_parameters(auc_threshold: float, instance_type: str) -> None:
    """Comprueba los parámetros al definir el pipeline, no veinte minutos después de lanzarlo."""
    if isinstance(auc_threshold, bool) or not isinstance(auc_threshold, (int, float)):
        raise TypeError(f"El umbral de AUC debe ser un número; se recibió {auc_threshold!r}.")
    if not 0.0 <= auc_threshold <= 1.0:
        raise ValueError(f"El umbral de AUC debe estar entre 0 y 1; se recibió {auc_threshold}.")
    for kind in ("Processing", "Training"):
        if instance_type not in valid_instance_types(kind):
            raise ValueError(
                f"{instance_type!r} no es un tipo de instancia de {kind} de SageMaker "
                "(ejemplos válidos: ml.m5.large, ml.c5.xlarge)."
            )


def validate_role(role: str) -> None:
    if not isinstance(role, str) or not ROLE_ARN.match(role):
        raise ValueError(
            f"El rol debe ser el ARN de un rol de IAM (arn:aws:iam::<cuenta>:role/<nombre>); se recibió {role!r}."
        )


def validate_s3_prefix(uri: str, what: str = "InputData") -> None:
    """Un prefijo s3://bucket/carpeta/ con un nombre de bucket válido."""
    match = S3_PREFIX.match(uri) if isinstance(uri, str) else None
    if not match or not BUCKET_NAME.match(match.group(1)):
        raise ValueError(
            f"{what} debe ser un prefijo s3://<bucket>/<carpeta>/ con un nombre de bucket válido; "
            f"se recibió {uri!r}."
        )
# --8<-- [end:validate]


# --8<-- [start:session]
def pipeline_session(bucket: str, create_if_missing: bool = False, region: str | None = None) -> PipelineSession:
    """La sesión del pipeline sobre un bucket de esta cuenta.

    Si el bucket no existe, el SDK lo crea sin avisar y sin bloqueo de acceso público ni cifrado: un
    nombre mal escrito acabaría en un bucket nuevo. Aquí el bucket debe existir y ser de esta cuenta;
    con ``create_if_missing=True`` se crea privado y cifrado.
    """
    if not isinstance(bucket, str) or not BUCKET_NAME.match(bucket):
        raise ValueError(
            f"Nombre de bucket no válido: {bucket!r}. Use de 3 a 63 caracteres en minúsculas, "
            "números, puntos o guiones, empezando y terminando por letra o número."
        )
    # Cada cliente que el SDK cree con esta sesión (SageMaker, S3...) lleva también las esperas acotadas.
    core = botocore.session.get_session()
    core.set_default_client_config(AWS_CONFIG)
    boto_session = boto3.Session(botocore_session=core, region_name=region)
    s3 = boto_session.client("s3", config=AWS_CONFIG)
    try:
        account = boto_session.client("sts", config=AWS_CONFIG).get_caller_identity()["Account"]
        # Con ExpectedBucketOwner, S3 responde 403 si el bucket es de otra cuenta.
        s3.head_bucket(Bucket=bucket, ExpectedBucketOwner=account)
    except BotoCoreError as error:
        raise RuntimeError(f"No se pudo comprobar el bucket {bucket!r} (sin red o sin credenciales): {error}") from error
    except ClientError as error:
        code = error.response["Error"]["Code"]
        if code in ("403", "AccessDenied"):
            raise PermissionError(
                f"El bucket {bucket!r} existe, pero no es de la cuenta {account} o su rol no puede leerlo."
            ) from error
        if code not in ("404", "NoSuchBucket"):
            raise RuntimeError(f"No se pudo comprobar el bucket {bucket!r}: {error}") from error
        if not create_if_missing:
            raise LookupError(
                f"El bucket {bucket!r} no existe. Compruebe el nombre, o pase create_if_missing=True "
                "para crearlo privado y cifrado."
            ) from error
        create_private_bucket(s3, bucket)
    return PipelineSession(boto_session=boto_session, default_bucket=bucket)


def create_private_bucket(s3, bucket: str) -> None:
    """Crea el bucket con todo acceso público bloqueado y cifrado SSE-S3; si algo falla, lo borra."""
    region = s3.meta.region_name
    location = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    try:
        s3.create_bucket(Bucket=bucket, **location)
    except (ClientError, BotoCoreError) as error:
        raise RuntimeError(f"No se pudo crear el bucket {bucket!r}: {error}") from error
    try:
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True,
        })
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}],
        })
    except (ClientError, BotoCoreError) as error:  # también sin red: un bucket sin protecciones no se queda
        try:
            s3.delete_bucket(Bucket=bucket)
        except (ClientError, BotoCoreError) as cleanup:
            raise RuntimeError(
                f"No se pudo proteger el bucket {bucket!r} ni borrarlo ({cleanup}): bórrelo a mano. Causa: {error}"
            ) from error
        raise RuntimeError(f"No se pudo proteger el bucket {bucket!r}, así que se borró: {error}") from error
# --8<-- [end:session]


# --8<-- [start:parameters]
PIPELINE_NAME = "diagnostico-entrenamiento"


def pipeline_parameters(auc_threshold: float = 0.9, instance_type: str = "ml.m5.large") -> dict:
    """Parámetros que cada ejecución puede cambiar sin tocar el código."""
    validate_parameters(auc_threshold, instance_type)
    return {
        "input_data": ParameterString(name="InputData"),  # s3://.../raw/ en cada ejecución
        "instance_type": ParameterString(name="InstanceType", default_value=instance_type),
        "auc_threshold": ParameterFloat(name="AucThreshold", default_value=float(auc_threshold)),
        # Sin parámetro de aprobación: quien lanza el pipeline no puede saltarse la revisión manual.
    }
# --8<-- [end:parameters]


# --8<-- [start:processor]
def processor(
    session: PipelineSession, role: str, image_uri: str, params: dict, job_name: str
) -> ScriptProcessor:
    """Un trabajo de Processing que ejecuta un script de Python en el contenedor de scikit-learn."""
    return ScriptProcessor(
        image_uri=image_uri,
        command=["python3"],
        instance_type=params["instance_type"],
        instance_count=1,
        role=role,
        base_job_name=job_name,
        sagemaker_session=session,
    )
# --8<-- [end:processor]


# --8<-- [start:preprocess]
def preprocess_step(
    session: PipelineSession,
    role: str,
    image_uri: str,
    params: dict,
    prefix: str,
    cache: CacheConfig,
    code_dir: Path = Path("steps"),
) -> ProcessingStep:
    """Paso 1: lee los CSV de ``InputData`` y escribe ``train/`` y ``test/`` bajo ``prefix``."""
    return ProcessingStep(
        name="Preprocesado",
        step_args=processor(session, role, image_uri, params, "diagnostico-preprocesado").run(
            code=str(code_dir / "preprocess.py"),
            inputs=[ProcessingInput(
                input_name="raw",
                s3_input=ProcessingS3Input(
                    s3_uri=params["input_data"], local_path="/opt/ml/processing/input",
                    s3_data_type="S3Prefix", s3_input_mode="File",
                ),
            )],
            outputs=[
                ProcessingOutput(output_name=name, s3_output=ProcessingS3Output(
                    s3_uri=f"{prefix}/{name}/", local_path=f"/opt/ml/processing/{name}",
                    s3_upload_mode="EndOfJob",
                ))
                for name in ("train", "test")
            ],
        ),
        cache_config=cache,
    )
# --8<-- [end:preprocess]


# --8<-- [start:train]
def train_step(
    session: PipelineSession,
    role: str,
    image_uri: str,
    params: dict,
    prefix: str,
    cache: CacheConfig,
    preprocess: ProcessingStep,
    code_dir: Path = Path("steps"),
) -> TrainingStep:
    """Paso 2: entrena con la salida ``train`` del preprocesado; deja ``model.tar.gz`` bajo ``prefix``."""
    trainer = ModelTrainer(
        training_image=image_uri,
        role=role,
        base_job_name="diagnostico-entrenamiento",
        # Sube la carpeta entera: train.py e inference.py, que train.py copia junto al modelo.
        source_code=SourceCode(source_dir=str(code_dir), entry_script="train.py"),
        compute=Compute(instance_type=params["instance_type"], instance_count=1),
        hyperparameters={"C": 1.0, "max-iter": 1000},
        output_data_config=OutputDataConfig(s3_output_path=f"{prefix}/modelos/"),
        sagemaker_session=session,
    )
    train_data = preprocess.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri
    return TrainingStep(
        name="Entrenamiento",
        step_args=trainer.train(input_data_config=[InputData(channel_name="train", data_source=train_data)]),
        cache_config=cache,
    )
# --8<-- [end:train]


# --8<-- [start:evaluate]
def evaluate_step(
    session: PipelineSession,
    role: str,
    image_uri: str,
    params: dict,
    prefix: str,
    cache: CacheConfig,
    preprocess: ProcessingStep,
    train: TrainingStep,
    code_dir: Path = Path("steps"),
) -> ProcessingStep:
    """Paso 3: evalúa el modelo con la salida ``test``; ``evaluation.json`` es su ``PropertyFile``."""
    test_data = preprocess.properties.ProcessingOutputConfig.Outputs["test"].S3Output.S3Uri
    inputs = {"model": train.properties.ModelArtifacts.S3ModelArtifacts, "test": test_data}
    return ProcessingStep(
        name="Evaluacion",
        step_args=processor(session, role, image_uri, params, "diagnostico-evaluacion").run(
            code=str(code_dir / "evaluate.py"),
            inputs=[
                ProcessingInput(input_name=name, s3_input=ProcessingS3Input(
                    s3_uri=uri, local_path=f"/opt/ml/processing/{name}",
                    s3_data_type="S3Prefix", s3_input_mode="File",
                ))
                for name, uri in inputs.items()
            ],
            outputs=[ProcessingOutput(output_name="evaluation", s3_output=ProcessingS3Output(
                s3_uri=f"{prefix}/evaluacion", local_path="/opt/ml/processing/evaluation",
                s3_upload_mode="EndOfJob",
            ))],
        ),
        property_files=[PropertyFile(name="Evaluacion", output_name="evaluation", path="evaluation.json")],
        cache_config=cache,
    )
# --8<-- [end:evaluate]


# --8<-- [start:condition]
def condition_step(params: dict, evaluate: ProcessingStep, register: ModelStep) -> ConditionStep:
    """Paso 4: registra el modelo si el AUC de ``evaluation.json`` alcanza el umbral; si no, falla."""
    (evaluation,) = evaluate.property_files
    auc = JsonGet(step_name=evaluate.name, property_file=evaluation, json_path="classification_metrics.auc.value")
    fail = FailStep(
        name="AucInsuficiente",
        error_message=Join(on=" ", values=["El AUC no alcanza el umbral", params["auc_threshold"]]),
    )
    return ConditionStep(
        name="AucSuficiente",
        conditions=[ConditionGreaterThanOrEqualTo(left=auc, right=params["auc_threshold"])],
        if_steps=[register],
        else_steps=[fail],
    )
# --8<-- [end:condition]


# --8<-- [start:register]
def register_step(
    session: PipelineSession,
    role: str,
    image_uri: str,
    train: TrainingStep,
    evaluate: ProcessingStep,
    model_package_group: str,
) -> ModelStep:
    """Paso 5: registra el artefacto del entrenamiento como nueva versión de ``model_package_group``.

    La versión queda siempre pendiente de aprobación y lleva el informe de evaluación como métricas
    de calidad: quien la aprueba ve el AUC en el registro de modelos.
    """
    builder = ModelBuilder(
        s3_model_data_url=train.properties.ModelArtifacts.S3ModelArtifacts,
        image_uri=image_uri,
        role_arn=role,
        # inference.py viaja en code/ dentro de model.tar.gz (lo copia train.py).
        env_vars={"SAGEMAKER_PROGRAM": "inference.py", "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code"},
        sagemaker_session=session,
    )
    report = Join(on="/", values=[
        evaluate.properties.ProcessingOutputConfig.Outputs["evaluation"].S3Output.S3Uri, "evaluation.json",
    ])
    return ModelStep(
        name="Registro",
        step_args=builder.register(
            model_package_group_name=model_package_group,
            approval_status="PendingManualApproval",  # una persona aprueba antes de producción
            model_metrics=ModelMetrics(
                model_quality=ModelQuality(
                    statistics=MetricsSource(content_type="application/json", s3_uri=report)
                )
            ),
            content_types=["text/csv"],
            response_types=["application/json"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
        ),
    )
# --8<-- [end:register]


# --8<-- [start:pipeline]
def build_pipeline(
    session: PipelineSession,
    role: str,
    image_uri: str,
    model_package_group: str,
    auc_threshold: float = 0.9,
    instance_type: str = "ml.m5.large",
    code_dir: Path = Path("steps"),
) -> Pipeline:
    """El pipeline completo; ``code_dir`` es la carpeta con los scripts de los pasos."""
    validate_role(role)
    if not isinstance(model_package_group, str) or not SAGEMAKER_NAME.match(model_package_group):
        raise ValueError(
            f"Nombre de grupo de modelos no válido: {model_package_group!r}. Use hasta 63 letras, "
            "números o guiones, sin empezar ni terminar por guion."
        )
    params = pipeline_parameters(auc_threshold, instance_type)
    prefix = f"s3://{session.default_bucket()}/{PIPELINE_NAME}"
    # La caché reutiliza un paso si sus argumentos no cambian: relanzar tras un fallo no repite lo hecho.
    cache = CacheConfig(enable_caching=True, expire_after="P30D")
    common = {"session": session, "role": role, "image_uri": image_uri, "params": params}

    preprocess = preprocess_step(**common, prefix=prefix, cache=cache, code_dir=code_dir)
    train = train_step(**common, prefix=prefix, cache=cache, preprocess=preprocess, code_dir=code_dir)
    evaluate = evaluate_step(
        **common, prefix=prefix, cache=cache, preprocess=preprocess, train=train, code_dir=code_dir
    )
    register = register_step(
        session, role, image_uri, train=train, evaluate=evaluate, model_package_group=model_package_group
    )
    return Pipeline(
        name=PIPELINE_NAME,
        parameters=list(params.values()),
        steps=[preprocess, train, evaluate, condition_step(params, evaluate, register)],
        sagemaker_session=session,
    )
# --8<-- [end:pipeline]


# --8<-- [start:run]
def upsert_and_start(
    pipeline: Pipeline,
    role: str,
    input_data: str,
    auc_threshold: float | None = None,
    instance_type: str | None = None,
):
    """Guarda la definición en SageMaker y lanza una ejecución, validando antes los parámetros."""
    if not isinstance(pipeline, Pipeline):
        raise TypeError(f"pipeline debe ser un Pipeline (de build_pipeline); se recibió {type(pipeline).__name__}.")
    validate_role(role)
    validate_s3_prefix(input_data)
    parameters = {"InputData": input_data}
    if auc_threshold is not None or instance_type is not None:
        validate_parameters(
            0.9 if auc_threshold is None else auc_threshold, instance_type or "ml.m5.large"
        )
    if auc_threshold is not None:
        parameters["AucThreshold"] = float(auc_threshold)
    if instance_type is not None:
        parameters["InstanceType"] = instance_type
    try:
        pipeline.upsert(role_arn=role, description="Entrena, evalúa y registra el modelo de diagnóstico")
    except (ClientError, BotoCoreError, S3UploadFailedError) as error:  # sube el código de los pasos a S3
        raise RuntimeError(f"No se pudo guardar la definición del pipeline {pipeline.name!r}: {error}") from error
    try:
        return pipeline.start(parameters=parameters)
    except (ClientError, BotoCoreError) as error:
        raise RuntimeError(f"No se pudo lanzar el pipeline {pipeline.name!r} (la definición ya está guardada): "
                           f"{error}") from error
# --8<-- [end:run]


# La configuración del equipo, para la CLI de la CI (cli.py) y el grafo que genera `make generated`.
STEPS_DIR = Path(__file__).resolve().parents[1] / "steps"
EXAMPLE = {
    "role": "arn:aws:iam::123456789012:role/equipo-ml-sagemaker",
    "bucket": "equipo-ml-pipelines",
    # Contenedor de scikit-learn de SageMaker en eu-west-1.
    "image_uri": "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.4-2-cpu-py3",
    "model_package_group": "diagnostico-modelos",
}


def example_pipeline(session: PipelineSession | None = None, **overrides) -> Pipeline:
    """El pipeline del proyecto de ejemplo con la configuración del equipo y los scripts de este paquete."""
    settings = {**EXAMPLE, **overrides}
    bucket = settings.pop("bucket")
    # El bucket del equipo, con nombre fijo: si falta (por ejemplo, contra un endpoint local), se crea protegido.
    session = session or pipeline_session(bucket, create_if_missing=True)
    return build_pipeline(session, **settings, code_dir=STEPS_DIR)


if __name__ == "__main__":
    # --8<-- [start:uso-configuracion]
    # La región es la del notebook (en un portátil o en la CI, defina AWS_DEFAULT_REGION).
    region = boto3.Session().region_name
    # Sustituya el rol por el rol de ejecución de SageMaker de su cuenta.
    role = "arn:aws:iam::123456789012:role/equipo-ml-sagemaker"
    # Bucket del pipeline: código de los pasos, datos intermedios y modelos. Si aún no existe, se crea
    # privado y cifrado; cuando ya exista, quite create_if_missing para que un error de tecleo falle.
    session = pipeline_session("equipo-ml-pipelines", create_if_missing=True, region=region)
    # El contenedor de scikit-learn de SageMaker en esa región.
    image_uri = image_uris.retrieve(framework="sklearn", region=region, version="1.4-2")
    print(f"Región: {region}\nBucket: s3://{session.default_bucket()}\nImagen: {image_uri}")
    # --8<-- [end:uso-configuracion]

    # --8<-- [start:uso-parametros]
    params = pipeline_parameters(auc_threshold=0.9, instance_type="ml.m5.large")
    for param in params.values():
        print(f"{param.name:<20} {type(param).__name__:<16} por defecto: {param.default_value}")
    try:
        pipeline_parameters(auc_threshold=90)  # un AUC del 90 % es 0.9, no 90
    except ValueError as error:
        print("Rechazado al definir:", error)
    # --8<-- [end:uso-parametros]

    # --8<-- [start:uso-carpeta]
    Path("steps").mkdir(exist_ok=True)
    # --8<-- [end:uso-carpeta]

    # --8<-- [start:uso-pipeline]
    pipeline = build_pipeline(session, role, image_uri, model_package_group="diagnostico-modelos")
    definition = json.loads(pipeline.definition())
    print("Parámetros:", [p["Name"] for p in definition["Parameters"]])
    for step in definition["Steps"]:
        print(f'{step["Name"]:<14} {step["Type"]}')
    condition = definition["Steps"][-1]["Arguments"]
    print("Si se cumple:", [s["Name"] for s in condition["IfSteps"]])
    print("Si no:", [s["Name"] for s in condition["ElseSteps"]])
    print(json.dumps(condition["Conditions"], indent=2))
    # --8<-- [end:uso-pipeline]

    from snippets.proyecto_ml.pipeline.graph import pipeline_to_mermaid

    # --8<-- [start:uso-grafo]
    print(pipeline_to_mermaid(definition))
    # --8<-- [end:uso-grafo]

    # --8<-- [start:uso-datos]
    from sklearn.datasets import load_breast_cancer

    # Los datos en bruto del ejemplo (el conjunto de cáncer de mama de scikit-learn, con la clase en
    # «target»), en el bucket del pipeline. Con sus datos, suba sus CSV a un prefijo propio.
    load_breast_cancer(as_frame=True).frame.to_csv("breast_cancer.csv", index=False)
    boto3.client("s3", config=AWS_CONFIG).upload_file("breast_cancer.csv", session.default_bucket(), "datos/raw/breast_cancer.csv")
    raw_data = f"s3://{session.default_bucket()}/datos/raw/"
    print("Datos en bruto:", raw_data)
    # --8<-- [end:uso-datos]

    # --8<-- [start:uso-ejecutar]
    execution = upsert_and_start(pipeline, role, input_data=raw_data, auc_threshold=0.95)
    print("Pipeline:", boto3.client("sagemaker", config=AWS_CONFIG).describe_pipeline(PipelineName=pipeline.name)["PipelineArn"])
    print("Ejecución:", execution.arn)
    print("Estado:", execution.describe()["PipelineExecutionStatus"])
    # --8<-- [end:uso-ejecutar]
