"""Streaming y analítica con boto3: Amazon Data Firehose hacia S3 y OpenSearch, un dominio de OpenSearch
y un conjunto de datos y un panel de QuickSight, en el orden de la página «Streaming y analítica»."""

# --8<-- [start:firehose-s3]
import gzip
import json
import re
import time

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})
STREAM_NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_.-]{1,64}$")
BUCKET_ARN_PATTERN = re.compile(r"^arn:aws[a-z-]*:s3:::(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
BUCKET_NAME_PATTERN = re.compile(r"^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
ROLE_ARN_PATTERN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
MAX_RECORD = 1000 * 1024  # bytes de un registro de Firehose
MAX_BATCH = (500, 4 * 1024 * 1024)  # registros y bytes de una llamada a put_record_batch


def check_stream_name(stream: str) -> None:
    if not isinstance(stream, str) or not STREAM_NAME_PATTERN.match(stream):
        raise ValueError(f"Nombre de flujo no válido: {stream!r}. Use de 1 a 64 letras, números, «_», «.» o «-».")


def check_prefix(prefix: str) -> None:
    if not isinstance(prefix, str) or not prefix.endswith("/") or prefix.startswith("/") or len(prefix) > 512:
        raise ValueError(f"prefix debe ser una carpeta como «eventos/» (termina en «/», sin «/» inicial); se recibió {prefix!r}.")


class StreamFailedError(RuntimeError):
    """El flujo quedó en CREATING_FAILED (o DELETING_FAILED): no admite registros."""


def wait_until_active(stream: str, client=None, delay: int = 10, max_attempts: int = 60) -> None:
    """Espera a que un flujo recién creado pase de CREATING a ACTIVE: antes no admite registros."""
    check_stream_name(stream)
    for name, value in (("delay", delay), ("max_attempts", max_attempts)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} debe ser un entero mayor que 0; se recibió {value!r}.")
    client = client or boto3.client("firehose", config=AWS_CONFIG)
    for _ in range(max_attempts):
        try:
            description = client.describe_delivery_stream(DeliveryStreamName=stream)["DeliveryStreamDescription"]
        except (ClientError, BotoCoreError) as err:
            raise RuntimeError(f"No se pudo consultar el flujo {stream!r} de Firehose: {err}") from err
        status = description["DeliveryStreamStatus"]
        if status == "ACTIVE":
            return
        if status.endswith("FAILED"):
            raise StreamFailedError(f"El flujo {stream} quedó en {status}: {description.get('FailureDescription')}")
        time.sleep(delay)
    raise TimeoutError(f"El flujo {stream} sigue en {status} tras {delay * max_attempts} s; cuando esté activo, "
                       "úselo o bórrelo (en CREATING no se puede borrar).")


def wait_or_delete(stream: str, client) -> None:
    """Espera a que el flujo recién creado esté activo; si queda en CREATING_FAILED (no cambia de estado ni
    admite registros), lo borra. Un flujo aún en CREATING no se puede borrar: el error lo dice."""
    try:
        wait_until_active(stream, client)
    except StreamFailedError as err:
        try:
            client.delete_delivery_stream(DeliveryStreamName=stream)
        except (ClientError, BotoCoreError) as cleanup:
            raise StreamFailedError(f"{err} Tampoco se pudo borrar el flujo ({cleanup}): bórrelo a mano.") from err
        raise StreamFailedError(f"{err} Se ha borrado el flujo.") from err


def create_s3_delivery_stream(name: str, bucket_arn: str, role_arn: str, prefix: str = "eventos/", client=None) -> str:
    """Crea un flujo de Firehose que agrupa los registros y los escribe en S3 comprimidos con GZIP.

    Firehose escribe cuando se llena el búfer (64 MiB) o pasa el intervalo (60 s), lo que ocurra antes.
    """
    check_stream_name(name)
    if not isinstance(bucket_arn, str) or not BUCKET_ARN_PATTERN.match(bucket_arn):
        raise ValueError(f"bucket_arn debe ser el ARN de un bucket (arn:aws:s3:::<bucket>); se recibió {bucket_arn!r}.")
    if not isinstance(role_arn, str) or not ROLE_ARN_PATTERN.match(role_arn):
        raise ValueError(f"role_arn debe ser el ARN de un rol de IAM (arn:aws:iam::<cuenta>:role/<nombre>); se recibió {role_arn!r}.")
    check_prefix(prefix)
    client = client or boto3.client("firehose", config=AWS_CONFIG)
    try:
        arn = client.create_delivery_stream(
            DeliveryStreamName=name,
            DeliveryStreamType="DirectPut",
            ExtendedS3DestinationConfiguration={
                "RoleARN": role_arn,
                "BucketARN": bucket_arn,
                # Particiones por fecha de llegada: Athena y Spark filtran por ellas sin leerlo todo.
                "Prefix": prefix + "anio=!{timestamp:yyyy}/mes=!{timestamp:MM}/dia=!{timestamp:dd}/",
                "ErrorOutputPrefix": "errores/!{firehose:error-output-type}/",
                "BufferingHints": {"SizeInMBs": 64, "IntervalInSeconds": 60},
                "CompressionFormat": "GZIP",
            },
        )["DeliveryStreamARN"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo crear el flujo {name!r} de Firehose: {err}") from err
    wait_or_delete(name, client)
    return arn


def record_batches(records: list[dict]) -> list[list[dict]]:
    """Reparte los registros en lotes de hasta 500 registros y 4 MiB, los máximos de put_record_batch."""
    batches, size = [[]], 0
    for record in records:
        if len(batches[-1]) == MAX_BATCH[0] or size + len(record["Data"]) > MAX_BATCH[1]:
            batches.append([])
            size = 0
        batches[-1].append(record)
        size += len(record["Data"])
    return [batch for batch in batches if batch]


def put_events(stream: str, events: list[dict], client=None) -> int:
    """Envía eventos como JSON, uno por línea, en lotes de hasta 500 registros y 4 MiB (los máximos de
    put_record_batch).

    Reintenta una vez los registros que Firehose rechace y falla si alguno se sigue perdiendo.
    """
    check_stream_name(stream)
    if not isinstance(events, (list, tuple)) or not all(isinstance(e, dict) for e in events):
        raise ValueError(f"events debe ser una lista de diccionarios, un evento cada uno; se recibió {events!r:.80}.")
    try:
        records = [{"Data": (json.dumps(e, ensure_ascii=False) + "\n").encode("utf-8")} for e in events]
    except (TypeError, ValueError) as err:
        raise ValueError(f"Hay un evento que no se puede escribir como JSON: {err}.") from None
    if any(len(r["Data"]) > MAX_RECORD for r in records):
        raise ValueError(f"Un evento ocupa más de {MAX_RECORD} bytes en JSON, el máximo de un registro de Firehose.")
    client = client or boto3.client("firehose", config=AWS_CONFIG)
    for batch in record_batches(records):
        for _ in range(2):
            try:
                response = client.put_record_batch(DeliveryStreamName=stream, Records=batch)
            except (ClientError, BotoCoreError) as err:
                raise RuntimeError(f"No se pudieron enviar los eventos al flujo {stream!r}: {err}") from err
            if response["FailedPutCount"] == 0:
                break
            batch = [r for r, res in zip(batch, response["RequestResponses"]) if "ErrorCode" in res]
        else:
            raise RuntimeError(f"Firehose rechazó {len(batch)} registros dos veces; no se han enviado.")
    return len(records)


def read_events(bucket: str, prefix: str = "eventos/", client=None) -> list[dict]:
    """Lee los eventos que Firehose dejó en S3: un JSON por línea, en archivos comprimidos con GZIP."""
    if not isinstance(bucket, str) or not BUCKET_NAME_PATTERN.match(bucket):
        raise ValueError(f"Nombre de bucket no válido: {bucket!r} (solo el nombre, sin s3://).")
    check_prefix(prefix)
    client = client or boto3.client("s3", config=AWS_CONFIG)
    events = []
    try:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                body = client.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
                if body[:2] == b"\x1f\x8b":  # cabecera de GZIP
                    body = gzip.decompress(body)
                events += [json.loads(line) for line in body.decode("utf-8").splitlines() if line]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudieron leer los eventos de s3://{bucket}/{prefix}: {err}") from err
    return events
# --8<-- [end:firehose-s3]


# --8<-- [start:opensearch-domain]
import ipaddress
import json
import re
import time

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})
DOMAIN_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{2,27}$")  # 3 a 28 caracteres, empieza por letra


def search_domain_security_group(vpc_id: str, name: str, client=None) -> str:
    """Grupo de seguridad del dominio: HTTPS (443) solo desde la red privada de la VPC, nunca desde Internet.
    Si la regla no se puede añadir, borra el grupo que acaba de crear."""
    if not (isinstance(vpc_id, str) and re.fullmatch(r"vpc-[0-9a-f]{8,17}", vpc_id)):
        raise ValueError(f"vpc_id debe ser el ID de una VPC, como «vpc-0a1b2c3d»; se recibió {vpc_id!r}.")
    if not (isinstance(name, str) and 0 < len(name) <= 255 and not name.startswith("sg-")):
        raise ValueError(f"Nombre de grupo de seguridad no válido: {name!r} (1 a 255 caracteres, sin «sg-» inicial).")
    client = client or boto3.client("ec2", config=AWS_CONFIG)
    try:
        cidr = client.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]["CidrBlock"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo consultar la VPC {vpc_id}: {err}") from err
    if not ipaddress.ip_network(cidr).is_private:
        raise ValueError(f"La VPC {vpc_id} usa el rango público {cidr}: el dominio debe quedar en una red privada.")
    try:
        group_id = client.create_security_group(
            GroupName=name, Description="HTTPS hacia OpenSearch desde la VPC", VpcId=vpc_id
        )["GroupId"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo crear el grupo de seguridad {name!r}: {err}") from err
    try:
        client.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": cidr}],
        }])
    except (ClientError, BotoCoreError) as err:
        client.delete_security_group(GroupId=group_id)  # todo o nada: sin la regla, el grupo no sirve
        raise RuntimeError(f"No se pudo abrir HTTPS en el grupo {name!r}; se ha borrado: {err}") from err
    return group_id


