"""Pruebas de snippets/aws/athena.py contra moto, con resultados sembrados como los que daría Athena."""

from __future__ import annotations

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


def test_query_rejects_output_that_is_not_s3(aws):
    with pytest.raises(ValueError, match="output_s3"):
        athena.athena_query("SELECT 1", "analitica", "/tmp/resultados")


@pytest.mark.moto_only("consulta detenida en RUNNING (/moto-api/state-manager)")
def test_slow_query_is_cancelled_at_the_deadline(aws):
    # La consulta se queda en QUEUED/RUNNING: la función la cancela y lo dice.
    requests.post(f"{aws}/moto-api/state-manager/set-transition", json={
        "model_name": "athena::execution", "transition": {"progression": "manual", "times": 1000},
    }, timeout=10).raise_for_status()
    try:
        with pytest.raises(athena.AthenaQueryError, match="se ha cancelado"):
            athena.athena_query("SELECT 1", "analitica", "s3://b/r/", timeout_s=0.2, poll_s=0.05)
    finally:
        requests.post(f"{aws}/moto-api/state-manager/unset-transition",
                      json={"model_name": "athena::execution"}, timeout=10).raise_for_status()
    client = boto3.client("athena")
    (query_id,) = client.list_query_executions()["QueryExecutionIds"]
    assert client.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"]["State"] == "CANCELLED"
