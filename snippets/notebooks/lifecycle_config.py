"""Configuraciones de ciclo de vida de notebook instances: scripts que se ejecutan al crear o al arrancar."""

from __future__ import annotations

# --8<-- [start:create]
import base64
from pathlib import Path

import boto3

MAX_CONTENT = 16_384  # caracteres de cada script, ya codificado en base64


def create_lifecycle_config(name: str, on_start: str | None = None, on_create: str | None = None,
                            client=None) -> str:
    """Crea una configuración con los scripts OnStart (cada arranque) y OnCreate (solo al crear).

    Cada script debe terminar en 5 minutos; su salida va a CloudWatch Logs, en el grupo
    /aws/sagemaker/NotebookInstances.
    """
    hooks = {}
    for hook, script in (("OnStart", on_start), ("OnCreate", on_create)):
        if script is None:
            continue
        content = base64.b64encode(script.encode("utf-8")).decode("ascii")
        if len(content) > MAX_CONTENT:
            raise ValueError(
                f"El script {hook} ocupa {len(content)} caracteres en base64 y el máximo es {MAX_CONTENT}: "
                "acórtelo o haga que descargue el resto desde S3. No se ha creado nada."
            )
        hooks[hook] = [{"Content": content}]
    if not hooks:
        raise ValueError("Indique al menos un script: on_start u on_create.")
    client = client or boto3.client("sagemaker")
    return client.create_notebook_instance_lifecycle_config(
        NotebookInstanceLifecycleConfigName=name, **hooks
    )["NotebookInstanceLifecycleConfigArn"]
# --8<-- [end:create]


# --8<-- [start:autostop]
LIFECYCLE_DIR = Path(__file__).with_name("lifecycle")


def autostop_script(idle_minutes: int = 60) -> str:
    """El script OnStart de apagado automático, con autostop.py dentro."""
    if idle_minutes < 10:
        raise ValueError("Use al menos 10 minutos: el script comprueba la actividad cada 5.")
    template = (LIFECYCLE_DIR / "on-start-autostop.sh").read_text()
    return (template.replace("AUTOSTOP_PY", (LIFECYCLE_DIR / "autostop.py").read_text().rstrip("\n"))
            .replace("IDLE_SECONDS", str(idle_minutes * 60)))
# --8<-- [end:autostop]
