"""Pruebas de snippets/aws/streaming.py contra moto: Firehose, OpenSearch y QuickSight."""

from __future__ import annotations

import datetime
import gzip
import json

import boto3
import parliament
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from botocore.stub import Stubber

from snippets.aws import streaming
from tests.conftest import assert_bounded_waits, aws_error, fail_operation
from tests.moto_extras import model_errors
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


def test_put_events_keeps_each_call_within_500_records_and_4_mib(aws):
    """PutRecordBatch admite hasta 500 registros y 4 MiB por llamada; moto acepta más, AWS no."""
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    stream = run_name("clics")
    streaming.create_s3_delivery_stream(stream, f"arn:aws:s3:::{EVENTS}", ROLE)
    firehose = boto3.client("firehose")
    batches = []
    firehose.meta.events.register("provide-client-params.firehose.PutRecordBatch",
                                  lambda params, **_: batches.append([len(r["Data"]) for r in params["Records"]]))
    events = [{"usuario": i, "texto": "x" * 900_000} for i in range(10)] + [{"usuario": i} for i in range(10, 1010)]
    assert streaming.put_events(stream, events, client=firehose) == 1010
    assert sum(len(batch) for batch in batches) == 1010
    assert all(len(batch) <= 500 and sum(batch) <= 4 * 1024 * 1024 for batch in batches), \
        [(len(b), sum(b)) for b in batches]
    assert sorted(e["usuario"] for e in streaming.read_events(EVENTS)) == list(range(1010))


@pytest.mark.parametrize(("sizes", "expected"), [
    ([1] * 1001, [500, 500, 1]),
    ([512 * 1024] * 9, [8, 1]),  # 8 × 512 KiB son justo 4 MiB
    ([900_000] * 10, [4, 4, 2]),
    ([1] * 500 + [2 * 1024 * 1024] * 2, [500, 2]),  # el segundo lote cuenta sus bytes desde cero
    ([], []),
])
def test_record_batches_split_at_the_put_record_batch_limits(sizes, expected):
    batches = streaming.record_batches([{"Data": b"x" * size} for size in sizes])
    assert [len(batch) for batch in batches] == expected


def test_read_events_of_an_empty_prefix_or_a_missing_bucket(aws):
    boto3.client("s3").create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert streaming.read_events(EVENTS) == []  # Firehose aún no ha escrito nada
    with pytest.raises(RuntimeError, match="^No se pudieron leer los eventos de s3://equipo-ml-no-existe/eventos/: .*NoSuchBucket"):
        streaming.read_events("equipo-ml-no-existe")


def test_read_events_decompresses_gzip_files_as_firehose_writes_them(aws):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    lines = "".join(json.dumps({"usuario": i}) + "\n" for i in range(3)).encode()
    s3.put_object(Bucket=EVENTS, Key="eventos/anio=2026/mes=11/dia=26/clics-1.gz", Body=gzip.compress(lines))
    s3.put_object(Bucket=EVENTS, Key="otros/x.json", Body=b'{"usuario": 99}\n')
    assert streaming.read_events(EVENTS) == [{"usuario": 0}, {"usuario": 1}, {"usuario": 2}]


def test_s3_delivery_stream_request_buffers_compresses_and_partitions_by_day(aws, sent):
    """Lo que la página promete del flujo (búfer de 64 MiB o 60 s, GZIP, particiones por día, errores
    aparte), en la petición enviada y válida según el modelo de la API de Firehose."""
    boto3.client("s3").create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    streaming.create_s3_delivery_stream("clics", f"arn:aws:s3:::{EVENTS}", ROLE, prefix="web/")
    (request,) = [params for operation, params in sent if operation == "CreateDeliveryStream"]
    assert request == {"DeliveryStreamName": "clics", "DeliveryStreamType": "DirectPut", "ExtendedS3DestinationConfiguration": {
        "RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{EVENTS}",
        "Prefix": "web/anio=!{timestamp:yyyy}/mes=!{timestamp:MM}/dia=!{timestamp:dd}/",
        "ErrorOutputPrefix": "errores/!{firehose:error-output-type}/",
        "BufferingHints": {"SizeInMBs": 64, "IntervalInSeconds": 60}, "CompressionFormat": "GZIP",
    }}
    shape = boto3.client("firehose").meta.service_model.operation_model("CreateDeliveryStream").input_shape
    assert model_errors(shape, request) == []


def stream_description(status: str, name: str = "clics") -> dict:
    """Respuesta de DescribeDeliveryStream para un flujo en ese estado."""
    return {"DeliveryStreamDescription": {
        "DeliveryStreamName": name, "DeliveryStreamARN": f"arn:aws:firehose:eu-west-1:123456789012:deliverystream/{name}",
        "DeliveryStreamStatus": status, "DeliveryStreamType": "DirectPut", "VersionId": "1",
        "Destinations": [], "HasMoreDestinations": False,
    }}


@pytest.fixture
def slept(monkeypatch) -> list[float]:
    """Las pausas de las esperas de streaming.py, anotadas en vez de dormidas."""
    pauses = []
    monkeypatch.setattr(streaming.time, "sleep", pauses.append)
    return pauses


def test_wait_until_active_waits_while_creating_and_gives_up_after_its_attempts(slept):
    client = boto3.client("firehose", region_name="eu-west-1")
    with Stubber(client) as stub:
        for status in ("CREATING", "CREATING", "ACTIVE"):
            stub.add_response("describe_delivery_stream", stream_description(status), {"DeliveryStreamName": "clics"})
        streaming.wait_until_active("clics", client)
        assert slept == [10, 10]
        for _ in range(3):
            stub.add_response("describe_delivery_stream", stream_description("CREATING"))
        with pytest.raises(TimeoutError, match="^El flujo clics sigue en CREATING tras 15 s"):
            streaming.wait_until_active("clics", client, delay=5, max_attempts=3)
        stub.add_client_error("describe_delivery_stream", "ResourceNotFoundException", "no existe")
        with pytest.raises(RuntimeError, match="^No se pudo consultar el flujo 'clics' de Firehose: .*no existe"):
            streaming.wait_until_active("clics", client)


