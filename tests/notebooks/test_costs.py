"""Pruebas de snippets/notebooks/costs.py contra moto, con resultados sembrados de Cost Explorer."""

from __future__ import annotations

import json
import re
from datetime import date

import boto3
import botocore.session
import pytest
import requests

from snippets.notebooks import costs


def group(value: str, amount: str) -> dict:
    return {"Keys": [f"proyecto${value}"], "Metrics": {"UnblendedCost": {"Amount": amount, "Unit": "USD"}}}


@pytest.mark.moto_only("costes sembrados (/moto-api/static)")
def test_cost_by_tag_flattens_days_and_groups(aws):
    requests.post(f"{aws}/moto-api/static/ce/cost-and-usage-results", json={"results": [{
        "ResultsByTime": [
            {"TimePeriod": {"Start": "2026-11-01", "End": "2026-11-02"}, "Total": {}, "Estimated": False,
             "Groups": [group("churn", "12.5"), group("", "3.25")]},
            {"TimePeriod": {"Start": "2026-11-02", "End": "2026-11-03"}, "Total": {}, "Estimated": False,
             "Groups": [group("churn", "10")]},
        ],
    }]}, timeout=10).raise_for_status()
    df = costs.cost_by_tag("proyecto", date(2026, 11, 1), date(2026, 11, 3))
    assert df.values.tolist() == [
        ["2026-11-01", "churn", 12.5, "USD"], ["2026-11-01", "(sin etiqueta)", 3.25, "USD"], ["2026-11-02", "churn", 10.0, "USD"],
    ]
    assert df.groupby("proyecto").coste.sum().to_dict() == {"(sin etiqueta)": 3.25, "churn": 22.5}


def test_cost_by_tag_rejects_reversed_dates(aws):
    with pytest.raises(ValueError, match="anterior"):
        costs.cost_by_tag("proyecto", date(2026, 11, 3), date(2026, 11, 1))


@pytest.mark.moto_only("una cuenta sin gasto (moto sin costes sembrados)")
def test_a_period_without_costs_gives_an_empty_numeric_table(aws):
    # Sin resultados sembrados, Cost Explorer (moto) no devuelve ningún grupo, como una cuenta sin gasto.
    df = costs.cost_by_tag("proyecto", date(2026, 10, 1), date(2026, 11, 1))
    assert df.empty and list(df.columns) == ["dia", "proyecto", "coste", "moneda"]
    assert df.coste.dtype == "float64"
    assert df.groupby("proyecto").coste.sum().round(2).empty


# Lo que AWS valida en el servidor y botocore no comprueba antes de enviar (patrones y enumeraciones).
CE_MODEL = botocore.session.get_session().get_service_model("ce")
PRICING_MODEL = botocore.session.get_session().get_service_model("pricing")


def sent_requests(client, operation: str) -> list[dict]:
    """Los parámetros de cada llamada tal como botocore los envía."""
    sent = []
    client.meta.events.register(f"before-call.*.{operation}", lambda params, **_: sent.append(json.loads(params["body"])))
    return sent


def test_backfill_starts_on_the_first_day_of_a_month_at_most_12_months_back():
    assert costs.backfill_start(12, date(2026, 11, 26)) == date(2025, 11, 1)
    assert costs.backfill_start(1, date(2026, 1, 5)) == date(2025, 12, 1)
    assert costs.backfill_start(12, date(2026, 12, 31)) == date(2025, 12, 1)
    for months in (0, 13):
        with pytest.raises(ValueError, match="de 1 a 12 meses"):
            costs.backfill_start(months, date(2026, 11, 26))


@pytest.mark.moto_extra("StartCostAllocationTagBackfill")
def test_backfill_request_is_what_cost_explorer_accepts(aws):
    client = boto3.client("ce", region_name="us-east-1")
    sent = sent_requests(client, "StartCostAllocationTagBackfill")
    request = costs.backfill_tags(12, client=client)
    assert request["BackfillStatus"] == "PROCESSING"
    shape = CE_MODEL.shape_for("ZonedDateTime").metadata
    (body,) = sent
    assert re.fullmatch(shape["pattern"], body["BackfillFrom"]) and shape["min"] <= len(body["BackfillFrom"]) <= shape["max"]
    assert body["BackfillFrom"] == f"{costs.backfill_start(12, date.today()).isoformat()}T00:00:00Z"
    with pytest.raises(ValueError, match="de 1 a 12 meses"):
        costs.backfill_tags(24, client=client)
    assert len(sent) == 1  # el error salta antes de llamar a AWS


