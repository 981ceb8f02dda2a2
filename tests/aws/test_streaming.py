"""Pruebas de snippets/aws/streaming.py contra moto: Firehose, OpenSearch y QuickSight."""

from __future__ import annotations

import gzip
import json

import boto3
import pytest
from botocore.validate import ParamValidator

from snippets.aws import streaming

ROLE = "arn:aws:iam::123456789012:role/firehose-entrega"
ACCOUNT = "123456789012"


def test_firehose_records_land_in_the_bucket(aws):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="equipo-ml-eventos", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    arn = streaming.create_s3_delivery_stream("clics", "arn:aws:s3:::equipo-ml-eventos", ROLE)
    assert arn.endswith(":deliverystream/clics")
    events = [{"usuario": i, "pagina": f"/producto/{i % 7}", "accion": "clic"} for i in range(1203)]
    assert streaming.put_events("clics", events) == 1203

    received = []
    for obj in s3.list_objects_v2(Bucket="equipo-ml-eventos")["Contents"]:
        assert obj["Key"].startswith("eventos/anio=")
        body = s3.get_object(Bucket="equipo-ml-eventos", Key=obj["Key"])["Body"].read()
        try:
            body = gzip.decompress(body)
        except gzip.BadGzipFile:
            pass  # moto no comprime; Firehose sí
        received += [json.loads(line) for line in body.decode("utf-8").splitlines()]
    assert sorted(e["usuario"] for e in received) == list(range(1203))


def test_opensearch_domain_is_encrypted_and_https_only(aws):
    arn = streaming.create_search_domain("registros")
    domain = boto3.client("opensearch").describe_domain(DomainName="registros")["DomainStatus"]
    assert domain["ARN"] == arn
    assert domain["EncryptionAtRestOptions"]["Enabled"] and domain["NodeToNodeEncryptionOptions"]["Enabled"]
    assert domain["DomainEndpointOptions"]["EnforceHTTPS"] is True
    assert domain["ClusterConfig"]["InstanceCount"] == 2
    with pytest.raises(ValueError, match="número par"):
        streaming.create_search_domain("impar", data_nodes=3)


def test_opensearch_destination_is_a_valid_firehose_destination(aws):
    domain_arn = streaming.create_search_domain("registros")
    destination = streaming.opensearch_destination(domain_arn, "clics", ROLE, "arn:aws:s3:::equipo-ml-eventos")
    model = boto3.client("firehose").meta.service_model.operation_model("CreateDeliveryStream")
    request = {"DeliveryStreamName": "clics-os", "AmazonopensearchserviceDestinationConfiguration": destination}
    report = ParamValidator().validate(request, model.input_shape)
    assert not report.has_errors(), report.generate_report()
    assert destination["S3BackupMode"] == "FailedDocumentsOnly"


def test_quicksight_dataset_and_dashboard(aws):
    qs = boto3.client("quicksight")
    dataset_arn = streaming.create_athena_dataset(
        ACCOUNT, "ventas", "analitica", "ventas_diarias", {"region": "STRING", "importe": "DECIMAL"}
    )
    assert dataset_arn.rsplit("/", 1)[1] == "ventas"
    source = qs.describe_data_source(AwsAccountId=ACCOUNT, DataSourceId="ventas-athena")["DataSource"]
    assert source["Type"] == "ATHENA"
    assert source["DataSourceParameters"]["AthenaParameters"]["WorkGroup"] == "primary"

    arn = streaming.create_dashboard(ACCOUNT, "ventas-por-region", dataset_arn, metric="importe", by="region")
    assert arn.endswith(":dashboard/ventas-por-region")
    dashboards = qs.list_dashboards(AwsAccountId=ACCOUNT)["DashboardSummaryList"]
    assert [d["DashboardId"] for d in dashboards] == ["ventas-por-region"]
