"""Genera snippets/aws/hudi_results.md: los resultados que muestra la página de Hudi, leídos de tablas reales.

Las tablas de ejemplo son las del proyecto Apache Hudi (hudi-rs, datos de prueba, licencia Apache 2.0),
comprimidas en ``../shared/hudi/``. Para regenerar el archivo tras cambiar este módulo o las tablas:

    python -m snippets.aws.hudi_results ../shared/hudi > snippets/aws/hudi_results.md

Una prueba lo regenera y falla si el archivo guardado no coincide.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

import pyarrow.parquet as pq

from snippets.aws.hudi import file_slices, read_optimized, read_snapshot, timeline

TABLES = {
    "cow": "sample_table_cow_v6_nonpartitioned.zip",
    "mor": "sample_table_mor_parquet_v6_nonpartitioned.zip",
    "update": "quickstart_trips_table_mor_avro_v6_trips_8i1u.zip",
    "delete": "quickstart_trips_table_mor_avro_v6_trips_8i3d.zip",
}


def unzip_table(zip_path: Path, dest: Path) -> Path:
    """Extrae un zip con una tabla (sin las entradas ``__MACOSX/``) y devuelve la carpeta de la tabla."""
    with zipfile.ZipFile(zip_path) as archive:
        names = [n for n in archive.namelist() if not n.startswith("__MACOSX/")]
        archive.extractall(dest, members=names)
    (table,) = {n.split("/")[0] for n in names}
    return (dest / table).resolve()


def extract_all(shared_dir: Path, dest: Path) -> dict[str, str]:
    return {key: str(unzip_table(shared_dir / name, dest / key)) for key, name in TABLES.items()}


def plain_parquet_rows(table_path: str) -> int:
    """Filas que ve quien lee la carpeta como Parquet normal, sin Hudi (todas las versiones)."""
    files = [p for p in Path(table_path).rglob("*.parquet") if ".hoodie" not in p.parts]
    return sum(pq.read_metadata(p).num_rows for p in files)


def render(paths: dict[str, str]) -> str:
    def fare(df) -> float:
        return float(df.loc[df["rider"] == "rider-D", "fare"].iloc[0])

    def active(df) -> str:
        return "`true`" if bool(df.loc[df["id"] == 1, "isActive"].iloc[0]) else "`false`"

    update_snap, update_ro = read_snapshot(paths["update"]), read_optimized(paths["update"])
    delete_snap, delete_ro = read_snapshot(paths["delete"]), read_optimized(paths["delete"])
    rows = [
        "| Tabla Merge-on-Read | Consulta *snapshot* | Consulta *read-optimized* |",
        "| --- | --- | --- |",
        f"| Tras `UPDATE ... SET fare = 25.0 WHERE rider = 'rider-D'`: tarifa de rider-D "
        f"| {fare(update_snap):.2f} | {fare(update_ro):.2f} |",
        f"| Tras `DELETE ... WHERE rider IN ('rider-A', 'rider-C', 'rider-D')`: filas "
        f"| {len(delete_snap)} | {len(delete_ro)} |",
        "",
        "| Tabla de 4 claves tras dos escrituras | Copy-on-Write | Merge-on-Read |",
        "| --- | --- | --- |",
    ]
    cow_tl, mor_tl = timeline(paths["cow"]), timeline(paths["mor"])
    cow_fs, mor_fs = file_slices(paths["cow"]), file_slices(paths["mor"])
    rows += [
        f"| Acciones en la *timeline* | {', '.join(a for _, a in cow_tl)} | {', '.join(a for _, a in mor_tl)} |",
        f"| Archivos de log sin compactar | {sum(len(s['logs']) for s in cow_fs)} "
        f"| {sum(len(s['logs']) for s in mor_fs)} |",
        f"| Filas de la consulta *snapshot* | {len(read_snapshot(paths['cow']))} "
        f"| {len(read_snapshot(paths['mor']))} |",
        f"| Filas de la consulta *read-optimized* | {len(read_optimized(paths['cow']))} "
        f"| {len(read_optimized(paths['mor']))} |",
        f"| `isActive` de la clave 1 (cambió a `false`) en *snapshot* | {active(read_snapshot(paths['cow']))} "
        f"| {active(read_snapshot(paths['mor']))} |",
        f"| `isActive` de la clave 1 en *read-optimized* | {active(read_optimized(paths['cow']))} "
        f"| {active(read_optimized(paths['mor']))} |",
        f"| Filas al leer la carpeta como Parquet, sin Hudi | {plain_parquet_rows(paths['cow'])} "
        f"| {plain_parquet_rows(paths['mor'])} |",
    ]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        sys.stdout.write(render(extract_all(Path(sys.argv[1]), Path(tmp))))