@pytest.mark.moto_extra("GetProducts")
def test_notebook_prices_come_from_the_notebook_product_of_the_region(aws):
    client = boto3.client("pricing", region_name="us-east-1")
    sent = sent_requests(client, "GetProducts")
    prices = costs.notebook_prices(["ml.t3.medium", "ml.g4dn.xlarge", "ml.c6i.xlarge"], "us-east-1", client=client)
    # La respuesta grabada también trae Studio JupyterLab (0.7364) y entrenamiento para g4dn: no cuentan.
    assert prices == {"ml.t3.medium": 0.05, "ml.g4dn.xlarge": 0.736, "ml.c6i.xlarge": None}
    assert costs.notebook_prices(["ml.t3.medium"], "ap-south-1", client=client) == {"ml.t3.medium": 0.054}
    filter_types = PRICING_MODEL.shape_for("Filter").members["Type"].enum
    for body in sent:
        assert body["ServiceCode"] == "AmazonSageMaker"
        assert all(rule["Type"] in filter_types for rule in body["Filters"])
        assert {rule["Field"] for rule in body["Filters"]} == {"regionCode", "usagetype"}


@pytest.mark.moto_extra("GetProducts")
def test_indicative_prices_in_the_table_match_the_price_list(aws):
    from snippets.notebooks import instance_types

    assert instance_types.PRICES_REGION == "us-east-1"
    names = list(instance_types.INDICATIVE_PRICES)
    assert costs.notebook_prices(names, "us-east-1") == instance_types.INDICATIVE_PRICES
    table = instance_types.markdown_table()
    assert all(f"`{name}` |" in table and f"| {price:.3f} |" in table for name, price in instance_types.INDICATIVE_PRICES.items())


def test_notebook_prices_need_sagemaker_instance_types(aws):
    client = boto3.client("pricing", region_name="us-east-1")
    sent = sent_requests(client, "GetProducts")
    for wrong in (["t3.medium"], []):
        with pytest.raises(ValueError, match="prefijo «ml.»"):
            costs.notebook_prices(wrong, "us-east-1", client=client)
    assert sent == []


def captured_sagemaker_client(sent: list):
    """Un cliente de SageMaker real (valida y serializa con el modelo de botocore) que no sale de la máquina."""
    from botocore.awsrequest import AWSResponse

    class Raw:
        def stream(self, **_):
            yield b"{}"

    def answer(request, **_):
        sent.append((request.headers["X-Amz-Target"].decode(), json.loads(request.body)))
        return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.1"}, Raw())

    client = boto3.client("sagemaker", region_name="eu-west-1", endpoint_url="https://sagemaker.eu-west-1.amazonaws.com",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.meta.events.register("before-send.sagemaker.*", answer)
    return client


def test_studio_idle_shutdown_is_a_valid_domain_and_user_profile_setting():
    settings = costs.studio_idle_shutdown(60, max_minutes=240)
    sent = []
    client = captured_sagemaker_client(sent)
    client.update_domain(DomainId="d-abc123def456", DefaultUserSettings=settings)
    client.update_user_profile(DomainId="d-abc123def456", UserProfileName="ana", UserSettings=settings)
    assert [target for target, _ in sent] == ["SageMaker.UpdateDomain", "SageMaker.UpdateUserProfile"]
    idle = sent[0][1]["DefaultUserSettings"]["JupyterLabAppSettings"]["AppLifecycleManagement"]["IdleSettings"]
    assert idle == {"LifecycleManagement": "ENABLED", "IdleTimeoutInMinutes": 60, "MaxIdleTimeoutInMinutes": 240}
    model = botocore.session.get_session().get_service_model("sagemaker").shape_for("IdleSettings").members
    assert idle["LifecycleManagement"] in model["LifecycleManagement"].enum
    for key in ("IdleTimeoutInMinutes", "MaxIdleTimeoutInMinutes"):
        assert model[key].metadata["min"] <= idle[key] <= model[key].metadata["max"]


@pytest.mark.parametrize("kwargs", [{"minutes": 30}, {"minutes": 600_000}, {"minutes": 60, "max_minutes": 30},
                                    {"minutes": 120, "min_minutes": 180}, {"minutes": 120, "max_minutes": 90}])
def test_studio_idle_shutdown_refuses_what_studio_rejects(kwargs):
    with pytest.raises(ValueError, match="minutos|entre min_minutes"):
        costs.studio_idle_shutdown(**kwargs)
