"""Para la notebook instance cuando ningún kernel de Jupyter ha tenido actividad en un tiempo.

El script de ciclo de vida on-start-autostop.sh lo instala y lo deja corriendo en segundo plano.
"""

import argparse
import json
import ssl
import subprocess
import time
import urllib.request
from datetime import datetime, timezone

SESSIONS_URL = "https://localhost:8443/api/sessions"  # Jupyter en la propia instancia
METADATA = "/opt/ml/metadata/resource-metadata.json"  # nombre de la instancia


def idle_seconds(sessions: list[dict], now: datetime) -> float:
    """Segundos desde la última actividad de cualquier kernel; 0 si alguno está ocupado."""
    if not sessions:
        return float("inf")
    latest = None
    for session in sessions:
        kernel = session.get("kernel", {})
        if kernel.get("execution_state") == "busy":
            return 0.0
        seen = datetime.fromisoformat(kernel["last_activity"].replace("Z", "+00:00"))
        latest = seen if latest is None or seen > latest else latest
    return (now - latest).total_seconds()


def sessions() -> list[dict]:
    insecure = ssl._create_unverified_context()  # certificado autofirmado de la instancia
    with urllib.request.urlopen(SESSIONS_URL, context=insecure, timeout=30) as response:
        return json.load(response)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle-seconds", type=int, default=3600)
    parser.add_argument("--every", type=int, default=300)
    args = parser.parse_args()
    with open(METADATA) as f:
        name = json.load(f)["ResourceName"]
    while True:
        idle = idle_seconds(sessions(), datetime.now(timezone.utc))
        print(f"{datetime.now(timezone.utc).isoformat()} inactiva {idle:.0f} s", flush=True)
        if idle >= args.idle_seconds:
            subprocess.run(["aws", "sagemaker", "stop-notebook-instance", "--notebook-instance-name", name], check=True)
            return
        time.sleep(args.every)


if __name__ == "__main__":
    main()
