"""Costes de SageMaker: por etiqueta con Cost Explorer, y precios actuales con la API Price List."""

from __future__ import annotations

# --8<-- [start:by-tag]
from datetime import date, datetime

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
import pandas as pd

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})


def cost_by_tag(tag_key: str, start: date, end: date, service: str = "Amazon SageMaker", client=None) -> pd.DataFrame:
    """Coste diario sin impuestos de un servicio, agrupado por los valores de una etiqueta.

    La etiqueta debe estar activada como etiqueta de asignación de costes en Billing; los costes
    anteriores a la activación salen sin etiqueta (valor vacío).
    """
    if not isinstance(tag_key, str) or not 1 <= len(tag_key) <= 128:
        raise ValueError(f"tag_key es la clave de una etiqueta (de 1 a 128 caracteres); se recibió {tag_key!r}.")
    if not all(isinstance(d, date) and not isinstance(d, datetime) for d in (start, end)):
        raise ValueError(f"start y end deben ser fechas sin hora (datetime.date); se recibió {start!r} y {end!r}.")
    if start >= end:
        raise ValueError(f"La fecha de inicio ({start}) debe ser anterior a la de fin ({end}).")
    if not isinstance(service, str) or not service:
        raise ValueError(f"service es el nombre de un servicio, como «Amazon SageMaker»; se recibió {service!r}.")
    client = client or boto3.client("ce", region_name="us-east-1", config=AWS_CONFIG)  # Cost Explorer es global
    rows = []
    kwargs = {
        "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},  # fin excluido
        "Granularity": "DAILY",
        "Metrics": ["UnblendedCost"],
        "Filter": {"Dimensions": {"Key": "SERVICE", "Values": [service]}},
        "GroupBy": [{"Type": "TAG", "Key": tag_key}],
    }
    while True:
        try:
            page = client.get_cost_and_usage(**kwargs)
        except (ClientError, BotoCoreError) as err:
            raise RuntimeError(f"Cost Explorer no devolvió los costes por {tag_key!r}: {err}") from err
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


# --8<-- [start:backfill]
from datetime import date

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})


def backfill_start(months: int, today: date) -> date:
    """El día 1 del mes que queda «months» meses antes del mes de «today»."""
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
        raise ValueError(f"Indique de 1 a 12 meses: AWS no rellena etiquetas de más de 12 meses atrás ({months}).")
    month = today.year * 12 + today.month - 1 - months  # meses contados desde el año 0
    return date(month // 12, month % 12 + 1, 1)


def backfill_tags(months: int = 12, client=None) -> dict:
    """Pide a Billing que aplique las etiquetas activadas también a los costes de los últimos meses.

    Solo desde la cuenta de administración de la organización; una petición cada 24 horas.
    """
    start = backfill_start(months, date.today())
    client = client or boto3.client("ce", region_name="us-east-1", config=AWS_CONFIG)
    try:
        return client.start_cost_allocation_tag_backfill(BackfillFrom=f"{start.isoformat()}T00:00:00Z")["BackfillRequest"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo pedir el relleno de etiquetas desde {start}: {err}") from err
# --8<-- [end:backfill]


# --8<-- [start:idle-studio]
def studio_idle_shutdown(minutes: int = 60, min_minutes: int | None = None, max_minutes: int | None = None) -> dict:
    """Ajustes de apagado por inactividad de JupyterLab en Studio, para un dominio o un perfil de usuario.

    minutes: inactividad tras la que Studio apaga la aplicación. min_minutes y max_minutes, si los da,
    dejan que cada persona elija su propio plazo dentro de ese intervalo. AWS admite de 60 a 525 600.
    """
    limits = {"minutes": minutes, "min_minutes": min_minutes, "max_minutes": max_minutes}
    for name, value in limits.items():
        if value is None and name != "minutes":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 60 <= value <= 525_600:
            raise ValueError(f"{name}={value}: Studio admite de 60 a 525600 minutos de inactividad.")
    if not (min_minutes or minutes) <= minutes <= (max_minutes or minutes):
        raise ValueError(f"El plazo ({minutes} min) debe quedar entre min_minutes y max_minutes.")
    idle = {"LifecycleManagement": "ENABLED", "IdleTimeoutInMinutes": minutes}
    if min_minutes is not None:
        idle["MinIdleTimeoutInMinutes"] = min_minutes
    if max_minutes is not None:
        idle["MaxIdleTimeoutInMinutes"] = max_minutes
    return {"JupyterLabAppSettings": {"AppLifecycleManagement": {"IdleSettings": idle}}}
# --8<-- [end:idle-studio]


# --8<-- [start:prices]
import json
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})


