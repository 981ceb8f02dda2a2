#!/bin/bash
# OnStart: para la instancia cuando ningún kernel tiene actividad durante el tiempo indicado.
# autostop_script() rellena los dos marcadores en mayúsculas antes de crear la configuración.
set -euo pipefail

mkdir -p /home/ec2-user/.autostop
cat > /home/ec2-user/.autostop/autostop.py <<'PYTHON'
AUTOSTOP_PY
PYTHON

# En segundo plano: el script de ciclo de vida debe terminar en menos de 5 minutos.
nohup /usr/bin/python3 /home/ec2-user/.autostop/autostop.py --idle-seconds IDLE_SECONDS \
  >> /home/ec2-user/.autostop/autostop.log 2>&1 &
