"""Mediciones del manual (make bench). Los objetivos se comprueban aquí, nunca en una prueba con tiempos.

Imprime: construcción estricta en frío y en caliente, duración y memoria máxima de las pruebas, bytes que
el navegador transfiere en la primera visita a cada página y tiempo desde un .venv vacío hasta la primera página.
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.pages_server import gzip_site  # noqa: E402
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TARGETS = {"warm_build_s": 5.0, "suite_s": 180.0, "page_kb": 400.0}


TARGETS["build_ratio"] = 1.5


def build(mkdocs: str, site_dir: Path, cache: Path, cwd: Path = ROOT) -> float:
    """Una construcción estricta con las cachés de tools/build_speed_hook.py en cache."""
    start = time.perf_counter()
    subprocess.run([mkdocs, "build", "--strict", "-q", "-d", str(site_dir)], cwd=cwd,
                   env={**ENV, "HANDBOOK_BUILD_CACHE": str(cache)}, check=True)
    return time.perf_counter() - start


def measure_builds(mkdocs: str, tmp: Path) -> tuple[float, float]:
    """Como make build: el entorno solo del sitio (.venv-docs), sin la comprobación de enlaces de las pruebas.
    En frío, sin cachés; en caliente, con las que dejó la anterior."""
    cold = build(mkdocs, tmp / "site", tmp / "cache-build")
    warm = statistics.median(build(mkdocs, tmp / "site", tmp / "cache-build") for _ in range(3))
    return cold, warm


def children_cpu() -> float:
    """Segundos de CPU (usuario + sistema) de los procesos hijos ya terminados."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bare_material_ratio(mkdocs: str, tmp: Path, runs: int = 7) -> dict[str, float]:
    """El manual frente a un sitio de Material sin nada más, con las mismas páginas, en pares alternos (mediana
    de ``runs``): cuánto cuestan las extensiones, los fragmentos incluidos y las plantillas propias.

    El manual, en caliente (con las cachés de la construcción anterior, como en cada recarga de make serve)
    y en frío (sin cachés). Además del tiempo de reloj da el de CPU de cada construcción: con los dos núcleos
    compartidos por otros procesos, el de reloj sube con la carga de la máquina y el de CPU apenas cambia."""
    bare = tmp / "bare"
    shutil.copytree(ROOT / "docs", bare / "docs", ignore=shutil.ignore_patterns("assets"))
    pages = sorted(p.relative_to(bare / "docs").as_posix() for p in (bare / "docs").rglob("*.md"))
    (bare / "mkdocs.yml").write_text(
        "site_name: Material sin más\ntheme:\n  name: material\n  language: es\n"
        + "nav:\n" + "".join(f"  - {page}\n" for page in pages),
        encoding="utf-8",
    )
    times: dict[str, list[float]] = {key: [] for key in ("ours", "bare", "cold", "ours_cpu", "bare_cpu", "cold_cpu")}
    build(mkdocs, tmp / "site-ours", tmp / "cache-warm")  # llena las cachés
    for run in range(runs):
        for key, cache in (("ours", tmp / "cache-warm"), ("cold", tmp / f"cache-cold-{run}")):
            cpu = children_cpu()
            times[key].append(build(mkdocs, tmp / "site-ours", cache))
            times[f"{key}_cpu"].append(children_cpu() - cpu)
        cpu, start = children_cpu(), time.perf_counter()
        subprocess.run([mkdocs, "build", "-q", "-d", str(tmp / "site-bare")], cwd=bare, env=ENV, check=True)
        times["bare"].append(time.perf_counter() - start)
        times["bare_cpu"].append(children_cpu() - cpu)
    return {"pages": len(pages), **{key: statistics.median(values) for key, values in times.items()}}