def test_wait_until_active_waits_ten_minutes_by_default_and_says_why_a_stream_failed(slept):
    client = boto3.client("firehose", region_name="eu-west-1")
    with Stubber(client) as stub:
        for _ in range(60):
            stub.add_response("describe_delivery_stream", stream_description("CREATING"))
        with pytest.raises(TimeoutError, match="^El flujo clics sigue en CREATING tras 600 s"):
            streaming.wait_until_active("clics", client)
        assert slept == [10] * 60
        failed = stream_description("CREATING_FAILED")
        failed["DeliveryStreamDescription"]["FailureDescription"] = {"Type": "INVALID_KMS_KEY", "Details": "sin clave"}
        stub.add_response("describe_delivery_stream", failed)
        with pytest.raises(RuntimeError, match="^El flujo clics quedó en CREATING_FAILED: .*sin clave"):
            streaming.wait_until_active("clics", client)


def test_wait_for_domain_waits_an_hour_at_most_for_its_vpc_endpoint(slept):
    client = boto3.client("opensearch", region_name="eu-west-1")

    def status(processing: bool, endpoints: dict | None = None) -> dict:
        domain = {"DomainId": "123456789012/registros", "DomainName": "registros",
                  "ARN": "arn:aws:es:eu-west-1:123456789012:domain/registros", "Processing": processing,
                  "ClusterConfig": {}}
        return {"DomainStatus": {**domain, **({"Endpoints": endpoints} if endpoints is not None else {})}}

    with Stubber(client) as stub:
        endpoint = {"vpc": "vpc-registros-abc.eu-west-1.es.amazonaws.com"}
        stub.add_response("describe_domain", status(True), {"DomainName": "registros"})  # aún sin Endpoints
        stub.add_response("describe_domain", status(True, endpoint))  # con endpoint, pero aún configurándose
        stub.add_response("describe_domain", status(False, endpoint))
        assert streaming.wait_for_domain("registros", client) == "https://vpc-registros-abc.eu-west-1.es.amazonaws.com"
        assert slept == [60, 60]
        for _ in range(60):
            stub.add_response("describe_domain", status(True))
        with pytest.raises(TimeoutError, match="^El dominio registros no estaba listo tras 60 minutos"):
            streaming.wait_for_domain("registros", client)
        assert len(slept) == 62 and set(slept) == {60}


def test_put_events_resends_only_the_rejected_records_once(monkeypatch):
    client = boto3.client("firehose", region_name="eu-west-1")
    records = [{"Data": (json.dumps({"usuario": i}) + "\n").encode()} for i in range(3)]
    rejected = {"ErrorCode": "ServiceUnavailableException", "ErrorMessage": "lento"}
    with Stubber(client) as stub:
        stub.add_response("put_record_batch", {"FailedPutCount": 1, "RequestResponses": [
            {"RecordId": "1"}, rejected, {"RecordId": "3"}]}, {"DeliveryStreamName": "clics", "Records": records})
        stub.add_response("put_record_batch", {"FailedPutCount": 0, "RequestResponses": [{"RecordId": "2"}]},
                          {"DeliveryStreamName": "clics", "Records": records[1:2]})
        assert streaming.put_events("clics", [{"usuario": i} for i in range(3)], client) == 3
        stub.assert_no_pending_responses()
        # Rechazado también al reenviarlo: se dice, y no se reintenta más.
        stub.add_response("put_record_batch", {"FailedPutCount": 1, "RequestResponses": [{"RecordId": "1"}, rejected]})
        stub.add_response("put_record_batch", {"FailedPutCount": 1, "RequestResponses": [rejected]})
        with pytest.raises(RuntimeError, match="^Firehose rechazó 1 registros dos veces; no se han enviado"):
            streaming.put_events("clics", [{"usuario": 0}, {"usuario": 1}], client)
        stub.assert_no_pending_responses()


ADMIN = "arn:aws:iam::123456789012:role/opensearch-admin"


def _network():
    """La VPC por defecto de moto, dos subredes en zonas distintas y el grupo de seguridad del dominio."""
    ec2 = boto3.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
    by_zone = {s["AvailabilityZone"]: s["SubnetId"] for s in ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]}
    subnets = [by_zone[z] for z in sorted(by_zone)[:2]]
    return vpc, subnets, streaming.search_domain_security_group(vpc["VpcId"], run_name("os"))


def test_opensearch_security_group_is_created_in_the_vpc_it_is_given(aws):
    ec2 = boto3.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]  # no es la VPC por defecto
    group_id = streaming.search_domain_security_group(vpc, "registros-ml-opensearch")
    assert ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]["VpcId"] == vpc


def test_quicksight_group_arn_asks_for_a_region_when_there_is_none(monkeypatch, tmp_path):
    for variable in ("AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))  # sin archivo de configuración
    with pytest.raises(ValueError, match="^No hay región de AWS configurada"):
        streaming.quicksight_group_arn(ACCOUNT, "analistas-ml")


def test_opensearch_security_group_refuses_a_vpc_with_a_public_range(aws):
    ec2 = boto3.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="52.95.0.0/16")["Vpc"]["VpcId"]
    with pytest.raises(ValueError, match=f"^La VPC {vpc} usa el rango público 52.95.0.0/16"):
        streaming.search_domain_security_group(vpc, "registros-ml-opensearch")
    assert [g["GroupName"] for g in ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]] == ["default"]


