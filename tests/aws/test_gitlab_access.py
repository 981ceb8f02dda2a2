"""Pruebas de snippets/aws/gitlab_access.py contra moto: secreto, repositorio y notebook instance."""

from __future__ import annotations

import json

import boto3
import pytest

from snippets.aws import gitlab_access
from snippets.notebooks import instances

URL = "https://gitlab.com/equipo-ml/churn.git"


def test_secret_repository_and_notebook_instance(aws):
    arn = gitlab_access.store_gitlab_token("gitlab/churn", "ana", "glpat-abc123")
    secret = boto3.client("secretsmanager").get_secret_value(SecretId=arn)
    assert json.loads(secret["SecretString"]) == {"username": "ana", "password": "glpat-abc123"}

    gitlab_access.register_repository("churn", URL, arn)
    repo = boto3.client("sagemaker").describe_code_repository(CodeRepositoryName="churn")
    assert repo["GitConfig"] == {"RepositoryUrl": URL, "Branch": "main", "SecretArn": arn}

    instances.create_notebook("ana-churn", "arn:aws:iam::123456789012:role/sm", code_repository="churn")
    described = boto3.client("sagemaker").describe_notebook_instance(NotebookInstanceName="ana-churn")
    assert described["DefaultCodeRepository"] == "churn"


def test_bad_token_or_url_are_refused_before_any_call(aws):
    with pytest.raises(ValueError, match="glpat-"):
        gitlab_access.store_gitlab_token("gitlab/x", "ana", "mi-contraseña")
    assert boto3.client("secretsmanager").list_secrets()["SecretList"] == []
    with pytest.raises(ValueError, match=r"\.git"):
        gitlab_access.register_repository("x", "git@gitlab.com:equipo-ml/churn.git", "arn:aws:secretsmanager:eu-west-1:1:secret:x")
