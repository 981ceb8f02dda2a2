"""Conectar SageMaker con el GitLab del equipo sin dejar credenciales en un notebook.

El token no pasa nunca por un notebook: el notebook crea el secreto vacío y registra el repositorio;
el token lo guarda en el secreto el script guardar_token_gitlab.py, desde una terminal.
"""

from __future__ import annotations

# --8<-- [start:secret]
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})


def create_gitlab_secret(name: str, readable_by_sagemaker_policy: bool = False, client=None) -> str:
    """Crea en Secrets Manager el secreto del token de GitLab, todavía sin valor, y devuelve su ARN.

    Sin etiqueta, solo lo leen los roles con permiso explícito sobre su ARN. Con
    readable_by_sagemaker_policy=True lleva la etiqueta SageMaker=true, y entonces lo lee cualquier rol
    con la política gestionada AmazonSageMakerFullAccess. Si el secreto ya existe, devuelve su ARN.
    """
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9/_+=.@-]{1,512}", name):
        raise ValueError(f"Nombre de secreto no válido: {name!r} (letras, números y /_+=.@-).")
    if not isinstance(readable_by_sagemaker_policy, bool):
        raise ValueError(f"readable_by_sagemaker_policy es True o False; se recibió {readable_by_sagemaker_policy!r}.")
    client = client or boto3.client("secretsmanager", config=AWS_CONFIG)
    tags = [{"Key": "SageMaker", "Value": "true"}] if readable_by_sagemaker_policy else []
    try:
        return client.create_secret(
            Name=name,
            Description="Token de acceso de GitLab para SageMaker (claves username y password)",
            Tags=tags,
        )["ARN"]
    except client.exceptions.ResourceExistsException:
        pass  # ya existe: se devuelve su ARN
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo crear el secreto {name!r} en Secrets Manager: {err}") from err
    try:
        return client.describe_secret(SecretId=name)["ARN"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo leer el secreto {name!r} de Secrets Manager: {err}") from err
# --8<-- [end:secret]


# --8<-- [start:repository]
def register_repository(name: str, url: str, secret_arn: str, branch: str = "main", client=None) -> str:
    """Registra un repositorio de GitLab en SageMaker para asociarlo a notebook instances."""
    if not isinstance(name, str) or not re.fullmatch(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", name):
        raise ValueError(f"Nombre de repositorio no válido: {name!r} (hasta 63 letras, números o guiones).")
    if not isinstance(url, str) or not re.fullmatch(r"https://[^/\s]+/\S{3,1000}\.git", url):
        raise ValueError(f"Use la URL HTTPS del repositorio, terminada en .git; se recibió {url!r}.")
    if not isinstance(secret_arn, str) or not re.fullmatch(r"arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+", secret_arn):
        raise ValueError(f"secret_arn debe ser el ARN del secreto (el que devuelve create_gitlab_secret); se recibió {secret_arn!r}.")
    if not isinstance(branch, str) or not re.fullmatch(r"[^ ~^:?*\[]{1,1024}", branch):
        raise ValueError(f"Rama no válida: {branch!r} (sin espacios ni ~^:?*[).")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    try:
        return client.create_code_repository(
            CodeRepositoryName=name,
            GitConfig={"RepositoryUrl": url, "Branch": branch, "SecretArn": secret_arn},
        )["CodeRepositoryArn"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo registrar el repositorio {name!r} en SageMaker: {err}") from err
# --8<-- [end:repository]


# Lo que la página ejecuta, en orden.
if __name__ == "__main__":
    # --8<-- [start:uso-secret]
    secret_arn = create_gitlab_secret("gitlab/diagnostico")
    print(secret_arn)
    # --8<-- [end:uso-secret]

    # --8<-- [start:uso-rol]
    import json
    from fnmatch import fnmatchcase
    from pathlib import Path

    iam = boto3.client("iam", config=AWS_CONFIG)
    role = "equipo-ml-sagemaker"
    try:
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=Path("sagemaker-trust.json").read_text())
    except iam.exceptions.EntityAlreadyExistsException:
        pass  # ya existe: solo se le pone la política
    # Operaciones de SageMaker: trabajos, endpoints, imágenes de ECR, CloudWatch y PassRole a SageMaker.
    iam.attach_role_policy(RoleName=role, PolicyArn="arn:aws:iam::aws:policy/AmazonSageMakerFullAccess")
    policy = Path("sagemaker-execution-role.json").read_text()  # los buckets del equipo y el secreto
    iam.put_role_policy(RoleName=role, PolicyName="equipo-ml", PolicyDocument=policy)
    [allowed] = [s["Resource"] for s in json.loads(policy)["Statement"] if s["Sid"] == "SoloElSecretoDeGitLab"]
    fnmatchcase(secret_arn, allowed)  # True: la política cubre este secreto y ningún otro
    # --8<-- [end:uso-rol]

    # --8<-- [start:uso-repository]
    register_repository("diagnostico", "https://gitlab.com/equipo-ml/diagnostico.git", secret_arn)
    boto3.client("sagemaker", config=AWS_CONFIG).describe_code_repository(CodeRepositoryName="diagnostico")["GitConfig"]
    # --8<-- [end:uso-repository]