def create_search_domain(
    name: str,
    master_role_arn: str,
    reader_role_arns: list[str],
    subnet_ids: list[str],
    security_group_ids: list[str],
    engine_version: str = "OpenSearch_2.19",
    data_nodes: int = 2,
    client=None,
) -> str:
    """Crea un dominio de OpenSearch en una VPC, cifrado, con control de acceso detallado y una política de
    acceso que solo admite los roles indicados. Los nodos se reparten entre las zonas de las dos subredes."""
    if not (isinstance(name, str) and DOMAIN_NAME_PATTERN.match(name)):
        raise ValueError(f"Nombre de dominio no válido: {name!r}. Use de 3 a 28 minúsculas, números o «-», "
                         "empezando por una letra.")
    if not isinstance(data_nodes, int) or data_nodes < 2 or data_nodes % 2:
        raise ValueError("Use un número par de nodos de datos (2 o más) para repartirlos entre dos zonas.")
    if not (isinstance(subnet_ids, (list, tuple)) and len(subnet_ids) == 2
            and isinstance(security_group_ids, (list, tuple)) and security_group_ids):
        raise ValueError("Indique dos subredes privadas, en zonas distintas, y al menos un grupo de seguridad.")
    if not isinstance(reader_role_arns, (list, tuple)):
        raise ValueError(f"reader_role_arns debe ser una lista de ARN de roles; se recibió {reader_role_arns!r}.")
    if any(not isinstance(arn, str) or not arn.startswith("arn:aws:iam::") or ":role/" not in arn
           for arn in (master_role_arn, *reader_role_arns)):
        raise ValueError(f"Use ARN de roles de IAM (arn:aws:iam::<cuenta>:role/<nombre>): "
                         f"{[master_role_arn, *reader_role_arns]}")
    principals = sorted({master_role_arn, *reader_role_arns})
    client = client or boto3.client("opensearch", config=AWS_CONFIG)
    account = master_role_arn.split(":")[4]
    access_policy = {
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": principals},
            "Action": "es:ESHttp*",
            "Resource": f"arn:aws:es:{client.meta.region_name}:{account}:domain/{name}/*",
        }],
    }
    try:
        response = client.create_domain(
            DomainName=name,
            EngineVersion=engine_version,
            ClusterConfig={
                "InstanceType": "r7g.large.search",
                "InstanceCount": data_nodes,
                "ZoneAwarenessEnabled": True,
                "ZoneAwarenessConfig": {"AvailabilityZoneCount": 2},
            },
            EBSOptions={"EBSEnabled": True, "VolumeType": "gp3", "VolumeSize": 100},
            VPCOptions={"SubnetIds": subnet_ids, "SecurityGroupIds": security_group_ids},
            AccessPolicies=json.dumps(access_policy),
            # Control de acceso detallado: el rol maestro administra los roles internos de OpenSearch; los
            # demás roles entran firmando con SigV4 y solo ven lo que su rol de OpenSearch permita.
            AdvancedSecurityOptions={
                "Enabled": True,
                "InternalUserDatabaseEnabled": False,
                "MasterUserOptions": {"MasterUserARN": master_role_arn},
            },
            EncryptionAtRestOptions={"Enabled": True},
            NodeToNodeEncryptionOptions={"Enabled": True},
            DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
            TagList=[{"Key": "equipo", "Value": "ml"}],
        )
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo crear el dominio de OpenSearch {name!r}: {err}") from err
    return response["DomainStatus"]["ARN"]


