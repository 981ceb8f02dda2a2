"""Costes de SageMaker por etiqueta con Cost Explorer."""

from __future__ import annotations

# --8<-- [start:by-tag]
from datetime import date

import boto3
import pandas as pd


def cost_by_tag(tag_key: str, start: date, end: date, service: str = "Amazon SageMaker", client=None) -> pd.DataFrame:
    """Coste diario sin impuestos de un servicio, agrupado por los valores de una etiqueta.

    La etiqueta debe estar activada como etiqueta de asignación de costes en Billing; los costes
    anteriores a la activación salen sin etiqueta (valor vacío).
    """
    if start >= end:
        raise ValueError(f"La fecha de inicio ({start}) debe ser anterior a la de fin ({end}).")
    client = client or boto3.client("ce", region_name="us-east-1")  # Cost Explorer es global
    rows = []
    kwargs = {
        "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},  # fin excluido
        "Granularity": "DAILY",
        "Metrics": ["UnblendedCost"],
        "Filter": {"Dimensions": {"Key": "SERVICE", "Values": [service]}},
        "GroupBy": [{"Type": "TAG", "Key": tag_key}],
    }
    while True:
        page = client.get_cost_and_usage(**kwargs)
        for day in page["ResultsByTime"]:
            for group in day["Groups"]:
                value = group["Keys"][0].split("$", 1)[1]  # «equipo$ml» -> «ml»
                cost = group["Metrics"]["UnblendedCost"]
                rows.append({"dia": day["TimePeriod"]["Start"], tag_key: value or "(sin etiqueta)",
                             "coste": float(cost["Amount"]), "moneda": cost["Unit"]})
        if "NextPageToken" not in page:
            break
        kwargs["NextPageToken"] = page["NextPageToken"]
    # coste siempre numérico, también sin filas (un periodo sin gasto): se puede sumar y redondear
    return pd.DataFrame(rows, columns=["dia", tag_key, "coste", "moneda"]).astype({"coste": "float64"})
# --8<-- [end:by-tag]


if __name__ == "__main__":
    # --8<-- [start:uso-by-tag]
    from datetime import timedelta

    end = date.today()
    costs = cost_by_tag("proyecto", end - timedelta(days=30), end)
    print(f"{len(costs)} filas (día y proyecto) de los últimos 30 días")
    totals = costs.groupby("proyecto")["coste"].sum().round(2)
    print(totals.to_string() if len(totals) else "Sin costes de SageMaker en el periodo.")
    # --8<-- [end:uso-by-tag]
