"""Entradas erróneas de las funciones de Firehose (snippets/aws/streaming.py): un ValueError en español antes
de llamar a AWS, sin flujos ni objetos nuevos en la cuenta."""

from __future__ import annotations

import boto3
import pytest

from snippets.aws import streaming
from tests.conftest import raises_in_spanish

BUCKET = "arn:aws:s3:::equipo-ml-eventos"
ROLE = "arn:aws:iam::123456789012:role/firehose-equipo-ml"

CASES = [
    # create_s3_delivery_stream: nombre del flujo
    (lambda c: streaming.create_s3_delivery_stream("eventos web", BUCKET, ROLE, client=c), "Nombre de flujo no válido"),
    (lambda c: streaming.create_s3_delivery_stream("", BUCKET, ROLE, client=c), "Nombre de flujo no válido"),
    (lambda c: streaming.create_s3_delivery_stream("e" * 65, BUCKET, ROLE, client=c), "de 1 a 64"),
    (lambda c: streaming.create_s3_delivery_stream(None, BUCKET, ROLE, client=c), "Nombre de flujo no válido"),
    # ARN del bucket
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", "equipo-ml-eventos", ROLE, client=c), "bucket_arn"),
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", "s3://equipo-ml-eventos", ROLE, client=c), "bucket_arn"),
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", "arn:aws:s3:::Equipo_ML", ROLE, client=c), "bucket_arn"),
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", BUCKET + "/eventos", ROLE, client=c), "bucket_arn"),
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", None, ROLE, client=c), "bucket_arn"),
    # ARN del rol
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", BUCKET, "firehose-equipo-ml", client=c), "role_arn"),
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", BUCKET, "arn:aws:iam::1234:role/x", client=c), "role_arn"),
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", BUCKET, "arn:aws:iam::123456789012:user/ana", client=c),
     "role_arn"),
    # prefijo
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", BUCKET, ROLE, prefix="eventos", client=c), "prefix"),
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", BUCKET, ROLE, prefix="/eventos/", client=c), "prefix"),
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", BUCKET, ROLE, prefix=None, client=c), "prefix"),
    (lambda c: streaming.create_s3_delivery_stream("eventos-web", BUCKET, ROLE, prefix="a/" * 300, client=c), "prefix"),
    # put_events
    (lambda c: streaming.put_events("eventos web", [{"a": 1}], client=c), "Nombre de flujo no válido"),
    (lambda c: streaming.put_events("eventos-web", {"a": 1}, client=c), "lista de diccionarios"),
    (lambda c: streaming.put_events("eventos-web", '{"a": 1}', client=c), "lista de diccionarios"),
    (lambda c: streaming.put_events("eventos-web", [{"a": 1}, "b"], client=c), "lista de diccionarios"),
    (lambda c: streaming.put_events("eventos-web", [[("a", 1)]], client=c), "lista de diccionarios"),
    (lambda c: streaming.put_events("eventos-web", None, client=c), "lista de diccionarios"),
    (lambda c: streaming.put_events("eventos-web", [{"a": {1, 2}}], client=c), "no se puede escribir como JSON"),
    (lambda c: streaming.put_events("eventos-web", [{"a": object()}], client=c), "no se puede escribir como JSON"),
    (lambda c: streaming.put_events("eventos-web", [{"a": "x" * 1_024_001}], client=c), "máximo de un registro"),
    # wait_until_active
    (lambda c: streaming.wait_until_active("eventos/web", client=c), "Nombre de flujo no válido"),
    (lambda c: streaming.wait_until_active("eventos-web", client=c, max_attempts=0), "max_attempts debe ser un entero mayor que 0"),
    (lambda c: streaming.wait_until_active("eventos-web", client=c, max_attempts=2.5), "max_attempts debe ser un entero"),
    (lambda c: streaming.wait_until_active("eventos-web", client=c, delay=0), "delay debe ser un entero mayor que 0"),
    (lambda c: streaming.wait_until_active("eventos-web", client=c, delay=True), "delay debe ser un entero"),
    (lambda c: streaming.wait_until_active("eventos-web", client=c, delay="10"), "delay debe ser un entero"),
]

