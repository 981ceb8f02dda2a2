"""Pruebas de snippets/aws/s3.py contra el servidor de moto (HTTP en 127.0.0.1)."""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import urllib.request

import boto3
import pandas as pd
import pytest
import requests
from boto3.s3.transfer import TransferConfig
from botocore.awsrequest import AWSResponse
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
)

from snippets.aws import s3
from tests.conftest import aws_error
from tests.sandbox import run_name

BUCKET = run_name("equipo-ml-datos")


@pytest.fixture
def client(aws):
    return s3.s3_client()


@pytest.fixture
def bucket(client):
    s3.create_bucket(BUCKET, client=client)
    return BUCKET


def test_client_uses_environment_region_and_endpoint(aws):
    client = s3.s3_client()
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.endpoint_url == aws
    assert s3.s3_client(region="us-east-1").meta.region_name == "us-east-1"


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("s3://bkt/k.csv", ("bkt", "k.csv")),
        ("s3://bkt/carpeta/sub/", ("bkt", "carpeta/sub/")),
        ("s3://bkt", ("bkt", "")),
    ],
)
def test_parse_s3_uri(uri, expected):
    assert s3.parse_s3_uri(uri) == expected


@pytest.mark.parametrize("uri", ["b/k.csv", "https://b.s3.amazonaws.com/k", "s3:///k", "", None])
def test_parse_s3_uri_rejects_malformed(uri):
    with pytest.raises(ValueError, match="URI|bucket"):
        s3.parse_s3_uri(uri)


def test_create_bucket_is_private_encrypted_and_tagged(client):
    assert s3.create_bucket(BUCKET, tags={"proyecto": "churn"}, client=client) == f"s3://{BUCKET}"
    assert client.get_bucket_location(Bucket=BUCKET)["LocationConstraint"] == "eu-west-1"
    block = client.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4
    rules = client.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert client.get_bucket_tagging(Bucket=BUCKET)["TagSet"] == [{"Key": "proyecto", "Value": "churn"}]


def test_create_bucket_with_kms_and_in_us_east_1(aws):
    client, name = s3.s3_client(region="us-east-1"), run_name("equipo-ml-kms")
    s3.create_bucket(name, kms_key_id="alias/datos", client=client)
    rule = client.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/datos"}
    assert rule["BucketKeyEnabled"] is True


def test_create_bucket_twice_keeps_objects(client, bucket):
    client.put_object(Bucket=bucket, Key="a.txt", Body=b"hola")
    s3.create_bucket(bucket, client=client)
    assert client.get_object(Bucket=bucket, Key="a.txt")["Body"].read() == b"hola"


@pytest.mark.parametrize("name", ["ab", "Mayusculas", "con_guion_bajo", "-empieza", "a..b", "x" * 64])
def test_create_bucket_rejects_invalid_names_before_calling_aws(client, name):
    calls = []
    client.meta.events.register("before-call", lambda model, **_: calls.append(model.name))
    with pytest.raises(ValueError, match="Nombre de bucket no válido"):
        s3.create_bucket(name, client=client)
    assert calls == []