def test_s3_delivery_stream_waits_with_the_client_it_was_given():
    """Con un cliente propio (otra región, otra cuenta), la espera usa ese cliente, no uno nuevo."""
    client = boto3.client("firehose", region_name="eu-west-1")
    arn = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/clics"
    with Stubber(client) as stub:
        stub.add_response("create_delivery_stream", {"DeliveryStreamARN": arn})
        stub.add_response("describe_delivery_stream", stream_description("ACTIVE"), {"DeliveryStreamName": "clics"})
        assert streaming.create_s3_delivery_stream("clics", "arn:aws:s3:::equipo-ml-eventos", ROLE, client=client) == arn
        stub.assert_no_pending_responses()
        stub.add_client_error("create_delivery_stream", "LimitExceededException", "demasiados flujos")
        with pytest.raises(RuntimeError, match="^No se pudo crear el flujo 'clics' de Firehose: .*demasiados flujos"):
            streaming.create_s3_delivery_stream("clics", "arn:aws:s3:::equipo-ml-eventos", ROLE, client=client)


@pytest.mark.parametrize("create", ["s3", "opensearch"])
def test_a_stream_that_fails_to_create_is_deleted(slept, create):
    """Un flujo en CREATING_FAILED no cambia de estado ni admite registros: la función lo borra y lo dice."""
    client = boto3.client("firehose", region_name="eu-west-1")
    arn = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/clics"
    failed = stream_description("CREATING_FAILED")
    failed["DeliveryStreamDescription"]["FailureDescription"] = {"Type": "ENI_ACCESS_DENIED", "Details": "sin permiso"}
    calls = {"s3": lambda: streaming.create_s3_delivery_stream("clics", "arn:aws:s3:::equipo-ml-eventos", ROLE, client=client),
             "opensearch": lambda: streaming.create_opensearch_delivery_stream("clics", streaming.opensearch_destination(
                 "arn:aws:es:eu-west-1:123456789012:domain/registros", "clics", ROLE, "arn:aws:s3:::equipo-ml-eventos",
                 ["subnet-1", "subnet-2"], ["sg-1"]), client)}
    with Stubber(client) as stub:
        stub.add_response("create_delivery_stream", {"DeliveryStreamARN": arn})
        stub.add_response("describe_delivery_stream", failed)
        stub.add_response("delete_delivery_stream", {}, {"DeliveryStreamName": "clics"})
        with pytest.raises(streaming.StreamFailedError, match="quedó en CREATING_FAILED: .*sin permiso.*Se ha borrado el flujo"):
            calls[create]()
        stub.assert_no_pending_responses()
        # Si tampoco se puede borrar, lo dice para que se borre a mano.
        stub.add_response("create_delivery_stream", {"DeliveryStreamARN": arn})
        stub.add_response("describe_delivery_stream", failed)
        stub.add_client_error("delete_delivery_stream", "ResourceInUseException", "ocupado")
        with pytest.raises(streaming.StreamFailedError, match="Tampoco se pudo borrar el flujo .*ocupado.*bórrelo a mano"):
            calls[create]()


def test_a_stream_still_creating_is_not_deleted_and_the_error_says_so(slept):
    """Firehose no deja borrar un flujo en CREATING: tras la espera, el error lo explica y no se intenta."""
    client = boto3.client("firehose", region_name="eu-west-1")
    with Stubber(client) as stub:
        stub.add_response("create_delivery_stream", {"DeliveryStreamARN": "arn:aws:firehose:eu-west-1:123456789012:deliverystream/clics"})
        for _ in range(60):
            stub.add_response("describe_delivery_stream", stream_description("CREATING"))
        with pytest.raises(TimeoutError, match="sigue en CREATING tras 600 s; cuando esté activo, úselo o bórrelo"):
            streaming.create_s3_delivery_stream("clics", "arn:aws:s3:::equipo-ml-eventos", ROLE, client=client)
        stub.assert_no_pending_responses()


@pytest.mark.parametrize("failure", ["aws", "sin-red"])
def test_events_table_deletes_the_database_it_created_when_the_table_fails(aws, monkeypatch, failure):
    error = (ClientError({"Error": {"Code": "AccessDeniedException", "Message": "denegado"}}, "CreateTable")
             if failure == "aws" else EndpointConnectionError(endpoint_url="https://glue.eu-west-1.amazonaws.com"))
    fail_operation(monkeypatch, "CreateTable", error)
    glue = boto3.client("glue")
    with pytest.raises(RuntimeError, match="No se pudo registrar la tabla analitica_web.clics .*Se ha borrado la base de datos"):
        streaming.create_events_table("analitica_web", "clics", EVENTS, {"usuario": "int"})
    assert glue.get_databases()["DatabaseList"] == []
    # Una base de datos que ya existía (de otras tablas del equipo) no se toca.
    glue.create_database(DatabaseInput={"Name": "analitica_web"})
    with pytest.raises(RuntimeError, match="No se pudo registrar la tabla") as caught:
        streaming.create_events_table("analitica_web", "clics", EVENTS, {"usuario": "int"})
    assert "borrado" not in str(caught.value)
    assert [d["Name"] for d in glue.get_databases()["DatabaseList"]] == ["analitica_web"]


@pytest.mark.parametrize(("prefix", "accepted"), [("e" * 511 + "/", True), ("e" * 512 + "/", False)])
def test_s3_prefix_up_to_512_characters(aws, prefix, accepted):
    boto3.client("s3").create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    if accepted:
        assert streaming.create_s3_delivery_stream("clics", f"arn:aws:s3:::{EVENTS}", ROLE, prefix=prefix)
    else:
        with pytest.raises(ValueError, match="prefix debe ser una carpeta"):
            streaming.create_s3_delivery_stream("clics", f"arn:aws:s3:::{EVENTS}", ROLE, prefix=prefix)


