#!/bin/bash
# OnStart: en cada arranque, escribe la configuración de SparkMagic con la URL de Livy del nodo primario
# de EMR. Fuera de /home/ec2-user/SageMaker nada sobrevive a una parada, tampoco ~/.sparkmagic.
set -euo pipefail

LIVY_URL="URL_DE_LIVY"  # la rellena sparkmagic_script() al crear la configuración
# Usuario dueño del notebook y su carpeta personal: en una notebook instance, ec2-user y /home/ec2-user.
NOTEBOOK_USER="${NOTEBOOK_USER:-ec2-user}"
CONFIG_DIR="${NOTEBOOK_HOME:-/home/ec2-user}/.sparkmagic"

mkdir -p "$CONFIG_DIR"
cat > "$CONFIG_DIR/config.json" <<JSON
{
  "kernel_python_credentials": {"username": "", "password": "", "url": "$LIVY_URL", "auth": "None"},
  "livy_session_startup_timeout_seconds": 120
}
JSON
# El script corre como root; el kernel, como ec2-user, que debe poder leer y cambiar la carpeta.
chown -R "$NOTEBOOK_USER:" "$CONFIG_DIR"

# Solo informa (en CloudWatch Logs): el clúster puede no estar en marcha todavía.
if curl --silent --fail --max-time 5 "$LIVY_URL/sessions" > /dev/null; then
  echo "SparkMagic: Livy responde en $LIVY_URL"
else
  echo "SparkMagic: Livy no responde en $LIVY_URL (¿clúster parado o grupo de seguridad sin la regla del 8998?)"
fi
