"""Tipos de instancia para notebooks: especificaciones y el gráfico que las compara."""

from __future__ import annotations

from pathlib import Path

# --8<-- [start:specs]
# (tipo, vCPU, memoria en GiB, GPU, uso). Compruebe disponibilidad y precio en su región.
INSTANCE_TYPES = {
    "Uso general, ráfagas": [
        ("ml.t3.medium", 2, 4, "", "Por defecto en Studio: explorar, editar, lanzar trabajos"),
        ("ml.t3.large", 2, 8, "", "Lo mismo con pandas de tamaño medio"),
        ("ml.t3.xlarge", 4, 16, "", "Exploración con algo de cálculo"),
    ],
    "Uso general": [
        ("ml.m6i.large", 2, 8, "", "Trabajo sostenido pequeño (la t3 se queda sin créditos)"),
        ("ml.m6i.xlarge", 4, 16, "", "pandas y scikit-learn con datos medianos"),
        ("ml.m6i.2xlarge", 8, 32, "", "Entrenar modelos clásicos en local"),
        ("ml.m5.4xlarge", 16, 64, "", "Datos que caben en memoria pero no en una t3"),
    ],
    "Cálculo": [
        ("ml.c6i.xlarge", 4, 8, "", "Cálculo intensivo con poca memoria"),
        ("ml.c6i.4xlarge", 16, 32, "", "Búsqueda de hiperparámetros en paralelo"),
        ("ml.c5.9xlarge", 36, 72, "", "Muchos núcleos para cálculo paralelo"),
    ],
    "Memoria": [
        ("ml.r6i.xlarge", 4, 32, "", "DataFrames grandes en pandas"),
        ("ml.r6i.4xlarge", 16, 128, "", "Conjuntos enteros en memoria"),
    ],
    "GPU": [
        ("ml.g4dn.xlarge", 4, 16, "1 NVIDIA T4 (16 GB)", "Por defecto para GPU en Studio; inferencia y prototipos"),
        ("ml.g5.xlarge", 4, 16, "1 NVIDIA A10G (24 GB)", "Entrenar y ajustar modelos medianos"),
        ("ml.g6.xlarge", 4, 16, "1 NVIDIA L4 (24 GB)", "Alternativa actual a g4dn, más memoria de GPU"),
        ("ml.g5.12xlarge", 48, 192, "4 NVIDIA A10G (96 GB)", "Entrenamiento con varias GPU"),
    ],
}
PREVIOUS_GENERATION = [
    ("ml.t2.medium", 2, 4, "", "Sustitúyala por ml.t3.medium"),
    ("ml.m4.xlarge", 4, 16, "", "Sustitúyala por ml.m6i.xlarge o ml.m5.xlarge"),
    ("ml.p2.xlarge", 4, 61, "1 NVIDIA K80 (12 GB)", "Retirada de los ejemplos y contenedores de AWS: use g4dn, g5 o g6"),
]
# --8<-- [end:specs]

# Precios indicativos de notebook instances bajo demanda, en USD por hora, en us-east-1 (Norte de
# Virginia), según la lista de precios pública de AWS (AmazonSageMaker) publicada el 2026-09-24.
# Cambian con la región y con el tiempo: los actuales, con notebook_prices() de costs.py.
PRICES_DATE, PRICES_REGION = "2026-09-24", "us-east-1"
INDICATIVE_PRICES = {
    "ml.t3.medium": 0.05, "ml.m5.4xlarge": 0.922, "ml.r6i.4xlarge": 1.21,
    "ml.g4dn.xlarge": 0.736, "ml.g5.xlarge": 1.41, "ml.g6.xlarge": 1.127,
}


# --8<-- [start:chart]
import matplotlib.pyplot as plt
from matplotlib.figure import Figure


def plot_instance_specs(path: str | None = None) -> Figure:
    """Dibuja vCPU frente a memoria de cada tipo actual, con un color por familia; con path, la guarda en SVG."""
    fig, ax = plt.subplots(figsize=(8, 5))
    for (family, rows), marker in zip(INSTANCE_TYPES.items(), "os^Dv"):
        ax.scatter([r[1] for r in rows], [r[2] for r in rows], s=70, marker=marker, label=family)
        for name, vcpu, mem, gpu, _ in rows:
            ax.annotate(name.removeprefix("ml.") + (" (GPU)" if gpu else ""), (vcpu, mem),
                        textcoords="offset points", xytext=(6, 4), fontsize=7)
    ax.set(xscale="log", yscale="log", xlabel="vCPU", ylabel="Memoria (GiB)",
           title="Tipos de instancia para notebooks")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    if path:
        fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)  # la figura se devuelve: el notebook la muestra una sola vez
    return fig
# --8<-- [end:chart]


def markdown_table() -> str:
    """La tabla de la página «Instancias y costes», generada de los mismos datos que el gráfico."""
    lines = ["| Familia | Tipo | vCPU | Memoria (GiB) | GPU | USD/hora* | Para qué |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    groups = [*INSTANCE_TYPES.items(), ("Generación anterior (no usar)", PREVIOUS_GENERATION)]
    for family, rows in groups:
        for name, vcpu, mem, gpu, use in rows:
            price = f"{INDICATIVE_PRICES[name]:.3f}" if name in INDICATIVE_PRICES else "—"
            lines.append(f"| {family} | `{name}` | {vcpu} | {mem} | {gpu or '—'} | {price} | {use} |")
    return "\n".join(lines) + "\n"


def write_site_chart(path: str) -> None:
    """El SVG de la página: los mismos bytes en cada ejecución (identificadores internos del SVG fijos)."""
    with plt.rc_context({"svg.hashsalt": "manual-ml"}):
        plot_instance_specs(path)


GENERATED = {"docs/assets/images/instancias.svg": write_site_chart,
             "snippets/notebooks/instance_types.md": lambda path: Path(path).write_text(markdown_table())}

if __name__ == "__main__":
    # --8<-- [start:uso-chart]
    plot_instance_specs()
    # --8<-- [end:uso-chart]
    for target, write in GENERATED.items():
        write(target)
