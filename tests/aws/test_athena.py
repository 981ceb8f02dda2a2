"""Pruebas de snippets/aws/athena.py contra moto, con resultados sembrados como los que daría Athena."""

from __future__ import annotations

import socket

import boto3
import pytest
import requests
from botocore.stub import Stubber

from snippets.aws import athena
from tests.conftest import raises_in_spanish


def seed(aws, *results):
    requests.post(f"{aws}/moto-api/static/athena/query-results", json={
        "region": "eu-west-1", "results": list(results),
    }, timeout=10).raise_for_status()


def rows(*values):
    return [{"Data": [{"VarCharValue": v} for v in row]} for row in values]


@pytest.mark.moto_only("resultados de Athena sembrados (/moto-api/static)")
def test_query_returns_a_dataframe_with_the_header(aws):
    seed(aws, {
        "rows": rows(["region", "total"], ["norte", "215.5"], ["sur", "80.0"]),
        "column_info": [{"Name": "region", "Type": "varchar"}, {"Name": "total", "Type": "double"}],
    })
    df = athena.athena_query(
        "SELECT region, SUM(importe) AS total FROM ventas WHERE mes = '2026-01' GROUP BY region",
        database="analitica", output_s3="s3://equipo-ml-athena/resultados/", poll_s=0.01,
    )
    assert list(df.columns) == ["region", "total"]
    assert df.values.tolist() == [["norte", "215.5"], ["sur", "80.0"]]


@pytest.mark.moto_only("resultados de Athena sembrados (/moto-api/static)")
def test_query_without_rows_gives_an_empty_dataframe_with_its_columns(aws):
    # Una consulta sin filas (o una sentencia DDL) no trae fila de cabecera: los nombres salen de los metadatos.
    seed(aws, {"rows": [], "column_info": [{"Name": "table_name", "Type": "varchar"}]})
    df = athena.athena_query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'vacia'",
        database="default", output_s3="s3://equipo-ml-athena/resultados/", poll_s=0.01,
    )
    assert list(df.columns) == ["table_name"] and df.empty


def test_a_statement_without_a_result_set_gives_an_empty_dataframe():
    """En el modelo de la API de Athena, ResultSet, sus filas y sus metadatos son opcionales: una sentencia
    sin resultado puede llegar sin ellos."""
    client = boto3.client("athena", region_name="eu-west-1")
    with Stubber(client) as stub:
        stub.add_response("start_query_execution", {"QueryExecutionId": "q-1"})
        stub.add_response("get_query_execution", {"QueryExecution": {"Status": {"State": "SUCCEEDED"}}})
        stub.add_response("get_query_results", {"UpdateCount": 0})
        df = athena.athena_query("DROP TABLE IF EXISTS analitica.borrador", database="analitica",
                                 output_s3="s3://equipo-ml-athena/resultados/", client=client)
        stub.assert_no_pending_responses()
    assert df.empty and list(df.columns) == []


GOOD = {"sql": "SELECT 1", "database": "analitica", "output_s3": "s3://equipo-ml-athena/resultados/"}


@pytest.mark.parametrize(("changes", "message"), [
    ({"output_s3": "/tmp/resultados"}, "output_s3"),
    ({"output_s3": "s3://"}, "output_s3"),
    ({"output_s3": None}, "output_s3"),
    ({"sql": ""}, "consulta SQL"),
    ({"sql": None}, "consulta SQL"),
    ({"database": "Analítica"}, "Base de datos no válida"),
    ({"database": "ventas; DROP TABLE x"}, "Base de datos no válida"),
    ({"workgroup": ""}, "Grupo de trabajo"),
    ({"timeout_s": 0}, "timeout_s"),
    ({"timeout_s": "300"}, "timeout_s"),
    ({"poll_s": -1}, "poll_s"),
    ({"poll_s": True}, "poll_s"),
    ({"timeout_s": float("inf")}, "timeout_s no puede pasar de 14400 s"),
    ({"timeout_s": float("nan")}, "timeout_s"),
    ({"timeout_s": 14401}, "timeout_s no puede pasar de 14400 s"),
    ({"poll_s": 1e9}, "poll_s .* no puede ser mayor que timeout_s"),
    ({"poll_s": 10, "timeout_s": 5}, "poll_s .* no puede ser mayor que timeout_s"),
], ids=lambda value: str(value)[:40])
def test_bad_arguments_are_refused_before_starting_a_query(aws, changes, message):
    with raises_in_spanish(ValueError, match=message):
        athena.athena_query(**{**GOOD, **changes})
    assert boto3.client("athena").list_query_executions()["QueryExecutionIds"] == []


