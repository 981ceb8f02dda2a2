"""Paso de evaluación: mide el modelo con el conjunto de prueba y escribe evaluation.json.

El pipeline declara ese archivo como PropertyFile: la condición lee de él el AUC con JsonGet.
"""

# --8<-- [start:script]
import argparse
import json
import tarfile
from pathlib import Path

import joblib
import pandas as pd
from sklearn.metrics import accuracy_score, roc_auc_score

TARGET = "target"


def evaluate(model_dir: Path, test_dir: Path, output_dir: Path) -> dict:
    # model.tar.gz es el artefacto que SageMaker empaquetó al terminar el entrenamiento.
    with tarfile.open(model_dir / "model.tar.gz") as archive:
        model = joblib.load(archive.extractfile("model.joblib"))
    df = pd.concat([pd.read_csv(f) for f in sorted(test_dir.glob("*.csv"))], ignore_index=True)
    features, target = df.drop(columns=[TARGET]), df[TARGET]
    report = {
        "classification_metrics": {
            "auc": {"value": float(roc_auc_score(target, model.predict_proba(features)[:, 1]))},
            "accuracy": {"value": float(accuracy_score(target, model.predict(features)))},
        },
        "test_rows": len(df),
    }
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "evaluation.json").write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", type=Path, default=Path("/opt/ml/processing/model"))
    parser.add_argument("--test-dir", type=Path, default=Path("/opt/ml/processing/test"))
    parser.add_argument("--output-dir", type=Path, default=Path("/opt/ml/processing/evaluation"))
    args = parser.parse_args()
    print(json.dumps(evaluate(args.model_dir, args.test_dir, args.output_dir)))
# --8<-- [end:script]