def test_upload_and_download_small_file(client, bucket, tmp_path):
    source = tmp_path / "datos.csv"
    source.write_text("a,b\n1,2\n")
    s3.upload_file(source, f"s3://{bucket}/raw/datos.csv", client=client)
    head = client.head_object(Bucket=bucket, Key="raw/datos.csv", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"]
    target = s3.download_file(f"s3://{bucket}/raw/datos.csv", tmp_path / "copia" / "datos.csv", client=client)
    assert target.read_bytes() == source.read_bytes()


def test_multipart_round_trip_is_byte_identical(client, bucket, tmp_path):
    # Umbral bajo (5 MiB, el mínimo de S3 por parte) para forzar la subida en partes.
    config = TransferConfig(multipart_threshold=5 * s3.MiB, multipart_chunksize=5 * s3.MiB)
    source = tmp_path / "grande.bin"
    source.write_bytes(os.urandom(12 * s3.MiB + 123))
    s3.upload_file(source, f"s3://{bucket}/grande.bin", client=client, config=config)
    etag = client.head_object(Bucket=bucket, Key="grande.bin")["ETag"]
    assert etag.strip('"').endswith("-3"), "la subida debía hacerse en 3 partes"
    target = s3.download_file(f"s3://{bucket}/grande.bin", tmp_path / "vuelta.bin", client=client, config=config)
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(source.read_bytes()).digest()


# --8<-- [start:example]
def test_upload_missing_local_file_creates_nothing(client, bucket, tmp_path):
    with pytest.raises(FileNotFoundError, match="No existe el archivo local"):
        s3.upload_file(tmp_path / "no-existe.csv", f"s3://{bucket}/x.csv", client=client)
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
# --8<-- [end:example]


def test_upload_to_missing_bucket_and_to_folder_key(client, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("x")
    with pytest.raises(s3.S3Error, match="no existe") as info:
        s3.upload_file(source, "s3://bucket-que-no-existe/a.txt", client=client)
    assert info.value.code == "NoSuchBucket"
    with pytest.raises(ValueError, match="clave completa"):
        s3.upload_file(source, "s3://bucket-que-no-existe/carpeta/", client=client)


def test_download_missing_key_or_bucket_leaves_no_file(client, bucket, tmp_path):
    target = tmp_path / "salida.csv"
    with pytest.raises(s3.S3Error, match="No existe") as info:
        s3.download_file(f"s3://{bucket}/no-existe.csv", target, client=client)
    assert info.value.code == "404"
    with pytest.raises(s3.S3Error, match="No existe|no existe"):
        s3.download_file("s3://bucket-que-no-existe/a.csv", target, client=client)
    assert list(tmp_path.iterdir()) == []


def test_download_does_not_overwrite_unless_asked(client, bucket, tmp_path):
    client.put_object(Bucket=bucket, Key="a.txt", Body=b"nuevo")
    local = tmp_path / "a.txt"
    local.write_bytes(b"mio")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        s3.download_file(f"s3://{bucket}/a.txt", local, client=client)
    assert local.read_bytes() == b"mio"
    s3.download_file(f"s3://{bucket}/a.txt", local, overwrite=True, client=client)
    assert local.read_bytes() == b"nuevo"


def test_folders_round_trip(client, bucket, tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.csv").write_text("1")
    (src / "sub" / "b.csv").write_text("2")
    uploaded = s3.upload_folder(src, f"s3://{bucket}/proyecto/", client=client)
    assert uploaded == [f"s3://{bucket}/proyecto/a.csv", f"s3://{bucket}/proyecto/sub/b.csv"]
    client.put_object(Bucket=bucket, Key="proyecto/vacia/", Body=b"")  # «carpeta» de la consola
    files = s3.download_folder(f"s3://{bucket}/proyecto", tmp_path / "dst", client=client)
    assert sorted(p.relative_to(tmp_path / "dst").as_posix() for p in files) == ["a.csv", "sub/b.csv"]
    assert (tmp_path / "dst" / "sub" / "b.csv").read_text() == "2"
    with pytest.raises(NotADirectoryError):
        s3.upload_folder(tmp_path / "no-existe", f"s3://{bucket}/x/", client=client)


def test_download_folder_refuses_keys_that_escape(client, bucket, tmp_path):
    client.put_object(Bucket=bucket, Key="p/../../fuera.txt", Body=b"x")
    with pytest.raises(s3.S3Error, match="saldría de la carpeta"):
        s3.download_folder(f"s3://{bucket}/p/", tmp_path / "dst", client=client)
    assert not (tmp_path / "fuera.txt").exists()


def test_list_objects_follows_pages(client, bucket):
    for i in range(1005):
        client.put_object(Bucket=bucket, Key=f"logs/{i:04d}.txt", Body=b"x")
    client.put_object(Bucket=bucket, Key="otros/a.txt", Body=b"x")
    keys = [o["Key"] for o in s3.list_objects(f"s3://{bucket}/logs/", client=client)]
    assert len(keys) == 1005 and keys[0] == "logs/0000.txt" and keys[-1] == "logs/1004.txt"
    with pytest.raises(s3.S3Error, match="El bucket 'bucket-que-no-existe' no existe"):
        list(s3.list_objects("s3://bucket-que-no-existe/", client=client))


def test_list_objects_gives_key_size_and_date_of_each_object(client, bucket):
    client.put_object(Bucket=bucket, Key="datos/a.csv", Body=b"12345")
    client.put_object(Bucket=bucket, Key="datos/b.csv", Body=b"")
    listed = list(s3.list_objects(f"s3://{bucket}/datos/", client=client))
    assert [(o["Key"], o["Size"]) for o in listed] == [("datos/a.csv", 5), ("datos/b.csv", 0)]
    assert all(sorted(o) == ["Key", "LastModified", "Size"] and o["LastModified"].year >= 2026 for o in listed)


def test_a_listing_denied_midway_names_the_folder(client, bucket):
    client.meta.events.register("before-call.s3.ListObjectsV2", aws_error("ListObjectsV2"))
    with pytest.raises(s3.S3Error, match=f"s3://{bucket}/datos/") as error:
        list(s3.list_objects(f"s3://{bucket}/datos/", client=client))
    assert error.value.__cause__ is not None


def test_csv_and_parquet_round_trip(client, bucket):
    df = pd.DataFrame(
        {"cliente": ["a", "b"], "importe": [10.5, 3.25], "fecha": pd.to_datetime(["2026-01-01", "2026-02-01"])}
    )
    s3.write_parquet(df, f"s3://{bucket}/t.parquet", client=client)
    pd.testing.assert_frame_equal(s3.read_parquet(f"s3://{bucket}/t.parquet", client=client), df)
    s3.write_csv(df, f"s3://{bucket}/t.csv", client=client)
    back = s3.read_csv(f"s3://{bucket}/t.csv", client=client, parse_dates=["fecha"])
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    assert client.get_object(Bucket=bucket, Key="t.csv")["Body"].read().startswith(b"cliente,importe,fecha\n")
    with pytest.raises(s3.S3Error, match="No existe ningún objeto"):
        s3.read_parquet(f"s3://{bucket}/no-existe.parquet", client=client)


def test_presigned_url_downloads_without_credentials(client, bucket):
    client.put_object(Bucket=bucket, Key="informe.html", Body=b"<h1>ok</h1>")
    url = s3.presigned_url(f"s3://{bucket}/informe.html", expires_in=600, client=client)
    assert "X-Amz-Expires=600" in url
    with urllib.request.urlopen(url, timeout=10) as response:  # una petición sin boto3
        assert response.read() == b"<h1>ok</h1>"


@pytest.mark.parametrize("seconds", [0, 7 * 24 * 3600 + 1])
def test_presigned_url_rejects_bad_expiry(client, bucket, seconds):
    with pytest.raises(ValueError, match="expires_in"):
        s3.presigned_url(f"s3://{bucket}/a", expires_in=seconds, client=client)


def test_presigned_url_for_missing_object_fails_now(client, bucket):
    with pytest.raises(s3.S3Error, match="No existe"):
        s3.presigned_url(f"s3://{bucket}/no-existe", client=client)


def test_delete_prefix_dry_run_then_delete(client, bucket):
    for key in ["datos/a", "datos/b/c", "datos-2024/a", "otros/a"]:
        client.put_object(Bucket=bucket, Key=key, Body=b"x")
    assert s3.delete_prefix(f"s3://{bucket}/datos/", client=client) == ["datos/a", "datos/b/c"]
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 4
    assert s3.delete_prefix(f"s3://{bucket}/datos/", dry_run=False, client=client) == ["datos/a", "datos/b/c"]
    remaining = [o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]]
    assert remaining == ["datos-2024/a", "otros/a"]


def test_delete_prefix_in_batches_of_1000(client, bucket):
    for i in range(1003):
        client.put_object(Bucket=bucket, Key=f"tmp/{i}", Body=b"")
    assert len(s3.delete_prefix(f"s3://{bucket}/tmp/", dry_run=False, client=client)) == 1003
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


@pytest.mark.parametrize("uri", [f"s3://{BUCKET}/datos", f"s3://{BUCKET}"])
def test_delete_prefix_requires_folder_prefix(client, bucket, uri):
    client.put_object(Bucket=bucket, Key="datos/a", Body=b"x")
    with pytest.raises(ValueError, match="terminado en '/'"):
        s3.delete_prefix(uri, dry_run=False, client=client)
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 1


def test_object_exists(client, bucket):
    client.put_object(Bucket=bucket, Key="a", Body=b"x")
    assert s3.object_exists(f"s3://{bucket}/a", client=client)
    assert not s3.object_exists(f"s3://{bucket}/b", client=client)


@pytest.fixture
def restricted_client(aws, bucket):
    """Cliente de un usuario de IAM que solo puede listar el bucket; moto exige firma y permisos."""
    iam = boto3.client("iam")
    iam.create_user(UserName="analista")
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"}],
    }
    iam.put_user_policy(UserName="analista", PolicyName="solo-listar", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="analista")["AccessKey"]
    boto3.client("s3").put_object(Bucket=bucket, Key="secreto.csv", Body=b"x")
    requests.post(f"{aws}/moto-api/reset-auth", data=b"0", timeout=10).raise_for_status()
    yield boto3.client(
        "s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
        aws_session_token=None,
    )
    requests.post(f"{aws}/moto-api/reset-auth", data=b"inf", timeout=10).raise_for_status()


@pytest.mark.moto_only("moto solo comprueba permisos tras /moto-api/reset-auth")
def test_access_denied_has_a_clear_message(restricted_client, bucket, tmp_path):
    assert [o["Key"] for o in s3.list_objects(f"s3://{bucket}/", client=restricted_client)] == ["secreto.csv"]
    with pytest.raises(s3.S3Error, match="Acceso denegado") as info:
        s3.download_file(f"s3://{bucket}/secreto.csv", tmp_path / "s.csv", client=restricted_client)
    assert info.value.code in ("403", "AccessDenied")
    with pytest.raises(s3.S3Error, match="Acceso denegado"):
        s3.object_exists(f"s3://{bucket}/secreto.csv", client=restricted_client)
    with pytest.raises(s3.S3Error, match="Acceso denegado"):
        s3.write_csv(pd.DataFrame({"a": [1]}), f"s3://{bucket}/nuevo.csv", client=restricted_client)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.moto_only("el bucket de la página tiene nombre fijo y los de S3 son únicos en todo AWS")
def test_page_usage_cells_run_in_order(client, tmp_path, monkeypatch, capsys):
    """Las celdas de uso de la página (``uso-*``), en orden y en una carpeta vacía."""
    monkeypatch.chdir(tmp_path)
    runpy.run_path(s3.__file__, run_name="__main__")
    keys = sorted(o["Key"] for o in client.list_objects_v2(Bucket="equipo-ml-churn-datos")["Contents"])
    assert keys == [
        "informes/2026-11/resumen.html",
        "informes/2026-11/tablas/bajas_por_mes.csv",
        "informes/2026-11/tablas/bajas_por_plan.csv",
        "procesado/clientes.csv",
        "procesado/clientes.parquet",
        "raw/clientes.csv",
        "raw/mes=2026-09/clientes.csv",
        "raw/mes=2026-10/clientes.csv",
        "raw/mes=2026-11/clientes.csv",
    ]
    assert (tmp_path / "descargas" / "clientes.csv").read_bytes() == (tmp_path / "clientes.csv").read_bytes()
    assert (tmp_path / "informe-copia" / "tablas" / "bajas_por_plan.csv").read_text().startswith("plan,bajas")
    out = capsys.readouterr().out
    checksums = {line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("SHA-256")}
    assert len(checksums) == 1, out  # local, S3 y descarga: la misma suma
    assert "Se borrarían: ['tmp/features.bin', 'tmp/limpieza.bin', 'tmp/muestras.bin']" in out
    assert "Respuesta: 200 <h1>" in out


# --- Lo que los ayudantes envían a S3 y cómo traducen sus errores (prueba de mutaciones, issue 11) ---


def sent(client, operation: str) -> list[dict]:
    """Parámetros de cada llamada a ``operation`` tal como los pasa el ayudante a botocore."""
    calls = []
    client.meta.events.register(f"provide-client-params.s3.{operation}", lambda params, **_: calls.append(dict(params)))
    return calls


def answer(client, operation: str, parsed: dict, status: int = 200) -> None:
    """Responde a ``operation`` sin llamar a S3 (una respuesta de error si ``status`` >= 300)."""
    response = AWSResponse("https://s3.amazonaws.com", status, {}, None)
    client.meta.events.register(f"before-call.s3.{operation}", lambda **_: (response, parsed))


def denied(client, operation: str, code: str = "AccessDenied", status: int = 403) -> None:
    answer(client, operation, {"Error": {"Code": code, "Message": code}, "ResponseMetadata": {}}, status)


def in_model(operation: str, member: str, value: str) -> bool:
    shape = s3.s3_client().meta.service_model.operation_model(operation).input_shape.members[member]
    return value in shape.enum


def client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "x"}}, "HeadObject")


