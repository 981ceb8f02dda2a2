"""Apache Hudi: opciones de escritura desde Spark en EMR y lectura de tablas con el paquete ``hudi``.

Las secciones siguen el orden de la página de Hudi.
"""

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
    """Consulta read-optimized: solo los archivos base; en MoR no ve lo que aún está en los logs."""
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
    """Cada grupo de archivos: su partición, su archivo base y los logs pendientes de compactar."""
    return [
        {
            "particion": s.partition_path,
            "base": s.base_file_name,
            "logs": list(s.log_file_names),
        }
        for s in HudiTable(table_path).get_file_slices()
    ]
# --8<-- [end:timeline]


# --8<-- [start:spark-conf]
import json

HUDI_BUNDLE = "/usr/lib/hudi/hudi-spark-bundle.jar"  # en el disco de cada nodo de EMR, fuera del classpath
HUDI_BUNDLE_HDFS = "hdfs:///apps/hudi/lib/hudi-spark-bundle.jar"  # la copia que leen los notebooks
# Lo que una sesión de Spark necesita para Hudi, además del bundle. Se fijan al crear la sesión
# (%%configure -f, spark-submit --conf): spark.conf.set no cambia una sesión ya creada.
HUDI_SPARK_CONF = {
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    "spark.kryo.registrator": "org.apache.spark.HoodieSparkKryoRegistrar",
    "spark.sql.extensions": "org.apache.spark.sql.hudi.HoodieSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.hudi.catalog.HoodieCatalog",
}


def hudi_session_conf(jar: str = HUDI_BUNDLE) -> dict[str, str]:
    """Las propiedades de una sesión con Hudi: el bundle en ``spark.jars`` y ``HUDI_SPARK_CONF``."""
    if not isinstance(jar, str) or not jar.endswith(".jar"):
        raise ValueError(f"jar debe ser la ruta de un .jar; se recibió {jar!r}.")
    return {"spark.jars": jar, **HUDI_SPARK_CONF}


def configure_cell(jar: str = HUDI_BUNDLE_HDFS) -> str:
    """La celda ``%%configure -f`` de un notebook de EMR: reinicia la sesión de Livy con Hudi."""
    return "%%configure -f\n" + json.dumps({"conf": hudi_session_conf(jar)}, indent=2) + "\n"


def spark_submit_conf(jar: str = HUDI_BUNDLE) -> list[str]:
    """Las mismas propiedades como argumentos ``--conf clave=valor`` de ``spark-submit``."""
    return [arg for key, value in hudi_session_conf(jar).items() for arg in ("--conf", f"{key}={value}")]


def missing_hudi_conf(spark) -> dict[str, str]:
    """Las propiedades de Hudi que le faltan a la sesión ``spark`` (vacío = lista para Hudi)."""
    current = {key: spark.conf.get(key, None) for key in hudi_session_conf()}
    missing = {key: value for key, value in HUDI_SPARK_CONF.items() if current[key] != value}
    if "hudi-spark-bundle" not in (current["spark.jars"] or ""):
        missing["spark.jars"] = HUDI_BUNDLE_HDFS
    return missing
# --8<-- [end:spark-conf]


# --8<-- [start:write]
from pyspark.sql import DataFrame


def write_hudi(df: DataFrame, path: str, options: dict[str, str], mode: str = "append") -> None:
    """Escribe un DataFrame en una tabla de Hudi (en EMR, ``path`` es un prefijo ``s3://``).

    ``append`` aplica la operación de ``options`` (upsert por defecto) sobre la tabla existente o la
    crea; ``overwrite`` borra la tabla y la vuelve a escribir entera.
    """
    if mode not in ("append", "overwrite"):
        raise ValueError(f"mode debe ser 'append' u 'overwrite'; se recibió {mode!r}.")
    missing = missing_hudi_conf(df.sparkSession)
    if missing:
        raise RuntimeError(
            "La sesión de Spark no está preparada para Hudi: ejecute primero la celda %%configure -f "
            f"(o spark-submit con estas --conf). Faltan: {', '.join(sorted(missing))}."
        )
    df.write.format("hudi").options(**options).mode(mode).save(path)
# --8<-- [end:write]


if __name__ == "__main__":
    # --8<-- [start:uso-spark-conf]
    missing = missing_hudi_conf(spark)
    print("Sesión lista para Hudi" if not missing else f"A esta sesión le faltan: {sorted(missing)}")
    # --8<-- [end:uso-spark-conf]

    # --8<-- [start:uso-write-options]
    options = hudi_write_options(
        "viajes", record_key="uuid", precombine_field="ts", partition_field="city",
        table_type="MERGE_ON_READ",
    )
    for key, value in options.items():
        print(f"{key} = {value}")
    # --8<-- [end:uso-write-options]

    # Lo que sigue escribe en S3 con el bundle de Hudi: solo en un clúster de EMR.
    # --8<-- [start:uso-write]
    from pyspark.sql import functions as F

    table_path = "s3://equipo-ml-lago/hudi/viajes/"
    viajes = spark.createDataFrame(
        [
            ("v-001", 1764057600, "rider-A", "driver-K", 19.10, "madrid"),
            ("v-002", 1764061200, "rider-C", "driver-M", 27.70, "madrid"),
            ("v-003", 1764064800, "rider-D", "driver-L", 33.90, "barcelona"),
            ("v-004", 1764068400, "rider-F", "driver-P", 34.15, "valencia"),
        ],
        ["uuid", "ts", "rider", "driver", "fare", "city"],
    )
    write_hudi(viajes, table_path, options)  # crea la tabla

    # La tarifa de rider-D (v-003) pasa de 33.90 a 25.0: misma clave y ts mayor, un upsert.
    # En MoR, el cambio va a un log hasta la compactación.
    correccion = (
        viajes.filter(F.col("rider") == "rider-D")
        .withColumn("fare", F.lit(25.0))
        .withColumn("ts", F.col("ts") + 60)
    )
    write_hudi(correccion, table_path, options)
    spark.read.format("hudi").load(table_path).select("uuid", "rider", "fare", "city").orderBy("uuid").show()
    # --8<-- [end:uso-write]

    # Lo que sigue lee con hudi-rs, en un kernel de Python, la tabla que escribió el bloque anterior en S3.
    # --8<-- [start:uso-read]
    table_path = "s3://equipo-ml-lago/hudi/viajes/"
    print(read_snapshot(table_path)[["uuid", "rider", "fare"]])   # v-003 con la tarifa nueva
    print(read_optimized(table_path)[["uuid", "rider", "fare"]])  # v-003 con la antigua, hasta compactar
    print(timeline(table_path))     # dos deltacommit
    print(file_slices(table_path))  # el grupo de barcelona con un log pendiente
    # --8<-- [end:uso-read]

    # --8<-- [start:uso-cow-mor]
    cow = hudi_write_options("viajes", "uuid", "ts", "city", table_type="COPY_ON_WRITE")
    mor = hudi_write_options("viajes", "uuid", "ts", "city", table_type="MERGE_ON_READ")
    for key in sorted(cow.keys() | mor.keys()):
        if cow.get(key) != mor.get(key):
            print(f"{key}: CoW = {cow.get(key, '(sin definir)')}, MoR = {mor.get(key, '(sin definir)')}")
    # --8<-- [end:uso-cow-mor]
