"""Fallos de red y transferencias a medias en snippets/aws/s3.py: esperas acotadas, reintentos a través
de un proxy que corta conexiones, y carpetas y buckets que se crean enteros o no se crean."""

from __future__ import annotations

import hashlib
import random
import time
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError

from snippets.aws import s3
from tests.fault_proxy import ResettingProxy

BUCKET = "equipo-ml-fallos"


def objects(client, bucket=BUCKET) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def fail_on_call(client, operation: str, number: int) -> None:
    """Hace que la llamada número ``number`` a ``operation`` falle como una red caída (con reintentos)."""
    calls = []

    def handler(request, **_):
        calls.append(request)
        if len(calls) >= number:
            raise EndpointConnectionError(endpoint_url=request.url)

    client.meta.events.register(f"before-send.s3.{operation}", handler)


@pytest.mark.parametrize("endpoint", ["refusing_endpoint", "silent_endpoint"])
def test_a_dead_endpoint_fails_within_30_seconds_with_a_spanish_message(aws, endpoint, request, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", request.getfixturevalue(endpoint))
    started = time.monotonic()
    with pytest.raises(s3.S3Error, match="S3 no responde .* tras varios intentos") as info:
        s3.read_object(f"s3://{BUCKET}/datos.csv")  # sin cliente: el de la página, con sus límites
    assert time.monotonic() - started < 30
    assert info.value.code == "ConnectionError"
    assert info.value.__cause__ is not None  # el error original de botocore va adjunto


def test_helpers_without_a_client_use_the_page_configuration(aws):
    client = s3.s3_client()
    config = client.meta.config
    assert (config.connect_timeout, config.read_timeout) == (5, 8)
    assert config.retries == {"total_max_attempts": 3, "mode": "standard"}


def test_uploads_and_downloads_survive_connection_resets(aws, tmp_path):
    """50 archivos de 1 a 20 MB, subidos y bajados a través de un proxy que corta el 10 % de las conexiones."""
    s3.create_bucket(BUCKET)
    target = urlsplit(aws)
    proxy = ResettingProxy((target.hostname, target.port))
    try:
        client = boto3.client("s3", endpoint_url=proxy.url, config=s3.S3_CONFIG)
        rng = random.Random(7)
        sources, copies = tmp_path / "origen", tmp_path / "copia"
        sources.mkdir()
        digests = {}
        for i in range(50):
            data = rng.randbytes(rng.randint(1, 20) * 1024 * 1024)
            (sources / f"parte-{i:02}.bin").write_bytes(data)
            digests[f"parte-{i:02}.bin"] = hashlib.sha256(data).hexdigest()
        for name in digests:
            s3.upload_file(sources / name, f"s3://{BUCKET}/datos/{name}", client=client)
            s3.download_file(f"s3://{BUCKET}/datos/{name}", copies / name, client=client)
    finally:
        proxy.close()
    assert proxy.resets >= 5, f"el proxy solo cortó {proxy.resets} de {proxy.connections} conexiones"
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in copies.iterdir()} == digests
    assert objects(boto3.client("s3")) == sorted(f"datos/{name}" for name in digests)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copia", "origen"]  # ningún temporal a medias


@pytest.mark.parametrize("failing_call", [1, 2, 3, 4])
def test_upload_folder_failing_midway_leaves_no_new_object(aws, tmp_path, failing_call):
    client = s3.s3_client()
    s3.create_bucket(BUCKET, client=client)
    client.put_object(Bucket=BUCKET, Key="otros/previo.csv", Body=b"x")
    for name in ["a.csv", "b.csv", "sub/c.csv", "sub/d.csv"]:
        (tmp_path / "informe" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "informe" / name).write_text(name)
    fail_on_call(client, "PutObject", failing_call)
    with pytest.raises(s3.S3Error, match="no responde"):
        s3.upload_folder(tmp_path / "informe", f"s3://{BUCKET}/informes/", client=client)
    assert objects(s3.s3_client()) == ["otros/previo.csv"]


@pytest.mark.parametrize("failing_call", [1, 2, 3])
def test_download_folder_failing_midway_leaves_the_folder_as_it_was(aws, tmp_path, failing_call):
    client = s3.s3_client()
    s3.create_bucket(BUCKET, client=client)
    for name in ["a.csv", "sub/b.csv", "sub/c.csv"]:
        client.put_object(Bucket=BUCKET, Key=f"informes/{name}", Body=name.encode())
    (tmp_path / "copia").mkdir()
    (tmp_path / "copia" / "a.csv").write_text("versión local")
    fail_on_call(client, "GetObject", failing_call)
    with pytest.raises(s3.S3Error, match="no responde"):
        s3.download_folder(f"s3://{BUCKET}/informes/", tmp_path / "copia", overwrite=True, client=client)
    assert [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.rglob("*"))] == ["copia", "copia/a.csv"]
    assert (tmp_path / "copia" / "a.csv").read_text() == "versión local"


@pytest.mark.parametrize("operation", ["PutPublicAccessBlock", "PutBucketEncryption", "PutBucketTagging"])
def test_create_bucket_failing_midway_leaves_no_bucket(aws, operation):
    client = s3.s3_client()
    fail_on_call(client, operation, 1)
    with pytest.raises(s3.S3Error, match="no responde"):
        s3.create_bucket(BUCKET, tags={"equipo": "ml"}, client=client)
    assert [b["Name"] for b in s3.s3_client().list_buckets()["Buckets"]] == []


def test_create_bucket_failing_on_an_existing_bucket_keeps_it(aws):
    client = s3.s3_client()
    s3.create_bucket(BUCKET, client=client)
    client.put_object(Bucket=BUCKET, Key="a.csv", Body=b"x")
    fail_on_call(client, "PutBucketTagging", 1)
    with pytest.raises(s3.S3Error):
        s3.create_bucket(BUCKET, tags={"equipo": "ml"}, client=client)
    assert objects(client) == ["a.csv"]