@pytest.mark.parametrize(
    ("codes", "words"),
    [
        (["NoSuchKey", "404", "NotFound"], "No existe"),
        (["AccessDenied", "403", "Forbidden"], "Acceso denegado"),
        (["BucketAlreadyExists"], "otra cuenta"),
        (["InvalidBucketName"], "no es válido"),
        (["NoSuchBucket"], "no existe"),
    ],
)
def test_s3_error_from_keeps_the_aws_code_and_explains_it(codes, words):
    for code in codes:
        err = s3.s3_error_from(client_error(code), "equipo-ml-datos", "raw/a.csv")
        assert err.code == code
        assert words in str(err) and "Error de S3" not in str(err), (code, str(err))


def test_s3_error_from_names_the_object_or_the_bucket():
    with_key = s3.s3_error_from(client_error("SlowDown"), "equipo-ml-datos", "raw/a.csv")
    assert str(with_key) == "Error de S3 en s3://equipo-ml-datos/raw/a.csv: SlowDown" and with_key.code == "SlowDown"
    bucket_only = s3.s3_error_from(client_error("SlowDown"), "equipo-ml-datos")
    assert "el bucket 'equipo-ml-datos'" in str(bucket_only) and "s3://" not in str(bucket_only)


def test_s3_error_from_without_an_error_code():
    err = s3.s3_error_from(ClientError({"ResponseMetadata": {}}, "GetObject"), "equipo-ml-datos", "a.csv")
    assert err.code == "" and "s3://equipo-ml-datos/a.csv" in str(err)


