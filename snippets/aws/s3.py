"""Trabajo diario con Amazon S3 desde boto3.

Cada sección marcada con ``--8<--`` se muestra en la página «boto3 y S3» y es lo que
un lector copia en un notebook. Las secciones posteriores usan las utilidades de la
sección ``common`` (``S3Error``, ``parse_s3_uri`` y ``s3_error_from``). Las secciones
``uso-*`` del final son las celdas de uso de la página, en su orden: ejecutar el módulo
(``python -m snippets.aws.s3``) las recorre igual que un lector que copia la página.
"""

# --8<-- [start:client]
import boto3
from botocore.config import Config


# Esperas acotadas: con S3 caído o sin red, una llamada falla en menos de 30 s (3 intentos de
# como mucho 5 s para conectar y 8 s para recibir cada respuesta) en lugar de bloquear el notebook.
S3_CONFIG = Config(
    connect_timeout=5,
    read_timeout=8,
    retries={"total_max_attempts": 3, "mode": "standard"},
    signature_version="s3v4",  # las URL prefirmadas con SigV4 valen en todas las regiones
)


def s3_client(region: str | None = None, profile: str | None = None):
    """Crea un cliente de S3 con esperas y reintentos acotados (``S3_CONFIG``).

    Sin argumentos usa la región y las credenciales del entorno: en SageMaker, el rol
    de ejecución del notebook. ``profile`` elige un perfil de ``~/.aws/config`` en un
    portátil. Si la variable ``AWS_ENDPOINT_URL`` está definida, boto3 envía las
    llamadas a ese endpoint en lugar de al de AWS.
    """
    session = boto3.Session(region_name=region, profile_name=profile)
    return session.client("s3", config=S3_CONFIG)
# --8<-- [end:client]


# --8<-- [start:common]
import re
from contextlib import contextmanager

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)

BUCKET_NAME = re.compile(r"^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class S3Error(Exception):
    """Error de S3 con un mensaje claro y el código original de AWS en ``code``."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """Separa ``s3://bucket/clave`` en ``(bucket, clave)``; la clave puede ser vacía."""
    if not isinstance(uri, str) or not uri.startswith("s3://"):
        raise ValueError(f"URI de S3 no válida: {uri!r}. Use la forma s3://bucket/clave.")
    bucket, _, key = uri[len("s3://"):].partition("/")
    if not bucket:
        raise ValueError(f"La URI {uri!r} no indica ningún bucket. Use la forma s3://bucket/clave.")
    if not BUCKET_NAME.match(bucket):
        raise ValueError(f"{bucket!r} no es un nombre de bucket válido (URI {uri!r}).")
    if len(key.encode("utf-8")) > 1024:
        raise ValueError(f"La clave de {uri[:60]!r}… supera los 1024 bytes que admite S3.")
    return bucket, key


def s3_error_from(err: Exception, bucket: str, key: str = "") -> S3Error:
    """Traduce un error de boto3 (de AWS, de red o de credenciales) a un ``S3Error`` en español."""
    target = f"s3://{bucket}/{key}" if key else f"el bucket {bucket!r}"
    if isinstance(err, NoCredentialsError):
        return S3Error(f"No hay credenciales de AWS para acceder a {target}: revise el rol o el perfil.", "NoCredentials")
    if isinstance(err, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)):
        endpoint = err.kwargs.get("endpoint_url", "S3")
        return S3Error(
            f"S3 no responde ({endpoint}) tras varios intentos al acceder a {target}: "
            "revise la red, la región o la variable AWS_ENDPOINT_URL.",
            "ConnectionError",
        )
    if not isinstance(err, ClientError):
        return S3Error(f"Error de S3 en {target}: {err}", type(err).__name__)
    code = err.response.get("Error", {}).get("Code", "")
    messages = {
        "NoSuchBucket": f"El bucket {bucket!r} no existe o no está en esta región.",
        "NoSuchKey": f"No existe ningún objeto en {target}.",
        "404": f"No existe {target}.",
        "NotFound": f"No existe {target}.",
        "AccessDenied": f"Acceso denegado a {target}: revise la política del rol o del bucket.",
        "403": f"Acceso denegado a {target}: revise la política del rol o del bucket.",
        "Forbidden": f"Acceso denegado a {target}: revise la política del rol o del bucket.",
        "BucketAlreadyExists": f"El nombre {bucket!r} ya lo usa otra cuenta: elija otro.",
        "InvalidBucketName": f"El nombre de bucket {bucket!r} no es válido.",
    }
    message = messages.get(code, f"Error de S3 en {target}: {code or err}")
    return S3Error(message, code)


