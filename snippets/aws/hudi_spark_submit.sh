#!/bin/bash
# spark-submit con Hudi en un clúster de EMR: el bundle y las propiedades de la sesión.
# Uso, en el nodo primario o en un paso: bash hudi_spark_submit.sh escribir_viajes.py [argumentos]
set -euo pipefail
exec spark-submit \
  --conf spark.jars=/usr/lib/hudi/hudi-spark-bundle.jar \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --conf spark.kryo.registrator=org.apache.spark.HoodieSparkKryoRegistrar \
  --conf spark.sql.extensions=org.apache.spark.sql.hudi.HoodieSparkSessionExtension \
  --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.hudi.catalog.HoodieCatalog \
  "$@"
