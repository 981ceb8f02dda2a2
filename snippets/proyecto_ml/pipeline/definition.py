"""El pipeline de SageMaker del proyecto de ejemplo (SageMaker Python SDK v3).

    Preprocesado -> Entrenamiento -> Evaluación -> ¿AUC >= umbral? -> Registro | Fallo

Construir el pipeline no crea nada en AWS salvo subir el código de los pasos a S3: los trabajos se
crean cuando se ejecuta. ``upsert`` guarda (o actualiza) la definición y ``start`` lanza una ejecución.
"""

from __future__ import annotations

# --8<-- [start:imports]
from pathlib import Path

import boto3
from sagemaker.core.processing import ScriptProcessor
from sagemaker.core.shapes import (
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

STEPS_DIR = Path(__file__).resolve().parents[1] / "steps"  # preprocess.py, train.py, evaluate.py
# --8<-- [end:imports]


# --8<-- [start:validate]
def valid_instance_types(kind: str = "Processing") -> set[str]:
    """Los tipos de instancia que acepta SageMaker, del modelo de la API que trae boto3."""
    shape = boto3.client("sagemaker").meta.service_model.shape_for(f"{kind}InstanceType")
    return set(shape.enum)


def validate_parameters(auc_threshold: float, instance_type: str) -> None:
    """Comprueba los parámetros al definir el pipeline, no veinte minutos después de lanzarlo."""
    if not 0.0 <= auc_threshold <= 1.0:
        raise ValueError(f"El umbral de AUC debe estar entre 0 y 1; se recibió {auc_threshold}.")
    for kind in ("Processing", "Training"):
        if instance_type not in valid_instance_types(kind):
            raise ValueError(
                f"{instance_type!r} no es un tipo de instancia de {kind} de SageMaker "
                "(ejemplos válidos: ml.m5.large, ml.c5.xlarge)."
            )
# --8<-- [end:validate]


# --8<-- [start:parameters]
PIPELINE_NAME = "churn-entrenamiento"


def pipeline_parameters(auc_threshold: float = 0.9, instance_type: str = "ml.m5.large"):
    """Parámetros que cada ejecución puede cambiar sin tocar el código."""
    validate_parameters(auc_threshold, instance_type)
    return {
        "input_data": ParameterString(name="InputData"),  # s3://.../raw/ en cada ejecución
        "instance_type": ParameterString(name="InstanceType", default_value=instance_type),
        "auc_threshold": ParameterFloat(name="AucThreshold", default_value=auc_threshold),
        "approval": ParameterString(name="ModelApprovalStatus", default_value="PendingManualApproval"),
    }
# --8<-- [end:parameters]


def build_pipeline(
    role: str,
    bucket: str,
    image_uri: str,
    model_package_group: str,
    auc_threshold: float = 0.9,
    instance_type: str = "ml.m5.large",
    session: PipelineSession | None = None,
) -> Pipeline:
    """Construye el pipeline completo. ``image_uri`` es el contenedor de scikit-learn de la región."""
    params = pipeline_parameters(auc_threshold, instance_type)
    session = session or PipelineSession(default_bucket=bucket)
    prefix = f"s3://{bucket}/{PIPELINE_NAME}"
    # La caché reutiliza un paso si sus argumentos no cambian: relanzar tras un fallo no repite lo hecho.
    cache = CacheConfig(enable_caching=True, expire_after="P30D")

    # --8<-- [start:processor]
    def processor(job_name: str) -> ScriptProcessor:
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
    step_preprocess = ProcessingStep(
        name="Preprocesado",
        step_args=processor("churn-preprocesado").run(
            code=str(STEPS_DIR / "preprocess.py"),
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
    outputs = step_preprocess.properties.ProcessingOutputConfig.Outputs
    # --8<-- [end:preprocess]

    # --8<-- [start:train]
    trainer = ModelTrainer(
        training_image=image_uri,
        role=role,
        base_job_name="churn-entrenamiento",
        source_code=SourceCode(source_dir=str(STEPS_DIR), entry_script="train.py"),
        compute=Compute(instance_type=instance_type, instance_count=1),
        hyperparameters={"C": 1.0, "max-iter": 1000},
        output_data_config=OutputDataConfig(s3_output_path=f"{prefix}/modelos/"),
        sagemaker_session=session,
    )
    step_train = TrainingStep(
        name="Entrenamiento",
        step_args=trainer.train(input_data_config=[
            InputData(channel_name="train", data_source=outputs["train"].S3Output.S3Uri),
        ]),
        cache_config=cache,
    )
    model_artifact = step_train.properties.ModelArtifacts.S3ModelArtifacts
    # --8<-- [end:train]

    # --8<-- [start:evaluate]
    evaluation = PropertyFile(name="Evaluacion", output_name="evaluation", path="evaluation.json")
    step_evaluate = ProcessingStep(
        name="Evaluacion",
        step_args=processor("churn-evaluacion").run(
            code=str(STEPS_DIR / "evaluate.py"),
            inputs=[
                ProcessingInput(input_name="model", s3_input=ProcessingS3Input(
                    s3_uri=model_artifact, local_path="/opt/ml/processing/model",
                    s3_data_type="S3Prefix", s3_input_mode="File",
                )),
                ProcessingInput(input_name="test", s3_input=ProcessingS3Input(
                    s3_uri=outputs["test"].S3Output.S3Uri, local_path="/opt/ml/processing/test",
                    s3_data_type="S3Prefix", s3_input_mode="File",
                )),
            ],
            outputs=[ProcessingOutput(output_name="evaluation", s3_output=ProcessingS3Output(
                s3_uri=f"{prefix}/evaluacion/", local_path="/opt/ml/processing/evaluation",
                s3_upload_mode="EndOfJob",
            ))],
        ),
        property_files=[evaluation],
        cache_config=cache,
    )
    auc = JsonGet(step_name=step_evaluate.name, property_file=evaluation,
                  json_path="classification_metrics.auc.value")
    # --8<-- [end:evaluate]

    # --8<-- [start:register]
    builder = ModelBuilder(
        s3_model_data_url=model_artifact,
        image_uri=image_uri,
        role_arn=role,
        # inference.py viaja en code/ dentro de model.tar.gz (lo copia train.py).
        env_vars={"SAGEMAKER_PROGRAM": "inference.py", "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code"},
        sagemaker_session=session,
    )
    step_register = ModelStep(
        name="Registro",
        step_args=builder.register(
            model_package_group_name=model_package_group,
            approval_status=params["approval"],  # una persona aprueba antes de producción
            content_types=["text/csv"],
            response_types=["application/json"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
        ),
    )
    # --8<-- [end:register]

    # --8<-- [start:condition]
    step_fail = FailStep(
        name="AucInsuficiente",
        error_message=Join(on=" ", values=["El AUC no alcanza el umbral", params["auc_threshold"]]),
    )
    step_condition = ConditionStep(
        name="AucSuficiente",
        conditions=[ConditionGreaterThanOrEqualTo(left=auc, right=params["auc_threshold"])],
        if_steps=[step_register],
        else_steps=[step_fail],
    )
    # --8<-- [end:condition]

    return Pipeline(
        name=PIPELINE_NAME,
        parameters=list(params.values()),
        steps=[step_preprocess, step_train, step_evaluate, step_condition],
        sagemaker_session=session,
    )


# --8<-- [start:run]
def upsert_and_start(
    pipeline: Pipeline,
    role: str,
    input_data: str,
    auc_threshold: float | None = None,
    instance_type: str | None = None,
):
    """Guarda la definición en SageMaker y lanza una ejecución, validando antes los parámetros."""
    if not input_data.startswith("s3://"):
        raise ValueError(f"InputData debe ser un prefijo s3://; se recibió {input_data!r}.")
    parameters = {"InputData": input_data}
    if auc_threshold is not None or instance_type is not None:
        validate_parameters(
            0.9 if auc_threshold is None else auc_threshold, instance_type or "ml.m5.large"
        )
    if auc_threshold is not None:
        parameters["AucThreshold"] = auc_threshold
    if instance_type is not None:
        parameters["InstanceType"] = instance_type
    pipeline.upsert(role_arn=role, description="Entrena, evalúa y registra el modelo de bajas")
    return pipeline.start(parameters=parameters)
# --8<-- [end:run]


# --8<-- [start:example]
EXAMPLE = {
    "role": "arn:aws:iam::123456789012:role/equipo-ml-sagemaker",
    "bucket": "equipo-ml-pipelines",
    # Contenedor de scikit-learn de SageMaker en eu-west-1; en otra región, obtenga la URI con
    # sagemaker.core.image_uris.retrieve(framework="sklearn", region=..., version="1.4-2").
    "image_uri": "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.4-2-cpu-py3",
    "model_package_group": "churn-modelos",
}


def example_pipeline(session: PipelineSession | None = None, **overrides) -> Pipeline:
    """El pipeline del proyecto de ejemplo con la configuración del equipo."""
    return build_pipeline(**{**EXAMPLE, **overrides}, session=session)
# --8<-- [end:example]
