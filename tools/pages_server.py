"""Sirve el sitio construido como lo sirve GitLab Pages: el ``.gz`` precomprimido de cada archivo a los
navegadores que aceptan gzip, y ``404.html`` para lo que no existe. Lo usan las pruebas en navegador y las
mediciones (make bench), para medir lo que recibe un lector y no lo que sirve ``mkdocs serve``.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path

# Los tipos que comprime el trabajo pages de .gitlab-ci.yml.
COMPRESSED = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt")


def gzip_site(site_dir: Path) -> None:
    """Lo mismo que hace el trabajo pages: un .gz junto a cada archivo de texto."""
    for path in list(site_dir.rglob("*")):
        if path.suffix in COMPRESSED:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9))


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirige a la barra final, como GitLab Pages
            path = path / "index.html"
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        else:
            status = 200
        gz = path.with_name(path.name + ".gz")
        compressed = gz.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")
        body = gz if compressed else path
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if compressed:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(body.stat().st_size))
        self.end_headers()
        return body.open("rb")


class PagesServer:
    """Reserva el puerto al crearse (el sitio se construye con ``site_url`` = ``url``) y sirve con ``start``."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.started = False
        handler = functools.partial(PagesHandler, directory=str(site_dir))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def start(self) -> str:
        if not self.started:
            threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
            self.started = True
        return self.url

    def stop(self) -> None:
        if self.started:  # shutdown() espera a serve_forever: sin arrancar, esperaría siempre
            self.httpd.shutdown()
        self.httpd.server_close()
