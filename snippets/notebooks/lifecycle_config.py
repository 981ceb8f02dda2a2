"""Configuraciones de ciclo de vida de notebook instances: scripts que se ejecutan al crear o al arrancar."""

from __future__ import annotations

# --8<-- [start:create]
import base64
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

MAX_CONTENT = 16_384  # caracteres de cada script, ya codificado en base64
NAME_PATTERN = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")


def check_config_name(name: str) -> None:
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ValueError(f"Nombre de configuración no válido: {name!r}. Use hasta 63 letras, números o guiones.")


def encode_scripts(on_start: str | None = None, on_create: str | None = None) -> dict:
    """Los scripts OnStart y OnCreate en base64, como los pide la API; comprueba el límite de tamaño."""
    hooks = {}
    for hook, script in (("OnStart", on_start), ("OnCreate", on_create)):
        if script is None:
            continue
        if not isinstance(script, str):
            raise ValueError(f"El script {hook} debe ser un texto (str), no {type(script).__name__}.")
        content = base64.b64encode(script.encode("utf-8")).decode("ascii")
        if len(content) > MAX_CONTENT:
            raise ValueError(
                f"El script {hook} ocupa {len(content)} caracteres en base64 y el máximo es {MAX_CONTENT}: "
                "acórtelo o haga que descargue el resto desde S3. No se ha creado nada."
            )
        hooks[hook] = [{"Content": content}]
    if not hooks:
        raise ValueError("Indique al menos un script: on_start u on_create.")
    return hooks


