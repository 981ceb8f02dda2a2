"""El proyecto de ejemplo en local: preprocesado, entrenamiento, evaluación e inferencia con los scripts reales."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from snippets.proyecto_ml import data
from snippets.proyecto_ml.steps import inference

STEPS = Path(data.__file__).parent / "steps"


def run_script(name: str, *args: str, env: dict | None = None) -> str:
    """Ejecuta un paso como lo ejecuta SageMaker: un script de Python con argumentos y variables."""
    result = subprocess.run(
        [sys.executable, str(STEPS / name), *args],
        env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipeline")
    data.write_raw_data(root / "raw")
    run_script("preprocess.py", "--input-dir", str(root / "raw"),
               "--train-dir", str(root / "train"), "--test-dir", str(root / "test"))
    run_script("train.py", "--C", "0.5", env={"SM_CHANNEL_TRAIN": str(root / "train"), "SM_MODEL_DIR": str(root / "model")})
    # SageMaker empaqueta SM_MODEL_DIR en model.tar.gz al terminar el entrenamiento.
    (root / "artifact").mkdir()
    with tarfile.open(root / "artifact" / "model.tar.gz", "w:gz") as archive:
        for path in (root / "model").rglob("*"):
            archive.add(path, arcname=path.relative_to(root / "model").as_posix())
    run_script("evaluate.py", "--model-dir", str(root / "artifact"), "--test-dir", str(root / "test"),
               "--output-dir", str(root / "evaluation"))
    return root


def test_preprocess_splits_stratified(local_run):
    import pandas as pd

    train, test = pd.read_csv(local_run / "train" / "train.csv"), pd.read_csv(local_run / "test" / "test.csv")
    assert (len(train), len(test)) == (455, 114)  # 569 filas, 20 % para prueba
    assert abs(train.target.mean() - test.target.mean()) < 0.01
    assert not set(map(tuple, train.values)) & set(map(tuple, test.values))


def test_evaluation_report_has_the_metric_the_condition_reads(local_run):
    report = json.loads((local_run / "evaluation" / "evaluation.json").read_text())
    assert report["test_rows"] == 114
    assert report["classification_metrics"]["auc"]["value"] > 0.97
    assert report["classification_metrics"]["accuracy"]["value"] > 0.93


def test_model_artifact_serves_with_the_inference_script(local_run):
    assert (local_run / "model" / "code" / "inference.py").is_file()
    model = inference.model_fn(str(local_run / "model"))
    import pandas as pd

    rows = pd.read_csv(local_run / "test" / "test.csv").drop(columns=["target"]).head(3)
    body = rows.to_csv(header=False, index=False)
    probabilities = json.loads(inference.output_fn(
        inference.predict_fn(inference.input_fn(body, "text/csv"), model), "application/json"))
    assert len(probabilities) == 3 and all(0 <= p <= 1 for p in probabilities)
    with pytest.raises(ValueError, match="text/csv"):
        inference.input_fn(b"{}", "application/json")


def test_preprocess_reports_bad_input(tmp_path):
    (tmp_path / "raw").mkdir()
    result = subprocess.run([sys.executable, str(STEPS / "preprocess.py"), "--input-dir", str(tmp_path / "raw"),
                             "--train-dir", str(tmp_path / "t"), "--test-dir", str(tmp_path / "s")],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "No hay archivos CSV" in result.stderr
    (tmp_path / "raw" / "x.csv").write_text("a,b\n1,2\n")
    result = subprocess.run([sys.executable, str(STEPS / "preprocess.py"), "--input-dir", str(tmp_path / "raw"),
                             "--train-dir", str(tmp_path / "t"), "--test-dir", str(tmp_path / "s")],
                            capture_output=True, text=True)
    assert "Falta la columna objetivo 'target'" in result.stderr
    assert not (tmp_path / "t").exists()


def test_structure_shown_on_the_page_matches_the_project():
    root = Path(data.__file__).parent
    listed, stack = set(), []
    for line in (root / "estructura.txt").read_text(encoding="utf-8").splitlines()[1:]:
        entry = line.split("#")[0].rstrip()
        name = entry.lstrip("│├└─ ")
        depth = (len(entry) - len(name)) // 4 - 1  # «├── » marca el primer nivel
        stack[depth:] = [name.rstrip("/")]
        if not name.endswith("/"):
            listed.add("/".join(stack))
    actual = {p.relative_to(root).as_posix() for p in root.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.name not in ("__init__.py", "estructura.txt")}
    assert listed == actual
