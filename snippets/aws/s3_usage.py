"""Ejemplos de uso de snippets/aws/s3.py que muestra la página «boto3 y S3».

Cada ejemplo va dentro de una función para que el módulo se pueda importar sin llamar a AWS;
la página muestra solo el cuerpo, tal como se escribe en un notebook.
"""

from __future__ import annotations

from snippets.aws.s3 import create_bucket, delete_prefix, list_objects


def create_team_bucket() -> str:
    # --8<-- [start:create-bucket]
    uri = create_bucket("equipo-ml-churn-datos", tags={"proyecto": "churn", "equipo": "ml"})
    # --8<-- [end:create-bucket]
    return uri


def size_of_raw_data() -> float:
    # --8<-- [start:list]
    total = sum(obj["Size"] for obj in list_objects("s3://equipo-ml-churn-datos/raw/"))
    print(f"{total / 1024**3:.2f} GiB en raw/")
    # --8<-- [end:list]
    return total


def clean_tmp() -> list[str]:
    # --8<-- [start:delete-prefix]
    print(delete_prefix("s3://equipo-ml-churn-datos/tmp/"))  # revise la lista antes de borrar
    deleted = delete_prefix("s3://equipo-ml-churn-datos/tmp/", dry_run=False)
    # --8<-- [end:delete-prefix]
    return deleted
