"""Guarda un token de acceso de GitLab en el secreto de Secrets Manager, con el formato que espera SageMaker.

Ejecútelo una vez desde una terminal, nunca desde un notebook:

    python guardar_token_gitlab.py gitlab/churn ana

El script pide el token sin mostrarlo: no queda en ninguna celda, salida ni historial.
"""

import argparse
import json
from getpass import getpass

import boto3


def store_gitlab_token(secret: str, username: str, token: str, client=None) -> str:
    """Guarda usuario y token en el secreto; SageMaker lee sus claves «username» y «password»."""
    if not token.startswith("glpat-"):
        raise ValueError("Use un token de acceso personal o de proyecto de GitLab (empieza por «glpat-»).")
    client = client or boto3.client("secretsmanager")
    return client.put_secret_value(
        SecretId=secret, SecretString=json.dumps({"username": username, "password": token})
    )["ARN"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Guarda un token de GitLab en Secrets Manager para SageMaker.")
    parser.add_argument("secret", help="nombre del secreto, p. ej. gitlab/churn")
    parser.add_argument("username", help="su usuario de GitLab")
    args = parser.parse_args()
    try:
        arn = store_gitlab_token(args.secret, args.username, getpass("Token de GitLab (glpat-...): "))
    except ValueError as err:
        parser.exit(1, f"{err}\n")
    print(f"Token guardado en {arn}")
