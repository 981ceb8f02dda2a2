"""Los datos en bruto del proyecto de ejemplo: el conjunto de cáncer de mama de scikit-learn.

Viene dentro de scikit-learn (no se descarga nada): 569 filas, 30 características numéricas y una
clase binaria. En un proyecto real, los datos en bruto están en S3 y no se modifican nunca.
"""

# --8<-- [start:raw]
from pathlib import Path

from sklearn.datasets import load_breast_cancer


def write_raw_data(folder: Path) -> Path:
    """Escribe el conjunto como CSV, con la columna objetivo «target» (1 = benigno)."""
    df = load_breast_cancer(as_frame=True).frame
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "breast_cancer.csv"
    df.to_csv(path, index=False)
    return path
# --8<-- [end:raw]


if __name__ == "__main__":
    # --8<-- [start:uso-raw]
    import pandas as pd

    raw = write_raw_data(Path("datos/raw"))
    df = pd.read_csv(raw)
    print(f"{raw}: {len(df)} filas, {df.shape[1] - 1} características y la columna «target»")
    print(df["target"].map({0: "maligno", 1: "benigno"}).value_counts().to_string())
    # --8<-- [end:uso-raw]
