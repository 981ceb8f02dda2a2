"""Pruebas de snippets/notebooks/lifecycle/autostop.py contra un jupyter_server real.

El comprobador se ejecuta como en la instancia (el mismo archivo, en su propio proceso) contra un
jupyter_server arrancado por la prueba en 127.0.0.1 con token. La llamada que para la instancia llega
a un endpoint HTTP local que anota cada petición: se cuentan las StopNotebookInstance que recibe.
Los plazos son de segundos; las esperas terminan cuando el registro del comprobador muestra lo esperado.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from jupyter_client import BlockingKernelClient

from snippets.notebooks.lifecycle import autostop

CHECKER = Path(__file__).resolve().parents[2] / "snippets/notebooks/lifecycle/autostop.py"
TOKEN = "token-de-prueba"
NAME = "ana-eda"
ARN = f"arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/{NAME}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"no ocurrió: {what}")


HEADERS = {"Authorization": f"token {TOKEN}"}
# Solo la API de Jupyter y los terminales (en la instancia también corre JupyterLab): arranca antes.
ONLY_TERMINALS = {"ServerApp": {"jpserver_extensions": {name: name == "jupyter_server_terminals" for name in (
    "jupyter_server_terminals", "jupyterlab", "jupyterlab_jupytext", "jupyter_lsp", "notebook", "notebook_shim")}}}


@contextmanager
def jupyter_server(port: int, folder: Path):
    """Un jupyter_server real en 127.0.0.1:port con token; sus kernels escriben la conexión en folder/runtime."""
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder / "runtime")}
    config = folder / "jupyter_server_config.json"
    config.write_text(json.dumps(ONLY_TERMINALS))
    log = open(folder / "jupyter.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--allow-root", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}", "--ServerApp.open_browser=False",
         f"--ServerApp.root_dir={folder}", f"--config={config}"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert process.poll() is None, (folder / "jupyter.log").read_text()
        try:
            return requests.get(f"{url}/api/status", headers=HEADERS, timeout=2).ok
        except requests.ConnectionError:
            return False

    try:
        wait_until(up, "jupyter_server responde")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory):
    folder = tmp_path_factory.mktemp("jupyter")
    with jupyter_server(free_port(), folder) as url:
        yield url, folder / "runtime"


@pytest.fixture
def server(jupyter):
    """El servidor compartido, sin kernels ni terminales al empezar y al terminar cada prueba."""
    url, runtime = jupyter

    def clean():
        for kind, key in (("kernels", "id"), ("terminals", "name")):
            for item in requests.get(f"{url}/api/{kind}", headers=HEADERS, timeout=10).json():
                requests.delete(f"{url}/api/{kind}/{item[key]}", headers=HEADERS, timeout=30)

    clean()
    yield url, runtime
    clean()


@pytest.fixture
def sagemaker_endpoint():
    """Endpoint local que responde como SageMaker a StopNotebookInstance y anota cada petición."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"target": self.headers["X-Amz-Target"], "body": json.loads(body),
                             "authorization": self.headers["Authorization"]})
            self.send_response(200)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", received
    httpd.shutdown()


class Checker:
    """autostop.py en su propio proceso, con su registro en un archivo."""

    def __init__(self, tmp_path: Path, endpoint: str, url: str, idle: float, retries: int = 1000):
        metadata = tmp_path / "resource-metadata.json"
        metadata.write_text(json.dumps({"ResourceName": NAME, "ResourceArn": ARN}))
        self.log = tmp_path / "autostop.log"
        env = {**os.environ, "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing",
               "AWS_SECRET_ACCESS_KEY": "testing", "JUPYTER_TOKEN": TOKEN}
        env.pop("AWS_PROFILE", None)
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(CHECKER), "--url", url, "--idle-seconds", str(idle), "--every", "0.1",
                 "--retries", str(retries), "--metadata", str(metadata)],
                env=env, stdout=out, stderr=subprocess.STDOUT,
            )

    def lines(self, word: str = "inactiva") -> list[str]:
        return [line for line in self.log.read_text().splitlines() if word in line]

    def wait_for_checks(self, count: int = 1) -> list[str]:
        return wait_until(lambda: len(self.lines()) >= count and self.lines(), f"{count} comprobaciones")

    def wait_past(self, moment: float) -> str:
        """La primera comprobación hecha después de moment (time.monotonic())."""
        wait_until(lambda: time.monotonic() > moment, "el momento")
        before = len(self.lines())
        return wait_until(lambda: len(self.lines()) > before and self.lines()[-1], "otra comprobación")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.wait(timeout=30)


