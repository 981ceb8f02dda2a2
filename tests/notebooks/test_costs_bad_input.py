"""Entradas erróneas de snippets/notebooks/costs.py: un ValueError en español antes de llamar a Cost Explorer o
a la API Price List (ninguna petición enviada; el relleno de etiquetas no se pide)."""

from __future__ import annotations

from datetime import date, datetime

import boto3
import pytest

from snippets.notebooks import costs
from tests.conftest import raises_in_spanish

START, END = date(2026, 10, 1), date(2026, 11, 1)

CE_CASES = [
    (lambda c: costs.cost_by_tag("equipo", END, START, client=c), "anterior a la de fin"),
    (lambda c: costs.cost_by_tag("equipo", START, START, client=c), "anterior a la de fin"),
    (lambda c: costs.cost_by_tag("equipo", "2026-10-01", "2026-11-01", client=c), "deben ser fechas"),
    (lambda c: costs.cost_by_tag("equipo", START, None, client=c), "deben ser fechas"),
    # Cost Explorer solo admite AAAA-MM-DD: un datetime enviaría «2026-10-01T00:00:00»
    (lambda c: costs.cost_by_tag("equipo", datetime(2026, 10, 1), datetime(2026, 11, 1), client=c), "sin hora"),
    (lambda c: costs.cost_by_tag("", START, END, client=c), "tag_key"),
    (lambda c: costs.cost_by_tag(None, START, END, client=c), "tag_key"),
    (lambda c: costs.cost_by_tag("e" * 129, START, END, client=c), "tag_key"),
    (lambda c: costs.cost_by_tag("equipo", START, END, service="", client=c), "service"),
    (lambda c: costs.cost_by_tag("equipo", START, END, service=["Amazon SageMaker"], client=c), "service"),
    (lambda c: costs.backfill_tags(0, client=c), "de 1 a 12 meses"),
    (lambda c: costs.backfill_tags(13, client=c), "de 1 a 12 meses"),
    (lambda c: costs.backfill_tags("12", client=c), "de 1 a 12 meses"),
    (lambda c: costs.backfill_tags(6.5, client=c), "de 1 a 12 meses"),
    (lambda c: costs.backfill_tags(True, client=c), "de 1 a 12 meses"),
]

PRICING_CASES = [
    (lambda c: costs.notebook_prices("ml.t3.medium", "eu-west-1", client=c), "lista de tipos"),
    (lambda c: costs.notebook_prices(None, "eu-west-1", client=c), "lista de tipos"),
    (lambda c: costs.notebook_prices([], "eu-west-1", client=c), "prefijo «ml.»"),
    (lambda c: costs.notebook_prices(["t3.medium"], "eu-west-1", client=c), "prefijo «ml.»"),
    (lambda c: costs.notebook_prices(["ml.t3.medium", None], "eu-west-1", client=c), "prefijo «ml.»"),
    (lambda c: costs.notebook_prices(["ml.t3.medium"], "Irlanda", client=c), "código de región"),
    (lambda c: costs.notebook_prices(["ml.t3.medium"], "eu-west", client=c), "código de región"),
    (lambda c: costs.notebook_prices(["ml.t3.medium"], None, client=c), "código de región"),
]

IDLE_CASES = [
    ({"minutes": "60"}, "minutos de inactividad"),
    ({"minutes": 90.5}, "minutos de inactividad"),
    ({"minutes": None}, "minutos de inactividad"),
    ({"minutes": 120, "max_minutes": "240"}, "minutos de inactividad"),
]


def recording(client) -> list[str]:
    sent = []
    client.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
    return sent


@pytest.mark.parametrize(("call", "message"), CE_CASES)
def test_bad_cost_explorer_input_is_refused_before_any_request(aws, call, message):
    client = boto3.client("ce", region_name="us-east-1")
    sent = recording(client)
    with raises_in_spanish(ValueError, match=message):
        call(client)
    assert sent == []


@pytest.mark.parametrize(("call", "message"), PRICING_CASES)
def test_bad_price_list_input_is_refused_before_any_request(aws, call, message):
    client = boto3.client("pricing", region_name="us-east-1")
    sent = recording(client)
    with raises_in_spanish(ValueError, match=message):
        call(client)
    assert sent == []


@pytest.mark.parametrize(("kwargs", "message"), IDLE_CASES)
def test_bad_idle_shutdown_values_are_refused(kwargs, message):
    with raises_in_spanish(ValueError, match=message):
        costs.studio_idle_shutdown(**kwargs)