def test_s3_error_from_network_credentials_and_other_errors():
    for network in (
        EndpointConnectionError(endpoint_url="https://s3.eu-west-1.amazonaws.com/"),
        ReadTimeoutError(endpoint_url="https://s3.eu-west-1.amazonaws.com/"),
    ):
        err = s3.s3_error_from(network, "equipo-ml-datos", "a.csv")
        assert err.code == "ConnectionError"
        assert "(https://s3.eu-west-1.amazonaws.com/)" in str(err) and "s3://equipo-ml-datos/a.csv" in str(err)
    err = s3.s3_error_from(NoCredentialsError(), "equipo-ml-datos", "a.csv")
    assert err.code == "NoCredentials" and "credenciales" in str(err) and "s3://equipo-ml-datos/a.csv" in str(err)
    err = s3.s3_error_from(ParamValidationError(report="Bucket vacío"), "equipo-ml-datos", "a.csv")
    assert err.code == "ParamValidationError"
    assert str(err).startswith("Error de S3 en s3://equipo-ml-datos/a.csv: ") and "Bucket vacío" in str(err)


def test_transfers_send_sha256_checksums_and_the_given_config(client, bucket, tmp_path):
    source = tmp_path / "datos.csv"
    source.write_text("a,b\n1,2\n")
    puts, gets = sent(client, "PutObject"), sent(client, "GetObject")
    s3.upload_file(source, f"s3://{bucket}/raw/datos.csv", client=client)
    s3.write_object(b"x", f"s3://{bucket}/raw/x.bin", client=client)
    assert [p["ChecksumAlgorithm"] for p in puts] == ["SHA256", "SHA256"]
    assert in_model("PutObject", "ChecksumAlgorithm", "SHA256")
    s3.download_file(f"s3://{bucket}/raw/datos.csv", tmp_path / "copia.csv", client=client)
    assert [p["ChecksumMode"] for p in gets] == ["ENABLED"]
    assert in_model("GetObject", "ChecksumMode", "ENABLED")
    # Con partes de 5 MiB, 11 MiB se descargan en 3 GET por rangos: la descarga usa el TransferConfig dado.
    client.put_object(Bucket=bucket, Key="grande.bin", Body=os.urandom(11 * s3.MiB))
    gets.clear()
    config = TransferConfig(multipart_threshold=5 * s3.MiB, multipart_chunksize=5 * s3.MiB)
    s3.download_file(f"s3://{bucket}/grande.bin", tmp_path / "grande.bin", client=client, config=config)
    assert len(gets) == 3 and all(p["ChecksumMode"] == "ENABLED" and p["Range"] for p in gets)


