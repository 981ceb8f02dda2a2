"""Informe de páginas (make pages): cada página con código se ejecuta como la lee un lector y se imprime,
por página, cuántos bloques tiene, cuántas celdas se ejecutan, cuántas muestran un resultado, cuántos
bloques son archivos y cuántos están marcados «Solo en AWS/EMR», y cuánto tarda.

Usa el mismo ejecutor que las pruebas (tests/page_runner.py), con un servidor de moto, una SparkSession
local y el servidor Livy de pruebas arrancados aquí. Es una medición: no falla por tiempos.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.page_runner import PageFailure, page_env, run_page  # noqa: E402
from tools import page_notebooks  # noqa: E402


def local_spark():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]").appName("informe-paginas")
        .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main() -> int:
    from tests.livy_server import serve_livy
    from tests.moto_extras import ExtendedMotoServer

    # El registro de peticiones del servidor (y las trazas de las API que moto no tiene) no es el informe.
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
    moto = ExtendedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    spark = local_spark()
    rows, failures = [], []
    start = time.perf_counter()
    with serve_livy(spark) as (livy, _app), tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "sparkmagic"
        conf.mkdir()
        (conf / "config.json").write_text(json.dumps({
            "kernel_python_credentials": {"username": "", "password": "", "url": livy, "auth": "None"},
            "livy_server_heartbeat_timeout_seconds": 0,
        }))
        notebooks = [page_notebooks.notebook_path(md) for md in page_notebooks.pages()]
        # También los notebooks que el sitio publica como páginas (el de EDA).
        notebooks += sorted(p for p in page_notebooks.DOCS.rglob("*.ipynb") if page_notebooks.NOTEBOOKS not in p.parents)
        for notebook in notebooks:
            if not notebook.is_file():
                continue
            meta = {"page": notebook.name, **json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("manual_ml", {})}
            page = meta["page"]
            work = Path(tmp) / page.replace("/", "-")
            env = page_env(endpoint, work / "home")
            replacements = {}
            if meta.get("livy"):
                env["SPARKMAGIC_CONF_DIR"] = str(conf)
                replacements[meta["livy"]] = livy
            try:
                run = run_page(notebook, work / "trabajo", env, replacements)
            except PageFailure as err:
                failures.append(str(err).splitlines()[0])
                rows.append((page, "-", "-", "-", "-", "-", "falla"))
                continue
            rows.append((page, run.blocks, run.cells_run, run.cells_with_output, run.files,
                         len(run.skipped), f"{run.seconds:.1f} s"))
    spark.stop()
    moto.stop()
    header = ("Página", "Bloques", "Celdas", "Con resultado", "Archivos", "Marcados", "Tiempo")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
                        for i, (cell, width) in enumerate(zip(row, widths))))
    totals = [sum(row[i] for row in rows if isinstance(row[i], int)) for i in range(1, 6)]
    print(f"Total: {totals[0]} bloques, {totals[1]} celdas ejecutadas, {totals[2]} con resultado, "
          f"{totals[3]} archivos, {totals[4]} marcados; {time.perf_counter() - start:.0f} s")
    for failure in failures:
        print(f"FALLA {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
