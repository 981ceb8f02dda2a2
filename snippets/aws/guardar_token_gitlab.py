"""Guarda un token de acceso de GitLab en el secreto de Secrets Manager, con el formato que espera SageMaker.

Ejecútelo una vez desde una terminal, nunca desde un notebook:

    python guardar_token_gitlab.py gitlab/diagnostico ana

El script pide el token con getpass, sin mostrarlo: no queda en ninguna celda, salida ni historial.
Acepta tokens de acceso personales, de grupo o de proyecto («glpat-») y tokens de despliegue («gldt-»,
con el usuario que GitLab le dio al crearlo, p. ej. gitlab+deploy-token-12).
"""

import argparse
import json
from getpass import getpass

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

# Prefijos de GitLab: token de acceso personal, de grupo o de proyecto, y token de despliegue.
TOKEN_PREFIXES = ("glpat-", "gldt-")


def store_gitlab_token(secret: str, username: str, token: str, client=None) -> str:
    """Guarda usuario y token en el secreto; SageMaker lee sus claves «username» y «password»."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIXES) or token.strip() != token:
        raise ValueError("Use un token de acceso (empieza por «glpat-») o de despliegue («gldt-») de GitLab.")
    if not isinstance(username, str) or not username.strip():
        raise ValueError("Indique el usuario de GitLab del token.")
    client = client or boto3.client("secretsmanager", config=AWS_CONFIG)
    try:
        return client.put_secret_value(
            SecretId=secret, SecretString=json.dumps({"username": username, "password": token})
        )["ARN"]
    except (ClientError, BotoCoreError) as err:  # el mensaje de AWS no incluye el token
        raise RuntimeError(f"No se pudo guardar el token en el secreto {secret!r}: {err}") from err


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Guarda un token de GitLab en Secrets Manager para SageMaker.")
    parser.add_argument("secret", help="nombre del secreto, p. ej. gitlab/diagnostico")
    parser.add_argument("username", help="su usuario de GitLab, o el del token de despliegue")
    args = parser.parse_args()
    try:
        arn = store_gitlab_token(args.secret, args.username, getpass("Token de GitLab (glpat-... o gldt-...): "))
    except (ValueError, RuntimeError) as err:
        parser.exit(1, f"{err}\n")
    print(f"Token guardado en {arn}")
