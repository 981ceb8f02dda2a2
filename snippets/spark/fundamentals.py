"""Spark desde dentro: el modelo MapReduce con RDD, el linaje, la evaluación perezosa y SQL sobre Parquet.

Las secciones siguen el orden de la página de almacenamiento y procesamiento. Funcionan igual en un
notebook de EMR (donde ``spark`` ya existe) y en Spark local. Las funciones reciben la SparkSession como
argumento opcional.
"""

# --8<-- [start:wordcount]
import re

from pyspark.sql import SparkSession


def word_count(lines: list[str], spark: SparkSession | None = None) -> list[tuple[str, int]]:
    """Cuenta palabras con las tres fases de MapReduce sobre un RDD.

    map: cada línea se parte en palabras y cada palabra se convierte en el par (palabra, 1).
    shuffle: Spark agrupa los pares por clave entre particiones.
    reduce: ``reduceByKey`` suma los unos de cada palabra.
    """
    spark = spark or SparkSession.builder.getOrCreate()
    rdd = spark.sparkContext.parallelize(lines)
    counts = (
        rdd.flatMap(lambda line: re.findall(r"\w+", line.lower()))  # map: línea -> palabras
        .map(lambda word: (word, 1))                                # map: palabra -> (palabra, 1)
        .reduceByKey(lambda a, b: a + b)                            # shuffle + reduce
    )
    return sorted(counts.collect(), key=lambda pair: (-pair[1], pair[0]))
# --8<-- [end:wordcount]


# --8<-- [start:lineage]
def lineage(lines: list[str], spark: SparkSession | None = None) -> str:
    """Devuelve el linaje de un RDD: la receta que Spark usa para recalcular una partición perdida."""
    spark = spark or SparkSession.builder.getOrCreate()
    rdd = (
        spark.sparkContext.parallelize(lines, 2)
        .flatMap(str.split)
        .map(lambda word: (word, 1))
        .reduceByKey(lambda a, b: a + b)
    )
    return rdd.toDebugString().decode("utf-8")
# --8<-- [end:lineage]


# --8<-- [start:lazy]
def lazy_evaluation(n: int, spark: SparkSession | None = None) -> tuple[int, int]:
    """Muestra que las transformaciones no se ejecutan hasta que una acción pide un resultado.

    Devuelve cuántos elementos había procesado la transformación antes y después de la acción.
    """
    spark = spark or SparkSession.builder.getOrCreate()
    processed = spark.sparkContext.accumulator(0)

    def square(x: int) -> int:
        processed.add(1)
        return x * x

    squares = spark.sparkContext.parallelize(range(n)).map(square)  # transformación: no ejecuta nada
    before = processed.value
    squares.sum()  # acción: ahora sí se ejecuta el map
    return before, processed.value
# --8<-- [end:lazy]


# --8<-- [start:sql-parquet]
from pyspark.sql import DataFrame, SparkSession


def query_parquet(path: str, sql: str, view: str = "datos", spark: SparkSession | None = None) -> DataFrame:
    """Ejecuta SQL sobre archivos Parquet (en S3 con ``s3://`` en EMR, o en disco en local).

    Es lo mismo que hacen Athena y Presto/Trino: SQL sobre archivos, sin cargarlos en una base de datos.
    """
    spark = spark or SparkSession.builder.getOrCreate()
    spark.read.parquet(path).createOrReplaceTempView(view)
    return spark.sql(sql)
# --8<-- [end:sql-parquet]


if __name__ == "__main__":
    spark = SparkSession.builder.getOrCreate()  # en el kernel PySpark de EMR, «spark» ya existe

    # --8<-- [start:uso-sql-parquet]
    ventas = spark.createDataFrame(
        [("norte", "2026-01", 120.0), ("sur", "2026-01", 80.0), ("norte", "2026-02", 95.5)],
        ["region", "mes", "importe"],
    )
    path = "ventas"  # en EMR, mejor en S3: "s3://equipo-ml-churn-datos/ventas/"
    ventas.write.mode("overwrite").partitionBy("mes").parquet(path)  # una carpeta mes=... por mes

    totales = query_parquet(
        path,
        "SELECT region, SUM(importe) AS total FROM ventas GROUP BY region ORDER BY total DESC",
        view="ventas",
    )
    totales.show()
    # --8<-- [end:uso-sql-parquet]

    # --8<-- [start:uso-wordcount]
    print(word_count(["el dato es el rey", "El modelo aprende del dato"]))
    # --8<-- [end:uso-wordcount]

    # --8<-- [start:uso-lineage]
    print(lineage(["el dato es el rey", "el modelo aprende del dato"]))
    # --8<-- [end:uso-lineage]

    # --8<-- [start:uso-lazy]
    antes, despues = lazy_evaluation(100)
    print(f"Elementos procesados antes de la acción: {antes}; después: {despues}")
    # --8<-- [end:uso-lazy]
