"""Gráficos en notebooks: matplotlib, seaborn y plotly, y qué hacer con datos grandes.

Las secciones son los bloques de la página «Gráficos» en el orden en que se leen: las definiciones
arriba y, en ``__main__``, las celdas que las usan. ``python -m snippets.notebooks.plots`` ejecuta esas
celdas y guarda como imágenes del sitio las figuras que dibujan.
"""

# --8<-- [start:data]
import numpy as np
import pandas as pd


def sample_customers(n: int = 500, seed: int = 7) -> pd.DataFrame:
    """Clientes de ejemplo: plan, antigüedad, factura mensual y si se dieron de baja."""
    rng = np.random.default_rng(seed)
    plan = rng.choice(["mensual", "anual", "bienal"], size=n, p=[0.5, 0.3, 0.2])
    months = rng.integers(1, 72, size=n)
    bill = np.round(rng.normal(70, 20, size=n).clip(20, 130), 2)
    churn = rng.random(n) < np.where(plan == "mensual", 0.4, 0.1) * np.exp(-months / 48)
    return pd.DataFrame({"plan": plan, "antiguedad_meses": months, "factura_mensual": bill, "baja": churn})
# --8<-- [end:data]


# --8<-- [start:matplotlib]
import matplotlib.pyplot as plt


def churn_by_plan_matplotlib(df: pd.DataFrame):
    """Tasa de baja por plan, en barras, con la API orientada a objetos de matplotlib."""
    rates = df.groupby("plan")["baja"].mean().sort_values(ascending=False)
    fig, ax = plt.subplots(figsize=(6, 4))
    bars = ax.bar(rates.index, rates.values * 100, color="#3f51b5")
    ax.bar_label(bars, fmt="%.1f %%")
    ax.set(xlabel="Plan", ylabel="Clientes que se dan de baja (%)", title="Bajas por plan")
    fig.tight_layout()
    return fig
# --8<-- [end:matplotlib]


# --8<-- [start:seaborn]
import seaborn as sns


def bill_vs_tenure_seaborn(df: pd.DataFrame):
    """Dispersión de factura frente a antigüedad, coloreada por baja. seaborn recibe los datos por nombre."""
    fig, ax = plt.subplots(figsize=(6, 4))
    sns.scatterplot(data=df, x="antiguedad_meses", y="factura_mensual", hue="baja", alpha=0.7, ax=ax)
    ax.set(xlabel="Antigüedad (meses)", ylabel="Factura mensual (€)", title="Factura y antigüedad")
    fig.tight_layout()
    return fig
# --8<-- [end:seaborn]


# --8<-- [start:plotly]
import plotly.express as px


def bill_by_plan_plotly(df: pd.DataFrame):
    """Distribución de la factura por plan, interactiva: pase el ratón para ver cada valor."""
    return px.box(df, x="plan", y="factura_mensual", color="plan", points="all",
                  labels={"plan": "Plan", "factura_mensual": "Factura mensual (€)"},
                  title="Factura mensual por plan")
# --8<-- [end:plotly]


# --8<-- [start:plotly-renderer]
import plotly.io as pio


def use_jupyterlab_renderer() -> str:
    """En JupyterLab 4 las figuras de plotly se muestran con su tipo MIME, sin descargar nada.

    Si una figura sale en blanco (por ejemplo, en un visor que no ejecuta JavaScript), cambie a
    «iframe», que guarda cada figura como HTML junto al notebook.
    """
    pio.renderers.default = "plotly_mimetype+notebook"
    return pio.renderers.default
# --8<-- [end:plotly-renderer]


# --8<-- [start:large-data]
from pyspark.sql import DataFrame as SparkDataFrame


def histogram_in_spark(df: SparkDataFrame, column: str, bins: int = 20) -> pd.DataFrame:
    """Calcula el histograma en el clúster y trae solo los recuentos (bins filas, no millones)."""
    edges, counts = df.select(column).rdd.flatMap(lambda row: row).histogram(bins)
    return pd.DataFrame({"desde": edges[:-1], "hasta": edges[1:], "n": counts})