@contextmanager
def s3_errors(bucket: str, key: str = ""):
    """Convierte cualquier error de boto3 dentro del bloque en un ``S3Error`` con el original adjunto."""
    try:
        yield
    except (ClientError, BotoCoreError) as err:
        raise s3_error_from(err, bucket, key) from err
# --8<-- [end:common]


# --8<-- [start:create-bucket]
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


def check_tags(tags: dict[str, str]) -> None:
    """Comprueba las etiquetas con los límites de S3 antes de crear nada."""
    if not isinstance(tags, dict) or len(tags) > 50:
        raise ValueError("Las etiquetas van en un dict de como mucho 50 pares clave: valor.")
    for key, value in tags.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"Etiqueta {key!r}: {value!r}: clave y valor deben ser texto.")
        if not 1 <= len(key) <= 128 or len(value) > 256 or key.lower().startswith("aws:"):
            raise ValueError(
                f"Etiqueta no válida {key!r}: la clave tiene de 1 a 128 caracteres y no empieza por «aws:»; "
                "el valor, como mucho 256."
            )


def create_bucket(
    name: str,
    region: str | None = None,
    tags: dict[str, str] | None = None,
    kms_key_id: str | None = None,
    client=None,
) -> str:
    """Crea un bucket privado y cifrado; si ya es suyo, solo le aplica la configuración.

    Bloquea todo acceso público, activa el cifrado por defecto (SSE-S3, o SSE-KMS si
    se indica ``kms_key_id``) y etiqueta el bucket para repartir costes.
    """
    if not isinstance(name, str) or not BUCKET_NAME.match(name):
        raise ValueError(
            f"Nombre de bucket no válido: {name!r}. Use de 3 a 63 caracteres en minúsculas, "
            "números, puntos o guiones, empezando y terminando por letra o número."
        )
    if region is not None and not (isinstance(region, str) and REGION.match(region)):
        raise ValueError(f"Región no válida: {region!r}. Use un código como «eu-west-1».")
    if kms_key_id is not None and not (isinstance(kms_key_id, str) and kms_key_id):
        raise ValueError(f"kms_key_id debe ser el ARN, el ID o el alias de una clave de KMS: {kms_key_id!r}.")
    check_tags(tags or {})
    client = client or s3_client()
    region = region or client.meta.region_name
    params = {"Bucket": name}
    if region != "us-east-1":  # us-east-1 no admite LocationConstraint
        params["CreateBucketConfiguration"] = {"LocationConstraint": region}
    created = True
    try:
        client.create_bucket(**params)
    except ClientError as err:
        if err.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
            raise s3_error_from(err, name) from err
        created = False
    try:
        with s3_errors(name):
            configure_bucket(client, name, tags, kms_key_id)
    except S3Error:
        if created:  # todo o nada: un bucket sin bloqueo, cifrado o etiquetas no se queda a medias
            client.delete_bucket(Bucket=name)
        raise
    return f"s3://{name}"


