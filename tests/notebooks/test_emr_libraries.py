"""Pruebas de snippets/notebooks/emr_libraries.py: la acción de arranque llega al clúster en moto."""

from __future__ import annotations

import subprocess
from pathlib import Path

import boto3
import pytest

from snippets.aws import emr
from snippets.notebooks import emr_libraries
from tests.sandbox import run_name

SCRIPT = Path(emr_libraries.__file__).with_name("emr_bootstrap.sh")


def test_bootstrap_script_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(SCRIPT)]).returncode == 0


def test_cluster_is_created_with_the_bootstrap_action(aws):
    bucket = run_name("equipo-ml-emr")
    boto3.client("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    uri = emr_libraries.upload_bootstrap(str(SCRIPT), bucket)
    body = boto3.client("s3").get_object(Bucket=bucket, Key="emr/bootstrap/librerias.sh")["Body"].read()
    assert body == SCRIPT.read_bytes()

    request = emr_libraries.with_bootstrap(
        emr.spark_cluster_request("notebooks", "subnet-1", f"s3://{bucket}/logs/", "sg-1", "sg-2"), uri)
    cluster_id = emr.create_cluster(request)
    actions = boto3.client("emr").list_bootstrap_actions(ClusterId=cluster_id)["BootstrapActions"]
    assert [(a["Name"], a["ScriptPath"]) for a in actions] == [("librerias-del-equipo", uri)]


def test_bootstrap_path_must_be_a_script_in_s3():
    with pytest.raises(ValueError, match=r"\.sh en S3"):
        emr_libraries.with_bootstrap({}, "librerias.sh")
    with pytest.raises(ValueError, match=r"\.sh en S3"):
        emr_libraries.with_bootstrap({}, None)


@pytest.mark.parametrize(("script", "bucket", "message"), [
    ("no-existe.sh", "equipo-ml-emr", "No existe el script"),
    (None, "equipo-ml-emr", "No existe el script"),
    (str(SCRIPT), "s3://equipo-ml-emr", "Nombre de bucket no válido"),
    (str(SCRIPT), "Equipo_ML", "Nombre de bucket no válido"),
])
def test_upload_bootstrap_refuses_bad_input_before_calling_s3(aws, script, bucket, message):
    s3 = boto3.client("s3")
    sent = []
    s3.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
    with pytest.raises(ValueError, match=message):
        emr_libraries.upload_bootstrap(script, bucket, client=s3)
    assert sent == []


def test_upload_bootstrap_to_a_missing_bucket_is_a_spanish_error(aws):
    with pytest.raises(RuntimeError, match="No se pudo subir .* a s3://equipo-ml-no-existe/") as error:
        emr_libraries.upload_bootstrap(str(SCRIPT), "equipo-ml-no-existe")
    assert error.value.__cause__ is not None


def section(path: Path, name: str) -> str:
    """El código de una sección de un snippet, tal como lo muestra la página (sin sangría)."""
    import textwrap

    text = path.read_text(encoding="utf-8")
    start = text.index(f"# --8<-- [start:{name}]\n") + len(f"# --8<-- [start:{name}]\n")
    body = text[start:text.index(f"# --8<-- [end:{name}]")]
    return textwrap.dedent(body.rsplit("\n", 1)[0] + "\n")


def test_notebook_scoped_block_uses_only_the_emr_sparkcontext_api():
    # sc.install_pypi_package y compañía solo existen en el kernel PySpark de EMR: el bloque es «Solo en
    # EMR» (SOLO_BLOCKS). Aquí se ejecuta tal cual con un sc que anota qué llamadas hace, en orden.
    calls = []

    class RecordingContext:
        def __getattr__(self, name):
            return lambda *args: calls.append((name, args))

    exec(section(Path(emr_libraries.__file__), "notebook-scoped"), {"sc": RecordingContext()})
    assert [name for name, _ in calls] == [
        "list_packages", "install_pypi_package", "install_pypi_package", "list_packages", "uninstall_package",
    ]
    assert calls[1] == ("install_pypi_package", ("pandas==2.2.3",))
    assert calls[-1] == ("uninstall_package", ("matplotlib",))
