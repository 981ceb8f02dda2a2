"""Pruebas de los gráficos: las figuras de las páginas salen de los snippets y están al día."""

from __future__ import annotations

import filecmp
import re
import runpy
import warnings
from pathlib import Path

import boto3
import pandas as pd
from plotly.offline import get_plotlyjs_version

from snippets.notebooks import instance_types, plots

ROOT = Path(__file__).resolve().parents[2]


def test_sample_customers_is_reproducible_and_plausible():
    df = plots.sample_customers()
    pd.testing.assert_frame_equal(df, plots.sample_customers())
    assert len(df) == 500 and set(df.plan) == {"mensual", "anual", "bienal"}
    rates = df.groupby("plan").baja.mean()
    assert rates["mensual"] > rates["anual"] and rates["mensual"] > rates["bienal"]


def test_figures_on_the_pages_are_current(tmp_path, monkeypatch, spark):
    """make generated ejecuta las celdas de la página (el bloque __main__) y guarda sus figuras."""
    (tmp_path / "docs/assets/images").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # el módulo ya está importado por esta prueba
        page = runpy.run_module("snippets.notebooks.plots", run_name="__main__")
    assert page["spark"] is spark  # la celda de datos grandes reutiliza la sesión activa
    for name in ("graficos-matplotlib.svg", "graficos-seaborn.svg", "graficos-plotly.svg", "graficos-plotly.json"):
        assert filecmp.cmp(tmp_path / "docs/assets/images" / name, ROOT / "docs/assets/images" / name, shallow=False), (
            f"{name} está desactualizada: regenérela con make generated")
    assert len(page["muestra"]) <= 10_000 and page["fig_nube"].axes[0].collections[0].get_rasterized()
    instance_types.write_site_chart(str(tmp_path / "instancias.svg"))
    assert filecmp.cmp(tmp_path / "instancias.svg", ROOT / "docs/assets/images/instancias.svg", shallow=False)
    assert instance_types.markdown_table() == (ROOT / "snippets/notebooks/instance_types.md").read_text()


def test_figures_show_what_the_code_draws():
    df = plots.sample_customers()
    fig = plots.churn_by_plan_matplotlib(df)
    heights = [bar.get_height() for bar in fig.axes[0].patches]
    assert heights == sorted(heights, reverse=True) and len(heights) == 3
    fig = plots.bill_vs_tenure_seaborn(df)
    assert fig.axes[0].get_xlabel() == "Antigüedad (meses)" and len(fig.axes[0].collections[0].get_offsets()) == 500
    figure = plots.bill_by_plan_plotly(df)
    assert sorted(trace.name for trace in figure.data) == ["anual", "bienal", "mensual"]
    assert plots.use_jupyterlab_renderer() == "plotly_mimetype+notebook"


def test_site_plotly_js_is_a_partial_bundle_of_the_installed_version():
    """El botón «Ver el gráfico interactivo» dibuja con el paquete parcial «cartesian» de npm: la misma
    versión de plotly.js que trae el paquete de Python (la del JSON de la figura), con las cajas."""
    bundle = (ROOT / "overrides/assets/javascripts/plotly-cartesian.min.js").read_text(encoding="utf-8")
    assert f"plotly.js (cartesian - minified) v{get_plotlyjs_version()}" in bundle[:200]
    traces = set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle))
    assert "box" in traces and "scatter3d" not in traces and len(traces) < 15
    assert (ROOT / "overrides/assets/javascripts/plotly-cartesian.LICENSE").read_text().startswith("MIT License")


def test_static_plotly_svg_is_the_figure():
    svg = (ROOT / "docs/assets/images/graficos-plotly.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Factura mensual por plan" in svg
    assert svg.count('class="point"') == 500  # un punto por cliente
    assert "http" not in svg.replace("http://www.w3.org/", "")  # nada que cargar de fuera


def test_large_data_helpers_on_spark(spark):
    df = spark.range(100_000).selectExpr("id", "CAST(id % 100 AS DOUBLE) AS valor")
    hist = plots.histogram_in_spark(df, "valor", bins=10)
    assert len(hist) == 10 and hist.n.sum() == 100_000
    sample = plots.sample_for_plot(df, max_rows=1_000)
    assert 0 < len(sample) <= 1_000 and list(sample.columns) == ["id", "valor"]
    fig = plots.dense_scatter(sample, "id", "valor")
    assert fig.axes[0].collections[0].get_rasterized()


def test_every_instance_type_on_the_page_exists_for_notebook_instances(aws):
    valid = set(boto3.client("sagemaker").meta.service_model.shape_for("InstanceType").enum)
    rows = [r for group in instance_types.INSTANCE_TYPES.values() for r in group] + instance_types.PREVIOUS_GENERATION
    assert {r[0] for r in rows} <= valid
    assert {"ml.t3.medium", "ml.g4dn.xlarge"} <= {r[0] for r in rows}  # los valores por defecto de Studio
    assert not {r[0].split(".")[1] for r in instance_types.PREVIOUS_GENERATION} & {
        r[0].split(".")[1] for g in instance_types.INSTANCE_TYPES.values() for r in g}


def test_reader_chart_code_leaves_matplotlib_settings_alone():
    """El reproducible del sitio (svg.hashsalt) es cosa del generador, no de la celda del lector."""
    import matplotlib.pyplot as plt

    before = plt.rcParams["svg.hashsalt"]
    instance_types.plot_instance_specs()
    assert plt.rcParams["svg.hashsalt"] == before
    section = (ROOT / "snippets/notebooks/instance_types.py").read_text(encoding="utf-8").split("[start:chart]")[1]
    assert "hashsalt" not in section.split("[end:chart]")[0]