def test_put_events_sends_utf8_json_up_to_the_record_limit():
    client = boto3.client("firehose", region_name="eu-west-1")
    event = {"pagina": "/categoría/ñandú"}
    largest = {"t": "x" * (streaming.MAX_RECORD - len('{"t": ""}\n'))}  # justo 1 000 KiB con el salto de línea
    with Stubber(client) as stub:
        records = [{"Data": '{"pagina": "/categoría/ñandú"}\n'.encode()}, {"Data": (json.dumps(largest) + "\n").encode()}]
        assert len(records[1]["Data"]) == streaming.MAX_RECORD
        stub.add_response("put_record_batch", {"FailedPutCount": 0, "RequestResponses": [{"RecordId": "1"}, {"RecordId": "2"}]},
                          {"DeliveryStreamName": "clics", "Records": records})
        assert streaming.put_events("clics", [event, largest], client) == 2
        stub.add_client_error("put_record_batch", "ServiceUnavailableException", "Firehose no responde")
        with pytest.raises(RuntimeError, match="^No se pudieron enviar los eventos al flujo 'clics': .*no responde"):
            streaming.put_events("clics", [event], client)


@pytest.mark.parametrize("length", [1, 255])  # los límites de GroupName en EC2
def test_opensearch_security_group_names_of_any_length_ec2_accepts(aws, length):
    vpc = boto3.client("ec2").describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    group_id = streaming.search_domain_security_group(vpc, "g" * length)
    assert boto3.client("ec2").describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]["GroupName"] == "g" * length


def test_opensearch_domain_security_group_opens_https_to_the_vpc_only(aws):
    vpc, _, group_id = _network()
    group = boto3.client("ec2").describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    [rule] = group["IpPermissions"]
    assert rule["IpProtocol"] == "tcp"
    assert (rule["FromPort"], rule["ToPort"]) == (443, 443)
    assert [r["CidrIp"] for r in rule["IpRanges"]] == [vpc["CidrBlock"]]


def test_opensearch_domain_request_is_private_restricted_and_valid(aws):
    """Lo que AWS recibe: VPC, control de acceso detallado y una política sin principal comodín."""
    _, subnets, group_id = _network()
    client = boto3.client("opensearch")
    sent = {}
    client.meta.events.register("provide-client-params.opensearch.CreateDomain", lambda params, **_: sent.update(params))
    name = run_name("registros")  # 28 caracteres como máximo
    arn = streaming.create_search_domain(name, ADMIN, [ROLE], subnets, [group_id], client=client)
    model = client.meta.service_model.operation_model("CreateDomain")
    # El enumerado de tipos de instancia del modelo de botocore no tiene las familias Graviton3 (r7g, m7g),
    # que OpenSearch admite y factura: ese campo se comprueba aparte.
    assert [e for e in model_errors(model.input_shape, sent) if ".ClusterConfig.InstanceType:" not in e] == []
    policy = sent.pop("AccessPolicies")
    assert sent == {
        "DomainName": name, "EngineVersion": "OpenSearch_2.19",
        # Dos nodos r7g.large en dos zonas, 100 GiB gp3 cada uno: lo que la página dice que se paga.
        "ClusterConfig": {"InstanceType": "r7g.large.search", "InstanceCount": 2, "ZoneAwarenessEnabled": True,
                          "ZoneAwarenessConfig": {"AvailabilityZoneCount": 2}},
        "EBSOptions": {"EBSEnabled": True, "VolumeType": "gp3", "VolumeSize": 100},
        "VPCOptions": {"SubnetIds": subnets, "SecurityGroupIds": [group_id]},
        "AdvancedSecurityOptions": {"Enabled": True, "InternalUserDatabaseEnabled": False,
                                    "MasterUserOptions": {"MasterUserARN": ADMIN}},
        "EncryptionAtRestOptions": {"Enabled": True}, "NodeToNodeEncryptionOptions": {"Enabled": True},
        "DomainEndpointOptions": {"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        "TagList": [{"Key": "equipo", "Value": "ml"}],
    }
    # La política de acceso: solo los roles indicados, solo peticiones HTTP al dominio, sin hallazgos de parliament.
    assert json.loads(policy) == {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": sorted([ADMIN, ROLE])}, "Action": "es:ESHttp*",
        "Resource": f"arn:aws:es:eu-west-1:123456789012:domain/{name}/*",
    }]}
    assert parliament.analyze_policy_string(policy).findings == []
    domain = client.describe_domain(DomainName=name)["DomainStatus"]
    assert domain["ARN"] == arn
    assert streaming.wait_for_domain(name, delay=0) == "https://" + domain["Endpoints"]["vpc"]


@pytest.mark.parametrize("kwargs, message", [
    ({"data_nodes": 3}, "número par"),
    ({"subnet_ids": ["subnet-1"]}, "dos subredes"),
    ({"security_group_ids": []}, "grupo de seguridad"),
    ({"reader_role_arns": ["*"]}, "ARN de roles"),
    ({"master_role_arn": "arn:aws:iam::123456789012:user/ana"}, "ARN de roles"),
])
def test_opensearch_domain_rejects_open_or_incomplete_settings(aws, kwargs, message):
    args = {"master_role_arn": ADMIN, "reader_role_arns": [ROLE], "subnet_ids": ["subnet-1", "subnet-2"],
            "security_group_ids": ["sg-1"], **kwargs}
    with pytest.raises(ValueError, match=message):
        streaming.create_search_domain("registros", **args)
    assert boto3.client("opensearch").list_domain_names()["DomainNames"] == []