@pytest.fixture
def checkers():
    started = []
    yield started
    for checker in started:
        checker.stop()


def stops(received) -> list[dict]:
    return [r for r in received if r["target"] == "SageMaker.StopNotebookInstance"]


def test_a_fresh_instance_without_kernels_is_not_stopped_within_the_limit(server, sagemaker_endpoint, tmp_path, checkers):
    # Antes, sin sesiones la inactividad era infinita: la primera comprobación paraba la instancia.
    url, _ = server
    endpoint, received = sagemaker_endpoint
    checker = Checker(tmp_path, endpoint, url, idle=60)
    checkers.append(checker)
    lines = checker.wait_for_checks(5)
    assert checker.process.poll() is None, checker.log.read_text()
    assert stops(received) == []
    assert "0 kernels, 0 terminales" in lines[-1]


def test_a_busy_kernel_keeps_the_instance_running(server, sagemaker_endpoint, tmp_path, checkers):
    url, runtime = server
    endpoint, received = sagemaker_endpoint
    kernel = requests.post(f"{url}/api/kernels", headers=HEADERS, timeout=30).json()
    client = BlockingKernelClient(connection_file=str(runtime / f"kernel-{kernel['id']}.json"))
    client.load_connection_file()
    client.start_channels()
    try:
        # Con la máquina cargada, los mensajes de estado que el kernel emite antes de que el servidor escuche
        # su iopub se pierden (el servidor se queda en «starting») y un execute enviado entonces deja su «busy»
        # sin ver. Cada kernel_info hace que el kernel vuelva a emitir busy/idle: se repite hasta que el
        # servidor lo vea en reposo.
        client.wait_for_ready(timeout=120)

        def server_sees_idle() -> bool:
            state = requests.get(f"{url}/api/kernels/{kernel['id']}", headers=HEADERS, timeout=10).json()
            if state["execution_state"] != "idle":
                client.kernel_info()
                time.sleep(0.5)
            return state["execution_state"] == "idle"

        wait_until(server_sees_idle, "el servidor ve el kernel en reposo", timeout=120)
        client.execute("import time; time.sleep(600)")  # una celda larga: el kernel no emite nada
        wait_until(lambda: requests.get(f"{url}/api/kernels/{kernel['id']}", headers=HEADERS, timeout=10)
                   .json()["execution_state"] == "busy", "kernel ocupado")
        checker = Checker(tmp_path, endpoint, url, idle=1)
        checkers.append(checker)
        checker.wait_for_checks(1)
        last = checker.wait_past(time.monotonic() + 1.5)  # más allá del límite desde que arrancó
        assert checker.process.poll() is None, checker.log.read_text()
        assert stops(received) == []
        assert "inactiva 0 s" in last and "1 kernels" in last
    finally:
        client.stop_channels()


def test_an_open_terminal_with_recent_activity_is_not_idle(server, sagemaker_endpoint, tmp_path, checkers):
    url, _ = server
    endpoint, received = sagemaker_endpoint
    checker = Checker(tmp_path, endpoint, url, idle=4)
    checkers.append(checker)
    checker.wait_for_checks(1)
    first = time.monotonic()  # el comprobador empezó a contar antes de esto
    checker.wait_past(first + 2)
    requests.post(f"{url}/api/terminals", headers=HEADERS, timeout=30).raise_for_status()
    last = checker.wait_past(first + 4.5)  # sin contar el terminal, ya llevaría más de 4 s inactiva
    assert checker.process.poll() is None, checker.log.read_text()
    assert stops(received) == []
    assert "1 terminales" in last


