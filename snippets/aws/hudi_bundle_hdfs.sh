#!/bin/bash
# Copia el bundle de Hudi del disco del nodo a HDFS, de donde lo lee la sesión de un notebook de EMR.
# Una vez por clúster, en el nodo primario (Session Manager) o como paso con command-runner.jar.
set -euo pipefail
hdfs dfs -mkdir -p /apps/hudi/lib
hdfs dfs -copyFromLocal -f /usr/lib/hudi/hudi-spark-bundle.jar /apps/hudi/lib/hudi-spark-bundle.jar
