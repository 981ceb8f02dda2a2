"""Paso de preprocesado: limpia los datos en bruto y los separa en entrenamiento y prueba.

En SageMaker se ejecuta como trabajo de Processing: lee de /opt/ml/processing/input y escribe en
/opt/ml/processing/train y /opt/ml/processing/test. En local, pase otras carpetas por argumentos.
"""

# --8<-- [start:script]
import argparse
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TARGET = "target"


def preprocess(input_dir: Path, train_dir: Path, test_dir: Path, test_size: float, seed: int) -> dict:
    files = sorted(input_dir.glob("*.csv"))
    if not files:
        raise FileNotFoundError(f"No hay archivos CSV en {input_dir}")
    df = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    if TARGET not in df.columns:
        raise ValueError(f"Falta la columna objetivo {TARGET!r}; columnas: {list(df.columns)}")
    rows_in = len(df)
    df = df.dropna().drop_duplicates()
    # Estratificar mantiene la proporción de cada clase en entrenamiento y en prueba.
    train, test = train_test_split(df, test_size=test_size, random_state=seed, stratify=df[TARGET])
    for folder, part, name in ((train_dir, train, "train.csv"), (test_dir, test, "test.csv")):
        folder.mkdir(parents=True, exist_ok=True)
        part.to_csv(folder / name, index=False)
    return {"filas_entrada": rows_in, "filas_validas": len(df), "train": len(train), "test": len(test)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--input-dir", type=Path, default=Path("/opt/ml/processing/input"))
    parser.add_argument("--train-dir", type=Path, default=Path("/opt/ml/processing/train"))
    parser.add_argument("--test-dir", type=Path, default=Path("/opt/ml/processing/test"))
    parser.add_argument("--test-size", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    print(preprocess(args.input_dir, args.train_dir, args.test_dir, args.test_size, args.seed))
# --8<-- [end:script]