def wait_for_domain(name: str, client=None, delay: int = 60, max_attempts: int = 60) -> str:
    """Espera a que el dominio termine de crearse (suele tardar de 15 a 30 minutos) y devuelve su URL."""
    client = client or boto3.client("opensearch", config=AWS_CONFIG)
    for _ in range(max_attempts):
        try:
            status = client.describe_domain(DomainName=name)["DomainStatus"]
        except (ClientError, BotoCoreError) as err:
            raise RuntimeError(f"No se pudo consultar el dominio de OpenSearch {name!r}: {err}") from err
        endpoint = status.get("Endpoints", {}).get("vpc")  # un dominio en VPC no tiene "Endpoint"
        if not status["Processing"] and endpoint:
            return "https://" + endpoint
        time.sleep(delay)
    raise TimeoutError(f"El dominio {name} no estaba listo tras {delay * max_attempts // 60} minutos.")
# --8<-- [end:opensearch-domain]


# --8<-- [start:firehose-opensearch]
def opensearch_destination(
    domain_arn: str, index: str, role_arn: str, backup_bucket_arn: str,
    subnet_ids: list[str], security_group_ids: list[str],
) -> dict:
    """Destino de Firehose hacia un índice de un dominio en VPC; los registros que fallen se guardan en S3.
    Firehose crea interfaces de red en esas subredes: el rol necesita permisos de EC2 sobre ellas."""
    return {
        "VpcConfiguration": {"SubnetIds": subnet_ids, "RoleARN": role_arn, "SecurityGroupIds": security_group_ids},
        "RoleARN": role_arn,
        "DomainARN": domain_arn,
        "IndexName": index,
        "IndexRotationPeriod": "OneDay",  # un índice por día: borrar datos viejos es borrar índices
        "BufferingHints": {"IntervalInSeconds": 60, "SizeInMBs": 5},
        "RetryOptions": {"DurationInSeconds": 300},
        "S3BackupMode": "FailedDocumentsOnly",
        "S3Configuration": {"RoleARN": role_arn, "BucketARN": backup_bucket_arn, "Prefix": "opensearch-fallidos/"},
    }