def configure_bucket(client, name: str, tags: dict[str, str] | None, kms_key_id: str | None) -> None:
    """Bloquea el acceso público, fija el cifrado por defecto y etiqueta el bucket."""
    client.put_public_access_block(
        Bucket=name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    if kms_key_id:
        rule = {
            "ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms",
                "KMSMasterKeyID": kms_key_id,
            },
            "BucketKeyEnabled": True,  # menos llamadas a KMS, menos coste
        }
    else:
        rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    client.put_bucket_encryption(
        Bucket=name, ServerSideEncryptionConfiguration={"Rules": [rule]}
    )
    if tags:
        client.put_bucket_tagging(
            Bucket=name,
            Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]},
        )
# --8<-- [end:create-bucket]


# --8<-- [start:transfer]
from pathlib import Path

from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig

MiB = 1024 * 1024
# Por encima de 64 MiB el archivo se sube y se baja en partes de 64 MiB, 8 a la vez.
TRANSFER_CONFIG = TransferConfig(
    multipart_threshold=64 * MiB, multipart_chunksize=64 * MiB, max_concurrency=8
)


def upload_file(
    local_path: str | Path,
    s3_uri: str,
    client=None,
    config: TransferConfig = TRANSFER_CONFIG,
) -> str:
    """Sube un archivo con suma de verificación SHA-256, que S3 comprueba al recibirlo."""
    path = Path(local_path)
    if not path.is_file():
        raise FileNotFoundError(f"No existe el archivo local {str(path)!r}: no se ha subido nada.")
    bucket, key = parse_s3_uri(s3_uri)
    if not key or key.endswith("/"):
        raise ValueError(f"Indique la clave completa del objeto, no una carpeta: {s3_uri!r}.")
    client = client or s3_client()
    try:
        with s3_errors(bucket, key):
            client.upload_file(
                str(path), bucket, key,
                ExtraArgs={"ChecksumAlgorithm": "SHA256"},
                Config=config,
            )
    except S3UploadFailedError as err:
        cause = err.__context__
        if isinstance(cause, (ClientError, BotoCoreError)):
            raise s3_error_from(cause, bucket, key) from err
        raise S3Error(f"No se pudo subir {str(path)!r} a {s3_uri}: {err}") from err
    return s3_uri


def download_file(
    s3_uri: str,
    local_path: str | Path,
    overwrite: bool = False,
    client=None,
    config: TransferConfig = TRANSFER_CONFIG,
) -> Path:
    """Descarga un objeto validando su suma de verificación.

    No pisa un archivo existente salvo con ``overwrite=True``. boto3 escribe en un
    archivo temporal y lo renombra al terminar: un fallo no deja un archivo a medias.
    """
    bucket, key = parse_s3_uri(s3_uri)
    if not key or key.endswith("/"):
        raise ValueError(f"Indique la clave completa del objeto, no una carpeta: {s3_uri!r}.")
    path = Path(local_path)
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"Ya existe {str(path)!r}; use overwrite=True para reemplazarlo."
        )
    client = client or s3_client()
    with s3_errors(bucket, key):
        client.head_object(Bucket=bucket, Key=key)  # comprueba el objeto antes de crear carpetas
        path.parent.mkdir(parents=True, exist_ok=True)
        client.download_file(
            bucket, key, str(path),
            ExtraArgs={"ChecksumMode": "ENABLED"},
            Config=config,
        )
    return path
# --8<-- [end:transfer]


# --8<-- [start:list]
from collections.abc import Iterator


def list_objects(s3_uri: str, client=None) -> Iterator[dict]:
    """Recorre todos los objetos bajo un prefijo, página a página (1000 por página)."""
    bucket, prefix = parse_s3_uri(s3_uri)
    client = client or s3_client()
    paginator = client.get_paginator("list_objects_v2")
    with s3_errors(bucket, prefix):
        for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                yield {"Key": obj["Key"], "Size": obj["Size"], "LastModified": obj["LastModified"]}
# --8<-- [end:list]


# --8<-- [start:folders]
import shutil
import tempfile


def folder_prefix(s3_uri: str) -> tuple[str, str]:
    """El bucket y el prefijo de una «carpeta» de S3, acabado en «/»."""
    parse_s3_uri(s3_uri)  # el tipo y la forma, antes de tocar el texto
    return parse_s3_uri(s3_uri.rstrip("/") + "/")