def sample_for_plot(df: SparkDataFrame, max_rows: int = 10_000, seed: int = 42) -> pd.DataFrame:
    """Una muestra aleatoria de como mucho max_rows filas, para dibujar puntos en pandas."""
    total = df.count()
    fraction = min(1.0, max_rows / total) if total else 1.0
    return df.sample(fraction=fraction, seed=seed).limit(max_rows).toPandas()


def dense_scatter(df: pd.DataFrame, x: str, y: str):
    """Muchos puntos: rasterizados dentro del SVG o PDF, para que la figura no pese megas."""
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(df[x], df[y], s=2, alpha=0.3, rasterized=True)
    ax.set(xlabel=x, ylabel=y)
    fig.tight_layout()
    return fig
# --8<-- [end:large-data]


def save_svg(fig, path: str) -> None:
    """Guarda una figura como SVG reproducible (mismos bytes en cada ejecución)."""
    plt.rcParams["svg.hashsalt"] = "manual-ml"
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def save_plotly(fig, path: str, width: int = 700, height: int = 450) -> None:
    """Guarda una figura de plotly para el sitio: un SVG estático, dibujado por plotly.js en Chromium
    (kaleido, sin MathJax ni CDN), y su JSON, que el botón «Ver el gráfico interactivo» dibuja."""
    import re

    import kaleido

    svg = kaleido.calc_fig_sync(fig, opts={"format": "svg", "width": width, "height": height},
                                kopts={"mathjax": False}).decode("utf-8")
    # plotly.js da a cada dibujo un identificador aleatorio: uno fijo deja los mismos bytes en cada ejecución.
    uid = re.search(r'id="defs-([0-9a-f]+)"', svg).group(1)
    svg = re.sub(rf"(defs-|clip|legend){uid}", r"\1grafico", svg)
    with open(path, "w", encoding="utf-8") as f:
        f.write(svg + "\n")
    with open(path.removesuffix(".svg") + ".json", "w", encoding="utf-8") as f:
        f.write(fig.to_json() + "\n")


def write_figures(figures: dict, images_dir: str = "docs/assets/images") -> None:
    """Guarda las figuras que dibujan las celdas de la página «Gráficos» como imágenes del sitio."""
    save_svg(figures["matplotlib"], f"{images_dir}/graficos-matplotlib.svg")
    save_svg(figures["seaborn"], f"{images_dir}/graficos-seaborn.svg")
    save_plotly(figures["plotly"], f"{images_dir}/graficos-plotly.svg")


if __name__ == "__main__":
    # Las celdas de la página que usan las funciones de arriba. En un notebook, cada figura se muestra
    # debajo de su celda; aquí, las de la página se guardan como imágenes del sitio.
    # --8<-- [start:uso-data]
    clientes = sample_customers(n=500, seed=7)
    print(clientes.groupby("plan").agg(clientes=("baja", "size"), tasa_baja=("baja", "mean")).round(3))
    clientes.head()
    # --8<-- [end:uso-data]

    # --8<-- [start:uso-matplotlib]
    fig_bajas = churn_by_plan_matplotlib(clientes)
    # --8<-- [end:uso-matplotlib]

    # --8<-- [start:uso-seaborn]
    fig_factura = bill_vs_tenure_seaborn(clientes)
    # --8<-- [end:uso-seaborn]

    # --8<-- [start:uso-plotly]
    fig_cajas = bill_by_plan_plotly(clientes)
    fig_cajas
    # --8<-- [end:uso-plotly]

    # --8<-- [start:uso-plotly-renderer]
    print(use_jupyterlab_renderer())
    # --8<-- [end:uso-plotly-renderer]

    write_figures({"matplotlib": fig_bajas, "seaborn": fig_factura, "plotly": fig_cajas})

    # --8<-- [start:uso-large-data]
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.getOrCreate()  # en el kernel PySpark de EMR, spark ya existe
    eventos = spark.range(200_000).selectExpr("id", "rand(7) * 100 AS importe", "randn(7) AS z")
    print(histogram_in_spark(eventos, "importe", bins=5))
    muestra = sample_for_plot(eventos, max_rows=10_000)
    print(len(muestra), "puntos de", eventos.count())
    fig_nube = dense_scatter(muestra, "importe", "z")
    # --8<-- [end:uso-large-data]