S3_CASES = [
    (lambda c: streaming.read_events("s3://equipo-ml-eventos", client=c), "Nombre de bucket no válido"),
    (lambda c: streaming.read_events("Equipo_ML", client=c), "Nombre de bucket no válido"),
    (lambda c: streaming.read_events(None, client=c), "Nombre de bucket no válido"),
    (lambda c: streaming.read_events("equipo-ml-eventos", prefix="eventos", client=c), "prefix"),
    (lambda c: streaming.read_events("equipo-ml-eventos", prefix=3, client=c), "prefix"),
]


def recording(client) -> list[str]:
    """Las operaciones que el cliente llega a enviar."""
    sent = []
    client.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
    return sent


@pytest.mark.parametrize(("call", "message"), CASES)
def test_bad_firehose_input_is_refused_before_calling_aws(aws, call, message):
    firehose = boto3.client("firehose")
    before = firehose.list_delivery_streams()["DeliveryStreamNames"]
    client = boto3.client("firehose")
    sent = recording(client)
    with raises_in_spanish(ValueError, match=message):
        call(client)
    assert sent == []
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == before


@pytest.mark.parametrize(("call", "message"), S3_CASES)
def test_bad_read_events_input_is_refused_before_calling_s3(aws, call, message):
    client = boto3.client("s3")
    sent = recording(client)
    with raises_in_spanish(ValueError, match=message):
        call(client)
    assert sent == []


