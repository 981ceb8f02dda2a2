"""make test-aws (modo sandbox, tests/sandbox.py) contra un servidor de moto normal arrancado aparte: sin su
API de reinicio ni los extras de tests/moto_extras.py, como si fuera una cuenta de AWS."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests

from tests import sandbox

ROOT = Path(__file__).resolve().parents[1]
MOTO_ACCOUNT = "123456789012"  # la cuenta de moto
# Un recurso de cada clase que las pruebas crean, más las que se omiten o no son de AWS.
SUBSET = [
    "tests/aws/test_s3.py::test_create_bucket_is_private_encrypted_and_tagged",
    "tests/aws/test_s3.py::test_folders_round_trip",
    "tests/aws/test_s3.py::test_access_denied_has_a_clear_message",  # /moto-api/reset-auth: se omite
    "tests/aws/test_emr.py::test_create_cluster_and_submit_spark_step",  # VPC, subred, grupos y clúster
    "tests/aws/test_emr.py::test_ssh_to_the_world_is_refused",
    "tests/aws/test_emr.py::test_step_script_requires_its_arguments",  # no es de AWS: no se selecciona
    "tests/aws/test_endpoints.py::test_batch_transform_job_from_an_approved_version",
    "tests/aws/test_streaming.py::test_firehose_records_land_in_the_bucket",
    "tests/aws/test_streaming.py::test_opensearch_domain_request_is_private_restricted_and_valid",
    "tests/aws/test_gitlab_access.py::test_token_script_stores_the_token_without_printing_it",
    "tests/notebooks/test_instances.py::test_invalid_instance_types_are_refused_before_any_change",
    "tests/notebooks/test_instances.py::test_lifecycle_config_content_is_the_script",
    "tests/notebooks/test_instances.py::test_create_resize_and_restart_a_notebook_instance",  # extra: se omite
    "tests/proyecto_ml/test_pipeline.py::test_upsert_and_start_in_sagemaker",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def plain_moto(tmp_path):
    """``moto_server`` tal cual se instala, en su propio proceso: nada de la suite lo configura."""
    port = free_port()
    log = (tmp_path / "moto.log").open("w")
    server = subprocess.Popen([str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{endpoint}/moto-api/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def run_suite(endpoint: str, *args: str, **extra: str) -> subprocess.CompletedProcess:
    """El comando de make test-aws (HANDBOOK_AWS_SANDBOX=1 python -m pytest) en un proceso nuevo."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "HANDBOOK_", "MANUAL_ML_"))}
    env.update(HANDBOOK_AWS_SANDBOX="1", AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing", **extra)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


def test_makefile_runs_the_suite_in_sandbox_mode():
    recipe = subprocess.run(["make", "--no-print-directory", "-n", "-W", ".venv/.installed", "test-aws"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    assert recipe.strip().splitlines()[-1] == "HANDBOOK_AWS_SANDBOX=1 .venv/bin/python -m pytest"


def test_refuses_to_start_unless_the_account_is_the_sandbox(plain_moto):
    for extra in ({}, {sandbox.ACCOUNT_VARIABLE: "111111111111"}):
        result = run_suite(plain_moto, SUBSET[0], **extra)
        assert result.returncode == 4, result.stdout + result.stderr
        assert "make test-aws no empieza" in result.stdout + result.stderr
        assert "passed" not in result.stdout
    assert boto3.client("s3", endpoint_url=plain_moto, region_name="eu-west-1", aws_access_key_id="x",
                        aws_secret_access_key="x").list_buckets()["Buckets"] == []


def test_sandbox_run_passes_with_unique_names_and_leaves_nothing(plain_moto, monkeypatch):
    # Algo que ya estaba en la cuenta con el nombre base de un bucket de las pruebas: no se toca.
    for key, value in {"AWS_ENDPOINT_URL": plain_moto, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
                       "AWS_SESSION_TOKEN": "x", "AWS_DEFAULT_REGION": "eu-west-1"}.items():
        monkeypatch.setenv(key, value)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="equipo-ml-datos", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_object(Bucket="equipo-ml-datos", Key="de-otro-equipo.csv", Body=b"a,b\n")

    result = run_suite(plain_moto, "-rs", *SUBSET, HANDBOOK_RUN_ID="r1", **{sandbox.ACCOUNT_VARIABLE: MOTO_ACCOUNT})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (passed|skipped|deselected|failed|error)", output)}
    assert counts == {"passed": 12, "skipped": 2, "deselected": 1}, output
    assert "necesita moto: moto solo comprueba permisos" in output
    assert "moto no tiene UpdateNotebookInstance" in output

    assert sandbox.leftovers() == {"s3": ["equipo-ml-datos"]}
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="equipo-ml-datos")["Contents"]] == ["de-otro-equipo.csv"]


@pytest.mark.moto_only("comprueba que no queda nada en toda la cuenta")
def test_recorder_cleans_up_what_any_client_created_even_after_a_failure(aws):
    recorder = sandbox.Recorder()
    recorder.start()
    with pytest.raises(AssertionError):
        boto3.resource("s3").create_bucket(Bucket="equipo-ml-temporal",
                                           CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        boto3.client("s3").put_object(Bucket="equipo-ml-temporal", Key="a.txt", Body=b"x")
        boto3.client("secretsmanager").create_secret(Name="temporal", SecretString="x")
        raise AssertionError("la prueba falla a mitad")
    assert recorder.cleanup() == []
    assert sandbox.leftovers() == {}
    boto3.client("s3").create_bucket(Bucket="equipo-ml-fuera", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert recorder.created == []  # tras cleanup ya no anota nada


def test_run_names_are_unique_only_in_sandbox_mode(monkeypatch):
    assert sandbox.run_name("equipo-ml-datos") == "equipo-ml-datos"
    monkeypatch.setattr(sandbox, "SANDBOX", True)
    assert sandbox.run_name("equipo-ml-datos") == f"equipo-ml-datos-{sandbox.RUN_ID}"
    assert re.fullmatch(r"[0-9a-f]{6}", sandbox.RUN_ID) or os.environ.get("HANDBOOK_RUN_ID")
