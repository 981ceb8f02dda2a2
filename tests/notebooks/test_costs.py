"""Pruebas de snippets/notebooks/costs.py contra moto, con resultados sembrados de Cost Explorer."""

from __future__ import annotations

from datetime import date

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