def upload_folder(local_dir: str | Path, s3_uri: str, overwrite: bool = False, client=None) -> list[str]:
    """Sube el contenido de una carpeta conservando la estructura de subcarpetas.

    Todo o nada: si una subida falla, borra los objetos nuevos que ya había subido. No reemplaza
    objetos existentes salvo con ``overwrite=True`` (los reemplazados antes del fallo quedan nuevos).
    """
    root = Path(local_dir)
    if not root.is_dir():
        raise NotADirectoryError(f"No existe la carpeta local {str(root)!r}: no se ha subido nada.")
    bucket, prefix = folder_prefix(s3_uri)
    client = client or s3_client()
    keys = {prefix + p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    existing = {obj["Key"] for obj in list_objects(f"s3://{bucket}/{prefix}", client=client)}
    if existing & keys.keys() and not overwrite:
        clash = sorted(existing & keys.keys())
        raise FileExistsError(
            f"Ya existen {len(clash)} objetos, como s3://{bucket}/{clash[0]}: "
            "use overwrite=True para reemplazarlos. No se ha subido nada."
        )
    uploaded = []
    try:
        for key, path in keys.items():
            uploaded.append(upload_file(path, f"s3://{bucket}/{key}", client=client))
    except Exception:
        new = [{"Key": parse_s3_uri(uri)[1]} for uri in uploaded if parse_s3_uri(uri)[1] not in existing]
        try:  # deshace la subida parcial, en lotes de 1000 claves como admite delete_objects
            for start in range(0, len(new), 1000):
                client.delete_objects(Bucket=bucket, Delete={"Objects": new[start:start + 1000], "Quiet": True})
        except (ClientError, BotoCoreError) as err:
            raise S3Error(
                f"La subida falló y no se pudieron borrar los {len(new)} objetos nuevos bajo s3://{bucket}/{prefix}: "
                "bórrelos con delete_prefix."
            ) from err
        raise
    return uploaded


def download_folder(
    s3_uri: str, local_dir: str | Path, overwrite: bool = False, client=None
) -> list[Path]:
    """Descarga todos los objetos de un prefijo en una carpeta local.

    Todo o nada: descarga primero en una carpeta temporal junto a ``local_dir`` y solo al terminar
    mueve los archivos a su sitio; si algo falla, la carpeta local queda como estaba.
    """
    bucket, prefix = folder_prefix(s3_uri)
    root = Path(local_dir).resolve()
    targets = {}
    for obj in list_objects(f"s3://{bucket}/{prefix}", client=client):
        if obj["Key"].endswith("/"):  # marcador de «carpeta» creado desde la consola
            continue
        target = (root / obj["Key"][len(prefix):]).resolve()
        if not target.is_relative_to(root):
            raise S3Error(f"La clave {obj['Key']!r} saldría de la carpeta {str(root)!r}.")
        if target.exists() and not overwrite:
            raise FileExistsError(f"Ya existe {str(target)!r}; use overwrite=True. No se ha descargado nada.")
        targets[obj["Key"]] = target
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}-", dir=root.parent))
    try:
        for key, target in targets.items():
            download_file(f"s3://{bucket}/{key}", staging / target.relative_to(root), client=client)
        for key, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            (staging / target.relative_to(root)).replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return list(targets.values())
# --8<-- [end:folders]


# --8<-- [start:pandas]
import io

import pandas as pd


def read_object(s3_uri: str, client=None) -> bytes:
    """Lee un objeto entero en memoria."""
    bucket, key = parse_s3_uri(s3_uri)
    client = client or s3_client()
    with s3_errors(bucket, key):
        return client.get_object(Bucket=bucket, Key=key)["Body"].read()