def test_opensearch_destination_is_a_valid_firehose_destination(aws):
    _, subnets, group_id = _network()
    domain_arn = streaming.create_search_domain(run_name("registros"), ADMIN, [ROLE], subnets, [group_id])
    destination = streaming.opensearch_destination(
        domain_arn, "clics", ROLE, f"arn:aws:s3:::{EVENTS}", subnets, [group_id]
    )
    model = boto3.client("firehose").meta.service_model.operation_model("CreateDeliveryStream")
    request = {"DeliveryStreamName": "clics-os", "AmazonopensearchserviceDestinationConfiguration": destination}
    assert model_errors(model.input_shape, request) == []
    assert destination == {
        "VpcConfiguration": {"SubnetIds": subnets, "RoleARN": ROLE, "SecurityGroupIds": [group_id]},
        "RoleARN": ROLE, "DomainARN": domain_arn, "IndexName": "clics",
        "IndexRotationPeriod": "OneDay",  # la página: un índice por día
        "BufferingHints": {"IntervalInSeconds": 60, "SizeInMBs": 5},
        "RetryOptions": {"DurationInSeconds": 300},
        "S3BackupMode": "FailedDocumentsOnly",  # solo lo que OpenSearch rechaza va a S3
        "S3Configuration": {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{EVENTS}", "Prefix": "opensearch-fallidos/"},
    }


def test_create_opensearch_delivery_stream_sends_a_valid_request():
    """moto no admite este destino: Stubber valida la petición contra el modelo de la API de Firehose."""
    client = boto3.client("firehose", region_name="eu-west-1")
    domain_arn = "arn:aws:es:eu-west-1:123456789012:domain/registros"
    destination = streaming.opensearch_destination(
        domain_arn, "clics", ROLE, "arn:aws:s3:::equipo-ml-eventos", ["subnet-1", "subnet-2"], ["sg-1"]
    )
    arn = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/clics-os"
    with Stubber(client) as stub:
        stub.add_response("create_delivery_stream", {"DeliveryStreamARN": arn}, {
            "DeliveryStreamName": "clics-os", "DeliveryStreamType": "DirectPut",
            "AmazonopensearchserviceDestinationConfiguration": destination,
        })
        stub.add_response("describe_delivery_stream", stream_description("ACTIVE", "clics-os"))
        assert streaming.create_opensearch_delivery_stream("clics-os", destination, client) == arn
        stub.assert_no_pending_responses()


OWNER = "arn:aws:quicksight:eu-west-1:123456789012:group/default/analistas-ml"


def sent_requests(client) -> dict[str, dict]:
    """Los parámetros de cada llamada del cliente, tal como botocore los envía."""
    sent = {}
    client.meta.events.register("provide-client-params.quicksight.*",
                                lambda params, model, **_: sent.__setitem__(model.name, dict(params)))
    return sent


def test_quicksight_resources_carry_permissions_for_the_team_group(aws):
    """Sin Permissions nadie los ve en la consola: cada petición los lleva y es válida para la API."""
    qs = boto3.client("quicksight")
    sent = sent_requests(qs)
    assert streaming.quicksight_group_arn(ACCOUNT, "analistas-ml", qs) == OWNER
    # Sin cliente, la región de la sesión (la del notebook); con cliente, la suya.
    assert streaming.quicksight_group_arn(ACCOUNT, "analistas-ml") == OWNER
    virginia = boto3.client("quicksight", region_name="us-east-1")
    assert streaming.quicksight_group_arn(ACCOUNT, "analistas-ml", virginia) == OWNER.replace("eu-west-1", "us-east-1")
    dataset_arn = streaming.create_athena_dataset(
        ACCOUNT, "ventas", "analitica", "ventas_diarias", {"importe": "DECIMAL"}, OWNER, client=qs
    )
    streaming.create_dashboard(ACCOUNT, "panel", dataset_arn, "importe", "importe", OWNER, client=qs)
    for operation, kind in [("CreateDataSource", "data_source"), ("CreateDataSet", "data_set"),
                            ("CreateDashboard", "dashboard")]:
        assert sent[operation]["Permissions"] == [{"Principal": OWNER, "Actions": streaming.OWNER_ACTIONS[kind]}]
        assert model_errors(qs.meta.service_model.operation_model(operation).input_shape, sent[operation]) == []
    # El conjunto de datos: una tabla del catálogo de Glue leída por Athena, copiada en SPICE.
    assert sent["CreateDataSet"]["ImportMode"] == "SPICE"
    assert sent["CreateDataSet"]["PhysicalTableMap"] == {"tabla": {"RelationalTable": {
        "DataSourceArn": f"arn:aws:quicksight:eu-west-1:{ACCOUNT}:datasource/ventas-athena",
        "Catalog": "AwsDataCatalog", "Schema": "analitica", "Name": "ventas_diarias",
        "InputColumns": [{"Name": "importe", "Type": "DECIMAL"}]}}}


def test_quicksight_dataset_failure_removes_the_new_data_source(aws):
    qs = boto3.client("quicksight")

    def fail(**_):
        raise RuntimeError("fallo simulado al crear el conjunto de datos")

    qs.meta.events.register("before-call.quicksight.CreateDataSet", fail)
    with pytest.raises(RuntimeError, match="fallo simulado"):
        streaming.create_athena_dataset(ACCOUNT, "ventas", "analitica", "t", {"a": "STRING"}, OWNER, client=qs)
    assert qs.list_data_sources(AwsAccountId=ACCOUNT)["DataSources"] == []


def test_a_security_group_whose_rule_fails_is_deleted(aws):
    ec2 = boto3.client("ec2")
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    ec2.meta.events.register("before-call.ec2.AuthorizeSecurityGroupIngress", aws_error("AuthorizeSecurityGroupIngress"))
    name = run_name("os")
    with pytest.raises(RuntimeError, match="No se pudo abrir HTTPS.*se ha borrado") as error:
        streaming.search_domain_security_group(vpc_id, name, client=ec2)
    assert isinstance(error.value.__cause__, ClientError)
    left = boto3.client("ec2").describe_security_groups(Filters=[{"Name": "group-name", "Values": [name]}])
    assert left["SecurityGroups"] == []


def _default_vpc() -> str:
    return boto3.client("ec2").describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]