def create_opensearch_delivery_stream(name: str, destination: dict, client=None) -> str:
    """Crea un flujo de Firehose que entrega en OpenSearch con el destino de ``opensearch_destination``."""
    check_stream_name(name)
    client = client or boto3.client("firehose", config=AWS_CONFIG)
    try:
        arn = client.create_delivery_stream(
            DeliveryStreamName=name,
            DeliveryStreamType="DirectPut",
            AmazonopensearchserviceDestinationConfiguration=destination,
        )["DeliveryStreamARN"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo crear el flujo {name!r} hacia OpenSearch: {err}") from err
    wait_or_delete(name, client)
    return arn
# --8<-- [end:firehose-opensearch]


# --8<-- [start:tabla-eventos]
import datetime
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})


def create_events_table(
    database: str, table: str, bucket: str, columns: dict[str, str], prefix: str = "eventos/", client=None
) -> str:
    """Registra en el catálogo de Glue una tabla externa sobre los eventos que Firehose deja en S3 (un JSON
    por línea, comprimido con GZIP), con las particiones anio/mes/dia de su prefijo. Athena (y Quick Sight
    a través de Athena) la consultan sin mover los datos. Devuelve ``base.tabla``.

    La proyección de particiones calcula las particiones a partir de la ruta: los días nuevos aparecen
    solos, sin ``MSCK REPAIR TABLE``. Si la base de datos o la tabla ya existen, las deja como están.
    """
    if not isinstance(columns, dict) or not columns or not all(
            isinstance(n, str) and isinstance(t, str) for n, t in columns.items()):
        raise ValueError("Indique las columnas como un dict no vacío {nombre: tipo de Hive}, p. ej. {'pagina': 'string'}.")
    for kind, value in (("base de datos", database), ("tabla", table)):
        if not (isinstance(value, str) and re.fullmatch(r"[a-z0-9_]{1,255}", value)):
            raise ValueError(f"Nombre de {kind} no válido: {value!r}. Athena admite minúsculas, números y «_».")
    if not isinstance(bucket, str) or not BUCKET_NAME_PATTERN.match(bucket):  # de la sección de Firehose
        raise ValueError(f"Nombre de bucket no válido: {bucket!r} (solo el nombre, sin s3://).")
    if not isinstance(prefix, str) or not prefix.endswith("/"):
        raise ValueError(f"El prefijo debe acabar en '/': {prefix!r}.")
    client = client or boto3.client("glue", config=AWS_CONFIG)
    created_database = False
    try:
        client.create_database(DatabaseInput={"Name": database, "Description": "Tablas del equipo de ML sobre S3"})
        created_database = True
    except client.exceptions.AlreadyExistsException:
        pass  # ya existe: otra tabla del equipo o la celda se ejecuta de nuevo
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo crear la base de datos {database!r} en Glue: {err}") from err
    year = datetime.date.today().year
    location = f"s3://{bucket}/{prefix}"
    try:
        client.create_table(DatabaseName=database, TableInput={
            "Name": table,
            "TableType": "EXTERNAL_TABLE",
            "PartitionKeys": [{"Name": key, "Type": "string"} for key in ("anio", "mes", "dia")],
            "Parameters": {
                "classification": "json",
                "projection.enabled": "true",
                "projection.anio.type": "integer", "projection.anio.range": f"{year - 1},{year + 9}",
                "projection.mes.type": "integer", "projection.mes.range": "1,12", "projection.mes.digits": "2",
                "projection.dia.type": "integer", "projection.dia.range": "1,31", "projection.dia.digits": "2",
                "storage.location.template": location + "anio=${anio}/mes=${mes}/dia=${dia}/",
            },
            "StorageDescriptor": {
                "Columns": [{"Name": n, "Type": t} for n, t in columns.items()],
                "Location": location,
                "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                "SerdeInfo": {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"},
            },
        })
    except client.exceptions.AlreadyExistsException:
        pass
    except (ClientError, BotoCoreError) as err:
        undone = ""
        if created_database:  # la base de datos vacía que esta llamada creó no se queda
            try:
                client.delete_database(Name=database)
                undone = f" Se ha borrado la base de datos {database!r}, que se acababa de crear."
            except (ClientError, BotoCoreError) as cleanup:
                undone = f" Tampoco se pudo borrar la base de datos {database!r} ({cleanup}): bórrela a mano."
        raise RuntimeError(f"No se pudo registrar la tabla {database}.{table} en Glue: {err}.{undone}") from err
    return f"{database}.{table}"
