"""Informe de páginas (make pages): cada página con código se ejecuta como la lee un lector y se imprime,
por página, cuántos bloques tiene, cuántas celdas se ejecutan, cuántas muestran un resultado, cuántos
bloques son archivos y cuántos están marcados «Solo en AWS/EMR», y cuánto tarda.

Usa el mismo ejecutor que las pruebas (tests/page_runner.py), con un servidor de moto, una SparkSession
local y el servidor Livy de pruebas arrancados aquí. Es una medición: no falla por tiempos.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.livy_server import sparkmagic_config  # noqa: E402
from tests.page_runner import PageFailure, local_spark, page_env, page_meta, run_page  # noqa: E402
from tools import page_notebooks  # noqa: E402


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
        (conf / "config.json").write_text(json.dumps(sparkmagic_config(livy)))
        for notebook in page_notebooks.runnable_notebooks():
            page = page_meta(notebook)["page"]
            work = Path(tmp) / page.replace("/", "-")
            try:
                run = run_page(notebook, work / "trabajo", page_env(endpoint, work / "home"),
                               livy_url=livy, sparkmagic_conf=str(conf))
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