def test_download_file_creates_missing_parent_folders(client, bucket, tmp_path):
    client.put_object(Bucket=bucket, Key="a.txt", Body=b"hola")
    target = s3.download_file(f"s3://{bucket}/a.txt", tmp_path / "x" / "y" / "a.txt", client=client)
    assert target.read_bytes() == b"hola"


def test_errors_name_the_object_that_failed(client, bucket, tmp_path):
    """Cada ayudante dice qué objeto falló: s3://bucket/clave, no solo el bucket."""
    source = tmp_path / "a.csv"
    source.write_text("x")
    for operation in ["PutObject", "GetObject", "HeadObject"]:
        denied(client, operation)
    target = f"s3://{bucket}/raw/a.csv"
    calls = [
        lambda: s3.upload_file(source, target, client=client),
        lambda: s3.write_object(b"x", target, client=client),
        lambda: s3.read_object(target, client=client),
        lambda: s3.download_file(target, tmp_path / "copia.csv", client=client),
        lambda: s3.presigned_url(target, client=client),
        lambda: s3.object_exists(target, client=client),
    ]
    for call in calls:
        with pytest.raises(s3.S3Error) as info:
            call()
        assert info.value.code == "AccessDenied"
        assert str(info.value) == f"Acceso denegado a {target}: revise la política del rol o del bucket."


def test_object_exists_network_error_and_missing_bucket(client, bucket):
    def fail(request, **_):
        raise EndpointConnectionError(endpoint_url=request.url)

    with pytest.raises(s3.S3Error) as info:
        s3.object_exists("s3://equipo-ml-no-existe/a.csv", client=client)
    assert info.value.code in ("404", "NoSuchBucket") and "'equipo-ml-no-existe'" in str(info.value)
    client.meta.events.register("before-send.s3.HeadObject", fail)
    with pytest.raises(s3.S3Error) as info:
        s3.object_exists(f"s3://{bucket}/raw/a.csv", client=client)
    assert info.value.code == "ConnectionError" and f"s3://{bucket}/raw/a.csv" in str(info.value)


