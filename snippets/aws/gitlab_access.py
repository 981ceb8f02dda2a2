"""Conectar SageMaker con el GitLab del equipo sin dejar credenciales en un notebook."""

from __future__ import annotations

# --8<-- [start:secret]
import json

import boto3


def store_gitlab_token(name: str, username: str, token: str, client=None) -> str:
    """Guarda un token de acceso de GitLab en Secrets Manager con el formato que espera SageMaker.

    SageMaker lee las claves «username» y «password» del secreto. Ejecute esto una vez, desde un
    terminal y no desde un notebook, para que el token no quede en ninguna salida guardada.
    """
    if not token.startswith("glpat-"):
        raise ValueError("Use un token de acceso personal o de proyecto de GitLab (empieza por «glpat-»).")
    client = client or boto3.client("secretsmanager")
    return client.create_secret(
        Name=name,
        SecretString=json.dumps({"username": username, "password": token}),
        Tags=[{"Key": "SageMaker", "Value": "true"}],  # el rol por defecto de SageMaker solo lee estos
    )["ARN"]
# --8<-- [end:secret]


# --8<-- [start:repository]
def register_repository(name: str, url: str, secret_arn: str, branch: str = "main", client=None) -> str:
    """Registra un repositorio de GitLab en SageMaker para asociarlo a notebook instances."""
    if not url.startswith("https://") or not url.endswith(".git"):
        raise ValueError(f"Use la URL HTTPS del repositorio, terminada en .git; se recibió {url!r}.")
    client = client or boto3.client("sagemaker")
    return client.create_code_repository(
        CodeRepositoryName=name,
        GitConfig={"RepositoryUrl": url, "Branch": branch, "SecretArn": secret_arn},
    )["CodeRepositoryArn"]
# --8<-- [end:repository]
