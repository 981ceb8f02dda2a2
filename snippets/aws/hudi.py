"""Apache Hudi: opciones de escritura desde Spark en EMR y lectura de tablas con el paquete ``hudi``."""

from __future__ import annotations

# --8<-- [start:write-options]
TABLE_TYPES = ("COPY_ON_WRITE", "MERGE_ON_READ")
OPERATIONS = ("upsert", "insert", "bulk_insert", "delete")


def hudi_write_options(
    table: str,
    record_key: str,
    precombine_field: str,
    partition_field: str | None = None,
    table_type: str = "COPY_ON_WRITE",
    operation: str = "upsert",
    database: str | None = None,
) -> dict[str, str]:
    """Opciones de ``df.write.format("hudi")`` para una tabla de Hudi en EMR.

    ``precombine_field`` decide qué versión gana cuando llegan dos filas con la misma clave (la de
    mayor valor). Con ``database``, la tabla se registra en el catálogo (AWS Glue en EMR).
    """
    if table_type not in TABLE_TYPES:
        raise ValueError(f"table_type debe ser uno de {TABLE_TYPES}; se recibió {table_type!r}.")
    if operation not in OPERATIONS:
        raise ValueError(f"operation debe ser una de {OPERATIONS}; se recibió {operation!r}.")
    options = {
        "hoodie.table.name": table,
        "hoodie.datasource.write.table.type": table_type,
        "hoodie.datasource.write.operation": operation,
        "hoodie.datasource.write.recordkey.field": record_key,
        "hoodie.datasource.write.precombine.field": precombine_field,
    }
    if partition_field:
        options["hoodie.datasource.write.partitionpath.field"] = partition_field
        options["hoodie.datasource.write.hive_style_partitioning"] = "true"  # carpetas city=valor
    if table_type == "MERGE_ON_READ":
        # Compacta (funde los logs en Parquet) cada 5 escrituras, en la propia escritura.
        options["hoodie.compact.inline"] = "true"
        options["hoodie.compact.inline.max.delta.commits"] = "5"
    if database:
        options.update({
            "hoodie.datasource.hive_sync.enable": "true",
            "hoodie.datasource.hive_sync.mode": "hms",
            "hoodie.datasource.hive_sync.database": database,
            "hoodie.datasource.hive_sync.table": table,
        })
        if partition_field:
            options["hoodie.datasource.hive_sync.partition_fields"] = partition_field
    return options
# --8<-- [end:write-options]


# --8<-- [start:read]
import pandas as pd
import pyarrow as pa
from hudi import HudiReadOptions, HudiTable


def read_snapshot(table_path: str) -> pd.DataFrame:
    """Consulta snapshot: la última versión de cada clave (en MoR, base Parquet más logs)."""
    return pa.Table.from_batches(HudiTable(table_path).read()).to_pandas()


def read_optimized(table_path: str) -> pd.DataFrame:
    """Consulta read-optimized: solo los ficheros base; en MoR no ve lo que aún está en los logs."""
    options = HudiReadOptions(hudi_options={"hoodie.read.use.read_optimized.mode": "true"})
    return pa.Table.from_batches(HudiTable(table_path).read(options)).to_pandas()
# --8<-- [end:read]


# --8<-- [start:timeline]
def timeline(table_path: str) -> list[tuple[str, str]]:
    """Las escrituras completadas de la tabla: (instante, acción), de la más antigua a la más reciente."""
    tl = HudiTable(table_path).get_timeline()
    instants = tl.get_completed_commits() + tl.get_completed_deltacommits()
    return sorted((i.timestamp, i.action) for i in instants)


def file_slices(table_path: str) -> list[dict]:
    """Cada grupo de ficheros: su partición, su fichero base y los logs pendientes de compactar."""
    return [
        {
            "particion": s.partition_path,
            "base": s.base_file_name,
            "logs": list(s.log_file_names),
        }
        for s in HudiTable(table_path).get_file_slices()
    ]
# --8<-- [end:timeline]


# --8<-- [start:write]
from pyspark.sql import DataFrame


def write_hudi(df: DataFrame, path: str, options: dict[str, str], mode: str = "append") -> None:
    """Escribe un DataFrame en una tabla de Hudi (en EMR, ``path`` es un prefijo ``s3://``).

    ``append`` aplica la operación de ``options`` (upsert por defecto) sobre la tabla existente o la
    crea; ``overwrite`` borra la tabla y la vuelve a escribir entera.
    """
    if mode not in ("append", "overwrite"):
        raise ValueError(f"mode debe ser 'append' u 'overwrite'; se recibió {mode!r}.")
    df.write.format("hudi").options(**options).mode(mode).save(path)
# --8<-- [end:write]
