"""Ejecuta una página como la lee un lector: sus bloques en orden, en un kernel de Jupyter nuevo, en una
carpeta vacía y contra el endpoint local de AWS.

Lo que se ejecuta es el notebook «Abrir como notebook» de la página (tools/page_notebooks.py), que las
pruebas comparan antes con los bloques del sitio construido, tal como los copia el botón de copiar.
Los bloques de archivo son celdas ``%%writefile``: quedan guardados con su nombre para las celdas
siguientes. Los bloques «Solo en AWS» o «Solo en EMR» se omiten con su motivo.

El kernel depende de la página (``kernel:`` en su cabecera):

- ``python`` (por defecto): el kernel de Python de un notebook de SageMaker.
- ``pyspark``: el kernel PySpark de EMR, con ``spark`` y ``sc`` ya definidos (aquí, un Spark local).
- ``sparkmagic``: el kernel PySpark de SparkMagic de verdad, contra el servidor Livy de pruebas.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tools.page_notebooks import SOLO

# Lo que el kernel PySpark de EMR define antes de la primera celda; aquí, sobre un Spark local.
PYSPARK_SETUP = """
import os
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
from pyspark.sql import SparkSession
spark = (
    SparkSession.builder.master("local[2]").appName("pagina")
    .config("spark.driver.host", "127.0.0.1")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
sc = spark.sparkContext
"""


def local_spark():
    """La SparkSession local de PYSPARK_SETUP, en este proceso (las pruebas y make pages)."""
    namespace: dict = {}
    exec(PYSPARK_SETUP, namespace)
    return namespace["spark"]


class PageFailure(AssertionError):
    """Un bloque de la página falló: dice la página, el número de bloque y su primera línea."""


@dataclass
class PageRun:
    page: str
    blocks: int = 0
    cells_run: int = 0
    cells_with_output: int = 0
    files: int = 0
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)  # una por celda de código que no es un archivo


def block_first_line(source: str) -> str:
    lines = [line for line in source.splitlines() if line.strip()]
    if lines and lines[0].startswith("%%writefile"):
        return lines[0]
    return lines[0].strip() if lines else ""


def output_text(outputs) -> str:
    parts = []
    for output in outputs:
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif output["output_type"] in ("execute_result", "display_data"):
            data = output.get("data", {})
            parts.append(data.get("text/plain", "") or ", ".join(sorted(data)))
    return "".join(parts)


def sparkmagic_kernel_dir(root: Path) -> Path:
    """Un kernelspec de pysparkkernel que arranca con este mismo Python."""
    import sparkmagic

    spec = json.loads((Path(sparkmagic.__file__).parent / "kernels/pysparkkernel/kernel.json").read_text())
    spec["argv"][0] = sys.executable
    target = root / "kernels" / "pysparkkernel"
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(spec))
    return root


def page_meta(notebook: Path) -> dict:
    """Página, kernel y, en las de SparkMagic, la URL de Livy que muestra la página."""
    nb = nbformat.read(notebook, as_version=4)
    # Los notebooks generados dicen de qué página son; un notebook publicado como página es su propia página.
    return {"page": notebook.name, "kernel": "python", **nb.metadata.get("manual_ml", {})}


def run_page(notebook: Path, workdir: Path, env: dict[str, str], livy_url: str | None = None,
             sparkmagic_conf: str | None = None, timeout: int = 600) -> PageRun:
    """Ejecuta el notebook de una página celda a celda. Lanza PageFailure en el primer bloque que falla.

    En las páginas de SparkMagic, la URL de Livy del clúster que muestra la página se cambia por
    ``livy_url`` (el servidor de pruebas) y SparkMagic lee ``sparkmagic_conf``."""
    nb = nbformat.read(notebook, as_version=4)
    meta = page_meta(notebook)
    page, kernel = meta["page"], meta["kernel"]
    run = PageRun(page)
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**env}
    replacements = {}
    if meta.get("livy"):
        if not (livy_url and sparkmagic_conf):
            raise ValueError(f"{page} habla con Livy: indique livy_url y sparkmagic_conf")
        replacements[meta["livy"]] = livy_url
        env["SPARKMAGIC_CONF_DIR"] = sparkmagic_conf
    kernel_name = "python3"
    manager = {}
    if kernel == "sparkmagic":
        # El kernelspec se busca en este proceso, no en el del kernel: el gestor recibe su carpeta.
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import AsyncKernelManager

        kernel_name = "pysparkkernel"
        kernels = sparkmagic_kernel_dir(workdir.parent / "jupyter") / "kernels"
        manager["km"] = AsyncKernelManager(
            kernel_name=kernel_name, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, allow_errors=False,
                            resources={"metadata": {"path": str(workdir)}}, **manager)
    start = time.perf_counter()
    with client.setup_kernel(cwd=str(workdir), env=env):
        if kernel == "pyspark":
            setup = nbformat.v4.new_code_cell(PYSPARK_SETUP)
            client.execute_cell(setup, -1)
        number = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            number += 1
            run.blocks += 1
            tags = set(cell.metadata.get("tags", []))
            if tags & set(SOLO):
                (tag,) = tags & set(SOLO)
                run.skipped.append(f"bloque {number}: {SOLO[tag]}")
                run.outputs.append("")
                continue
            for old, new in replacements.items():
                cell.source = cell.source.replace(old, new)
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as err:
                detail = re.sub(r"\x1b\[[0-9;]*m", "", str(err))  # sin los colores de la traza
                raise PageFailure(
                    f"{page}: el bloque {number} ({block_first_line(cell.source)!r}) falló:\n{detail}"
                ) from None
            if cell.source.startswith("%%writefile"):
                run.files += 1
            else:
                run.cells_run += 1
                text = output_text(cell.outputs)
                run.outputs.append(text)
                if text.strip():
                    run.cells_with_output += 1
    run.seconds = time.perf_counter() - start
    return run


def page_env(aws_endpoint: str, home: Path) -> dict[str, str]:
    """El entorno de un notebook nuevo: las credenciales y la región del endpoint local, y un HOME vacío."""
    from tests.conftest import AWS_ENV

    home.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "SPARKMAGIC_"))}
    env.update(AWS_ENV, AWS_ENDPOINT_URL=aws_endpoint, HOME=str(home), MPLBACKEND="module://matplotlib_inline.backend_inline")
    # moto no implementa iam:SimulatePrincipalPolicy, con la que el SDK v3 de SageMaker valida los roles.
    env["SAGEMAKER_VALIDATE_ROLE"] = "false"
    env.pop("JUPYTER_PATH", None)
    return env
