"""Paso de entrenamiento: ajusta un modelo de scikit-learn y lo guarda para SageMaker.

En modo File, SageMaker copia los datos del canal «train» de S3 a la carpeta SM_CHANNEL_TRAIN antes
de empezar, y empaqueta en model.tar.gz todo lo que el script deja en SM_MODEL_DIR. Los hiperparámetros llegan como argumentos de línea de órdenes.
"""

# --8<-- [start:script]
import argparse
import os
import shutil
from pathlib import Path

import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

TARGET = "target"


def train(train_dir: Path, model_dir: Path, c: float, max_iter: int) -> Path:
    df = pd.concat([pd.read_csv(f) for f in sorted(train_dir.glob("*.csv"))], ignore_index=True)
    features, target = df.drop(columns=[TARGET]), df[TARGET]
    # El escalado va dentro del modelo: en inferencia se aplica igual, sin código aparte.
    model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=max_iter))
    model.fit(features, target)
    model_dir.mkdir(parents=True, exist_ok=True)
    path = model_dir / "model.joblib"
    joblib.dump(model, path)
    # El código de inferencia viaja con el modelo, en code/ dentro de model.tar.gz.
    (model_dir / "code").mkdir(exist_ok=True)
    shutil.copy(Path(__file__).with_name("inference.py"), model_dir / "code" / "inference.py")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--max-iter", type=int, default=1000)
    parser.add_argument("--train-dir", type=Path, default=Path(os.environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train")))
    parser.add_argument("--model-dir", type=Path, default=Path(os.environ.get("SM_MODEL_DIR", "/opt/ml/model")))
    args = parser.parse_args()
    print(f"Modelo guardado en {train(args.train_dir, args.model_dir, args.C, args.max_iter)}")
# --8<-- [end:script]