# --8<-- [end:tabla-eventos]


# --8<-- [start:quicksight]
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

# Lo que puede hacer el grupo dueño de cada recurso. Sin «Permissions», un recurso creado por la API no
# aparece a ningún usuario de Quick Sight: solo la API lo ve.
OWNER_ACTIONS = {
    "data_source": [
        "quicksight:DescribeDataSource", "quicksight:DescribeDataSourcePermissions", "quicksight:PassDataSource",
        "quicksight:UpdateDataSource", "quicksight:DeleteDataSource", "quicksight:UpdateDataSourcePermissions",
    ],
    "data_set": [
        "quicksight:DescribeDataSet", "quicksight:DescribeDataSetPermissions", "quicksight:PassDataSet",
        "quicksight:DescribeIngestion", "quicksight:ListIngestions", "quicksight:CreateIngestion",
        "quicksight:CancelIngestion", "quicksight:UpdateDataSet", "quicksight:DeleteDataSet",
        "quicksight:UpdateDataSetPermissions",
    ],
    "dashboard": [
        "quicksight:DescribeDashboard", "quicksight:ListDashboardVersions", "quicksight:QueryDashboard",
        "quicksight:UpdateDashboard", "quicksight:DeleteDashboard", "quicksight:UpdateDashboardPermissions",
        "quicksight:DescribeDashboardPermissions", "quicksight:UpdateDashboardPublishedVersion",
    ],
}


