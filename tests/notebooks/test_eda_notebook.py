"""El notebook de EDA que muestra el sitio se ejecuta entero, y sus salidas guardadas están al día."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs/notebooks/eda-ejemplo.ipynb"


def text_outputs(nb) -> list[str]:
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                texts.append(output["text"])
            elif "text/plain" in output.get("data", {}) and "image/png" not in output["data"]:
                texts.append(output["data"]["text/plain"])
    return texts


def test_eda_notebook_runs_and_committed_outputs_are_current(tmp_path):
    committed = nbformat.read(NOTEBOOK, as_version=4)
    fresh = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(fresh, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in fresh.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    assert text_outputs(fresh) == text_outputs(committed), "regenere el notebook con make generated"
    assert "(569, 31)" in text_outputs(fresh)[0]
    images = [o for c in committed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 2  # los dos gráficos que comenta el texto
