"""Consultas SQL sobre S3 con Amazon Athena (motor basado en Trino/Presto), con boto3."""

# --8<-- [start:query]
import re
import time

import boto3
import pandas as pd
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, cada llamada falla en menos de 30 s.
ATHENA_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})
DATABASE = re.compile(r"^[a-z0-9_]{1,255}$")  # nombres del catálogo de Glue: minúsculas, números y _
WORKGROUP = re.compile(r"^[a-zA-Z0-9._-]{1,128}$")


class AthenaQueryError(Exception):
    """La consulta terminó en FAILED o CANCELLED, no terminó a tiempo o Athena no respondió."""


# El tiempo máximo que Athena deja correr una consulta DML, con la cuota ampliada al máximo.
MAX_TIMEOUT_S = 240 * 60


def check_query_args(sql, database, output_s3, workgroup, timeout_s, poll_s) -> None:
    """Comprueba los argumentos antes de lanzar (y pagar) nada."""
    if not isinstance(sql, str) or not sql.strip():
        raise ValueError("Indique la consulta SQL como un texto no vacío.")
    if not isinstance(database, str) or not DATABASE.match(database):
        raise ValueError(f"Base de datos no válida: {database!r}. Use minúsculas, números y _ (como en Glue).")
    if not isinstance(output_s3, str) or not re.match(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/|$)", output_s3):
        raise ValueError(f"output_s3 debe ser una URI s3://bucket/prefijo/; se recibió {output_s3!r}.")
    if not isinstance(workgroup, str) or not WORKGROUP.match(workgroup):
        raise ValueError(f"Grupo de trabajo no válido: {workgroup!r}.")
    for name, value in (("timeout_s", timeout_s), ("poll_s", poll_s)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ValueError(f"{name} debe ser un número de segundos mayor que 0; se recibió {value!r}.")
    if not timeout_s <= MAX_TIMEOUT_S:
        raise ValueError(f"timeout_s no puede pasar de {MAX_TIMEOUT_S} s: Athena cancela antes cualquier consulta "
                         f"(240 min como mucho); se recibió {timeout_s!r}.")
    if poll_s > timeout_s:
        raise ValueError(f"poll_s ({poll_s} s) no puede ser mayor que timeout_s ({timeout_s} s).")


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
    check_query_args(sql, database, output_s3, workgroup, timeout_s, poll_s)
    client = client or boto3.client("athena", config=ATHENA_CONFIG)
    try:
        return run_query(client, sql, database, output_s3, workgroup, timeout_s, poll_s)
    except (ClientError, BotoCoreError) as err:
        raise AthenaQueryError(f"Athena no pudo ejecutar la consulta en {database!r}: {err}") from err


def run_query(client, sql, database, output_s3, workgroup, timeout_s, poll_s) -> pd.DataFrame:
    """Lanza la consulta, espera a que termine y lee todas las páginas del resultado."""
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

    columns, rows = None, []
    for page in client.get_paginator("get_query_results").paginate(QueryExecutionId=query_id):
        result = page.get("ResultSet", {})  # una sentencia sin resultado (CREATE, DROP...) puede no traerlo
        if columns is None:
            columns = [col["Name"] for col in result.get("ResultSetMetadata", {}).get("ColumnInfo", [])]
        rows += [[col.get("VarCharValue") for col in row.get("Data", [])] for row in result.get("Rows", [])]
    if rows and rows[0] == columns:
        rows = rows[1:]  # en un SELECT, la primera fila repite los nombres de las columnas
    return pd.DataFrame(rows, columns=columns)
# --8<-- [end:query]


if __name__ == "__main__":
    # --8<-- [start:uso-query]
    bucket = "equipo-ml-athena-resultados"
    s3 = boto3.client("s3", config=ATHENA_CONFIG)
    region = s3.meta.region_name
    try:  # fuera de us-east-1, S3 pide la región del bucket
        s3.create_bucket(Bucket=bucket, **(
            {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        ))
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass  # ya es suyo: otra página lo creó o la celda se ejecuta de nuevo

    tablas = athena_query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'default'",
        database="default",
        output_s3=f"s3://{bucket}/consultas/",
    )
    print(f"Tablas de la base de datos «default» del catálogo: {len(tablas)}")
    print(tablas.head(10))
    # --8<-- [end:uso-query]