@pytest.mark.parametrize("code", ["404", "NoSuchKey", "NotFound"])
def test_object_exists_treats_every_not_found_code_as_no(client, bucket, code):
    denied(client, "HeadObject", code, 404)
    assert s3.object_exists(f"s3://{bucket}/a.csv", client=client) is False


def test_presigned_url_default_and_limits(client, bucket):
    client.put_object(Bucket=bucket, Key="a", Body=b"x")
    assert "X-Amz-Expires=3600&" in s3.presigned_url(f"s3://{bucket}/a", client=client) + "&"
    for seconds in (1, 7 * 24 * 3600):
        assert f"X-Amz-Expires={seconds}&" in s3.presigned_url(f"s3://{bucket}/a", seconds, client=client) + "&"


def test_delete_prefix_sends_quiet_batches_of_exactly_1000(client, bucket):
    keys = [f"tmp/{i:04d}" for i in range(2001)]
    answer(client, "ListObjectsV2", {"Contents": [{"Key": k, "Size": 0, "LastModified": None} for k in keys]})
    answer(client, "DeleteObjects", {"Deleted": []})
    calls = sent(client, "DeleteObjects")
    assert s3.delete_prefix(f"s3://{bucket}/tmp/", dry_run=False, client=client) == keys
    assert [len(c["Delete"]["Objects"]) for c in calls] == [1000, 1000, 1]
    assert [o["Key"] for c in calls for o in c["Delete"]["Objects"]] == keys
    assert all(c["Delete"]["Quiet"] is True and c["Bucket"] == bucket for c in calls)


def test_delete_prefix_does_not_ignore_per_key_errors(client, bucket):
    client.put_object(Bucket=bucket, Key="tmp/a", Body=b"x")
    client.put_object(Bucket=bucket, Key="tmp/b", Body=b"x")
    errors = [{"Key": "tmp/a", "Code": "AccessDenied", "Message": "x"}, {"Key": "tmp/b", "Code": "InternalError", "Message": "y"}]
    answer(client, "DeleteObjects", {"Errors": errors})
    with pytest.raises(s3.S3Error) as info:
        s3.delete_prefix(f"s3://{bucket}/tmp/", dry_run=False, client=client)
    assert info.value.code == "AccessDenied"
    assert str(info.value) == "No se pudieron borrar: tmp/a (AccessDenied), tmp/b (InternalError)"


def test_delete_prefix_error_names_the_prefix(client, bucket):
    client.put_object(Bucket=bucket, Key="tmp/a", Body=b"x")
    denied(client, "DeleteObjects")
    with pytest.raises(s3.S3Error, match=f"Acceso denegado a s3://{bucket}/tmp/:") as info:
        s3.delete_prefix(f"s3://{bucket}/tmp/", dry_run=False, client=client)
    assert info.value.code == "AccessDenied"


def test_delete_prefix_dry_run_is_the_default(client, bucket):
    client.put_object(Bucket=bucket, Key="tmp/a", Body=b"x")
    calls = sent(client, "DeleteObjects")
    assert s3.delete_prefix(f"s3://{bucket}/tmp/", client=client) == ["tmp/a"]
    assert calls == [] and client.list_objects_v2(Bucket=bucket)["KeyCount"] == 1


@pytest.fixture
def passed_client(aws, bucket, monkeypatch, refusing_endpoint):
    """Un cliente que funciona, y un entorno en el que un cliente nuevo no llegaría a S3: si un ayudante
    crea su propio cliente en lugar de usar el que recibe, falla."""
    client = s3.s3_client()
    monkeypatch.setenv("AWS_ENDPOINT_URL", refusing_endpoint)
    return client


def test_helpers_use_the_client_they_receive(passed_client, bucket, tmp_path):
    client = passed_client
    (tmp_path / "src" / "sub").mkdir(parents=True)
    (tmp_path / "src" / "sub" / "a.csv").write_text("a\n1\n")
    assert s3.upload_folder(tmp_path / "src", f"s3://{bucket}/p/", client=client) == [f"s3://{bucket}/p/sub/a.csv"]
    assert len(s3.download_folder(f"s3://{bucket}/p/", tmp_path / "dst", client=client)) == 1
    df = pd.DataFrame({"a": [1]})
    s3.write_parquet(df, f"s3://{bucket}/t.parquet", client=client)
    pd.testing.assert_frame_equal(s3.read_parquet(f"s3://{bucket}/t.parquet", client=client), df)
    s3.write_csv(df, f"s3://{bucket}/t.csv", client=client)
    pd.testing.assert_frame_equal(s3.read_csv(f"s3://{bucket}/t.csv", client=client), df)
    assert s3.delete_prefix(f"s3://{bucket}/p/", dry_run=False, client=client) == ["p/sub/a.csv"]


