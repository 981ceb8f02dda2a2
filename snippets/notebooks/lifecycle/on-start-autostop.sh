#!/bin/bash
# OnStart: para la instancia cuando ningún kernel ni terminal tiene actividad durante el tiempo indicado.
# autostop_script() rellena los dos marcadores en mayúsculas antes de crear la configuración.
set -euo pipefail

DIR=/home/ec2-user/.autostop
mkdir -p "$DIR"
cat > "$DIR/autostop.py" <<'PYTHON'
AUTOSTOP_PY
PYTHON

# El comprobador para la instancia con boto3: use el primer Python de la instancia que lo tenga.
PYTHON_BIN=""
for candidate in /home/ec2-user/anaconda3/envs/JupyterSystemEnv/bin/python /usr/bin/python3; do
  if [ -x "$candidate" ] && "$candidate" -c "import boto3" 2>/dev/null; then
    PYTHON_BIN="$candidate"
    break
  fi
done
if [ -z "$PYTHON_BIN" ]; then
  echo "Apagado automático desactivado: ningún Python de la instancia tiene boto3." >&2
  exit 0  # la instancia arranca igual; el mensaje queda en CloudWatch Logs
fi

# En segundo plano: el script de ciclo de vida debe terminar en menos de 5 minutos.
nohup "$PYTHON_BIN" "$DIR"/autostop.py --idle-seconds IDLE_SECONDS >> "$DIR/autostop.log" 2>&1 &
echo "Apagado automático activo con $PYTHON_BIN; registro en $DIR/autostop.log"
