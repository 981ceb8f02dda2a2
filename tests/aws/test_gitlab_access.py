"""Pruebas de snippets/aws/gitlab_access.py y guardar_token_gitlab.py contra moto: secreto, token,
repositorio y notebook instance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from snippets.aws import gitlab_access
from snippets.aws.guardar_token_gitlab import store_gitlab_token
from snippets.notebooks import instances
from tests.conftest import assert_bounded_waits, aws_error
from tests.sandbox import run_name

URL = "https://gitlab.com/equipo-ml/diagnostico.git"
SCRIPT = Path(gitlab_access.__file__).with_name("guardar_token_gitlab.py")
SECRET = run_name("gitlab/diagnostico")


@pytest.mark.moto_extra("CreateCodeRepository")
def test_secret_token_repository_and_notebook_instance(aws):
    arn = gitlab_access.create_gitlab_secret(SECRET)
    secrets = boto3.client("secretsmanager")
    described = secrets.describe_secret(SecretId=arn)
    # Sin la etiqueta SageMaker=true: la política gestionada de SageMaker no basta para leerlo.
    assert not any(tag["Key"] == "SageMaker" for tag in described.get("Tags", []))
    assert gitlab_access.create_gitlab_secret(SECRET) == arn  # repetirlo no falla

    assert store_gitlab_token(SECRET, "ana", "glpat-abc123") == arn
    secret = secrets.get_secret_value(SecretId=arn)
    assert json.loads(secret["SecretString"]) == {"username": "ana", "password": "glpat-abc123"}

    repository, notebook = run_name("churn"), run_name("ana-churn")
    gitlab_access.register_repository(repository, URL, arn)
    repo = boto3.client("sagemaker").describe_code_repository(CodeRepositoryName=repository)
    assert repo["GitConfig"] == {"RepositoryUrl": URL, "Branch": "main", "SecretArn": arn}

    instances.create_notebook(notebook, "arn:aws:iam::123456789012:role/sm", code_repository=repository)
    described = boto3.client("sagemaker").describe_notebook_instance(NotebookInstanceName=notebook)
    assert described["DefaultCodeRepository"] == repository


def run_token_script(token: str, cwd: Path) -> subprocess.CompletedProcess:
    """El script como en una terminal; sin terminal de control, getpass lee el token de stdin."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), SECRET, "ana"], input=token + "\n", cwd=cwd,
        env=dict(os.environ), capture_output=True, text=True, start_new_session=True, timeout=60,
    )


def test_token_script_stores_the_token_without_printing_it(aws, tmp_path):
    arn = gitlab_access.create_gitlab_secret(SECRET)
    result = run_token_script("glpat-xyz789", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(f"Token guardado en {arn}")
    assert "glpat-xyz789" not in result.stdout + result.stderr
    value = boto3.client("secretsmanager").get_secret_value(SecretId=SECRET)["SecretString"]
    assert json.loads(value) == {"username": "ana", "password": "glpat-xyz789"}

    refused = run_token_script("mi-contraseña", tmp_path)
    assert refused.returncode == 1 and "glpat-" in refused.stderr


@pytest.mark.moto_extra("ListCodeRepositories")
def test_bad_token_or_url_are_refused_before_any_call(aws):
    with pytest.raises(ValueError, match="glpat-"):
        store_gitlab_token("gitlab/x", "ana", "mi-contraseña")
    with pytest.raises(ValueError, match=r"\.git"):
        gitlab_access.register_repository("x", "git@gitlab.com:equipo-ml/diagnostico.git", "arn:aws:secretsmanager:eu-west-1:1:secret:x")
    assert boto3.client("secretsmanager").list_secrets(Filters=[{"Key": "name", "Values": ["gitlab/x"]}])["SecretList"] == []
    repositories = boto3.client("sagemaker").list_code_repositories()["CodeRepositorySummaryList"]
    assert "x" not in {r["CodeRepositoryName"] for r in repositories}


def test_sagemaker_tag_only_when_asked(aws):
    arn = gitlab_access.create_gitlab_secret(run_name("gitlab/compartido"), readable_by_sagemaker_policy=True)
    tags = boto3.client("secretsmanager").describe_secret(SecretId=arn)["Tags"]
    assert tags == [{"Key": "SageMaker", "Value": "true"}]


def test_deploy_tokens_are_accepted(aws):
    arn = gitlab_access.create_gitlab_secret(SECRET)
    assert store_gitlab_token(SECRET, "gitlab+deploy-token-12", "gldt-abc123") == arn
    value = json.loads(boto3.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])
    assert value == {"username": "gitlab+deploy-token-12", "password": "gldt-abc123"}


