"""Órdenes del pipeline para la CI: imprimir la definición, guardarla y lanzarla, y aprobar un modelo.

    python -m snippets.proyecto_ml.pipeline.cli definition > pipeline.json
    python -m snippets.proyecto_ml.pipeline.cli upsert
    python -m snippets.proyecto_ml.pipeline.cli start --input-data s3://bucket/raw/ [--auc-threshold 0.95]
    python -m snippets.proyecto_ml.pipeline.cli start --input-data s3://bucket/raw/ --dotenv pipeline.env
    python -m snippets.proyecto_ml.pipeline.cli approve --execution-arn ARN
"""

from __future__ import annotations

# --8<-- [start:approve]
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

EXECUTION_ARN = re.compile(r"^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:pipeline/[^/]+/execution/[a-z0-9]+$")
PACKAGE_ARN = re.compile(r"^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package/[^/]+/\d+$")


def registered_model_package(execution_arn: str, client=None) -> str:
    """El ARN de la versión del modelo que registró una ejecución terminada del pipeline."""
    if not isinstance(execution_arn, str) or not EXECUTION_ARN.match(execution_arn):
        raise ValueError(f"Se esperaba el ARN de una ejecución de pipeline; se recibió {execution_arn!r}.")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    try:
        status = client.describe_pipeline_execution(PipelineExecutionArn=execution_arn)["PipelineExecutionStatus"]
        if status != "Succeeded":
            raise LookupError(f"La ejecución no ha terminado bien (estado {status}): no hay modelo que aprobar.")
        pages = client.get_paginator("list_pipeline_execution_steps").paginate(PipelineExecutionArn=execution_arn)
        arns = [step["Metadata"]["RegisterModel"]["Arn"] for page in pages for step in page["PipelineExecutionSteps"]
                if "RegisterModel" in step.get("Metadata", {})]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo leer la ejecución {execution_arn} en SageMaker: {err}") from err
    if len(arns) != 1:
        raise LookupError(f"La ejecución registró {len(arns)} versiones del modelo; se esperaba exactamente una.")
    return arns[0]


def approve_model_package(package_arn: str, client=None) -> str:
    """Aprueba exactamente esa versión del modelo, si sigue pendiente; la aprobación la pide una persona en la CI."""
    if not isinstance(package_arn, str) or not PACKAGE_ARN.match(package_arn):
        raise ValueError(f"Se esperaba el ARN de una versión de modelo; se recibió {package_arn!r}.")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    try:
        status = client.describe_model_package(ModelPackageName=package_arn)["ModelApprovalStatus"]
        if status != "PendingManualApproval":
            raise LookupError(f"La versión {package_arn} no está pendiente de aprobación (estado {status}).")
        client.update_model_package(
            ModelPackageArn=package_arn, ModelApprovalStatus="Approved", ApprovalDescription="Aprobado desde GitLab CI"
        )
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo aprobar la versión {package_arn} en SageMaker: {err}") from err
    return package_arn
# --8<-- [end:approve]


def main(argv: list[str] | None = None) -> None:
    import argparse
    import json
    from pathlib import Path

    from snippets.proyecto_ml.pipeline.definition import EXAMPLE, example_pipeline, upsert_and_start

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("definition", help="imprime la definición JSON del pipeline")
    commands.add_parser("upsert", help="guarda (o actualiza) la definición en SageMaker")
    start = commands.add_parser("start", help="guarda la definición y lanza una ejecución")
    start.add_argument("--input-data", required=True)
    start.add_argument("--auc-threshold", type=float)
    start.add_argument("--dotenv", help="archivo donde escribir PIPELINE_EXECUTION_ARN (artefacto dotenv de GitLab)")
    approve = commands.add_parser("approve", help="aprueba la versión que registró una ejecución")
    approve.add_argument("--execution-arn", required=True, help="ARN de la ejecución del pipeline")
    args = parser.parse_args(argv)

    if args.command == "definition":
        print(json.dumps(json.loads(example_pipeline().definition()), indent=2, ensure_ascii=False))
    elif args.command == "upsert":
        pipeline = example_pipeline()
        pipeline.upsert(role_arn=EXAMPLE["role"])
        print(f"Pipeline {pipeline.name} actualizado")
    elif args.command == "start":
        execution = upsert_and_start(example_pipeline(), EXAMPLE["role"], args.input_data, args.auc_threshold)
        print(f"Ejecución lanzada: {execution.arn}")
        if args.dotenv:
            Path(args.dotenv).write_text(f"PIPELINE_EXECUTION_ARN={execution.arn}\n", encoding="utf-8")
    else:
        print(f"Aprobado: {approve_model_package(registered_model_package(args.execution_arn))}")


if __name__ == "__main__":
    main()
