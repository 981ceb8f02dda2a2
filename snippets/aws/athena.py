"""Consultas SQL sobre S3 con Amazon Athena (motor basado en Trino/Presto), con boto3."""

from __future__ import annotations

# --8<-- [start:query]
import time

import boto3
import pandas as pd


class AthenaQueryError(Exception):
    """La consulta terminó en FAILED o CANCELLED, o no terminó a tiempo."""


def athena_query(
    sql: str,
    database: str,
    output_s3: str,
    workgroup: str = "primary",
    timeout_s: float = 300,
    poll_s: float = 1.0,
    client=None,
) -> pd.DataFrame:
    """Ejecuta una consulta, espera a que termine y devuelve el resultado como DataFrame (texto).

    Athena cobra por datos escaneados: filtre por las columnas de partición y use Parquet.
    ``output_s3`` es donde Athena deja el CSV del resultado.
    """
    if not output_s3.startswith("s3://"):
        raise ValueError(f"output_s3 debe ser una URI s3://; se recibió {output_s3!r}.")
    client = client or boto3.client("athena")
    query_id = client.start_query_execution(
        QueryString=sql,
        QueryExecutionContext={"Database": database},
        ResultConfiguration={"OutputLocation": output_s3},
        WorkGroup=workgroup,
    )["QueryExecutionId"]
    deadline = time.monotonic() + timeout_s
    while True:
        status = client.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"]
        if status["State"] == "SUCCEEDED":
            break
        if status["State"] in ("FAILED", "CANCELLED"):
            reason = status.get("StateChangeReason", "sin motivo")
            raise AthenaQueryError(f"La consulta {query_id} terminó en {status['State']}: {reason}")
        if time.monotonic() > deadline:
            client.stop_query_execution(QueryExecutionId=query_id)  # no siga escaneando (y cobrando)
            raise AthenaQueryError(f"La consulta {query_id} no terminó en {timeout_s} s; se ha cancelado.")
        time.sleep(poll_s)

    rows = []
    for page in client.get_paginator("get_query_results").paginate(QueryExecutionId=query_id):
        rows += [[col.get("VarCharValue") for col in row["Data"]] for row in page["ResultSet"]["Rows"]]
    header, *data = rows  # la primera fila de un SELECT son los nombres de las columnas
    return pd.DataFrame(data, columns=header)
# --8<-- [end:query]