def create_lifecycle_config(name: str, on_start: str | None = None, on_create: str | None = None,
                            client=None) -> str:
    """Crea una configuración con los scripts OnStart (cada arranque) y OnCreate (solo al crear).

    Cada script debe terminar en 5 minutos; su salida va a CloudWatch Logs, en el grupo
    /aws/sagemaker/NotebookInstances.
    """
    check_config_name(name)
    hooks = encode_scripts(on_start, on_create)
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    try:
        return client.create_notebook_instance_lifecycle_config(
            NotebookInstanceLifecycleConfigName=name, **hooks
        )["NotebookInstanceLifecycleConfigArn"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo crear la configuración de ciclo de vida {name!r}: {err}") from err


def put_lifecycle_config(name: str, on_start: str | None = None, on_create: str | None = None,
                         client=None) -> str:
    """Crea la configuración o, si ya existe, cambia sus scripts. Las instancias que la usan
    ejecutan el script nuevo en su próximo arranque."""
    check_config_name(name)
    hooks = encode_scripts(on_start, on_create)
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    try:
        arn = client.describe_notebook_instance_lifecycle_config(
            NotebookInstanceLifecycleConfigName=name)["NotebookInstanceLifecycleConfigArn"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "ValidationException":  # así responde SageMaker si no existe
            raise RuntimeError(f"No se pudo leer la configuración de ciclo de vida {name!r}: {error}") from error
        return create_lifecycle_config(name, on_start, on_create, client=client)
    except BotoCoreError as error:
        raise RuntimeError(f"No se pudo leer la configuración de ciclo de vida {name!r}: {error}") from error
    try:
        client.update_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName=name, **hooks)
    except (ClientError, BotoCoreError) as error:
        raise RuntimeError(f"No se pudo actualizar la configuración de ciclo de vida {name!r}: {error}") from error
    return arn
# --8<-- [end:create]


# --8<-- [start:autostop]
from pathlib import Path


def autostop_script(idle_minutes: int = 60, folder: str | Path = ".") -> str:
    """El script OnStart de apagado automático, con autostop.py dentro.

    Lee on-start-autostop.sh y autostop.py de la carpeta indicada (por defecto, la del notebook).
    """
    if idle_minutes < 10:
        raise ValueError("Use al menos 10 minutos: el script comprueba la actividad cada 5.")
    folder = Path(folder)
    template = (folder / "on-start-autostop.sh").read_text(encoding="utf-8")
    checker = (folder / "autostop.py").read_text(encoding="utf-8").rstrip("\n")
    return template.replace("AUTOSTOP_PY", checker).replace("IDLE_SECONDS", str(idle_minutes * 60))
# --8<-- [end:autostop]


# --8<-- [start:sparkmagic]
import re
from pathlib import Path
from urllib.parse import urlsplit


def sparkmagic_script(livy_url: str, folder: str | Path = ".") -> str:
    """El script OnStart que escribe ~/.sparkmagic/config.json con la URL de Livy del nodo primario.

    Lee on-start-sparkmagic.sh de la carpeta indicada (por defecto, la del notebook).
    """
    parts = urlsplit(livy_url) if isinstance(livy_url, str) else None
    try:
        port = parts.port if parts else None
    except ValueError:  # un puerto que no es un número
        port = None
    if (not parts or parts.scheme not in ("http", "https") or parts.path not in ("", "/")
            or not re.fullmatch(r"[A-Za-z0-9.-]+", parts.hostname or "") or port is None
            or parts.query or parts.fragment or parts.username):
        raise ValueError(
            f"{livy_url!r} no es una URL de Livy: use http://<DNS privado del nodo primario>:8998, "
            "por ejemplo http://ip-10-0-1-23.eu-west-1.compute.internal:8998."
        )
    template = (Path(folder) / "on-start-sparkmagic.sh").read_text(encoding="utf-8")
    return template.replace("URL_DE_LIVY", f"{parts.scheme}://{parts.hostname}:{port}")
# --8<-- [end:sparkmagic]


if __name__ == "__main__":
    # --8<-- [start:uso-create]
    from pathlib import Path

    sagemaker = boto3.client("sagemaker", config=AWS_CONFIG)
    arn = create_lifecycle_config("equipo-ml-paquetes", on_start=Path("on-start-install.sh").read_text())
    config = sagemaker.describe_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="equipo-ml-paquetes")
    on_start = base64.b64decode(config["OnStart"][0]["Content"]).decode("utf-8")
    print(arn)
    print(f"OnStart: {len(on_start)} caracteres; primeras líneas:")
    print("\n".join(on_start.splitlines()[:3]))
    # --8<-- [end:uso-create]

    # --8<-- [start:uso-autostop]
    script = autostop_script(60)
    arn = create_lifecycle_config("equipo-ml-autostop", on_start=script)
    config = boto3.client("sagemaker", config=AWS_CONFIG).describe_notebook_instance_lifecycle_config(
        NotebookInstanceLifecycleConfigName="equipo-ml-autostop")
    on_start = base64.b64decode(config["OnStart"][0]["Content"]).decode("utf-8")
    print(arn)
    print(f"OnStart: {len(on_start)} caracteres ({len(config['OnStart'][0]['Content'])} en base64, máximo {MAX_CONTENT})")
    print(next(line for line in on_start.splitlines() if "autostop.py --idle-seconds" in line).strip())
    # --8<-- [end:uso-autostop]

    # --8<-- [start:uso-sparkmagic]
    # El DNS privado del nodo primario: describe_cluster(ClusterId=...)["Cluster"]["MasterPublicDnsName"]
    livy_url = "http://ip-10-0-1-23.eu-west-1.compute.internal:8998"
    arn = put_lifecycle_config("equipo-ml-sparkmagic", on_start=sparkmagic_script(livy_url))
    config = boto3.client("sagemaker", config=AWS_CONFIG).describe_notebook_instance_lifecycle_config(
        NotebookInstanceLifecycleConfigName="equipo-ml-sparkmagic")
    on_start = base64.b64decode(config["OnStart"][0]["Content"]).decode("utf-8")
    print(arn)
    print(f"OnStart: {len(config['OnStart'][0]['Content'])} caracteres en base64 (máximo {MAX_CONTENT})")
    print(next(line for line in on_start.splitlines() if line.startswith("LIVY_URL=")))
    # --8<-- [end:uso-sparkmagic]
