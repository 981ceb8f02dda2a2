#!/bin/bash
# Acción de arranque de EMR: instala las librerías del equipo en todos los nodos al crear el clúster.
# EMR la ejecuta como hadoop en cada nodo, antes de instalar Spark; si falla, el clúster no arranca.
set -euo pipefail

sudo python3 -m pip install --quiet \
  "pandas==2.2.*" \
  "pyarrow==17.*" \
  "scikit-learn==1.5.*"
