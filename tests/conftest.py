"""Fixtures compartidas: el endpoint local de AWS (moto), Spark local y los requisitos del sistema.

Con HANDBOOK_AWS_SANDBOX=1 (``make test-aws``) solo se ejecutan las pruebas de AWS, contra el endpoint y las
credenciales del entorno y en una cuenta marcada como sandbox (tests/sandbox.py)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest
import requests
from botocore.exceptions import ClientError

from tests import sandbox

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SANDBOX_HEADER = pytest.StashKey[str]()
SHARED_HUDI = Path(__file__).resolve().parents[1].parent / "shared" / "hudi"


def java_major() -> int | None:
    java = shutil.which("java")
    if not java:
        return None
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)', out)
    return int(match.group(1)) if match else None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "moto_only(reason): necesita la API propia de moto (/moto-api); "
                            "en modo sandbox se omite con ese motivo")
    config.addinivalue_line("markers", "moto_extra(operation): usa una operación de AWS que moto no tiene "
                            "(tests/moto_extras.py); en modo sandbox, contra un endpoint local, se omite")
    config.addinivalue_line("markers", "aws_managed_policies: necesita las políticas gestionadas de AWS "
                            "(AmazonSageMakerFullAccess...) en el endpoint local")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Falla al empezar, y dice cómo arreglarlo, si falta algo del sistema."""
    if sandbox.SANDBOX:
        # Antes de crear nada: solo en la cuenta que MANUAL_ML_SANDBOX_ACCOUNT marca como sandbox.
        os.environ["AWS_DEFAULT_REGION"] = sandbox.REGION
        try:
            account = sandbox.check_sandbox_account()
        except Exception as error:  # noqa: BLE001 - sin credenciales válidas tampoco se empieza
            pytest.exit(f"make test-aws no empieza: {error}", returncode=4)
        endpoint = os.environ.get("AWS_ENDPOINT_URL") or "AWS"
        session.config.stash[SANDBOX_HEADER] = (
            f"modo sandbox: cuenta {account}, {endpoint}, región {sandbox.REGION}, ejecución {sandbox.RUN_ID}")
        return  # solo pruebas de AWS: ni Java ni Chromium
    missing = []
    major = java_major()
    if major is None or major < 17:
        missing.append(
            "Java 17 o superior (Spark 4 lo necesita): sudo apt-get install openjdk-17-jre-headless"
        )
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(
            f"Chromium en {CHROMIUM} (pruebas en navegador): sudo apt-get install chromium, "
            "o indique otra ruta con la variable CHROMIUM"
        )
    if missing:
        pytest.exit("Faltan requisitos del sistema:\n  - " + "\n  - ".join(missing), returncode=3)
    # Jupyter, IPython (historial) y matplotlib escriben en el HOME, y la construcción del sitio su caché
    # junto a mkdocs.yml: durante las pruebas, en una carpeta temporal, también en los kernels que se
    # arrancan (heredan el entorno).
    session.config.stash[ISOLATED] = folder = tempfile.mkdtemp(prefix="pruebas-manual-")
    for name in ISOLATED_DIRS:
        os.environ[name] = os.path.join(folder, name.lower())
    session.config.stash[BEFORE] = files_outside_tmp()


ISOLATED_DIRS = ("IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "MPLCONFIGDIR",
                 "HANDBOOK_BUILD_CACHE")
ISOLATED = pytest.StashKey[str]()
BEFORE = pytest.StashKey[set]()
# Del HOME no se miran: cachés que otros procesos de la máquina escriben a la vez (pip, npm, el agente)
# y árboles grandes de herramientas que las pruebas no tocan.
HOME_IGNORED = {".cache/pip", ".npm", ".claude", ".pyenv", ".rustup", ".cargo"}
ROOT = Path(__file__).resolve().parents[1]