def test_parquet_drops_the_index_and_passes_read_options(client, bucket):
    df = pd.DataFrame({"cliente": ["a", "b", "c"], "baja": [0, 1, 1]})
    s3.write_parquet(df[df["baja"] == 1], f"s3://{bucket}/bajas.parquet", client=client)  # índice 1, 2
    back = s3.read_parquet(f"s3://{bucket}/bajas.parquet", client=client)
    assert list(back.columns) == ["cliente", "baja"] and list(back.index) == [0, 1]
    only = s3.read_parquet(f"s3://{bucket}/bajas.parquet", client=client, columns=["cliente"])
    assert list(only.columns) == ["cliente"]


def test_download_folder_layouts(client, bucket, tmp_path, monkeypatch):
    """La «carpeta» de la consola igual al prefijo, solo subcarpetas, varios archivos por carpeta, una
    carpeta de destino cuyo padre no existe y un prefijo que termina en X; la carpeta temporal va junto al
    destino (misma unidad), no en la del sistema."""
    client.put_object(Bucket=bucket, Key="modelo-X/", Body=b"")
    for name in ["sub/a.csv", "sub/b.csv", "sub/otra/c.csv"]:
        client.put_object(Bucket=bucket, Key=f"modelo-X/{name}", Body=name.encode())
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "no-existe"))
    files = s3.download_folder(f"s3://{bucket}/modelo-X", tmp_path / "a" / "b" / "dst", client=client)
    root = tmp_path / "a" / "b" / "dst"
    assert sorted(p.relative_to(root).as_posix() for p in files) == ["sub/a.csv", "sub/b.csv", "sub/otra/c.csv"]
    assert (root / "sub" / "otra" / "c.csv").read_text() == "sub/otra/c.csv"
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["dst"]


def test_download_folder_refusal_names_the_local_file(client, bucket, tmp_path):
    client.put_object(Bucket=bucket, Key="p/a.csv", Body=b"x")
    (tmp_path / "dst").mkdir()
    (tmp_path / "dst" / "a.csv").write_text("mio")
    with pytest.raises(FileExistsError, match=str(tmp_path / "dst" / "a.csv")):
        s3.download_folder(f"s3://{bucket}/p/", tmp_path / "dst", client=client)
    client.put_object(Bucket=bucket, Key="q/../../fuera.txt", Body=b"x")
    with pytest.raises(s3.S3Error, match=f"carpeta '{tmp_path / 'dst'}'"):
        s3.download_folder(f"s3://{bucket}/q/", tmp_path / "dst", client=client)


def test_upload_folder_to_a_prefix_ending_in_x_and_the_clash_it_names(client, bucket, tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "z.csv").write_text("1")
    assert s3.upload_folder(tmp_path / "src", f"s3://{bucket}/modelo-X", client=client) == [
        f"s3://{bucket}/modelo-X/z.csv"
    ]
    client.put_object(Bucket=bucket, Key="modelo-X/a.csv", Body=b"x")
    with pytest.raises(FileExistsError, match=f"Ya existen 1 objetos, como s3://{bucket}/modelo-X/z.csv:"):
        s3.upload_folder(tmp_path / "src", f"s3://{bucket}/modelo-X/", client=client)


def test_upload_folder_rollback_is_quiet_and_reports_when_it_fails(client, bucket, tmp_path):
    (tmp_path / "src").mkdir()
    for name in ["a.csv", "b.csv", "c.csv"]:
        (tmp_path / "src" / name).write_text(name)
    puts = []

    def third_put_denied(**_):  # las dos primeras subidas llegan a S3, la tercera se deniega
        puts.append(1)
        if len(puts) == 3:
            return AWSResponse("https://s3", 403, {}, None), {"Error": {"Code": "AccessDenied", "Message": "x"}}

    client.meta.events.register("before-call.s3.PutObject", third_put_denied)
    deletes = sent(client, "DeleteObjects")
    with pytest.raises(s3.S3Error, match="Acceso denegado"):
        s3.upload_folder(tmp_path / "src", f"s3://{bucket}/p/", client=client)
    assert deletes == [{"Bucket": bucket, "Delete": {"Objects": [{"Key": "p/a.csv"}, {"Key": "p/b.csv"}], "Quiet": True}}]
    denied(client, "DeleteObjects")
    puts.clear()
    with pytest.raises(s3.S3Error, match=f"los 2 objetos nuevos bajo s3://{bucket}/p/: bórrelos con delete_prefix"):
        s3.upload_folder(tmp_path / "src", f"s3://{bucket}/p/", overwrite=True, client=client)