TABLE_ARGS = ("analitica_web", "clics", EVENTS, {"usuario": "int"})
AWS_FAILURES = [
    ("ec2", "DescribeVpcs", lambda c: streaming.search_domain_security_group(_default_vpc(), "registros-os", client=c),
     "No se pudo consultar la VPC"),
    ("ec2", "CreateSecurityGroup",
     lambda c: streaming.search_domain_security_group(_default_vpc(), "registros-os", client=c),
     "No se pudo crear el grupo de seguridad"),
    ("opensearch", "CreateDomain", lambda c: streaming.create_search_domain(
        "registros", ADMIN, [ROLE], ["subnet-1", "subnet-2"], ["sg-1"], client=c), "No se pudo crear el dominio"),
    ("opensearch", "DescribeDomain", lambda c: streaming.wait_for_domain("registros", client=c, delay=0),
     "No se pudo consultar el dominio"),
    ("firehose", "CreateDeliveryStream", lambda c: streaming.create_opensearch_delivery_stream("clics-os", streaming.opensearch_destination(
        "arn:aws:es:eu-west-1:123456789012:domain/registros", "clics", ROLE, f"arn:aws:s3:::{EVENTS}",
        ["subnet-1", "subnet-2"], ["sg-1"]), client=c),
     "hacia OpenSearch"),
    ("glue", "CreateDatabase", lambda c: streaming.create_events_table(*TABLE_ARGS, client=c),
     "No se pudo crear la base de datos"),
    ("glue", "CreateTable", lambda c: streaming.create_events_table(*TABLE_ARGS, client=c),
     "No se pudo registrar la tabla"),
    ("quicksight", "CreateDataSource", lambda c: streaming.create_athena_dataset(
        ACCOUNT, "ventas", "analitica", "t", {"a": "STRING"}, OWNER, client=c), "no creó la fuente"),
    ("quicksight", "CreateDataSet", lambda c: streaming.create_athena_dataset(
        ACCOUNT, "ventas", "analitica", "t", {"a": "STRING"}, OWNER, client=c),
     "no creó el conjunto de datos.*se ha borrado la fuente"),
    ("quicksight", "CreateDashboard", lambda c: streaming.create_dashboard(
        ACCOUNT, "panel", "arn:aws:quicksight:eu-west-1:123456789012:dataset/ventas", "importe", "dia", OWNER,
        client=c), "no creó el panel"),
]


@pytest.mark.parametrize(("service", "operation", "call", "message"), AWS_FAILURES,
                         ids=[f"{service}.{operation}" for service, operation, _, _ in AWS_FAILURES])
def test_aws_errors_become_a_spanish_runtime_error_with_the_original_attached(aws, service, operation, call, message):
    client = boto3.client(service)
    client.meta.events.register(f"before-call.{service}.{operation}", aws_error(operation))
    with pytest.raises(RuntimeError, match=message) as error:
        call(client)
    assert isinstance(error.value.__cause__, ClientError)
    assert "fallo simulado" in str(error.value)
    if service == "quicksight":  # todo o nada: ninguna fuente de datos queda
        assert boto3.client("quicksight").list_data_sources(AwsAccountId=ACCOUNT)["DataSources"] == []


@pytest.mark.parametrize("kwargs, message", [
    ({"columns": {}}, "columnas"),
    ({"columns": {"importe": 3}}, "columnas"),
    ({"owner_arn": "analistas-ml"}, "owner_arn"),
    ({"owner_arn": None}, "owner_arn"),
])
def test_quicksight_dataset_rejects_bad_input_before_creating_anything(aws, kwargs, message):
    args = {"columns": {"a": "STRING"}, "owner_arn": OWNER, **kwargs}
    with pytest.raises(ValueError, match=message):
        streaming.create_athena_dataset(ACCOUNT, "ventas", "analitica", "t", **args)
    assert boto3.client("quicksight").list_data_sources(AwsAccountId=ACCOUNT)["DataSources"] == []


def test_quicksight_dataset_and_dashboard(aws):
    qs, dataset, dashboard = boto3.client("quicksight"), run_name("ventas"), run_name("ventas-por-region")
    account = boto3.client("sts").get_caller_identity()["Account"]
    dataset_arn = streaming.create_athena_dataset(
        account, dataset, "analitica", "ventas_diarias", {"region": "STRING", "importe": "DECIMAL"}, OWNER
    )
    assert dataset_arn.rsplit("/", 1)[1] == dataset
    source = qs.describe_data_source(AwsAccountId=account, DataSourceId=f"{dataset}-athena")["DataSource"]
    assert source["Type"] == "ATHENA"
    assert source["DataSourceParameters"]["AthenaParameters"]["WorkGroup"] == "primary"

    arn = streaming.create_dashboard(account, dashboard, dataset_arn, metric="importe", by="region", owner_arn=OWNER)
    assert arn.endswith(f":dashboard/{dashboard}")
    dashboards = qs.list_dashboards(AwsAccountId=account)["DashboardSummaryList"]
    assert [d["DashboardId"] for d in dashboards if d["DashboardId"] == dashboard] == [dashboard]