def check_quicksight_ids(account_id: str, resource_id: str) -> None:
    if not (isinstance(account_id, str) and account_id.isdigit() and len(account_id) == 12):
        raise ValueError(f"El ID de cuenta son 12 dígitos: {account_id!r}.")
    if not (isinstance(resource_id, str) and re.fullmatch(r"[\w-]{1,512}", resource_id)):
        raise ValueError(f"ID de Quick Sight no válido: {resource_id!r} (letras, números, «_» y «-»).")


def quicksight_group_arn(account_id: str, group: str, client=None) -> str:
    """ARN de un grupo de Quick Sight del espacio de nombres ``default``. La región es la de la cuenta de
    Quick Sight: la del cliente o, sin él, la de la sesión (la del notebook)."""
    check_quicksight_ids(account_id, group)
    region = client.meta.region_name if client else boto3.Session().region_name
    if not region:
        raise ValueError("No hay región de AWS configurada: defina AWS_DEFAULT_REGION o pase un cliente de Quick Sight.")
    return f"arn:aws:quicksight:{region}:{account_id}:group/default/{group}"


def create_athena_dataset(
    account_id: str, dataset_id: str, database: str, table: str, columns: dict[str, str], owner_arn: str,
    client=None,
) -> str:
    """Registra en Quick Sight una fuente de Athena y un conjunto de datos sobre una tabla (modo SPICE),
    ambos visibles para ``owner_arn`` (un grupo o usuario de Quick Sight). Si el conjunto de datos falla,
    borra la fuente que acaba de crear."""
    if not isinstance(columns, dict) or not columns or not all(
            isinstance(n, str) and isinstance(t, str) for n, t in columns.items()):
        raise ValueError("Indique las columnas como un dict no vacío {nombre: tipo}, p. ej. {'importe': 'DECIMAL'}.")
    if not (isinstance(owner_arn, str) and owner_arn.startswith("arn:aws:quicksight:")):
        raise ValueError(f"owner_arn debe ser el ARN de un grupo o usuario de Quick Sight: {owner_arn!r}.")
    check_quicksight_ids(account_id, dataset_id)
    client = client or boto3.client("quicksight", config=AWS_CONFIG)
    source_id = f"{dataset_id}-athena"
    try:
        source_arn = client.create_data_source(
            AwsAccountId=account_id,
            DataSourceId=source_id,
            Name=f"Athena ({dataset_id})",
            Type="ATHENA",
            DataSourceParameters={"AthenaParameters": {"WorkGroup": "primary"}},
            Permissions=[{"Principal": owner_arn, "Actions": OWNER_ACTIONS["data_source"]}],
        )["Arn"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"Quick Sight no creó la fuente de Athena {source_id!r}: {err}") from err
    try:
        return client.create_data_set(
            AwsAccountId=account_id,
            DataSetId=dataset_id,
            Name=dataset_id,
            ImportMode="SPICE",  # copia en memoria de Quick Sight: paneles rápidos y sin coste de Athena al abrirlos
            PhysicalTableMap={
                "tabla": {
                    "RelationalTable": {
                        "DataSourceArn": source_arn,
                        "Catalog": "AwsDataCatalog",
                        "Schema": database,
                        "Name": table,
                        "InputColumns": [{"Name": n, "Type": t} for n, t in columns.items()],
                    }
                }
            },
            Permissions=[{"Principal": owner_arn, "Actions": OWNER_ACTIONS["data_set"]}],
        )["Arn"]
    except Exception as err:
        client.delete_data_source(AwsAccountId=account_id, DataSourceId=source_id)  # todo o nada
        if not isinstance(err, (ClientError, BotoCoreError)):
            raise
        raise RuntimeError(f"Quick Sight no creó el conjunto de datos {dataset_id!r}; se ha borrado la fuente "
                           f"{source_id!r}: {err}") from err


