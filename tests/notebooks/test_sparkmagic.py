"""SparkMagic de verdad contra un servidor compatible con Livy respaldado por Spark local.

Las celdas de las páginas «SparkMagic» y «Kernel PySpark de SparkMagic» están en
snippets/notebooks/sparkmagic/*.ipy; estas pruebas las ejecutan tal cual (solo cambia la URL de Livy del
clúster por la del servidor local), en orden, y miran lo que dejan en el servidor Livy. Las pruebas de
páginas ejecutan además cada página entera en su kernel.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from tests.livy_server import serve_livy, sparkmagic_config

CELLS_DIR = Path(__file__).resolve().parents[2] / "snippets/notebooks/sparkmagic"
EMR_LIVY_URL = "http://ip-10-0-1-23.eu-west-1.compute.internal:8998"
PAGES = [Path(__file__).resolve().parents[2] / f"docs/notebooks/{name}.md" for name in ("sparkmagic", "sparkmagic-kernel")]


def cells(name: str) -> list[tuple[str, str]]:
    text = (CELLS_DIR / name).read_text(encoding="utf-8")
    return re.findall(r"# --8<-- \[start:(\S+)\]\n(.*?)\n# --8<-- \[end:\1\]", text, re.S)


@pytest.fixture
def livy(spark, tmp_path, monkeypatch):
    with serve_livy(spark) as (url, app):
        (tmp_path / "config.json").write_text(json.dumps(sparkmagic_config(url)))
        monkeypatch.setenv("SPARKMAGIC_CONF_DIR", str(tmp_path))
        (tmp_path / "home").mkdir()
        monkeypatch.setenv("HOME", str(tmp_path / "home"))  # la celda «carpeta» crea ~/.sparkmagic
        yield url, app


def test_ipython_magics_end_to_end(livy):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    url, app = livy
    shell = InteractiveShell.instance()
    seen = {}
    for name, body in cells("ipython_magics.ipy"):
        with capture_output() as captured:
            result = shell.run_cell(body.replace(EMR_LIVY_URL, url))
        assert result.success, (name, result.error_in_exec)
        seen[name] = captured.stdout
        if name == "add":
            (session,) = app.sessions.values()
            assert session.kind == "pyspark"
            assert session.conf["driverMemory"] == "4g"  # lo que fijó %%spark config
    assert (Path.home() / ".sparkmagic").is_dir()
    assert "|    0|  143|" in seen["run"]
    assert "DataFrame 1000" in seen["local"]
    conteos = shell.user_ns["conteos"]
    assert list(conteos.columns) == ["grupo", "n"] and len(conteos) == 7 and conteos.n.sum() == 1000
    assert "Name: analisis" in seen["info"]
    assert "sentencia 1: ok" in seen["logs"]
    assert app.sessions == {}  # %spark delete y %spark cleanup cerraron la sesión en Livy


def test_pyspark_kernel_magics_end_to_end(livy, tmp_path, monkeypatch):
    from jupyter_client.manager import start_new_kernel

    url, app = livy
    spec = json.loads((Path(__import__("sparkmagic").__file__).parent / "kernels/pysparkkernel/kernel.json").read_text())
    spec["argv"][0] = sys.executable
    (tmp_path / "kernels/pysparkkernel").mkdir(parents=True)
    (tmp_path / "kernels/pysparkkernel/kernel.json").write_text(json.dumps(spec))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    manager, client = start_new_kernel(kernel_name="pysparkkernel")
    try:
        outputs = {}
        for name, body in cells("pyspark_kernel.ipy"):
            text = []

            def hook(msg, text=text):
                if msg["msg_type"] == "stream":
                    text.append(msg["content"]["text"])
                elif msg["msg_type"] == "error":
                    text.append("ERROR " + msg["content"]["evalue"])

            reply = client.execute_interactive(body, output_hook=hook, timeout=120)
            outputs[name] = "".join(text)
            assert reply["content"]["status"] == "ok" and "ERROR" not in outputs[name], (name, outputs[name])
            if name == "send":
                (session,) = app.sessions.values()
                assert session.namespace["umbrales_df"].count() == 2  # el DataFrame local llegó a Spark
                assert session.conf["driverMemory"] == "4g"  # lo que fijó %%configure -f
        assert "1000" in outputs["run"]
        assert "|    0|   0.5|  143|" in outputs["use-sent"]  # umbrales_df se combina en el clúster
        assert "DataFrame 7" in outputs["local"]
        assert "sentencia 0: ok" in outputs["logs"]
        assert app.sessions == {}  # %%cleanup -f borró la sesión
    finally:
        manager.shutdown_kernel(now=True)


def test_every_magic_named_on_the_page_exists_in_sparkmagic():
    from sparkmagic.kernels.kernelmagics import KernelMagics
    from sparkmagic.magics.remotesparkmagics import RemoteSparkMagics

    known = set()
    for magics in (KernelMagics, RemoteSparkMagics):
        for kind in ("line", "cell"):
            known |= set(magics.magics[kind])
    # De otros paquetes, no de SparkMagic: IPython y la extensión de análisis de SageMaker Studio.
    others = {"load_ext", "sm_analytics", "pip", "conda"}
    text = "".join(page.read_text(encoding="utf-8") for page in PAGES) + "".join(p.read_text() for p in CELLS_DIR.glob("*.ipy"))
    named = set(re.findall(r"(?<![\w%])%%?([a-z_]+)", text))
    assert named >= {"spark", "configure", "sql", "local", "send_to_spark", "info", "logs", "cleanup", "delete", "manage_spark"}
    assert named - others <= known, f"magias que SparkMagic no tiene: {sorted(named - others - known)}"
    cells_text = "".join(p.read_text() for p in CELLS_DIR.glob("*.ipy"))
    for wrong in ("spark configure", "spark display", "spark load"):  # la página avisa de que no existen
        assert f"%{wrong}" not in cells_text
