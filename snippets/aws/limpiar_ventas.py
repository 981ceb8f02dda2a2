"""Paso de Spark en EMR: limpia las ventas de un día (CSV) y las guarda en Parquet, una carpeta por fecha.

Uso: spark-submit limpiar_ventas.py --entrada s3://.../ventas.csv --salida s3://.../limpio/ --fecha 2026-11-25
"""

import argparse

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Limpia las ventas de un día y las guarda en Parquet.")
    parser.add_argument("--entrada", required=True, help="CSV con cabecera id,region,importe")
    parser.add_argument("--salida", required=True, help="carpeta Parquet; el paso escribe su fecha=AAAA-MM-DD")
    parser.add_argument("--fecha", required=True, help="día de las ventas, AAAA-MM-DD")
    args = parser.parse_args(argv)

    spark = SparkSession.builder.appName(f"limpiar-ventas-{args.fecha}").getOrCreate()
    ventas = spark.read.csv(args.entrada, header=True, schema="id STRING, region STRING, importe DOUBLE")
    limpias = (
        ventas.dropna(subset=["id", "importe"])          # sin clave o sin importe: fuera
        .filter(F.col("importe") > 0)
        .withColumn("region", F.lower(F.trim("region")))  # " Norte" y "norte" son la misma región
        .dropDuplicates(["id"])                           # una venta repetida cuenta una vez
        .withColumn("fecha", F.lit(args.fecha))
    )
    # dynamic: repetir el paso de un día reescribe solo la carpeta de ese día.
    (limpias.write.mode("overwrite").option("partitionOverwriteMode", "dynamic")
        .partitionBy("fecha").parquet(args.salida))
    print(f"{args.fecha}: {ventas.count()} filas leídas, {limpias.count()} escritas en {args.salida}")


if __name__ == "__main__":
    main()