def create_dashboard(
    account_id: str, dashboard_id: str, dataset_arn: str, metric: str, by: str, owner_arn: str,
    aggregation: str = "SUM", client=None,
) -> str:
    """Crea un panel con un gráfico de barras (``metric`` agregada con ``aggregation`` por ``by``: ``SUM``
    suma, ``COUNT`` cuenta filas) visible para ``owner_arn``."""
    if aggregation not in ("SUM", "COUNT", "DISTINCT_COUNT", "AVERAGE", "MIN", "MAX"):
        raise ValueError(f"aggregation: SUM, COUNT, DISTINCT_COUNT, AVERAGE, MIN o MAX; se recibió {aggregation!r}.")
    if not (isinstance(owner_arn, str) and owner_arn.startswith("arn:aws:quicksight:")):
        raise ValueError(f"owner_arn debe ser el ARN de un grupo o usuario de Quick Sight: {owner_arn!r}.")
    check_quicksight_ids(account_id, dashboard_id)
    for name, column in (("metric", metric), ("by", by)):
        if not (isinstance(column, str) and column):
            raise ValueError(f"{name} debe ser el nombre de una columna del conjunto de datos; se recibió {column!r}.")
    client = client or boto3.client("quicksight", config=AWS_CONFIG)
    definition = {
        "DataSetIdentifierDeclarations": [{"Identifier": "datos", "DataSetArn": dataset_arn}],
        "Sheets": [{
            "SheetId": "resumen",
            "Name": "Resumen",
            "Visuals": [{"BarChartVisual": {
                "VisualId": "barras",
                "ChartConfiguration": {"FieldWells": {"BarChartAggregatedFieldWells": {
                    "Category": [{"CategoricalDimensionField": {
                        "FieldId": by, "Column": {"DataSetIdentifier": "datos", "ColumnName": by}}}],
                    "Values": [{"NumericalMeasureField": {
                        "FieldId": metric, "Column": {"DataSetIdentifier": "datos", "ColumnName": metric},
                        "AggregationFunction": {"SimpleNumericalAggregation": aggregation}}}],
                }}},
            }}],
        }],
    }
    try:
        return client.create_dashboard(
            AwsAccountId=account_id, DashboardId=dashboard_id, Name=dashboard_id, Definition=definition,
            Permissions=[{"Principal": owner_arn, "Actions": OWNER_ACTIONS["dashboard"]}],
        )["Arn"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"Quick Sight no creó el panel {dashboard_id!r}: {err}") from err
# --8<-- [end:quicksight]