def test_token_script_reads_the_token_with_getpass():
    """El script pide el token con getpass (sin eco), nunca con input() ni como argumento."""
    import ast

    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert "getpass" in calls and "input" not in calls
    arguments = [node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and getattr(node.func, "attr", "") == "add_argument"]
    assert arguments == ["secret", "username"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: store_gitlab_token("gitlab/x", "ana", "ghp_abc"), "glpat-"),
    (lambda: store_gitlab_token("gitlab/x", "ana", " glpat-abc"), "gldt-"),
    (lambda: store_gitlab_token("gitlab/x", "ana", None), "glpat-"),
    (lambda: store_gitlab_token("gitlab/x", " ", "glpat-abc"), "usuario"),
    (lambda: gitlab_access.create_gitlab_secret("gitlab churn"), "no válido"),
    (lambda: gitlab_access.create_gitlab_secret(""), "no válido"),
    (lambda: gitlab_access.create_gitlab_secret(None), "no válido"),
])
def test_bad_input_is_refused_before_any_call(aws, call, message):
    secrets = boto3.client("secretsmanager")
    before = [s["ARN"] for s in secrets.list_secrets()["SecretList"]]
    with pytest.raises(ValueError, match=message):
        call()
    assert [s["ARN"] for s in secrets.list_secrets()["SecretList"]] == before


@pytest.mark.moto_extra("CreateCodeRepository")
def test_without_a_client_it_creates_ones_with_bounded_waits(aws, created_clients, sent):
    # Nombres con mayúsculas: Secrets Manager y SageMaker las admiten.
    arn = gitlab_access.create_gitlab_secret(run_name("GitLab/Diagnostico"))
    (create,) = [params for operation, params in sent if operation == "CreateSecret"]
    create.pop("ClientRequestToken")  # lo añade botocore en cada llamada
    assert create == {"Name": run_name("GitLab/Diagnostico"), "Tags": [],
                      "Description": "Token de acceso de GitLab para SageMaker (claves username y password)"}
    repo = gitlab_access.register_repository(run_name("Diagnostico"), URL, arn)
    assert [c.meta.service_model.service_name for c in created_clients] == ["secretsmanager", "sagemaker"]
    for client in created_clients:
        assert_bounded_waits(client)
    assert boto3.client("secretsmanager").describe_secret(SecretId=arn)["ARN"] == arn
    assert repo.endswith(":code-repository/" + run_name("Diagnostico").lower())


@pytest.mark.moto_extra("CreateCodeRepository")
@pytest.mark.parametrize(("operation", "call", "message"), [
    ("CreateSecret", lambda c: gitlab_access.create_gitlab_secret("gitlab/nuevo", client=c),
     "No se pudo crear el secreto 'gitlab/nuevo' en Secrets Manager"),
    ("DescribeSecret", lambda c: gitlab_access.create_gitlab_secret("gitlab/existente", client=c),
     "No se pudo leer el secreto 'gitlab/existente' de Secrets Manager"),
    ("CreateCodeRepository", lambda c: gitlab_access.register_repository(
        "diagnostico", URL, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gitlab/x-AbCdEf", client=c),
     "No se pudo registrar el repositorio 'diagnostico' en SageMaker"),
], ids=["crear", "leer-existente", "registrar"])
def test_aws_errors_name_what_failed_with_the_original_attached(aws, operation, call, message):
    secrets = boto3.client("secretsmanager")
    secrets.create_secret(Name="gitlab/existente")
    client = boto3.client("sagemaker" if operation == "CreateCodeRepository" else "secretsmanager")
    client.meta.events.register(f"before-call.*.{operation}", aws_error(operation))
    with pytest.raises(RuntimeError, match=message) as info:
        call(client)
    assert "fallo simulado" in str(info.value)
    assert info.value.__cause__.response["Error"]["Code"] == "InternalFailure"


def test_a_token_that_cannot_be_stored_names_the_secret_and_never_shows_the_token(aws):
    """Un secreto que no existe (o sin permiso): el error dice cuál, con el de AWS adjunto, sin el token."""
    from botocore.exceptions import ClientError

    with pytest.raises(RuntimeError, match="^No se pudo guardar el token en el secreto 'gitlab/no-existe': ") as caught:
        store_gitlab_token("gitlab/no-existe", "ana", "glpat-secreto123")
    assert isinstance(caught.value.__cause__, ClientError)
    assert "glpat-secreto123" not in str(caught.value)
