"""Ejemplos de uso de snippets/spark/fundamentals.py que muestra la página de almacenamiento y procesamiento."""

from __future__ import annotations

from pyspark.sql import SparkSession

from snippets.spark.fundamentals import query_parquet


def sales_by_region(path: str, spark: SparkSession) -> list[tuple[str, float]]:
    # --8<-- [start:sql-parquet]
    ventas = spark.createDataFrame(
        [("norte", "2026-01", 120.0), ("sur", "2026-01", 80.0), ("norte", "2026-02", 95.5)],
        ["region", "mes", "importe"],
    )
    ventas.write.mode("overwrite").partitionBy("mes").parquet(path)  # en EMR: s3://bucket/ventas/

    totales = query_parquet(
        path,
        "SELECT region, SUM(importe) AS total FROM ventas GROUP BY region ORDER BY total DESC",
        view="ventas",
    )
    totales.show()
    # --8<-- [end:sql-parquet]
    return [(row["region"], row["total"]) for row in totales.collect()]