def notebook_prices(instance_types: list[str], region: str, client=None) -> dict[str, float | None]:
    """Precio bajo demanda en USD por hora de cada tipo como notebook instance, con la API Price List.

    None si el tipo no se ofrece como notebook instance en esa región. SageMaker publica el tipo en el
    atributo usagetype de cada producto: «USE1-Notebk:ml.t3.medium» es una notebook instance en us-east-1.
    """
    if isinstance(instance_types, str) or not isinstance(instance_types, (list, tuple)):
        raise ValueError(f"instance_types es una lista de tipos, p. ej. ['ml.t3.medium']; se recibió {instance_types!r}.")
    wrong = [name for name in instance_types if not isinstance(name, str) or not name.startswith("ml.")]
    if wrong or not instance_types:
        raise ValueError(f"Indique tipos de SageMaker con el prefijo «ml.» (p. ej. ml.t3.medium): {wrong or 'ninguno'}.")
    if not isinstance(region, str) or not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", region):
        raise ValueError(f"region es un código de región como «eu-west-1»; se recibió {region!r}.")
    client = client or boto3.client("pricing", region_name="us-east-1", config=AWS_CONFIG)  # la API responde en us-east-1
    prices = {}
    for name in instance_types:
        try:
            products = client.get_products(ServiceCode="AmazonSageMaker", Filters=[
                {"Type": "TERM_MATCH", "Field": "regionCode", "Value": region},
                {"Type": "CONTAINS", "Field": "usagetype", "Value": f"Notebk:{name}"},
            ])["PriceList"]  # cada producto es un documento JSON en texto
        except (ClientError, BotoCoreError) as err:
            raise RuntimeError(f"La API Price List no devolvió el precio de {name}: {err}") from err
        hourly = [
            float(dimension["pricePerUnit"]["USD"])
            for product in map(json.loads, products)
            if product["product"]["attributes"]["usagetype"].endswith(f"Notebk:{name}")
            for term in product["terms"].get("OnDemand", {}).values()
            for dimension in term["priceDimensions"].values()
            if dimension["unit"] == "Hrs"
        ]
        prices[name] = min(hourly) if hourly else None
    return prices
# --8<-- [end:prices]


if __name__ == "__main__":
    # --8<-- [start:uso-by-tag]
    from datetime import timedelta

    end = date.today()
    costs = cost_by_tag("proyecto", end - timedelta(days=30), end)
    print(f"{len(costs)} filas (día y proyecto) de los últimos 30 días")
    totals = costs.groupby("proyecto")["coste"].sum().round(2)
    print(totals.to_string() if len(totals) else "Sin costes de SageMaker en el periodo.")
    # --8<-- [end:uso-by-tag]

    # --8<-- [start:uso-backfill]
    request = backfill_tags(12)
    print(f"Relleno desde {request['BackfillFrom']}: {request['BackfillStatus']}")
    # --8<-- [end:uso-backfill]

    # --8<-- [start:uso-idle-studio]
    import json

    settings = studio_idle_shutdown(60, max_minutes=240)
    print(json.dumps(settings, indent=2))
    # --8<-- [end:uso-idle-studio]

    # --8<-- [start:uso-idle-domain]
    sagemaker = boto3.client("sagemaker", config=AWS_CONFIG)
    domain_id = sagemaker.list_domains()["Domains"][0]["DomainId"]  # el dominio de Studio del equipo
    sagemaker.update_domain(DomainId=domain_id, DefaultUserSettings=settings)
    # --8<-- [end:uso-idle-domain]

    # --8<-- [start:uso-prices]
    prices = notebook_prices(["ml.t3.medium", "ml.m5.4xlarge", "ml.g4dn.xlarge"], region="us-east-1")
    for name, price in prices.items():
        print(f"{name:16} {'no se ofrece en la región' if price is None else f'{price:.3f} USD/hora'}")
    # --8<-- [end:uso-prices]