VPC = "vpc-0a1b2c3d"
NETWORK = {"subnet_ids": ["subnet-1", "subnet-2"], "security_group_ids": ["sg-1"]}
QS_OWNER = "arn:aws:quicksight:eu-west-1:123456789012:group/default/analistas-ml"
# Las demás secciones de la página: OpenSearch, la tabla de Glue y Quick Sight. Cada llamada recibe un
# cliente por servicio; ninguno debe llegar a enviar nada.
OTHER_CASES = [
    (lambda c: streaming.search_domain_security_group("default", "registros-os", client=c["ec2"]), "vpc_id"),
    (lambda c: streaming.search_domain_security_group(None, "registros-os", client=c["ec2"]), "vpc_id"),
    (lambda c: streaming.search_domain_security_group(VPC, "", client=c["ec2"]), "grupo de seguridad no válido"),
    (lambda c: streaming.search_domain_security_group(VPC, "sg-registros", client=c["ec2"]), "sin «sg-»"),
    (lambda c: streaming.create_search_domain("Registros", ROLE, [ROLE], **NETWORK, client=c["opensearch"]),
     "Nombre de dominio no válido"),
    (lambda c: streaming.create_search_domain("rg", ROLE, [ROLE], **NETWORK, client=c["opensearch"]), "de 3 a 28"),
    (lambda c: streaming.create_search_domain("r" * 29, ROLE, [ROLE], **NETWORK, client=c["opensearch"]), "de 3 a 28"),
    (lambda c: streaming.create_search_domain("1registros", ROLE, [ROLE], **NETWORK, client=c["opensearch"]),
     "empezando por una letra"),
    (lambda c: streaming.create_search_domain("registros", ROLE, ROLE, **NETWORK, client=c["opensearch"]),
     "reader_role_arns debe ser una lista"),
    (lambda c: streaming.create_search_domain("registros", ROLE, [None], **NETWORK, client=c["opensearch"]),
     "ARN de roles"),
    (lambda c: streaming.create_search_domain("registros", ROLE, [ROLE], None, ["sg-1"], client=c["opensearch"]),
     "dos subredes"),
    (lambda c: streaming.create_search_domain("registros", ROLE, [ROLE], ["subnet-1", "subnet-2"], "sg-1",
                                              client=c["opensearch"]), "dos subredes"),
    (lambda c: streaming.create_search_domain("registros", ROLE, [ROLE], **NETWORK, data_nodes=2.0,
                                              client=c["opensearch"]), "número par"),
    (lambda c: streaming.create_opensearch_delivery_stream("clics web", {}, client=c["firehose"]),
     "Nombre de flujo no válido"),
    (lambda c: streaming.search_domain_security_group("vpc-0a1b2c3d", "g" * 256, client=c["ec2"]),
     "Nombre de grupo de seguridad no válido"),
    (lambda c: streaming.create_events_table("Analitica-Web", "clics", "equipo-ml-eventos", {"a": "int"},
                                             client=c["glue"]), "Nombre de base de datos no válido"),
    (lambda c: streaming.create_events_table("analitica_web", "clics web", "equipo-ml-eventos", {"a": "int"},
                                             client=c["glue"]), "Nombre de tabla no válido"),
    (lambda c: streaming.create_events_table("analitica_web", "clics", "s3://equipo-ml-eventos", {"a": "int"},
                                             client=c["glue"]), "Nombre de bucket no válido"),
    (lambda c: streaming.create_events_table("analitica_web", "clics", "equipo-ml-eventos", {"a": "int"},
                                             prefix=None, client=c["glue"]), "acabar en '/'"),
    (lambda c: streaming.create_events_table("analitica_web", "clics", "equipo-ml-eventos", {"pagina": 3},
                                             client=c["glue"]), "Indique las columnas como un dict"),
    (lambda c: streaming.create_events_table("analitica_web", "clics", "equipo-ml-eventos", [("pagina", "string")],
                                             client=c["glue"]), "Indique las columnas como un dict"),
    (lambda c: streaming.create_events_table("analitica_web", "clics", "equipo-ml-eventos", {3: "string"},
                                             client=c["glue"]), "Indique las columnas como un dict"),
    (lambda c: streaming.quicksight_group_arn("1234", "analistas-ml", client=c["quicksight"]), "12 dígitos"),
    (lambda c: streaming.quicksight_group_arn("123456789012", "analistas ml", client=c["quicksight"]),
     "ID de Quick Sight no válido"),
    (lambda c: streaming.create_athena_dataset(123456789012, "clics", "analitica_web", "clics", {"a": "STRING"},
                                               QS_OWNER, client=c["quicksight"]), "12 dígitos"),
    (lambda c: streaming.create_athena_dataset("123456789012", "clics web", "analitica_web", "clics",
                                               {"a": "STRING"}, QS_OWNER, client=c["quicksight"]),
     "ID de Quick Sight no válido"),
    (lambda c: streaming.create_athena_dataset("123456789012", "clics", "analitica_web", "clics",
                                               [("a", "STRING")], QS_OWNER, client=c["quicksight"]),
     "Indique las columnas como un dict"),
    (lambda c: streaming.create_dashboard("123456789012", "panel/1", "arn:aws:quicksight:eu-west-1:1:dataset/x",
                                          "importe", "pagina", QS_OWNER, client=c["quicksight"]),
     "ID de Quick Sight no válido"),
    (lambda c: streaming.create_dashboard("123456789012", "panel", "arn:aws:quicksight:eu-west-1:1:dataset/x",
                                          None, "pagina", QS_OWNER, client=c["quicksight"]), "metric debe ser"),
    (lambda c: streaming.create_dashboard("123456789012", "panel", "arn:aws:quicksight:eu-west-1:1:dataset/x",
                                          "importe", "", QS_OWNER, client=c["quicksight"]), "by debe ser"),
    (lambda c: streaming.create_dashboard("123456789012", "panel", "arn:aws:quicksight:eu-west-1:1:dataset/x",
                                          "importe", "pagina", None, client=c["quicksight"]), "^owner_arn debe ser"),
    (lambda c: streaming.create_dashboard("123456789012", "panel", "arn:aws:quicksight:eu-west-1:1:dataset/x",
                                          "importe", "pagina", "analistas-ml", client=c["quicksight"]),
     "^owner_arn debe ser el ARN"),
]


@pytest.mark.parametrize(("call", "message"), OTHER_CASES)
def test_bad_opensearch_glue_and_quicksight_input_is_refused_before_calling_aws(aws, call, message):
    clients = {name: boto3.client(name) for name in ("ec2", "opensearch", "firehose", "glue", "quicksight")}
    sent = {name: recording(client) for name, client in clients.items()}
    with raises_in_spanish(ValueError, match=message):
        call(clients)
    assert all(requests == [] for requests in sent.values()), sent