def write_object(data: bytes, s3_uri: str, client=None) -> str:
    """Escribe bytes en un objeto con suma de verificación SHA-256."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"write_object escribe bytes, no {type(data).__name__}: para texto, use texto.encode('utf-8').")
    bucket, key = parse_s3_uri(s3_uri)
    if not key or key.endswith("/"):
        raise ValueError(f"Indique la clave completa del objeto, no una carpeta: {s3_uri!r}.")
    client = client or s3_client()
    with s3_errors(bucket, key):
        client.put_object(Bucket=bucket, Key=key, Body=data, ChecksumAlgorithm="SHA256")
    return s3_uri


def read_csv(s3_uri: str, client=None, **kwargs) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(read_object(s3_uri, client)), **kwargs)


def write_csv(df: pd.DataFrame, s3_uri: str, client=None) -> str:
    return write_object(df.to_csv(index=False).encode("utf-8"), s3_uri, client)


def read_parquet(s3_uri: str, client=None, **kwargs) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(read_object(s3_uri, client)), **kwargs)


def write_parquet(df: pd.DataFrame, s3_uri: str, client=None) -> str:
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False)  # pyarrow conserva los tipos de cada columna
    return write_object(buffer.getvalue(), s3_uri, client)
# --8<-- [end:pandas]


# --8<-- [start:presign]
MAX_PRESIGN_SECONDS = 7 * 24 * 3600  # límite de Signature Version 4


def presigned_url(s3_uri: str, expires_in: int = 3600, client=None) -> str:
    """URL temporal para descargar un objeto sin credenciales de AWS.

    Con credenciales temporales (el rol de un notebook) la URL deja de valer cuando
    caducan esas credenciales, aunque ``expires_in`` sea mayor.
    """
    if isinstance(expires_in, bool) or not isinstance(expires_in, int) or not 1 <= expires_in <= MAX_PRESIGN_SECONDS:
        raise ValueError(
            f"expires_in debe estar entre 1 y {MAX_PRESIGN_SECONDS} segundos (7 días); "
            f"se recibió {expires_in}."
        )
    bucket, key = parse_s3_uri(s3_uri)
    client = client or s3_client()
    with s3_errors(bucket, key):
        client.head_object(Bucket=bucket, Key=key)  # falla ahora, no al usar la URL
    return client.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_in
    )
# --8<-- [end:presign]


# --8<-- [start:delete-prefix]
def delete_prefix(s3_uri: str, dry_run: bool = True, client=None) -> list[str]:
    """Borra todos los objetos bajo un prefijo que termina en ``/``.

    Por defecto solo devuelve lo que borraría (``dry_run=True``). Exige un prefijo
    de carpeta para que ``s3://bucket/datos`` no borre también ``datos-2024/``.
    """
    if not isinstance(dry_run, bool):
        raise TypeError(f"dry_run debe ser True o False, no {dry_run!r}.")
    bucket, prefix = parse_s3_uri(s3_uri)
    if not prefix.endswith("/"):
        raise ValueError(
            f"Indique un prefijo de carpeta terminado en '/': {s3_uri!r}. "
            "Para borrar un único objeto use delete_object."
        )
    client = client or s3_client()
    keys = [obj["Key"] for obj in list_objects(s3_uri, client=client)]
    if dry_run:
        return keys
    for start in range(0, len(keys), 1000):  # delete_objects admite 1000 claves por llamada
        batch = keys[start:start + 1000]
        with s3_errors(bucket, prefix):
            response = client.delete_objects(
                Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True}
            )
        if response.get("Errors"):
            failed = ", ".join(f"{e['Key']} ({e['Code']})" for e in response["Errors"])
            raise S3Error(f"No se pudieron borrar: {failed}", response["Errors"][0]["Code"])
    return keys
# --8<-- [end:delete-prefix]


# --8<-- [start:exists]
def object_exists(s3_uri: str, client=None) -> bool:
    """Indica si existe un objeto; un bucket que no existe o un acceso denegado son errores, no un «no»."""
    bucket, key = parse_s3_uri(s3_uri)
    if not key:
        raise ValueError(f"Indique la clave del objeto: {s3_uri!r}.")
    client = client or s3_client()
    try:
        client.head_object(Bucket=bucket, Key=key)
    except ClientError as err:
        if err.response["Error"]["Code"] not in ("404", "NoSuchKey", "NotFound"):
            raise s3_error_from(err, bucket, key) from err
        with s3_errors(bucket):  # HeadObject da 404 también si falta el bucket: lo distingue
            client.head_bucket(Bucket=bucket)
        return False
    except BotoCoreError as err:
        raise s3_error_from(err, bucket, key) from err
    return True
# --8<-- [end:exists]


if __name__ == "__main__":
    # --8<-- [start:uso-client]
    client = s3_client()
    print("Región:", client.meta.region_name)
    print("Endpoint:", client.meta.endpoint_url)
    # --8<-- [end:uso-client]

    # --8<-- [start:uso-common]
    print(parse_s3_uri("s3://equipo-ml-churn-datos/raw/clientes.csv"))
    try:
        parse_s3_uri("equipo-ml-churn-datos/raw/clientes.csv")  # falta «s3://»
    except ValueError as err:
        print("ValueError:", err)
    # --8<-- [end:uso-common]

    # --8<-- [start:uso-create-bucket]
    bucket = "equipo-ml-churn-datos"  # el nombre es único en todo AWS: use el de su equipo
    print(create_bucket(bucket, tags={"proyecto": "churn", "equipo": "ml"}, client=client))

    block = client.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    rules = client.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    tag_set = client.get_bucket_tagging(Bucket=bucket)["TagSet"]
    print("Región:", client.get_bucket_location(Bucket=bucket)["LocationConstraint"])
    print("Acceso público bloqueado:", all(block.values()), block)
    print("Cifrado por defecto:", rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"])
    print("Etiquetas:", {tag["Key"]: tag["Value"] for tag in tag_set})
    # --8<-- [end:uso-create-bucket]

    # --8<-- [start:uso-transfer]
    import base64
    import hashlib


    def sha256_base64(path: str | Path) -> str:
        """SHA-256 de un archivo local en base64, la forma en que S3 la guarda."""
        return base64.b64encode(hashlib.sha256(Path(path).read_bytes()).digest()).decode()


    Path("clientes.csv").write_text(
        "cliente_id,plan,importe_mensual,baja\n"
        "C001,basico,19.99,0\n"
        "C002,premium,49.99,1\n"
        "C003,basico,19.99,0\n",
        encoding="utf-8",
    )
    uri = upload_file("clientes.csv", f"s3://{bucket}/raw/clientes.csv", client=client)
    copy = download_file(uri, "descargas/clientes.csv", overwrite=True, client=client)

    head = client.head_object(Bucket=bucket, Key="raw/clientes.csv", ChecksumMode="ENABLED")
    print("SHA-256 del archivo local:", sha256_base64("clientes.csv"))
    print("SHA-256 guardada en S3:   ", head["ChecksumSHA256"])
    print("SHA-256 de la descarga:   ", sha256_base64(copy))

    try:
        download_file(uri, copy, client=client)  # sin overwrite=True no pisa la copia
    except FileExistsError as err:
        print("FileExistsError:", err)
    # --8<-- [end:uso-transfer]

    # --8<-- [start:uso-list]
    import pandas as pd

    # Tres extractos mensuales bajo raw/, como los deja un proceso de carga
    for month in ["2026-09", "2026-10", "2026-11"]:
        extract = Path(f"clientes-{month}.csv")
        extract.write_text(Path("clientes.csv").read_text(encoding="utf-8"), encoding="utf-8")
        upload_file(extract, f"s3://{bucket}/raw/mes={month}/clientes.csv", client=client)

    objects = pd.DataFrame(list_objects(f"s3://{bucket}/raw/", client=client))
    print(f"{len(objects)} objetos en raw/, {objects['Size'].sum()} bytes en total")
    objects
    # --8<-- [end:uso-list]

    # --8<-- [start:uso-folders]
    report = {
        "informe/resumen.html": "<h1>Bajas de clientes: noviembre de 2026</h1>",
        "informe/tablas/bajas_por_plan.csv": "plan,bajas\nbasico,12\npremium,3\n",
        "informe/tablas/bajas_por_mes.csv": "mes,bajas\n2026-09,4\n2026-10,6\n2026-11,5\n",
    }
    for name, text in report.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")

    uploaded = upload_folder("informe", f"s3://{bucket}/informes/2026-11/", overwrite=True, client=client)
    print("Subidos:", *uploaded, sep="\n  ")
    copies = download_folder(
        f"s3://{bucket}/informes/2026-11/", "informe-copia", overwrite=True, client=client
    )
    print("Descargados:", *(p.relative_to(Path.cwd()).as_posix() for p in copies), sep="\n  ")
    # --8<-- [end:uso-folders]

    # --8<-- [start:uso-pandas]
    churn = pd.DataFrame(
        {
            "cliente_id": ["C001", "C002", "C003"],
            "plan": ["basico", "premium", "basico"],
            "importe_mensual": [19.99, 49.99, 19.99],
            "baja": pd.array([0, 1, None], dtype="Int64"),  # entero con un valor nulo
            "fecha_alta": pd.to_datetime(["2024-03-01", "2025-07-15", "2026-01-10"]),
        }
    )
    write_parquet(churn, f"s3://{bucket}/procesado/clientes.parquet", client=client)
    write_csv(churn, f"s3://{bucket}/procesado/clientes.csv", client=client)

    from_parquet = read_parquet(f"s3://{bucket}/procesado/clientes.parquet", client=client)
    from_csv = read_csv(f"s3://{bucket}/procesado/clientes.csv", client=client)
    print("Parquet devuelve la misma tabla:", from_parquet.equals(churn))
    pd.DataFrame({"original": churn.dtypes, "Parquet": from_parquet.dtypes, "CSV": from_csv.dtypes})
    # --8<-- [end:uso-pandas]

    # --8<-- [start:uso-presign]
    from urllib.parse import parse_qs, urlsplit
    from urllib.request import urlopen

    url = presigned_url(f"s3://{bucket}/informes/2026-11/resumen.html", expires_in=3600, client=client)
    parts = urlsplit(url)
    print("Objeto:", parts._replace(query="").geturl())
    print("Caduca en:", parse_qs(parts.query)["X-Amz-Expires"][0], "segundos")
    with urlopen(url, timeout=10) as response:  # una petición sin boto3 ni credenciales
        print("Respuesta:", response.status, response.read().decode("utf-8"))
    # --8<-- [end:uso-presign]

    # --8<-- [start:uso-delete-dry-run]
    for step in ["limpieza", "features", "muestras"]:
        write_object(b"resultado intermedio", f"s3://{bucket}/tmp/{step}.bin", client=client)

    print("Se borrarían:", delete_prefix(f"s3://{bucket}/tmp/", client=client))
    # --8<-- [end:uso-delete-dry-run]

    # --8<-- [start:uso-delete]
    print("Borrados:", delete_prefix(f"s3://{bucket}/tmp/", dry_run=False, client=client))
    print("Quedan en tmp/:", len(list(list_objects(f"s3://{bucket}/tmp/", client=client))))
    # --8<-- [end:uso-delete]

    # --8<-- [start:uso-exists]
    for uri in [f"s3://{bucket}/raw/clientes.csv", f"s3://{bucket}/tmp/limpieza.bin"]:
        print(uri, "existe" if object_exists(uri, client=client) else "no existe")

    try:
        read_csv(f"s3://{bucket}/raw/clientes-2020.csv", client=client)
    except S3Error as err:
        print(f"S3Error ({err.code}): {err}")
    # --8<-- [end:uso-exists]
