"""Entradas erróneas de snippets/aws/gitlab_access.py y guardar_token_gitlab.py: un ValueError en español antes
de llamar a AWS, sin secretos ni repositorios nuevos o cambiados."""

from __future__ import annotations

import json

import boto3
import pytest

from snippets.aws import gitlab_access
from snippets.aws.guardar_token_gitlab import store_gitlab_token
from tests.conftest import raises_in_spanish

GITLAB_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gitlab/diagnostico-AbCdEf"
URL = "https://gitlab.com/equipo-ml/diagnostico.git"
TOKEN = "glpat-" + "0" * 20

CASES = [
    # create_gitlab_secret
    (lambda c: gitlab_access.create_gitlab_secret("gitlab churn", client=c), "no válido"),
    (lambda c: gitlab_access.create_gitlab_secret("", client=c), "no válido"),
    (lambda c: gitlab_access.create_gitlab_secret(None, client=c), "no válido"),
    (lambda c: gitlab_access.create_gitlab_secret("g" * 513, client=c), "no válido"),
    (lambda c: gitlab_access.create_gitlab_secret("gitlab/diagnostico", readable_by_sagemaker_policy="no", client=c),
     "True o False"),
    (lambda c: gitlab_access.create_gitlab_secret("gitlab/diagnostico", readable_by_sagemaker_policy=1, client=c),
     "True o False"),
    # register_repository
    (lambda c: gitlab_access.register_repository("diagnostico ml", URL, GITLAB_ARN, client=c), "Nombre de repositorio"),
    (lambda c: gitlab_access.register_repository("-diagnostico", URL, GITLAB_ARN, client=c), "Nombre de repositorio"),
    (lambda c: gitlab_access.register_repository("d" * 64, URL, GITLAB_ARN, client=c), "Nombre de repositorio"),
    (lambda c: gitlab_access.register_repository(None, URL, GITLAB_ARN, client=c), "Nombre de repositorio"),
    (lambda c: gitlab_access.register_repository("diagnostico", "git@gitlab.com:equipo-ml/diagnostico.git", GITLAB_ARN,
                                                 client=c), "URL HTTPS"),
    (lambda c: gitlab_access.register_repository("diagnostico", "https://gitlab.com/equipo-ml/diagnostico", GITLAB_ARN,
                                                 client=c), "terminada en .git"),
    (lambda c: gitlab_access.register_repository("diagnostico", "https://.git", GITLAB_ARN, client=c), "URL HTTPS"),
    (lambda c: gitlab_access.register_repository("diagnostico", None, GITLAB_ARN, client=c), "URL HTTPS"),
    (lambda c: gitlab_access.register_repository("diagnostico", URL, "gitlab/diagnostico", client=c), "secret_arn"),
    (lambda c: gitlab_access.register_repository("diagnostico", URL, None, client=c), "secret_arn"),
    (lambda c: gitlab_access.register_repository(
        "diagnostico", URL, "arn:aws:secretsmanager:eu-west-1:1234:secret:x", client=c), "secret_arn"),
    (lambda c: gitlab_access.register_repository("diagnostico", URL, GITLAB_ARN, branch="", client=c), "Rama no válida"),
    (lambda c: gitlab_access.register_repository("diagnostico", URL, GITLAB_ARN, branch="rama nueva", client=c),
     "Rama no válida"),
    (lambda c: gitlab_access.register_repository("diagnostico", URL, GITLAB_ARN, branch=None, client=c), "Rama no válida"),
    # store_gitlab_token
    (lambda c: store_gitlab_token("gitlab/diagnostico", "ana", "ghp_abc", client=c), "glpat-"),
    (lambda c: store_gitlab_token("gitlab/diagnostico", "ana", TOKEN + "\n", client=c), "glpat-"),
    (lambda c: store_gitlab_token("gitlab/diagnostico", "ana", None, client=c), "glpat-"),
    (lambda c: store_gitlab_token("gitlab/diagnostico", "", TOKEN, client=c), "usuario"),
    (lambda c: store_gitlab_token("gitlab/diagnostico", None, TOKEN, client=c), "usuario"),
]


def state(secrets, sagemaker) -> tuple:
    listed = secrets.list_secrets()["SecretList"]
    values = [secrets.get_secret_value(SecretId=s["ARN"])["SecretString"] for s in listed]
    repositories = sagemaker.list_code_repositories()["CodeRepositorySummaryList"]
    return [(s["ARN"], s.get("Tags")) for s in listed], values, repositories


@pytest.mark.moto_extra("ListCodeRepositories")
@pytest.mark.parametrize(("call", "message"), CASES)
def test_bad_input_is_refused_before_calling_aws(aws, call, message):
    secrets, sagemaker = boto3.client("secretsmanager"), boto3.client("sagemaker")
    arn = secrets.create_secret(Name="gitlab/diagnostico")["ARN"]
    secrets.put_secret_value(SecretId=arn, SecretString=json.dumps({"username": "ana", "token": "previo"}))
    before = state(secrets, sagemaker)
    sent = []

    def client(service):
        made = boto3.client(service)
        made.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
        return made

    service = "sagemaker" if "register_repository" in call.__code__.co_names else "secretsmanager"
    with raises_in_spanish(ValueError, match=message):
        call(client(service))
    assert sent == []
    assert state(secrets, sagemaker) == before