def test_an_unreachable_athena_fails_fast_with_the_page_error(aws, monkeypatch):
    with socket.socket() as sock:  # un puerto en el que nadie escucha
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    with pytest.raises(athena.AthenaQueryError, match="Athena no pudo ejecutar") as info:
        athena.athena_query(**GOOD)
    assert info.value.__cause__ is not None


@pytest.mark.moto_only("consulta detenida en RUNNING (/moto-api/state-manager)")
def test_slow_query_is_cancelled_at_the_deadline(aws):
    # La consulta se queda en QUEUED/RUNNING: la función la cancela y lo dice.
    requests.post(f"{aws}/moto-api/state-manager/set-transition", json={
        "model_name": "athena::execution", "transition": {"progression": "manual", "times": 1000},
    }, timeout=10).raise_for_status()
    try:
        with pytest.raises(athena.AthenaQueryError, match="se ha cancelado"):
            athena.athena_query("SELECT 1", "analitica", "s3://equipo-ml-athena/r/", timeout_s=0.2, poll_s=0.05)
    finally:
        requests.post(f"{aws}/moto-api/state-manager/unset-transition",
                      json={"model_name": "athena::execution"}, timeout=10).raise_for_status()
    client = boto3.client("athena")
    (query_id,) = client.list_query_executions()["QueryExecutionIds"]
    assert client.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"]["State"] == "CANCELLED"


# Estados que moto no produce (FAILED, varias páginas de resultados): un cliente real de boto3 con Stubber,
# que comprueba contra el modelo de la API de Athena cada parámetro que envía la función y cada respuesta.
QUERY_ID = "5f9d6a43-5e1b-4a5b-9a57-3c1d2e0f9a10"


def stubbed_client():
    client = boto3.client("athena", region_name="eu-west-1")
    return client, Stubber(client)


def expect_start(stubber, workgroup="primary"):
    stubber.add_response("start_query_execution", {"QueryExecutionId": QUERY_ID}, {
        "QueryString": GOOD["sql"], "QueryExecutionContext": {"Database": GOOD["database"]},
        "ResultConfiguration": {"OutputLocation": GOOD["output_s3"]}, "WorkGroup": workgroup,
    })


def expect_state(stubber, state, reason=None):
    status = {"State": state, **({"StateChangeReason": reason} if reason else {})}
    stubber.add_response("get_query_execution", {"QueryExecution": {"QueryExecutionId": QUERY_ID, "Status": status}},
                         {"QueryExecutionId": QUERY_ID})


def result_page(rows_, token=None):
    page = {"ResultSet": {"Rows": rows(*rows_), "ResultSetMetadata": {"ColumnInfo": [
        {"Name": "region", "Type": "varchar"}, {"Name": "total", "Type": "double"}]}}}
    return {**page, "NextToken": token} if token else page


def test_the_query_sends_its_database_output_and_workgroup_and_reads_every_page():
    client, stubber = stubbed_client()
    expect_start(stubber, workgroup="analitica-ml")
    expect_state(stubber, "RUNNING")  # una vuelta de espera antes de terminar
    expect_state(stubber, "SUCCEEDED")
    stubber.add_response("get_query_results", result_page([["region", "total"], ["norte", "1"]], token="p2"),
                         {"QueryExecutionId": QUERY_ID})
    stubber.add_response("get_query_results", result_page([["sur", "2"], ["este", "3"]]),
                         {"QueryExecutionId": QUERY_ID, "NextToken": "p2"})
    with stubber:
        df = athena.athena_query(**GOOD, workgroup="analitica-ml", poll_s=0.01, client=client)
    stubber.assert_no_pending_responses()
    assert df.values.tolist() == [["norte", "1"], ["sur", "2"], ["este", "3"]]


def test_the_default_workgroup_is_primary():
    client, stubber = stubbed_client()
    expect_start(stubber)
    expect_state(stubber, "SUCCEEDED")
    stubber.add_response("get_query_results", result_page([]), {"QueryExecutionId": QUERY_ID})
    with stubber:
        df = athena.athena_query(**GOOD, client=client)
    assert list(df.columns) == ["region", "total"] and df.empty


@pytest.mark.parametrize(("state", "reason", "message"), [
    ("FAILED", "TABLE_NOT_FOUND: line 1:15: Table 'ventas' does not exist", "FAILED: TABLE_NOT_FOUND"),
    ("CANCELLED", None, "CANCELLED: sin motivo"),
])
def test_a_query_that_ends_badly_says_how_and_why(state, reason, message):
    client, stubber = stubbed_client()
    expect_start(stubber)
    expect_state(stubber, state, reason)
    with stubber, pytest.raises(athena.AthenaQueryError, match=message) as info:
        athena.athena_query(**GOOD, client=client)
    assert QUERY_ID in str(info.value)
    stubber.assert_no_pending_responses()  # ni pide resultados ni la cancela