# Uso, en el orden de la página: cada sección es una celda que el lector ejecuta tras las anteriores.
if __name__ == "__main__":
    # --8<-- [start:uso-firehose-s3]
    BUCKET = "equipo-ml-eventos-web"  # cambie el nombre: los nombres de bucket son únicos en todo AWS
    ROLE_ARN = "arn:aws:iam::123456789012:role/firehose-entrega"  # un rol que Firehose pueda asumir

    s3 = boto3.client("s3", config=AWS_CONFIG)
    region = s3.meta.region_name
    try:  # fuera de us-east-1, S3 pide la región del bucket
        s3.create_bucket(Bucket=BUCKET, **(
            {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        ))
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass  # ya es suyo: otra página lo creó o la celda se ejecuta de nuevo

    print(create_s3_delivery_stream("clics-web", f"arn:aws:s3:::{BUCKET}", ROLE_ARN))
    events = [{"usuario": i, "pagina": f"/producto/{i % 7}", "accion": "clic"} for i in range(1200)]
    print(put_events("clics-web", events), "eventos enviados")
    # --8<-- [end:uso-firehose-s3]

    # --8<-- [start:uso-leer]
    # En AWS los archivos aparecen al vaciarse el búfer (hasta 60 s): si sale 0, espere y repita la celda.
    received = read_events(BUCKET)
    print(len(received), "eventos en S3; el primero:", received[:1])
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="eventos/").get("Contents", [])]
    print(len(keys), "archivos; el primero:", keys[:1])
    # --8<-- [end:uso-leer]

    # --8<-- [start:uso-opensearch-domain]
    # Use la VPC del equipo y dos de sus subredes privadas en zonas distintas; aquí, la VPC por defecto.
    ec2 = boto3.client("ec2", config=AWS_CONFIG)
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    by_zone = {s["AvailabilityZone"]: s["SubnetId"] for s in subnets}
    subnet_ids = [by_zone[zone] for zone in sorted(by_zone)[:2]]
    group_id = search_domain_security_group(vpc_id, "registros-ml-opensearch")
    ADMIN_ROLE_ARN = "arn:aws:iam::123456789012:role/equipo-ml-opensearch-admin"  # administra el dominio

    # Dos nodos r7g.large y 200 GiB de disco cobran por hora desde que se crean: bórrelos al acabar.
    domain_arn = create_search_domain("registros-ml", ADMIN_ROLE_ARN, [ROLE_ARN], subnet_ids, [group_id])
    print(domain_arn)
    print(wait_for_domain("registros-ml"))
    # --8<-- [end:uso-opensearch-domain]

    # --8<-- [start:uso-firehose-opensearch]
    destination = opensearch_destination(
        domain_arn, "clics", ROLE_ARN, f"arn:aws:s3:::{BUCKET}", subnet_ids, [group_id]
    )
    print(json.dumps(destination, indent=2))
    # --8<-- [end:uso-firehose-opensearch]

    # --8<-- [start:uso-firehose-opensearch-aws]
    create_opensearch_delivery_stream("clics-web-opensearch", destination)
    print(put_events("clics-web-opensearch", events[:100]), "eventos enviados a OpenSearch")
    # --8<-- [end:uso-firehose-opensearch-aws]

    # --8<-- [start:uso-tabla-eventos]
    # Los clics que Firehose escribió arriba, como tabla de Athena: una columna por campo del JSON.
    print(create_events_table("analitica_web", "clics", BUCKET,
                              columns={"usuario": "int", "pagina": "string", "accion": "string"}))
    table = boto3.client("glue", config=AWS_CONFIG).get_table(DatabaseName="analitica_web", Name="clics")["Table"]
    print([c["Name"] for c in table["StorageDescriptor"]["Columns"]], [k["Name"] for k in table["PartitionKeys"]])
    # --8<-- [end:uso-tabla-eventos]

    # --8<-- [start:uso-quicksight]
    account_id = boto3.client("sts", config=AWS_CONFIG).get_caller_identity()["Account"]
    analysts = quicksight_group_arn(account_id, "analistas-ml")  # el grupo de Quick Sight del equipo
    dataset_arn = create_athena_dataset(
        account_id, "clics-web", database="analitica_web", table="clics",
        columns={"usuario": "INTEGER", "pagina": "STRING", "accion": "STRING"}, owner_arn=analysts,
    )
    print(dataset_arn)
    # Clics por página: cuenta las filas (eventos) de cada página.
    print(create_dashboard(account_id, "clics-por-pagina", dataset_arn, metric="usuario", by="pagina",
                           owner_arn=analysts, aggregation="COUNT"))
    quicksight = boto3.client("quicksight", config=AWS_CONFIG)
    print([d["Name"] for d in quicksight.list_dashboards(AwsAccountId=account_id)["DashboardSummaryList"]])
    # --8<-- [end:uso-quicksight]

    # --8<-- [start:limpiar]
    # El dominio y los flujos cobran mientras existen: bórrelos al terminar las pruebas.
    quicksight.delete_dashboard(AwsAccountId=account_id, DashboardId="clics-por-pagina")
    quicksight.delete_data_set(AwsAccountId=account_id, DataSetId="clics-web")
    quicksight.delete_data_source(AwsAccountId=account_id, DataSourceId="clics-web-athena")
    glue = boto3.client("glue", config=AWS_CONFIG)
    glue.delete_table(DatabaseName="analitica_web", Name="clics")
    glue.delete_database(Name="analitica_web")
    firehose = boto3.client("firehose", config=AWS_CONFIG)
    deleted = [name for name in firehose.list_delivery_streams()["DeliveryStreamNames"] if name.startswith("clics-web")]
    for name in deleted:
        firehose.delete_delivery_stream(DeliveryStreamName=name)
    boto3.client("opensearch", config=AWS_CONFIG).delete_domain(DomainName="registros-ml")
    # El bucket se borra vacío: primero sus objetos (eventos, errores y documentos que OpenSearch rechazó).
    boto3.resource("s3", config=AWS_CONFIG).Bucket(BUCKET).objects.all().delete()
    s3.delete_bucket(Bucket=BUCKET)
    print("Borrados: panel, conjunto de datos, fuente, tabla, flujos", deleted, ", dominio y bucket", BUCKET)
    # El grupo de seguridad sigue en uso hasta que el dominio libera sus interfaces de red (unos minutos
    # después de borrarlo). Si AWS responde DependencyViolation, repita esta parte más tarde.
    try:
        ec2.delete_security_group(GroupId=group_id)
        print("Borrado el grupo de seguridad", group_id)
    except ec2.exceptions.ClientError as error:
        if error.response["Error"]["Code"] != "DependencyViolation":
            raise
        print(f"El grupo {group_id} aún está en uso: ejecute ec2.delete_security_group(GroupId={group_id!r}) "
              "cuando describe_domain ya no encuentre el dominio registros-ml.")
    # --8<-- [end:limpiar]
