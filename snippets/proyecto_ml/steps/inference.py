"""Código de inferencia del modelo: el contenedor de scikit-learn de SageMaker llama a estas funciones.

El entrenamiento copia este archivo a code/ dentro de model.tar.gz; el modelo registrado apunta a él con
SAGEMAKER_PROGRAM=inference.py y SAGEMAKER_SUBMIT_DIRECTORY=/opt/ml/model/code.
"""

# --8<-- [start:script]
import io
import json
from pathlib import Path

import joblib
import pandas as pd


def model_fn(model_dir: str):
    return joblib.load(Path(model_dir) / "model.joblib")


def input_fn(body, content_type: str) -> pd.DataFrame:
    if content_type != "text/csv":
        raise ValueError(f"Tipo de contenido no admitido: {content_type}; envíe text/csv sin cabecera.")
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return pd.read_csv(io.StringIO(text), header=None)


def predict_fn(features: pd.DataFrame, model) -> list[float]:
    features.columns = model.feature_names_in_  # el CSV llega sin cabecera, en el orden del entrenamiento
    return model.predict_proba(features)[:, 1].tolist()


def output_fn(prediction: list[float], accept: str) -> str:
    return json.dumps(prediction)
# --8<-- [end:script]
