"""Entradas incorrectas para snippets/aws/s3.py: cada caso da un error claro en español antes de tocar
AWS, y ni la cuenta (buckets y objetos) ni la carpeta local cambian."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from snippets.aws import s3
from tests.conftest import assert_spanish

BUCKET = "equipo-ml-entradas"


def account_state() -> dict:
    """Buckets y objetos (clave y ETag) de la cuenta local, para comparar antes y después."""
    client = boto3.client("s3")
    state = {}
    for bucket in client.list_buckets()["Buckets"]:
        objects = client.list_objects_v2(Bucket=bucket["Name"]).get("Contents", [])
        state[bucket["Name"]] = sorted((o["Key"], o["ETag"]) for o in objects)
    return state


def local_state(root: Path) -> list[tuple[str, bytes]]:
    return sorted((p.relative_to(root).as_posix(), p.read_bytes() if p.is_file() else b"")
                  for p in root.rglob("*"))


def uri(key: str = "") -> str:
    return f"s3://{BUCKET}/{key}"


# (identificador, función, argumentos, tipo de error, texto que el mensaje debe contener)
CASES = [
    ("uri-none", s3.parse_s3_uri, (None,), ValueError, "URI de S3 no válida"),
    ("uri-int", s3.parse_s3_uri, (123,), ValueError, "URI de S3 no válida"),
    ("uri-sin-esquema", s3.parse_s3_uri, ("equipo/datos.csv",), ValueError, "s3://bucket/clave"),
    ("uri-vacia", s3.parse_s3_uri, ("s3://",), ValueError, "no indica ningún bucket"),
    ("uri-mayusculas", s3.parse_s3_uri, ("s3://Equipo_ML/a.csv",), ValueError, "no es un nombre de bucket"),
    ("uri-clave-larga", s3.parse_s3_uri, (uri("k" * 1025),), ValueError, "1024 bytes"),
    ("bucket-nombre", s3.create_bucket, ("Equipo_ML",), ValueError, "Nombre de bucket no válido"),
    ("bucket-int", s3.create_bucket, (12345,), ValueError, "Nombre de bucket no válido"),
    ("bucket-region", s3.create_bucket, ("equipo-ml-nuevo", "europa"), ValueError, "Región no válida"),
    ("bucket-tag-int", s3.create_bucket, ("equipo-ml-nuevo", None, {"coste": 12}), TypeError, "deben ser texto"),
    ("bucket-tag-aws", s3.create_bucket, ("equipo-ml-nuevo", None, {"aws:equipo": "ml"}), ValueError, "aws:"),
    ("bucket-tags-lista", s3.create_bucket, ("equipo-ml-nuevo", None, [("a", "b")]), ValueError, "dict"),
    ("bucket-51-tags", s3.create_bucket, ("equipo-ml-nuevo", None, {f"t{i}": "v" for i in range(51)}),
     ValueError, "50"),
    ("bucket-kms-vacio", s3.create_bucket, ("equipo-ml-nuevo", None, None, ""), ValueError, "kms_key_id"),
    ("subir-sin-archivo", s3.upload_file, ("no-existe.csv", uri("a.csv")), FileNotFoundError, "No existe el archivo local 'no-existe.csv'"),
    ("subir-a-carpeta", s3.upload_file, ("datos.csv", uri("raw/")), ValueError, "clave completa"),
    ("subir-bucket-ajeno", s3.upload_file, ("datos.csv", "s3://equipo-ml-no-existe/a.csv"), s3.S3Error, "no existe"),
    ("bajar-carpeta", s3.download_file, (uri("raw/"), "copia.csv"), ValueError, "clave completa"),
    ("bajar-no-existe", s3.download_file, (uri("nada/a.csv"), "nueva/a.csv"), s3.S3Error, "No existe"),
    ("bajar-sin-pisar", s3.download_file, (uri("raw/datos.csv"), "datos.csv"), FileExistsError, "Ya existe 'datos.csv'; use overwrite=True"),
    ("subir-carpeta-no-dir", s3.upload_folder, ("datos.csv", uri("informes/")), NotADirectoryError, "No existe la carpeta local 'datos.csv'"),
    ("subir-carpeta-pisaria", s3.upload_folder, ("informe", uri("informes/")), FileExistsError, "overwrite=True"),
    ("subir-carpeta-uri-none", s3.upload_folder, ("informe", None), ValueError, "URI de S3 no válida"),
    ("subir-carpeta-uri-int", s3.upload_folder, ("informe", 42), ValueError, "URI de S3 no válida"),
    ("bajar-carpeta-uri-none", s3.download_folder, (None, "copia"), ValueError, "URI de S3 no válida"),
    ("bajar-carpeta-sin-esquema", s3.download_folder, ("equipo-ml/informes/", "copia"), ValueError, "s3://bucket/clave"),
    ("bajar-carpeta-pisaria", s3.download_folder, (uri("informes/"), "informe"), FileExistsError, "overwrite=True"),
    ("leer-no-existe", s3.read_object, (uri("nada.csv"),), s3.S3Error, "No existe"),
    ("escribir-texto", s3.write_object, ("a,b\n1,2\n", uri("a.csv")), TypeError, "bytes, no str"),
    ("escribir-none", s3.write_object, (None, uri("a.csv")), TypeError, "bytes"),
    ("escribir-carpeta", s3.write_object, (b"x", uri("raw/")), ValueError, "clave completa"),
    ("escribir-bucket-ajeno", s3.write_object, (b"x", "s3://equipo-ml-no-existe/a"), s3.S3Error, "no existe"),
    ("url-float", s3.presigned_url, (uri("raw/datos.csv"), 600.7), ValueError, "expires_in"),
    ("url-texto", s3.presigned_url, (uri("raw/datos.csv"), "600"), ValueError, "expires_in"),
    ("url-bool", s3.presigned_url, (uri("raw/datos.csv"), True), ValueError, "expires_in"),
    ("url-cero", s3.presigned_url, (uri("raw/datos.csv"), 0), ValueError, "expires_in"),
    ("url-8-dias", s3.presigned_url, (uri("raw/datos.csv"), 8 * 24 * 3600), ValueError, "7 días"),
    ("url-no-existe", s3.presigned_url, (uri("nada.csv"),), s3.S3Error, "No existe"),
    ("borrar-sin-barra", s3.delete_prefix, (uri("raw"), False), ValueError, "terminado en '/'"),
    ("borrar-dry-run-texto", s3.delete_prefix, (uri("raw/"), "False"), TypeError, "dry_run"),
    ("borrar-bucket-entero", s3.delete_prefix, (uri(""), False), ValueError, "terminado en '/'"),
    ("existe-bucket-ajeno", s3.object_exists, ("s3://equipo-ml-no-existe/a.csv",), s3.S3Error, "No existe el bucket"),
    ("existe-sin-clave", s3.object_exists, (uri(),), ValueError, "clave"),
    ("listar-bucket-ajeno", lambda u: list(s3.list_objects(u)), ("s3://equipo-ml-no-existe/",), s3.S3Error, "no existe"),
]


@pytest.fixture
def workdir(aws, tmp_path, monkeypatch):
    """Un bucket con datos y una carpeta local con un archivo y un informe ya descargado."""
    monkeypatch.chdir(tmp_path)
    client = s3.s3_client()
    s3.create_bucket(BUCKET, client=client)
    Path("datos.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    Path("informe").mkdir()
    Path("informe/resumen.html").write_text("<h1>Resumen</h1>", encoding="utf-8")
    client.put_object(Bucket=BUCKET, Key="raw/datos.csv", Body=b"a,b\n1,2\n")
    client.put_object(Bucket=BUCKET, Key="informes/resumen.html", Body=b"<h1>Otro</h1>")
    return tmp_path


@pytest.mark.parametrize(("function", "args", "error", "text"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_gives_a_clear_spanish_error_and_changes_nothing(workdir, function, args, error, text):
    before_account, before_local = account_state(), local_state(workdir)
    with pytest.raises(error) as info:
        function(*args)
    message = str(info.value)
    assert text in message
    assert_spanish(info.value)
    assert account_state() == before_account
    assert local_state(workdir) == before_local
