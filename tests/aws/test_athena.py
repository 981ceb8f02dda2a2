"""Pruebas de snippets/aws/athena.py contra moto, con resultados sembrados como los que daría Athena."""

from __future__ import annotations

import socket

import boto3
import pytest
import requests

from snippets.aws import athena


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
], ids=lambda value: str(value)[:40])
def test_bad_arguments_are_refused_before_starting_a_query(aws, changes, message):
    with pytest.raises(ValueError, match=message):
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