def test_events_table_describes_what_firehose_writes(aws):
    """La tabla de Glue lee el prefijo y las particiones que escribe el flujo de Firehose, con las columnas
    de los eventos de la página; la petición es válida para la API y repetirla no falla."""
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    firehose, glue = boto3.client("firehose"), boto3.client("glue")
    streams, tables = {}, {}
    firehose.meta.events.register("provide-client-params.firehose.CreateDeliveryStream",
                                  lambda params, **_: streams.update(params))
    glue.meta.events.register("provide-client-params.glue.CreateTable", lambda params, **_: tables.update(params))
    streaming.create_s3_delivery_stream(run_name("clics"), f"arn:aws:s3:::{EVENTS}", ROLE, client=firehose)
    columns = {"usuario": "int", "pagina": "string", "accion": "string"}
    assert streaming.create_events_table("analitica_web", "clics", EVENTS, columns, client=glue) == "analitica_web.clics"
    assert streaming.create_events_table("analitica_web", "clics", EVENTS, columns, client=glue)  # otra vez
    assert model_errors(glue.meta.service_model.operation_model("CreateTable").input_shape, tables) == []

    table = glue.get_table(DatabaseName="analitica_web", Name="clics")["Table"]
    params = table["Parameters"]
    # Las particiones de la tabla son las de la ruta de Firehose, en el mismo orden.
    prefix = streams["ExtendedS3DestinationConfiguration"]["Prefix"]
    assert [k["Name"] for k in table["PartitionKeys"]] == [part.split("=")[0] for part in prefix.strip("/").split("/")[1:]]
    assert params["storage.location.template"] == f"s3://{EVENTS}/eventos/anio=${{anio}}/mes=${{mes}}/dia=${{dia}}/"
    # !{timestamp:MM} y !{timestamp:dd} llevan cero a la izquierda: la proyección genera 01, 02...
    assert params["projection.mes.digits"] == params["projection.dia.digits"] == "2"
    # Las columnas son los campos de los eventos que envía la página.
    event = {"usuario": 1, "pagina": "/producto/1", "accion": "clic"}
    assert [c["Name"] for c in table["StorageDescriptor"]["Columns"]] == list(event)
    with pytest.raises(ValueError, match="columnas"):
        streaming.create_events_table("analitica_web", "otra", EVENTS, {}, client=glue)


def firehose_folder(prefix: str, day: datetime.date) -> str:
    """La carpeta que Firehose escribe para un día con ese Prefix (!{timestamp:yyyy}, MM y dd, en UTC)."""
    for field, value in (("yyyy", f"{day.year:04d}"), ("MM", f"{day.month:02d}"), ("dd", f"{day.day:02d}")):
        prefix = prefix.replace(f"!{{timestamp:{field}}}", value)
    return prefix


def athena_folder(table: dict, day: datetime.date) -> str | None:
    """La carpeta que Athena lee para la partición de ese día con proyección de particiones de tipo integer
    (type, range y digits), o None si el día cae fuera del rango proyectado."""
    params = table["Parameters"]
    assert params["projection.enabled"] == "true"
    location = params["storage.location.template"]
    for key, value in zip([k["Name"] for k in table["PartitionKeys"]], (day.year, day.month, day.day)):
        assert params[f"projection.{key}.type"] == "integer"
        low, high = (int(n) for n in params[f"projection.{key}.range"].split(","))
        if not low <= value <= high:
            return None
        location = location.replace(f"${{{key}}}", str(value).zfill(int(params.get(f"projection.{key}.digits", "1"))))
    return location


