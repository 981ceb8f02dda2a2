"""Pruebas de snippets/aws/streaming.py contra moto: Firehose, OpenSearch y QuickSight."""

from __future__ import annotations

import gzip
import json

import boto3
import pytest
from botocore.stub import Stubber
from botocore.validate import ParamValidator

from snippets.aws import streaming
from tests.sandbox import run_name

ROLE = "arn:aws:iam::123456789012:role/firehose-entrega"
ACCOUNT = "123456789012"
EVENTS = run_name("equipo-ml-eventos")


def test_firehose_records_land_in_the_bucket(aws):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    stream = run_name("clics")
    arn = streaming.create_s3_delivery_stream(stream, f"arn:aws:s3:::{EVENTS}", ROLE)
    assert arn.endswith(f":deliverystream/{stream}")
    events = [{"usuario": i, "pagina": f"/producto/{i % 7}", "accion": "clic"} for i in range(1203)]
    assert streaming.put_events(stream, events) == 1203

    keys = [obj["Key"] for obj in s3.list_objects_v2(Bucket=EVENTS)["Contents"]]
    assert keys and all(key.startswith("eventos/anio=") for key in keys)
    received = streaming.read_events(EVENTS)
    assert sorted(e["usuario"] for e in received) == list(range(1203))
    assert received[0] == next(e for e in events if e["usuario"] == received[0]["usuario"])


def test_read_events_decompresses_gzip_files_as_firehose_writes_them(aws):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    lines = "".join(json.dumps({"usuario": i}) + "\n" for i in range(3)).encode()
    s3.put_object(Bucket=EVENTS, Key="eventos/anio=2026/mes=11/dia=26/clics-1.gz", Body=gzip.compress(lines))
    s3.put_object(Bucket=EVENTS, Key="otros/x.json", Body=b'{"usuario": 99}\n')
    assert streaming.read_events(EVENTS) == [{"usuario": 0}, {"usuario": 1}, {"usuario": 2}]


def test_wait_until_active_fails_on_a_failed_stream():
    client = boto3.client("firehose", region_name="eu-west-1")
    with Stubber(client) as stub:
        stub.add_response("describe_delivery_stream", {"DeliveryStreamDescription": {
            "DeliveryStreamName": "clics", "DeliveryStreamARN": "arn:aws:firehose:eu-west-1:123456789012:deliverystream/clics",
            "DeliveryStreamStatus": "CREATING_FAILED", "DeliveryStreamType": "DirectPut", "VersionId": "1",
            "Destinations": [], "HasMoreDestinations": False,
        }})
        with pytest.raises(RuntimeError, match="CREATING_FAILED"):
            streaming.wait_until_active("clics", client, delay=0)


def test_opensearch_domain_is_encrypted_and_https_only(aws):
    name = run_name("registros")  # 28 caracteres como máximo
    arn = streaming.create_search_domain(name)
    domain = boto3.client("opensearch").describe_domain(DomainName=name)["DomainStatus"]
    assert domain["ARN"] == arn
    assert domain["EncryptionAtRestOptions"]["Enabled"] and domain["NodeToNodeEncryptionOptions"]["Enabled"]
    assert domain["DomainEndpointOptions"]["EnforceHTTPS"] is True
    assert domain["ClusterConfig"]["InstanceCount"] == 2
    assert streaming.wait_for_domain(name, delay=0) == "https://" + domain["Endpoint"]
    with pytest.raises(ValueError, match="número par"):
        streaming.create_search_domain("impar", data_nodes=3)


def test_opensearch_destination_is_a_valid_firehose_destination(aws):
    domain_arn = streaming.create_search_domain(run_name("registros"))
    destination = streaming.opensearch_destination(domain_arn, "clics", ROLE, f"arn:aws:s3:::{EVENTS}")
    model = boto3.client("firehose").meta.service_model.operation_model("CreateDeliveryStream")
    request = {"DeliveryStreamName": "clics-os", "AmazonopensearchserviceDestinationConfiguration": destination}
    report = ParamValidator().validate(request, model.input_shape)
    assert not report.has_errors(), report.generate_report()
    assert destination["S3BackupMode"] == "FailedDocumentsOnly"


def test_create_opensearch_delivery_stream_sends_a_valid_request():
    """moto no admite este destino: Stubber valida la petición contra el modelo de la API de Firehose."""
    client = boto3.client("firehose", region_name="eu-west-1")
    domain_arn = "arn:aws:es:eu-west-1:123456789012:domain/registros"
    destination = streaming.opensearch_destination(domain_arn, "clics", ROLE, "arn:aws:s3:::equipo-ml-eventos")
    arn = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/clics-os"
    with Stubber(client) as stub:
        stub.add_response("create_delivery_stream", {"DeliveryStreamARN": arn}, {
            "DeliveryStreamName": "clics-os", "DeliveryStreamType": "DirectPut",
            "AmazonopensearchserviceDestinationConfiguration": destination,
        })
        stub.add_response("describe_delivery_stream", {"DeliveryStreamDescription": {
            "DeliveryStreamName": "clics-os", "DeliveryStreamARN": arn, "DeliveryStreamStatus": "ACTIVE",
            "DeliveryStreamType": "DirectPut", "VersionId": "1", "Destinations": [], "HasMoreDestinations": False,
        }})
        assert streaming.create_opensearch_delivery_stream("clics-os", destination, client) == arn
        stub.assert_no_pending_responses()


def test_quicksight_dataset_and_dashboard(aws):
    qs, dataset, dashboard = boto3.client("quicksight"), run_name("ventas"), run_name("ventas-por-region")
    account = boto3.client("sts").get_caller_identity()["Account"]
    dataset_arn = streaming.create_athena_dataset(
        account, dataset, "analitica", "ventas_diarias", {"region": "STRING", "importe": "DECIMAL"}
    )
    assert dataset_arn.rsplit("/", 1)[1] == dataset
    source = qs.describe_data_source(AwsAccountId=account, DataSourceId=f"{dataset}-athena")["DataSource"]
    assert source["Type"] == "ATHENA"
    assert source["DataSourceParameters"]["AthenaParameters"]["WorkGroup"] == "primary"

    arn = streaming.create_dashboard(account, dashboard, dataset_arn, metric="importe", by="region")
    assert arn.endswith(f":dashboard/{dashboard}")
    dashboards = qs.list_dashboards(AwsAccountId=account)["DashboardSummaryList"]
    assert [d["DashboardId"] for d in dashboards if d["DashboardId"] == dashboard] == [dashboard]
