"""Genera los archivos de Hudi para EMR que muestra la página, desde el diccionario de snippets/aws/hudi.py:

- ``hudi_configure.txt``: la celda ``%%configure -f`` de un notebook de EMR;
- ``hudi_bundle_hdfs.sh``: copia el bundle a HDFS, de donde lo lee la sesión del notebook;
- ``hudi_spark_submit.sh``: ``spark-submit`` con las mismas propiedades.

Para regenerarlos: ``python -m snippets.aws.hudi_emr``. Una prueba falla si no coinciden.
"""

from __future__ import annotations

from pathlib import Path

from snippets.aws.hudi import HUDI_BUNDLE, HUDI_BUNDLE_HDFS, configure_cell, spark_submit_conf

HERE = Path(__file__).parent


def bundle_hdfs_script() -> str:
    folder = HUDI_BUNDLE_HDFS.removeprefix("hdfs://").rsplit("/", 1)[0]
    return "\n".join([
        "#!/bin/bash",
        "# Copia el bundle de Hudi del disco del nodo a HDFS, de donde lo lee la sesión de un notebook de EMR.",
        "# Una vez por clúster, en el nodo primario (Session Manager) o como paso con command-runner.jar.",
        "set -euo pipefail",
        f"hdfs dfs -mkdir -p {folder}",
        f"hdfs dfs -copyFromLocal -f {HUDI_BUNDLE} {HUDI_BUNDLE_HDFS.removeprefix('hdfs://')}",
        "",
    ])


def spark_submit_script() -> str:
    conf = spark_submit_conf()
    lines = [f"  {conf[i]} {conf[i + 1]} \\" for i in range(0, len(conf), 2)]
    return "\n".join([
        "#!/bin/bash",
        "# spark-submit con Hudi en un clúster de EMR: el bundle y las propiedades de la sesión.",
        "# Uso, en el nodo primario o en un paso: bash hudi_spark_submit.sh escribir_viajes.py [argumentos]",
        "set -euo pipefail",
        "exec spark-submit \\",
        *lines,
        '  "$@"',
        "",
    ])


FILES = {
    "hudi_configure.txt": configure_cell,
    "hudi_bundle_hdfs.sh": bundle_hdfs_script,
    "hudi_spark_submit.sh": spark_submit_script,
}


if __name__ == "__main__":
    for name, render in FILES.items():
        (HERE / name).write_text(render(), encoding="utf-8")
        print(HERE / name)
