"""Captura real de JupyterLab 4 con zonas numeradas, para la página «Qué son y su interfaz».

Arranca un JupyterLab local en 127.0.0.1 (sin token, en una carpeta temporal con el notebook de EDA),
lo abre en Chromium sin interfaz, marca cada zona con un número y guarda la captura:

    python tools/jupyterlab_screenshot.py docs/assets/images/jupyterlab.png   (o make screenshot)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.site.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# Número, zona, selector CSS de JupyterLab 4 y dónde va el número dentro de la zona (fracción del ancho
# y del alto, más un desplazamiento en píxeles), en un hueco que no tape nada. La página explica cada número.
AREAS = [
    (1, "Barra de menús", "#jp-menu-panel", 1, 0, 10, 4),
    (2, "Barra lateral izquierda", ".jp-SideBar.jp-mod-left", 0, 1, 6, -40),
    (3, "Explorador de archivos", "#filebrowser", 0.5, 0.5, -12, 0),
    (4, "Pestañas del área de trabajo", ".lm-DockPanel-tabBar", 0.5, 0, 0, 4),
    (5, "Barra de herramientas del notebook", ".jp-NotebookPanel-toolbar", 0.55, 0, 0, 6),
    (6, "Kernel y su estado", ".jp-KernelName", 0, 0, -30, 4),
    (7, "Celdas del notebook", ".jp-Notebook", 0, 0, 6, 4),
    (8, "Barra de estado", "#jp-main-statusbar", 0.45, 0, 0, 0),
]

BADGES_JS = """
(areas) => {
  const missing = [];
  for (const [n, label, selector, fx, fy, dx, dy] of areas) {
    const target = document.querySelector(selector);
    if (!target) { missing.push(selector); continue; }
    const box = target.getBoundingClientRect();
    const badge = document.createElement("div");
    badge.textContent = n;
    badge.title = label;
    Object.assign(badge.style, {
      position: "fixed", left: `${Math.max(2, box.left + fx * box.width + dx)}px`,
      top: `${Math.max(2, box.top + fy * box.height + dy)}px`,
      width: "24px", height: "24px", borderRadius: "12px", background: "#d32f2f", color: "white",
      font: "bold 14px sans-serif", display: "flex", alignItems: "center", justifyContent: "center",
      zIndex: 100000, boxShadow: "0 0 0 2px white",
    });
    document.body.appendChild(badge);
  }
  return missing;
}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def take_screenshot(output: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as workdir:
        shutil.copy(ROOT / "docs/notebooks/eda-ejemplo.ipynb", workdir)
        port = free_port()
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(Path(workdir) / ".jupyter-config")}
        lab = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
             "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
             "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             f"--ServerApp.root_dir={workdir}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline or lab.poll() is not None:
                        raise RuntimeError("JupyterLab no arrancó en 2 minutos")
                    time.sleep(0.5)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="es-ES")
                page.goto(f"http://127.0.0.1:{port}/lab/tree/eda-ejemplo.ipynb")
                page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
                page.wait_for_selector(".jp-KernelName", timeout=60_000)
                page.wait_for_timeout(3000)  # que terminen de pintarse kernel y salidas
                no_news = page.get_by_role("button", name="No")  # aviso de noticias de Jupyter
                if no_news.count():
                    no_news.first.click()
                page.locator(".jp-Notebook .jp-Cell").nth(1).click()  # una celda de código seleccionada
                page.keyboard.press("Escape")  # modo de órdenes, sin cursor
                page.wait_for_timeout(1500)  # que desaparezca el aviso
                missing = page.evaluate(BADGES_JS, AREAS)
                if missing:
                    raise RuntimeError(f"No se encontraron estas zonas de JupyterLab: {missing}")
                output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(output))
                browser.close()
        finally:
            lab.terminate()
            lab.wait(timeout=30)


if __name__ == "__main__":
    take_screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/assets/images/jupyterlab.png"))