def files_outside_tmp() -> set[str]:
    """Los archivos y carpetas del HOME y los no versionados del repositorio (incluidos los ignorados)."""
    home = os.path.expanduser("~")
    paths = set()
    for folder, dirs, files in os.walk(home):
        relative = os.path.relpath(folder, home)
        dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(relative, d)) not in HOME_IGNORED]
        paths.update(os.path.join(folder, name) for name in dirs + files)
    status = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=normal"],
                            cwd=ROOT, capture_output=True, text=True).stdout
    for line in status.splitlines():
        if line[:2] in ("??", "!!") and "__pycache__" not in line and ".pytest_cache" not in line:
            paths.add(str(ROOT / line[3:]))
    return paths


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Las pruebas no dejan nada fuera de sus carpetas temporales: ni en el HOME ni en el repositorio."""
    folder = session.config.stash.get(ISOLATED, None)
    if folder is None:
        return
    shutil.rmtree(folder, ignore_errors=True)
    if os.environ.get("MUTANT_UNDER_TEST"):
        return  # make mutation: mutmut escribe sus propios archivos mientras corren las pruebas
    new = sorted(files_outside_tmp() - session.config.stash[BEFORE])
    if new:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "\nLas pruebas dejaron archivos fuera de sus carpetas temporales:\n  " + "\n  ".join(new[:50])
        if reporter:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_report_header(config: pytest.Config) -> str | None:
    return config.stash.get(SANDBOX_HEADER, None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """En modo sandbox: solo las pruebas de AWS, y se omiten las que necesitan moto."""
    if not sandbox.SANDBOX:
        return
    keep = [item for item in items if {"aws", "aws_endpoint"} & set(getattr(item, "fixturenames", ()))]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep
    local = bool(os.environ.get("AWS_ENDPOINT_URL"))
    for item in items:
        if item.path.parent.name == "site":
            # Las páginas usan los nombres fijos que muestran al lector (un bucket de S3 es único en todo
            # AWS) y respuestas sembradas en moto: se ejecutan contra moto en make test.
            item.add_marker(pytest.mark.skip(reason="páginas: nombres fijos del lector, solo contra moto"))
        elif marker := item.get_closest_marker("moto_only"):
            item.add_marker(pytest.mark.skip(reason=f"necesita moto: {marker.args[0]}"))
        elif (marker := item.get_closest_marker("moto_extra")) and local:
            item.add_marker(pytest.mark.skip(reason=f"moto no tiene {marker.args[0]} (solo contra AWS)"))


@pytest.fixture(scope="session")
def aws_endpoint():
    """Servidor de moto en 127.0.0.1 y un puerto libre; boto3 lo usa vía AWS_ENDPOINT_URL.
    En modo sandbox, el endpoint del entorno (vacío en AWS) y sus credenciales, sin cambiarlos."""
    if sandbox.SANDBOX:
        yield os.environ.get("AWS_ENDPOINT_URL", "")
        return
    from tests.moto_extras import ExtendedMotoServer

    server = ExtendedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    saved = {k: os.environ.get(k) for k in [*AWS_ENV, "AWS_ENDPOINT_URL", "AWS_PROFILE"]}
    os.environ.update(AWS_ENV, AWS_ENDPOINT_URL=endpoint)
    os.environ.pop("AWS_PROFILE", None)
    yield endpoint
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def aws(aws_endpoint, request):
    """Endpoint de moto vacío para cada prueba. En modo sandbox, lo que la prueba crea se borra al
    terminar, también si falla (tests/sandbox.py)."""
    if not sandbox.SANDBOX:
        # Las políticas gestionadas de AWS existen en toda cuenta, pero moto las crea de nuevo en cada
        # partición al reiniciar (0,4 s por prueba): solo las cargan las pruebas que las usan.
        managed = request.node.get_closest_marker("aws_managed_policies") is not None
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = str(managed).lower()
        requests.post(f"{aws_endpoint}/moto-api/reset", timeout=10).raise_for_status()
        yield aws_endpoint
        return
    recorder = sandbox.Recorder()
    recorder.start()
    try:
        yield aws_endpoint
    finally:
        errors = recorder.cleanup()
    if errors:
        pytest.fail("Quedan recursos sin borrar en la cuenta sandbox:\n  " + "\n  ".join(errors))


@pytest.fixture(scope="session")
def spark():
    """Una SparkSession local para toda la ejecución (arrancarla cuesta segundos)."""
    from tests.page_runner import local_spark

    session = local_spark()
    yield session
    session.stop()



@pytest.fixture(scope="session")
def hudi_tables(tmp_path_factory) -> dict[str, str]:
    """Las tablas de Hudi de ../shared/hudi, extraídas. Fuera del proyecto se omiten con un motivo visible;
    con HANDBOOK_REQUIRE_SHARED=1 (la CI del proyecto) su ausencia es un fallo."""
    from snippets.aws.hudi_results import TABLES, extract_all

    missing = [name for name in TABLES.values() if not (SHARED_HUDI / name).is_file()]
    if missing:
        reason = f"faltan las tablas de Hudi de ejemplo en {SHARED_HUDI}: {', '.join(missing)}"
        if os.environ.get("HANDBOOK_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return extract_all(SHARED_HUDI, tmp_path_factory.mktemp("hudi"))


@pytest.fixture(scope="session")
def livy_url(spark):
    """Un servidor compatible con Livy (tests/livy_server.py) sobre la SparkSession local."""
    from tests.livy_server import serve_livy

    with serve_livy(spark) as (url, _app):
        yield url


@pytest.fixture(scope="session")
def sparkmagic_conf_dir(livy_url, tmp_path_factory) -> str:
    """El config.json de SparkMagic de la página, apuntando al servidor Livy de pruebas (SPARKMAGIC_CONF_DIR)."""
    import json

    from tests.livy_server import sparkmagic_config

    folder = tmp_path_factory.mktemp("sparkmagic")
    (folder / "config.json").write_text(json.dumps(sparkmagic_config(livy_url)))
    return str(folder)


# Endpoints muertos para las pruebas de esperas acotadas (tests/aws/test_s3_faults.py, test_dead_endpoints.py).
@pytest.fixture
def refusing_endpoint():
    """Un puerto en el que nadie escucha: la conexión se rechaza al momento."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_endpoint():
    """Un servidor que acepta conexiones y nunca responde."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()
    for conn in accepted:
        conn.close()


@pytest.fixture
def sent(monkeypatch):
    """Las llamadas que botocore envía (operación y parámetros ya validados contra el modelo de la API),
    antes de que el endpoint local las vea: lo que recibiría AWS."""
    from botocore.client import BaseClient

    calls, original = [], BaseClient._make_api_call

    def record(self, operation, params):
        calls.append((operation, params))
        return original(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", record)
    return calls


@pytest.fixture
def created_clients(monkeypatch):
    """Los clientes que crea con boto3.client el código probado cuando no recibe uno."""
    import boto3

    made, original = [], boto3.client

    def create(*args, **kwargs):
        made.append(original(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(boto3, "client", create)
    return made


# Palabras que solo una frase en español lleva entre sus primeras (un mensaje en inglés, no: «must», «of»).
SPANISH_WORDS = {"de", "del", "el", "la", "los", "las", "un", "una", "se", "que", "sin", "con", "por", "para",
                 "debe", "deben", "es", "son", "hay", "ya", "indique", "nombre", "existe", "falta", "puede", "pudo",
                 "admite", "cada"}


def assert_spanish(error: BaseException) -> None:
    """El mensaje empieza en español: alguna de sus ocho primeras palabras es española o lleva tilde o «ñ».
    (Después puede citar el error original de AWS, en inglés.)"""
    words = re.findall(r"[^\W\d_]+", str(error))[:8]
    assert any(word.lower() in SPANISH_WORDS or re.search("[áéíóúñ]", word.lower()) for word in words), \
        f"mensaje que no empieza en español: {error}"


@contextlib.contextmanager
def raises_in_spanish(error: type[BaseException], match: str):
    """pytest.raises que además exige el mensaje en español."""
    with pytest.raises(error, match=match) as caught:
        yield caught
    assert_spanish(caught.value)


def assert_bounded_waits(client) -> None:
    """La configuración de las páginas: 5 s para conectar, 8 s para leer y 3 intentos en total."""
    config = client.meta.config
    assert (config.connect_timeout, config.read_timeout, config.retries) == (
        5, 8, {"total_max_attempts": 3, "mode": "standard"}), client.meta.service_model.service_name


def aws_error(operation: str):
    """Un manejador de botocore (before-call) que hace fallar la llamada como AWS, con un ClientError."""
    def fail(**_):
        raise ClientError({"Error": {"Code": "InternalFailure", "Message": "fallo simulado"}}, operation)
    return fail


def fail_operation(monkeypatch, operation: str, error: Exception) -> None:
    """Hace que cada llamada a ``operation`` lance ``error``, desde cualquier cliente (también los que crea el
    código probado); las demás llegan al endpoint local."""
    from botocore.client import BaseClient

    original = BaseClient._make_api_call

    def call(self, name, params):
        if name == operation:
            raise error
        return original(self, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", call)
