"""Órdenes del pipeline para la CI: imprimir la definición, guardarla y lanzarla, y aprobar un modelo.

    python -m snippets.proyecto_ml.pipeline.cli definition > pipeline.json
    python -m snippets.proyecto_ml.pipeline.cli upsert
    python -m snippets.proyecto_ml.pipeline.cli start --input-data s3://bucket/raw/ [--auc-threshold 0.95]
    python -m snippets.proyecto_ml.pipeline.cli approve
"""

from __future__ import annotations

# --8<-- [start:approve]
import boto3


def approve_latest(group: str, client=None) -> str:
    """Aprueba la última versión pendiente del grupo de modelos; la aprobación la pide una persona en la CI."""
    client = client or boto3.client("sagemaker")
    pending = client.list_model_packages(
        ModelPackageGroupName=group,
        ModelApprovalStatus="PendingManualApproval",
        SortBy="CreationTime",
        SortOrder="Descending",
        MaxResults=1,
    )["ModelPackageSummaryList"]
    if not pending:
        raise LookupError(f"No hay ninguna versión pendiente de aprobar en el grupo {group!r}.")
    arn = pending[0]["ModelPackageArn"]
    client.update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved", ApprovalDescription="Aprobado desde GitLab CI"
    )
    return arn
# --8<-- [end:approve]


def main(argv: list[str] | None = None) -> None:
    import argparse
    import json

    from snippets.proyecto_ml.pipeline.definition import EXAMPLE, example_pipeline, upsert_and_start

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("definition", help="imprime la definición JSON del pipeline")
    commands.add_parser("upsert", help="guarda (o actualiza) la definición en SageMaker")
    start = commands.add_parser("start", help="guarda la definición y lanza una ejecución")
    start.add_argument("--input-data", required=True)
    start.add_argument("--auc-threshold", type=float)
    commands.add_parser("approve", help="aprueba la última versión pendiente del modelo")
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
    else:
        print(f"Aprobado: {approve_latest(EXAMPLE['model_package_group'])}")


if __name__ == "__main__":
    main()
