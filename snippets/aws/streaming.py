"""Streaming y analítica con boto3: Amazon Data Firehose hacia S3 y OpenSearch, un dominio de OpenSearch
y un conjunto de datos y un panel de QuickSight."""

from __future__ import annotations

# --8<-- [start:firehose-s3]
import json

import boto3


def create_s3_delivery_stream(name: str, bucket_arn: str, role_arn: str, prefix: str = "eventos/", client=None) -> str:
    """Crea un flujo de Firehose que agrupa los registros y los escribe en S3 comprimidos con GZIP.

    Firehose escribe cuando se llena el búfer (64 MiB) o pasa el intervalo (60 s), lo que ocurra antes.
    """
    client = client or boto3.client("firehose")
    return client.create_delivery_stream(
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


def put_events(stream: str, events: list[dict], client=None) -> int:
    """Envía eventos como JSON, uno por línea, en lotes de 500 (el máximo de put_record_batch).

    Reintenta una vez los registros que Firehose rechace y falla si alguno se sigue perdiendo.
    """
    client = client or boto3.client("firehose")
    records = [{"Data": (json.dumps(e, ensure_ascii=False) + "\n").encode("utf-8")} for e in events]
    for start in range(0, len(records), 500):
        batch = records[start:start + 500]
        for _ in range(2):
            response = client.put_record_batch(DeliveryStreamName=stream, Records=batch)
            if response["FailedPutCount"] == 0:
                break
            batch = [r for r, res in zip(batch, response["RequestResponses"]) if "ErrorCode" in res]
        else:
            raise RuntimeError(f"Firehose rechazó {len(batch)} registros dos veces; no se han enviado.")
    return len(records)
# --8<-- [end:firehose-s3]


# --8<-- [start:opensearch-domain]
def create_search_domain(
    name: str, engine_version: str = "OpenSearch_2.19", data_nodes: int = 2, client=None
) -> str:
    """Crea un dominio de OpenSearch cifrado, solo por HTTPS y con nodos repartidos en dos zonas."""
    if data_nodes < 2 or data_nodes % 2:
        raise ValueError("Use un número par de nodos de datos (2 o más) para repartirlos entre dos zonas.")
    client = client or boto3.client("opensearch")
    return client.create_domain(
        DomainName=name,
        EngineVersion=engine_version,
        ClusterConfig={
            "InstanceType": "r7g.large.search",
            "InstanceCount": data_nodes,
            "ZoneAwarenessEnabled": True,
            "ZoneAwarenessConfig": {"AvailabilityZoneCount": 2},
        },
        EBSOptions={"EBSEnabled": True, "VolumeType": "gp3", "VolumeSize": 100},
        EncryptionAtRestOptions={"Enabled": True},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        TagList=[{"Key": "equipo", "Value": "ml"}],
    )["DomainStatus"]["ARN"]
# --8<-- [end:opensearch-domain]


# --8<-- [start:firehose-opensearch]
def opensearch_destination(domain_arn: str, index: str, role_arn: str, backup_bucket_arn: str) -> dict:
    """Destino de Firehose hacia un índice de OpenSearch; los registros que fallen se guardan en S3."""
    return {
        "RoleARN": role_arn,
        "DomainARN": domain_arn,
        "IndexName": index,
        "IndexRotationPeriod": "OneDay",  # un índice por día: borrar datos viejos es borrar índices
        "BufferingHints": {"IntervalInSeconds": 60, "SizeInMBs": 5},
        "RetryOptions": {"DurationInSeconds": 300},
        "S3BackupMode": "FailedDocumentsOnly",
        "S3Configuration": {"RoleARN": role_arn, "BucketARN": backup_bucket_arn, "Prefix": "opensearch-fallidos/"},
    }
# --8<-- [end:firehose-opensearch]


# --8<-- [start:quicksight]
def create_athena_dataset(
    account_id: str, dataset_id: str, database: str, table: str, columns: dict[str, str], client=None
) -> str:
    """Registra en QuickSight una fuente de Athena y un conjunto de datos sobre una tabla (modo SPICE)."""
    client = client or boto3.client("quicksight")
    source_arn = client.create_data_source(
        AwsAccountId=account_id,
        DataSourceId=f"{dataset_id}-athena",
        Name=f"Athena ({dataset_id})",
        Type="ATHENA",
        DataSourceParameters={"AthenaParameters": {"WorkGroup": "primary"}},
    )["Arn"]
    return client.create_data_set(
        AwsAccountId=account_id,
        DataSetId=dataset_id,
        Name=dataset_id,
        ImportMode="SPICE",  # copia en memoria de QuickSight: paneles rápidos y sin coste de Athena al abrirlos
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
    )["Arn"]


def create_dashboard(account_id: str, dashboard_id: str, dataset_arn: str, metric: str, by: str, client=None) -> str:
    """Crea un panel con un gráfico de barras: ``metric`` sumada por ``by``."""
    client = client or boto3.client("quicksight")
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
                        "AggregationFunction": {"SimpleNumericalAggregation": "SUM"}}}],
                }}},
            }}],
        }],
    }
    return client.create_dashboard(
        AwsAccountId=account_id, DashboardId=dashboard_id, Name=dashboard_id, Definition=definition
    )["Arn"]
# --8<-- [end:quicksight]
