"""Dibuja los diagramas de Mermaid del manual como SVG, una vez, al generar los archivos del sitio.

Cada diagrama es un archivo ``NOMBRE.mmd`` (en ``docs/assets/diagrams/``, o el del pipeline de ejemplo que
escribe ``snippets/proyecto_ml/pipeline/graph.py``) y su dibujo, ``NOMBRE.svg``, va al lado. La página
incluye el SVG dentro de su HTML: el texto del diagrama es texto (se busca y se selecciona), toma los
colores del tema claro u oscuro y el sitio no carga Mermaid.

El dibujo lo hace el propio Mermaid (``tools/vendor/mermaid.min.js``) en Chromium sin interfaz. El SVG
guarda el sha256 de su fuente y de la configuración: las pruebas fallan si no coincide.

    python -m tools.diagrams           # dibuja los diagramas que han cambiado
    python -m tools.diagrams --check   # falla si algún SVG no corresponde a su fuente
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MERMAID = ROOT / "tools" / "vendor" / "mermaid.min.js"
SOURCES = [*sorted((ROOT / "docs" / "assets" / "diagrams").glob("*.mmd")), ROOT / "snippets/proyecto_ml/pipeline/pipeline.mmd"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# La familia de letra del sitio (Material con font: false): Mermaid mide el texto con ella.
FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
# Los colores salen de las variables que Material define para Mermaid en cada esquema (claro y oscuro);
# el segundo valor de cada var() es el del SVG abierto fuera del sitio.
THEME_CSS = """
text, .label text, .nodeLabel { fill: var(--md-mermaid-label-fg-color, #333); }
.node rect, .node circle, .node ellipse, .node polygon, .node path {
  fill: var(--md-mermaid-node-bg-color, #eef0fb); stroke: var(--md-mermaid-node-fg-color, #526cfe);
}
.cluster rect { fill: var(--md-default-fg-color--lightest, #f5f5f5); stroke: var(--md-default-fg-color--lighter, #ccc); }
.cluster text, .cluster-label text { fill: var(--md-mermaid-label-fg-color, #333); }
.edgePath .path, .flowchart-link { stroke: var(--md-mermaid-edge-color, #36464e); }
marker, marker path { fill: var(--md-mermaid-edge-color, #36464e) !important; stroke: none !important; }
.edgeLabel rect, .edgeLabel .background, .labelBkg { fill: var(--md-mermaid-label-bg-color, #fff); opacity: 1; }
.edgeLabel text { fill: var(--md-mermaid-edge-color, #36464e); }
"""
CONFIG = {
    "startOnLoad": False,
    "theme": "base",
    "fontFamily": FONT,
    "themeCSS": THEME_CSS,
    "htmlLabels": False,
    "flowchart": {"htmlLabels": False, "useMaxWidth": True, "padding": 12, "nodeSpacing": 30, "rankSpacing": 40},
    "securityLevel": "strict",
}


def digest(source: str) -> str:
    """Huella de lo que determina el dibujo: la fuente, la configuración y la versión de Mermaid."""
    parts = [source, json.dumps(CONFIG, sort_keys=True), hashlib.sha256(MERMAID.read_bytes()).hexdigest()]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def svg_path(source: Path) -> Path:
    return source.with_suffix(".svg")


def recorded_digest(svg: Path) -> str | None:
    match = svg.is_file() and re.search(r'data-source-sha256="([0-9a-f]{64})"', svg.read_text(encoding="utf-8"))
    return match[1] if match else None


def stale(sources: list[Path] = SOURCES) -> list[Path]:
    """Las fuentes cuyo SVG falta o se dibujó con otra fuente, configuración o versión de Mermaid."""
    return [src for src in sources if recorded_digest(svg_path(src)) != digest(src.read_text(encoding="utf-8"))]


def finish(svg: str, source: Path, sha: str) -> str:
    """El SVG de Mermaid, listo para incluirlo en una página."""
    if "<title" not in svg:
        raise ValueError(f"{source.relative_to(ROOT)}: falta «accTitle:», el texto alternativo del diagrama")
    rel = source.relative_to(ROOT).as_posix()
    svg = svg.replace("<svg ", f'<svg data-source="{rel}" data-source-sha256="{sha}" ', 1)
    # Coordenadas con dos decimales: las formas de Mermaid (rombos, cilindros) llevan cientos de puntos.
    svg = re.sub(r"(\d\.\d\d)\d+", r"\1", svg)
    # Una sola línea: Markdown no corta el bloque de HTML y la página lo inserta tal cual.
    return re.sub(r"\s*\n\s*", " ", svg).strip() + "\n"


def render(sources: list[Path]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        browser = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        )
        page = browser.new_page()
        page.set_content(f'<!doctype html><html lang="es"><body style="font-family: {FONT}"></body></html>')
        page.add_script_tag(path=str(MERMAID))
        page.evaluate("config => mermaid.initialize(config)", CONFIG)
        for source in sources:
            text = source.read_text(encoding="utf-8")
            svg = page.evaluate(
                "async ([id, text]) => (await mermaid.render(id, text)).svg",
                [f"diagrama-{source.stem}", text],
            )
            svg_path(source).write_text(finish(svg, source, digest(text)), encoding="utf-8")
            print(f"{svg_path(source).relative_to(ROOT)}")
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="falla si algún SVG no corresponde a su fuente")
    parser.add_argument("--all", action="store_true", help="vuelve a dibujar todos los diagramas")
    args = parser.parse_args(argv)
    pending = SOURCES if args.all else stale()
    if args.check:
        for source in pending:
            print(f"{svg_path(source).relative_to(ROOT)} no corresponde a su fuente: ejecute make generated")
        return 1 if pending else 0
    if pending:
        render(pending)
    return 0


if __name__ == "__main__":
    sys.exit(main())
