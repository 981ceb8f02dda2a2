"""Para la notebook instance cuando nadie la usa: ningún kernel ni terminal con actividad en un tiempo.

El script de ciclo de vida on-start-autostop.sh lo instala y lo deja corriendo en segundo plano.
Cuenta como actividad un kernel ocupado, la última actividad de cada kernel y de cada terminal, y el
arranque del propio comprobador: una instancia recién encendida tiene todo el plazo para que alguien
abra un notebook. Escribe cada comprobación en su registro (autostop.log).
"""

from __future__ import annotations  # la instancia puede tener Python 3.9

import argparse
import json
import logging
import os
import ssl
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

JUPYTER_URL = "https://localhost:8443"  # Jupyter en la propia instancia, con certificado autofirmado
METADATA = "/opt/ml/metadata/resource-metadata.json"  # nombre y ARN de la instancia
# Esperas acotadas: si la API de SageMaker no responde, falla en menos de 30 s y lo deja en el registro.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})
log = logging.getLogger("autostop")


def get_json(url: str, token: str = "") -> list[dict]:
    """Una respuesta JSON de la API de Jupyter."""
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    insecure = ssl._create_unverified_context()  # el certificado de la instancia es autofirmado
    with urllib.request.urlopen(request, context=insecure, timeout=30) as response:
        return json.load(response)


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def idle_seconds(kernels: list[dict], terminals: list[dict], since: datetime, now: datetime) -> float:
    """Segundos sin actividad: desde lo último que pasó en kernels y terminales, o desde «since».

    0 si algún kernel está ocupado: una celda larga no es inactividad.
    """
    if any(kernel.get("execution_state") == "busy" for kernel in kernels):
        return 0.0
    seen = [since] + [parse_time(item["last_activity"]) for item in [*kernels, *terminals]]
    return max(0.0, (now - max(seen)).total_seconds())


def instance(metadata_path: str = METADATA) -> tuple[str, str]:
    """Nombre y región de esta notebook instance, de los metadatos que SageMaker deja en ella."""
    with open(metadata_path) as f:
        metadata = json.load(f)
    return metadata["ResourceName"], metadata["ResourceArn"].split(":")[3]  # arn:aws:sagemaker:REGIÓN:...


def watch(url: str, limit: float, every: float, retries: int, metadata_path: str = METADATA, token: str = "") -> int:
    """Comprueba cada «every» segundos; para la instancia una sola vez, al superar «limit».

    Si Jupyter no responde (aún arrancando), reintenta cada 10 s como mucho; tras «retries» fallos
    seguidos se rinde con un error en el registro. Devuelve el código de salida del proceso.
    """
    try:
        name, region = instance(metadata_path)
    except (OSError, KeyError, IndexError, ValueError) as error:
        log.error("No se puede leer la instancia en %s (%r): la instancia NO se parará sola.", metadata_path, error)
        return 1
    since = datetime.now(timezone.utc)
    failures = 0
    while True:
        try:
            kernels = get_json(f"{url}/api/kernels", token)
            terminals = get_json(f"{url}/api/terminals", token)
        except (urllib.error.URLError, OSError) as error:
            failures += 1
            if failures >= retries:
                log.error("Jupyter no responde tras %d intentos (%s): la instancia NO se parará sola.", failures, error)
                return 1
            log.warning("Jupyter no responde (intento %d de %d): %s", failures, retries, error)
            time.sleep(min(every, 10))
            continue
        failures = 0
        idle = idle_seconds(kernels, terminals, since, datetime.now(timezone.utc))
        log.info("inactiva %.0f s de %.0f (%d kernels, %d terminales)", idle, limit, len(kernels), len(terminals))
        if idle >= limit:
            log.info("Parando la notebook instance %s", name)
            try:
                boto3.client("sagemaker", region_name=region, config=AWS_CONFIG).stop_notebook_instance(
                    NotebookInstanceName=name)
            except (BotoCoreError, ClientError):
                log.exception("No se pudo parar la instancia %s (¿permiso sagemaker:StopNotebookInstance?)", name)
                return 1
            return 0
        time.sleep(every)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle-seconds", type=float, default=3600, help="inactividad que para la instancia")
    parser.add_argument("--every", type=float, default=300, help="segundos entre comprobaciones")
    parser.add_argument("--retries", type=int, default=60, help="fallos seguidos de Jupyter antes de rendirse")
    parser.add_argument("--url", default=JUPYTER_URL)
    parser.add_argument("--metadata", default=METADATA)
    args = parser.parse_args()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s", level=logging.INFO, stream=sys.stdout)
    token = os.environ.get("JUPYTER_TOKEN", "")  # en la instancia, Jupyter no pide token desde localhost
    sys.exit(watch(args.url.rstrip("/"), args.idle_seconds, args.every, args.retries, args.metadata, token))


if __name__ == "__main__":
    main()