def test_idle_past_the_limit_stops_the_instance_exactly_once(server, sagemaker_endpoint, tmp_path, checkers):
    url, _ = server
    endpoint, received = sagemaker_endpoint
    requests.post(f"{url}/api/kernels", headers=HEADERS, timeout=30).raise_for_status()  # abierto pero sin uso
    checker = Checker(tmp_path, endpoint, url, idle=1)
    checkers.append(checker)
    assert checker.process.wait(timeout=60) == 0, checker.log.read_text()
    assert [r["body"] for r in stops(received)] == [{"NotebookInstanceName": NAME}]
    assert len(received) == 1
    assert "/eu-west-1/sagemaker/" in received[0]["authorization"]  # la región del ARN de los metadatos
    assert f"Parando la notebook instance {NAME}" in checker.log.read_text()


def test_waits_for_jupyter_to_start_and_then_checks(sagemaker_endpoint, tmp_path, checkers):
    endpoint, received = sagemaker_endpoint
    port = free_port()
    checker = Checker(tmp_path, endpoint, f"http://127.0.0.1:{port}", idle=60)
    checkers.append(checker)
    wait_until(lambda: checker.lines("Jupyter no responde (intento 2"), "dos reintentos en el registro")
    assert checker.process.poll() is None
    with jupyter_server(port, tmp_path):
        checker.wait_for_checks(1)
    assert checker.process.poll() is None, checker.log.read_text()
    assert stops(received) == []


def test_gives_up_with_a_logged_error_if_jupyter_never_answers(sagemaker_endpoint, tmp_path):
    endpoint, received = sagemaker_endpoint
    checker = Checker(tmp_path, endpoint, f"http://127.0.0.1:{free_port()}", idle=60, retries=3)
    assert checker.process.wait(timeout=60) == 1
    log = checker.log.read_text()
    assert "Jupyter no responde tras 3 intentos" in log and "NO se parará sola" in log
    assert received == []


def test_idle_time_counts_kernels_terminals_and_the_start():
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    start = now - timedelta(minutes=10)
    kernel = lambda state, when: {"execution_state": state, "last_activity": when}  # noqa: E731
    terminal = lambda when: {"name": "1", "last_activity": when}  # noqa: E731
    assert autostop.idle_seconds([], [], start, now) == 600
    assert autostop.idle_seconds([kernel("idle", "2026-11-25T09:00:00.000000Z")], [], start, now) == 600
    assert autostop.idle_seconds([kernel("idle", "2026-11-25T11:55:00.000000Z")], [], start, now) == 300
    assert autostop.idle_seconds([], [terminal("2026-11-25T11:58:00Z")], start, now) == 120
    assert autostop.idle_seconds([kernel("busy", "2026-11-25T09:00:00Z")], [], now - timedelta(days=1), now) == 0


def test_the_on_start_script_installs_the_checker_and_starts_it_with_a_python_that_has_boto3(tmp_path):
    """El script OnStart tal cual, con /home/ec2-user dentro de tmp_path: el Python de Jupyter (aquí, el de
    las pruebas) tiene boto3, así que lo elige y deja el comprobador corriendo con su registro."""
    from snippets.notebooks import lifecycle_config

    home = tmp_path / "ec2-user"
    jupyter_python = home / "anaconda3/envs/JupyterSystemEnv/bin/python"
    jupyter_python.parent.mkdir(parents=True)
    jupyter_python.symlink_to(sys.executable)
    script = lifecycle_config.autostop_script(60, CHECKER.parent).replace("/home/ec2-user", str(home))
    (tmp_path / "on-start.sh").write_text(script)
    result = subprocess.run(["bash", str(tmp_path / "on-start.sh")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"Apagado automático activo con {jupyter_python}" in result.stdout
    assert (home / ".autostop/autostop.py").read_text() == CHECKER.read_text()
    # Fuera de una instancia no hay metadatos: el comprobador termina, y lo dice en su registro.
    log = home / ".autostop/autostop.log"
    wait_until(lambda: log.exists() and "No se puede leer la instancia en /opt/ml/metadata/resource-metadata.json"
               in log.read_text(), "el error en el registro")