def run_with_peak_memory(cmd: list[str]) -> tuple[float, float, int]:
    """Duración, memoria máxima (suma del RSS de todo el árbol de procesos, Java incluido) y código."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.2)
    return time.perf_counter() - start, peak / 2**20, proc.returncode


def page_weights(mkdocs: str) -> list[tuple[str, float, int]]:
    """Bytes que transfiere el navegador en la primera visita a cada página (caché vacía), con el sitio
    construido para la dirección en que se sirve y servido como GitLab Pages (los .gz precomprimidos):
    así la navegación instantánea está activa, como la reciben los lectores. Hasta que la red queda
    en reposo: lo que se carga después de una acción del lector (plotly.js) no cuenta."""
    from playwright.sync_api import sync_playwright

    from tests.site.conftest import CHROMIUM, CHROMIUM_ARGS
    from tools.pages_server import PagesServer

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        server = PagesServer(Path(tmp))
        subprocess.run([mkdocs, "build", "--strict", "-q", "-d", tmp], cwd=ROOT,
                       env={**ENV, "CI_PAGES_URL": server.url}, check=True)
        gzip_site(Path(tmp))
        url = server.start()
        paths = sorted(html.parent.relative_to(tmp).as_posix() for html in Path(tmp).rglob("index.html")
                       if html.parent.name not in {"search", "404"})
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path in paths:
                context = browser.new_context()  # caché vacía: la primera visita
                page = context.new_page()
                sizes: list[int] = []

                def finished(request, sizes=sizes) -> None:
                    s = request.sizes()
                    sizes.append(s["responseBodySize"] + s["responseHeadersSize"])

                page.on("requestfinished", finished)
                page.goto(url if path == "." else f"{url}{path}/")
                page.wait_for_load_state("networkidle")
                context.close()
                rows.append(("/" if path == "." else f"/{path}/", sum(sizes) / 1024, len(sizes)))
            browser.close()
        server.stop()
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_to_first_page() -> tuple[float, float]:
    """Desde un entorno virtual vacío, como make serve la primera vez: instalar requirements-docs.txt y servir hasta la primera respuesta."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / ".venv"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [venv / "bin/python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "-r", ROOT / "requirements-docs.txt"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        installed = time.perf_counter() - start
        port = free_port()
        server = subprocess.Popen(
            [venv / "bin/mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as r:
                        if r.status == 200:
                            break
                except OSError:
                    if time.perf_counter() - start > 600:
                        raise TimeoutError("mkdocs serve no respondió en 10 minutos")
                    time.sleep(0.2)
            return installed, time.perf_counter() - start
        finally:
            server.terminate()
            server.wait()


def ratio_rows(r: dict[str, float]) -> list[tuple[str, str, str]]:
    """Las filas de la comparación con Material sin más: en tiempo de reloj y en tiempo de CPU, en caliente
    (el objetivo) y en frío."""
    target = f"<= {TARGETS['build_ratio']}x"
    return [
        (f"Frente a Material sin más, {r['pages']} páginas, reloj (medianas de 7: {r['ours']:.2f} s / {r['bare']:.2f} s)",
         f"{r['ours'] / r['bare']:.2f}x", target),
        (f"Frente a Material sin más, CPU (medianas de 7: {r['ours_cpu']:.2f} s / {r['bare_cpu']:.2f} s)",
         f"{r['ours_cpu'] / r['bare_cpu']:.2f}x", target),
        (f"Ídem sin cachés (en frío), CPU (medianas de 7: {r['cold_cpu']:.2f} s / {r['bare_cpu']:.2f} s)",
         f"{r['cold_cpu'] / r['bare_cpu']:.2f}x", ""),
    ]


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--mkdocs", default=str(ROOT / ".venv-docs/bin/mkdocs"))
    parser.add_argument("--pesos", action="store_true", help="solo la tabla de pesos de las páginas")
    parser.add_argument("--construccion", action="store_true",
                        help="solo la construcción frente a Material sin más")
    args = parser.parse_args()
    if args.construccion:
        with tempfile.TemporaryDirectory() as tmp:
            for name, value, target in ratio_rows(bare_material_ratio(args.mkdocs, Path(tmp))):
                print(f"{name}  {value}  {target}")
        return
    if args.pesos:
        print_page_weights(page_weights(args.mkdocs))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cold, warm = measure_builds(args.mkdocs, Path(tmp))
        rows.append(("Construcción estricta en frío", f"{cold:.2f} s", ""))
        rows.append(("Construcción estricta en caliente (mediana de 3)", f"{warm:.2f} s",
                     f"< {TARGETS['warm_build_s']:.0f} s"))
        rows.extend(ratio_rows(bare_material_ratio(args.mkdocs, Path(tmp))))
    seconds, peak_mb, code = run_with_peak_memory([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"])
    rows.append((f"Pruebas completas (código de salida {code})", f"{seconds:.1f} s", f"< {TARGETS['suite_s']:.0f} s"))
    rows.append(("Memoria máxima de las pruebas (RSS del árbol de procesos)", f"{peak_mb:.0f} MB", ""))
    installed, served = time_to_first_page()
    rows.append(("De un entorno vacío a requirements-docs.txt instalado (caché de pip)", f"{installed:.1f} s", ""))
    rows.append(("De un entorno vacío a la primera página servida", f"{served:.1f} s", ""))

    weights = page_weights(args.mkdocs)
    heaviest = max(weights, key=lambda row: row[1])
    rows.append((f"Página más pesada en la primera visita ({heaviest[0]})", f"{heaviest[1]:.0f} KB",
                 f"< {TARGETS['page_kb']:.0f} KB"))

    width = max(len(r[0]) for r in rows)
    print(f"{'Medida':<{width}}  {'Valor':>10}  Objetivo")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>10}  {target}")
    print_page_weights(weights)


def print_page_weights(weights: list[tuple[str, float, int]]) -> None:
    """La tabla de pesos: cada página, lo que transfiere en la primera visita (gzip) y su objetivo."""
    width = max(len(path) for path, _, _ in weights)
    print(f"\n{'Página (primera visita, gzip)':<{width}}  {'KB':>6}  {'Peticiones':>10}  Objetivo")
    for path, kb, count in weights:
        mark = "sí" if kb < TARGETS["page_kb"] else "NO"
        print(f"{path:<{width}}  {kb:>6.0f}  {count:>10}  < {TARGETS['page_kb']:.0f} KB: {mark}")


if __name__ == "__main__":
    main()