def test_athena_reads_each_day_from_the_folder_firehose_writes_it_to(aws, sent):
    boto3.client("s3").create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    streaming.create_s3_delivery_stream("clics", f"arn:aws:s3:::{EVENTS}", ROLE)
    streaming.create_events_table("analitica_web", "clics", EVENTS, {"usuario": "int", "pagina": "string"})
    prefix = next(p for op, p in sent if op == "CreateDeliveryStream")["ExtendedS3DestinationConfiguration"]["Prefix"]
    (request,) = [p for op, p in sent if op == "CreateTable"]
    table = request["TableInput"]
    today = datetime.date.today()
    days = [today, datetime.date(today.year - 1, 1, 1), datetime.date(today.year, 2, 9),
            datetime.date(today.year + 9, 12, 31)]
    for day in days:
        assert athena_folder(table, day) == f"s3://{EVENTS}/" + firehose_folder(prefix, day), day
    # Diez años de particiones: más allá, Athena no las ve (la página dice cómo ampliarlo).
    assert athena_folder(table, datetime.date(today.year + 10, 1, 1)) is None
    assert athena_folder(table, datetime.date(today.year - 2, 12, 31)) is None
    # Una tabla externa de JSON en texto, que Athena lee con el SerDe de OpenX, y claves de texto.
    assert table["TableType"] == "EXTERNAL_TABLE" and table["Parameters"]["classification"] == "json"
    assert [k["Type"] for k in table["PartitionKeys"]] == ["string"] * 3
    assert table["StorageDescriptor"]["SerdeInfo"] == {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"}
    assert table["StorageDescriptor"]["InputFormat"] == "org.apache.hadoop.mapred.TextInputFormat"
    assert table["StorageDescriptor"]["OutputFormat"] == "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"


def test_dashboard_counts_rows_when_asked(aws):
    qs = boto3.client("quicksight")
    sent = sent_requests(qs)
    dataset_arn = streaming.create_athena_dataset(
        ACCOUNT, "clics-web", "analitica_web", "clics", {"usuario": "INTEGER", "pagina": "STRING"}, OWNER, client=qs
    )
    streaming.create_dashboard(ACCOUNT, "clics-por-pagina", dataset_arn, "usuario", "pagina", OWNER,
                               aggregation="COUNT", client=qs)
    request = sent["CreateDashboard"]
    assert model_errors(qs.meta.service_model.operation_model("CreateDashboard").input_shape, request) == []
    # Una hoja con un gráfico de barras: cada columna cita el conjunto de datos declarado.
    assert request["Definition"] == {
        "DataSetIdentifierDeclarations": [{"Identifier": "datos", "DataSetArn": dataset_arn}],
        "Sheets": [{"SheetId": "resumen", "Name": "Resumen", "Visuals": [{"BarChartVisual": {
            "VisualId": "barras",
            "ChartConfiguration": {"FieldWells": {"BarChartAggregatedFieldWells": {
                "Category": [{"CategoricalDimensionField": {
                    "FieldId": "pagina", "Column": {"DataSetIdentifier": "datos", "ColumnName": "pagina"}}}],
                "Values": [{"NumericalMeasureField": {
                    "FieldId": "usuario", "Column": {"DataSetIdentifier": "datos", "ColumnName": "usuario"},
                    "AggregationFunction": {"SimpleNumericalAggregation": "COUNT"}}}],
            }}},
        }}]}],
    }
    with pytest.raises(ValueError, match="aggregation"):
        streaming.create_dashboard(ACCOUNT, "x", dataset_arn, "usuario", "pagina", OWNER, aggregation="count", client=qs)


@pytest.mark.parametrize("aggregation", ["SUM", "COUNT", "DISTINCT_COUNT", "AVERAGE", "MIN", "MAX"])
def test_dashboard_accepts_each_aggregation_the_page_lists(aws, aggregation):
    qs = boto3.client("quicksight")
    sent = sent_requests(qs)
    dataset_arn = f"arn:aws:quicksight:eu-west-1:{ACCOUNT}:dataset/clics-web"
    streaming.create_dashboard(ACCOUNT, "panel", dataset_arn, "usuario", "pagina", OWNER, aggregation=aggregation,
                               client=qs)
    wells = sent["CreateDashboard"]["Definition"]["Sheets"][0]["Visuals"][0]["BarChartVisual"]["ChartConfiguration"]
    (value,) = wells["FieldWells"]["BarChartAggregatedFieldWells"]["Values"]
    assert value["NumericalMeasureField"]["AggregationFunction"] == {"SimpleNumericalAggregation": aggregation}


@pytest.mark.moto_extra("DeleteDashboard")
def test_page_builds_quick_sight_on_its_own_events_and_cleans_up(aws, tmp_path, monkeypatch):
    """La página en orden: el conjunto de datos de Quick Sight lee una tabla que la propia página creó
    sobre sus eventos, y «Borrar lo creado» no deja nada que se pueda borrar ya."""
    from pathlib import Path

    from tools.page_notebooks import blocks

    page = Path(__file__).resolve().parents[2] / "docs/conceptos/streaming-analitica.md"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    boto3.setup_default_session()  # los clientes que crean las celdas salen de esta sesión
    datasets: list[dict] = []
    boto3.DEFAULT_SESSION.events.register("provide-client-params.quicksight.CreateDataSet",
                                          lambda params, **_: datasets.append(params))
    namespace: dict = {}
    cells = [b for b in blocks(page) if b.kind == "cell"]
    for block in cells[:-1]:
        exec(compile(block.code, str(page), "exec"), namespace)
    account, qs, glue = namespace["account_id"], boto3.client("quicksight"), boto3.client("glue")
    (request,) = datasets
    (physical,) = request["PhysicalTableMap"].values()
    relational = physical["RelationalTable"]
    table = glue.get_table(DatabaseName=relational["Schema"], Name=relational["Name"])["Table"]
    assert table["StorageDescriptor"]["Location"] == f"s3://{namespace['BUCKET']}/eventos/"
    assert [c["Name"] for c in relational["InputColumns"]] == [c["Name"] for c in table["StorageDescriptor"]["Columns"]]
    assert set(namespace["received"][0]) == {c["Name"] for c in table["StorageDescriptor"]["Columns"]}

    exec(compile(cells[-1].code, str(page), "exec"), namespace)
    assert qs.list_dashboards(AwsAccountId=account)["DashboardSummaryList"] == []
    with pytest.raises(ClientError, match="ResourceNotFound"):
        qs.delete_data_set(AwsAccountId=account, DataSetId="clics-web")  # ya no existe
    assert qs.list_data_sources(AwsAccountId=account)["DataSources"] == []
    assert glue.get_databases()["DatabaseList"] == []
    assert boto3.client("firehose").list_delivery_streams()["DeliveryStreamNames"] == []
    assert boto3.client("opensearch").list_domain_names()["DomainNames"] == []
    assert namespace["BUCKET"] not in [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]]
    groups = boto3.client("ec2").describe_security_groups()["SecurityGroups"]
    assert "registros-ml-opensearch" not in [g["GroupName"] for g in groups]


def test_without_a_client_every_function_creates_ones_with_bounded_waits(aws, created_clients):
    boto3.client("s3").create_bucket(Bucket=EVENTS, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    vpc, subnets, _ = _network()
    created_clients.clear()  # los de la preparación
    stream = run_name("clics")
    streaming.create_s3_delivery_stream(stream, f"arn:aws:s3:::{EVENTS}", ROLE)
    streaming.wait_until_active(stream)
    assert streaming.put_events(stream, [{"usuario": 1}]) == 1
    assert streaming.read_events(EVENTS) == [{"usuario": 1}]
    group_id = streaming.search_domain_security_group(vpc["VpcId"], run_name("os-2"))
    name = run_name("registros")
    streaming.create_search_domain(name, ADMIN, [ROLE], subnets, [group_id])
    streaming.wait_for_domain(name, delay=0)
    streaming.create_events_table("analitica_web", "clics", EVENTS, {"usuario": "int"})
    dataset_arn = streaming.create_athena_dataset(ACCOUNT, "ventas", "analitica", "t", {"region": "STRING"}, OWNER)
    streaming.create_dashboard(ACCOUNT, "panel", dataset_arn, "region", "region", OWNER)
    # moto no admite el destino de OpenSearch y lo rechaza: la petición llega, que es lo que se prueba aquí.
    destination = streaming.opensearch_destination(f"arn:aws:es:eu-west-1:{ACCOUNT}:domain/{name}", "clics", ROLE,
                                                   f"arn:aws:s3:::{EVENTS}", subnets, [group_id])
    with pytest.raises(RuntimeError, match="hacia OpenSearch: .*InvalidArgumentException"):
        streaming.create_opensearch_delivery_stream(run_name("clics-os"), destination)
    assert {c.meta.service_model.service_name for c in created_clients} == {
        "firehose", "s3", "ec2", "opensearch", "glue", "quicksight"}
    for client in created_clients:
        assert_bounded_waits(client)