def test_upload_folder_rollback_deletes_in_batches_of_exactly_1000(client, bucket, tmp_path):
    (tmp_path / "src").mkdir()
    for i in range(1002):
        (tmp_path / "src" / f"{i:04d}.csv").write_text("x")
    puts = []

    def last_put_denied(**_):  # sin llamar a S3: 1001 subidas correctas y la última denegada
        puts.append(1)
        if len(puts) == 1002:
            return AWSResponse("https://s3", 403, {}, None), {"Error": {"Code": "AccessDenied", "Message": "x"}}
        return AWSResponse("https://s3", 200, {}, None), {}

    client.meta.events.register("before-call.s3.PutObject", last_put_denied)
    answer(client, "DeleteObjects", {"Deleted": []})
    deletes = sent(client, "DeleteObjects")
    with pytest.raises(s3.S3Error, match="Acceso denegado"):
        s3.upload_folder(tmp_path / "src", f"s3://{bucket}/p/", client=client)
    assert [len(d["Delete"]["Objects"]) for d in deletes] == [1000, 1]
    assert [o["Key"] for d in deletes for o in d["Delete"]["Objects"]] == [f"p/{i:04d}.csv" for i in range(1001)]


def test_network_errors_name_the_object(client, bucket, tmp_path):
    def unreachable(**_):
        raise EndpointConnectionError(endpoint_url="https://s3.eu-west-1.amazonaws.com/")

    source = tmp_path / "a.csv"
    source.write_text("x")
    for operation in ["PutObject", "GetObject", "HeadObject"]:
        client.meta.events.register(f"before-call.s3.{operation}", unreachable)
    target = f"s3://{bucket}/raw/a.csv"
    for call in [
        lambda: s3.upload_file(source, target, client=client),
        lambda: s3.write_object(b"x", target, client=client),
        lambda: s3.read_object(target, client=client),
        lambda: s3.download_file(target, tmp_path / "copia.csv", client=client),
    ]:
        with pytest.raises(s3.S3Error, match=f"tras varios intentos al acceder a {target}:") as info:
            call()
        assert info.value.code == "ConnectionError"


def test_an_upload_failure_that_does_not_come_from_aws_names_the_file_and_the_destination(tmp_path, monkeypatch):
    """boto3 envuelve en S3UploadFailedError también fallos que no son de AWS (un disco que deja de leerse):
    el error dice qué archivo y a dónde, con el original."""
    from boto3.exceptions import S3UploadFailedError

    path = tmp_path / "datos.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    client = boto3.client("s3", region_name="eu-west-1")
    original = S3UploadFailedError("Failed to upload datos.csv: disco ilegible")

    def upload_file(*args, **kwargs):
        raise original

    monkeypatch.setattr(client, "upload_file", upload_file)
    with pytest.raises(s3.S3Error, match=f"^No se pudo subir '{path}' a s3://equipo-ml-datos/a.csv: .*disco ilegible") as caught:
        s3.upload_file(path, "s3://equipo-ml-datos/a.csv", client=client)
    assert caught.value.__cause__ is original


@pytest.mark.parametrize(("tags", "accepted"), [
    ({"k": "v"}, True),                                      # clave de 1 carácter
    ({"k" * 128: "v"}, True),
    ({"k" * 129: "v"}, False),
    ({"": "v"}, False),
    ({"coste": "v" * 256}, True),
    ({"coste": "v" * 257}, False),
    ({f"t{i}": "v" for i in range(50)}, True),
    ({f"t{i}": "v" for i in range(51)}, False),
], ids=["clave-1", "clave-128", "clave-129", "clave-vacia", "valor-256", "valor-257", "50-etiquetas", "51-etiquetas"])
def test_tags_follow_the_s3_limits_exactly(tags, accepted):
    """Los límites de S3 para etiquetas: clave de 1 a 128 caracteres, valor de hasta 256, 50 por bucket."""
    if accepted:
        s3.check_tags(tags)
    else:
        with pytest.raises(ValueError):
            s3.check_tags(tags)


@pytest.mark.parametrize(("key", "accepted"), [("k" * 1024, True), ("k" * 1025, False), ("ñ" * 512, True), ("ñ" * 513, False)])
def test_object_keys_up_to_1024_bytes_of_utf8(key, accepted):
    uri = f"s3://equipo-ml-datos/{key}"
    if accepted:
        assert s3.parse_s3_uri(uri) == ("equipo-ml-datos", key)
    else:
        with pytest.raises(ValueError, match="1024 bytes"):
            s3.parse_s3_uri(uri)
