"""SparkMagic de verdad contra un servidor compatible con Livy respaldado por Spark local.

Las celdas de las páginas «SparkMagic» y «Kernel PySpark de SparkMagic» están en
snippets/notebooks/sparkmagic/*.ipy; estas pruebas las ejecutan tal cual (solo cambia la URL de Livy del
clúster por la del servidor local), en orden, y miran lo que dejan en el servidor Livy. Las pruebas de
páginas ejecutan además cada página entera en su kernel.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from snippets.aws import emr
from snippets.notebooks import lifecycle_config
from tests.livy_server import serve_livy, sparkmagic_config
from tests.notebooks.test_instances import captured_params

CELLS_DIR = Path(__file__).resolve().parents[2] / "snippets/notebooks/sparkmagic"
LIFECYCLE_DIR = CELLS_DIR.parent / "lifecycle"
EMR_LIVY_URL = "http://ip-10-0-1-23.eu-west-1.compute.internal:8998"
PAGES = [Path(__file__).resolve().parents[2] / f"docs/notebooks/{name}.md" for name in ("sparkmagic", "sparkmagic-kernel")]


def cells(name: str) -> list[tuple[str, str]]:
    text = (CELLS_DIR / name).read_text(encoding="utf-8")
    return re.findall(r"# --8<-- \[start:(\S+)\]\n(.*?)\n# --8<-- \[end:\1\]", text, re.S)


@pytest.fixture
def livy(spark, tmp_path, monkeypatch):
    with serve_livy(spark) as (url, app):
        (tmp_path / "config.json").write_text(json.dumps(sparkmagic_config(url)))
        monkeypatch.setenv("SPARKMAGIC_CONF_DIR", str(tmp_path))
        (tmp_path / "home").mkdir()
        monkeypatch.setenv("HOME", str(tmp_path / "home"))  # la celda «carpeta» crea ~/.sparkmagic
        yield url, app


def test_ipython_magics_end_to_end(livy):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    url, app = livy
    from traitlets.config import Config

    # El historial de IPython, en memoria: nada en el HOME.
    shell = InteractiveShell.instance(config=Config({"HistoryManager": {"hist_file": ":memory:"}}))
    seen = {}
    for name, body in cells("ipython_magics.ipy"):
        with capture_output() as captured:
            result = shell.run_cell(body.replace(EMR_LIVY_URL, url))
        assert result.success, (name, result.error_in_exec)
        seen[name] = captured.stdout
        if name == "add":
            (session,) = app.sessions.values()
            assert session.kind == "pyspark"
            assert session.conf["driverMemory"] == "4g"  # lo que fijó %%spark config
    assert (Path.home() / ".sparkmagic").is_dir()
    assert "|    0|  143|" in seen["run"]
    assert "DataFrame 1000" in seen["local"]
    conteos = shell.user_ns["conteos"]
    assert list(conteos.columns) == ["grupo", "n"] and len(conteos) == 7 and conteos.n.sum() == 1000
    assert "Name: analisis" in seen["info"]
    assert "sentencia 1: ok" in seen["logs"]
    assert app.sessions == {}  # %spark delete y %spark cleanup cerraron la sesión en Livy


def test_pyspark_kernel_magics_end_to_end(livy, tmp_path, monkeypatch):
    from jupyter_client.manager import start_new_kernel

    url, app = livy
    spec = json.loads((Path(__import__("sparkmagic").__file__).parent / "kernels/pysparkkernel/kernel.json").read_text())
    spec["argv"][0] = sys.executable
    (tmp_path / "kernels/pysparkkernel").mkdir(parents=True)
    (tmp_path / "kernels/pysparkkernel/kernel.json").write_text(json.dumps(spec))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    manager, client = start_new_kernel(kernel_name="pysparkkernel")
    try:
        outputs = {}
        for name, body in cells("pyspark_kernel.ipy"):
            text = []

            def hook(msg, text=text):
                if msg["msg_type"] == "stream":
                    text.append(msg["content"]["text"])
                elif msg["msg_type"] == "error":
                    text.append("ERROR " + msg["content"]["evalue"])

            reply = client.execute_interactive(body, output_hook=hook, timeout=120)
            outputs[name] = "".join(text)
            assert reply["content"]["status"] == "ok" and "ERROR" not in outputs[name], (name, outputs[name])
            if name == "send":
                (session,) = app.sessions.values()
                assert session.namespace["umbrales_df"].count() == 2  # el DataFrame local llegó a Spark
                assert session.conf["driverMemory"] == "4g"  # lo que fijó %%configure -f
        assert "1000" in outputs["run"]
        assert "|    0|   0.5|  143|" in outputs["use-sent"]  # umbrales_df se combina en el clúster
        assert "DataFrame 7" in outputs["local"]
        assert "sentencia 0: ok" in outputs["logs"]
        assert app.sessions == {}  # %%cleanup -f borró la sesión
    finally:
        manager.shutdown_kernel(now=True)


def test_every_magic_named_on_the_page_exists_in_sparkmagic():
    from sparkmagic.kernels.kernelmagics import KernelMagics
    from sparkmagic.magics.remotesparkmagics import RemoteSparkMagics

    known = set()
    for magics in (KernelMagics, RemoteSparkMagics):
        for kind in ("line", "cell"):
            known |= set(magics.magics[kind])
    # De otros paquetes, no de SparkMagic: IPython y la extensión de análisis de SageMaker Studio.
    others = {"load_ext", "sm_analytics", "pip", "conda"}
    text = "".join(page.read_text(encoding="utf-8") for page in PAGES) + "".join(p.read_text() for p in CELLS_DIR.glob("*.ipy"))
    named = set(re.findall(r"(?<![\w%])%%?([a-z_]+)", text))
    assert named >= {"spark", "configure", "sql", "local", "send_to_spark", "info", "logs", "cleanup", "delete", "manage_spark"}
    assert named - others <= known, f"magias que SparkMagic no tiene: {sorted(named - others - known)}"
    cells_text = "".join(p.read_text() for p in CELLS_DIR.glob("*.ipy"))
    for wrong in ("spark configure", "spark display", "spark load"):  # la página avisa de que no existen
        assert f"%{wrong}" not in cells_text


def run_on_start(script: str, home: Path, user: str) -> subprocess.CompletedProcess:
    """Ejecuta el script OnStart como en la instancia, con la carpeta y el usuario del notebook cambiados."""
    path = home.parent / "on-start.sh"
    path.write_text(script)
    return subprocess.run(["bash", str(path)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "NOTEBOOK_HOME": str(home), "NOTEBOOK_USER": user})


def test_on_start_script_writes_a_config_that_sparkmagic_uses_to_reach_livy(spark, tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    from tests.page_runner import sparkmagic_kernel_dir

    # Como root (la instancia), el archivo pasa a otro usuario; si no, al usuario actual.
    user = "nobody" if os.geteuid() == 0 else pwd.getpwuid(os.getuid()).pw_name
    home = tmp_path / "ec2-user"
    home.mkdir()
    with serve_livy(spark) as (url, app):
        result = run_on_start(lifecycle_config.sparkmagic_script(url, LIFECYCLE_DIR), home, user)
        assert result.returncode == 0, result.stderr
        assert f"Livy responde en {url}" in result.stdout
        config_file = home / ".sparkmagic/config.json"
        assert json.loads(config_file.read_text())["kernel_python_credentials"]["url"] == url
        assert {config_file.stat().st_uid, config_file.parent.stat().st_uid} == {pwd.getpwnam(user).pw_uid}

        # El kernel PySpark de SparkMagic, con ese HOME y sin más configuración, ejecuta una sentencia en Livy.
        env = {k: v for k, v in os.environ.items() if not k.startswith("SPARKMAGIC_")}
        env["HOME"] = str(home)
        kernels = sparkmagic_kernel_dir(tmp_path / "jupyter") / "kernels"
        manager = KernelManager(kernel_name="pysparkkernel",
                                kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
        manager.start_kernel(env=env, cwd=str(tmp_path))
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            text = []
            reply = client.execute_interactive(
                "print(spark.range(42).count())", timeout=120,
                output_hook=lambda msg: text.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
            assert reply["content"]["status"] == "ok"
            assert "42" in "".join(text)
            (session,) = app.sessions.values()
            assert [s["output"]["status"] for s in session.statements if "42" in s["code"]] == ["ok"]
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


def test_on_start_script_is_rewritten_on_every_start(spark, tmp_path):
    # Un config.json viejo (otro clúster) se sustituye en el siguiente arranque.
    home = tmp_path / "ec2-user"
    (home / ".sparkmagic").mkdir(parents=True)
    (home / ".sparkmagic/config.json").write_text('{"kernel_python_credentials": {"url": "http://viejo:8998"}}')
    user = pwd.getpwuid(os.getuid()).pw_name
    script = lifecycle_config.sparkmagic_script("http://ip-10-0-1-23.eu-west-1.compute.internal:8998", LIFECYCLE_DIR)
    result = run_on_start(script, home, user)
    assert result.returncode == 0, result.stderr
    assert "Livy no responde" in result.stdout  # sin clúster, el arranque sigue
    config = json.loads((home / ".sparkmagic/config.json").read_text())
    assert config["kernel_python_credentials"] == {
        "username": "", "password": "", "url": "http://ip-10-0-1-23.eu-west-1.compute.internal:8998", "auth": "None"}


@pytest.mark.parametrize("url", [
    "ip-10-0-1-23.eu-west-1.compute.internal:8998",  # sin http://
    "http://ip-10-0-1-23.eu-west-1.compute.internal",  # sin puerto
    "http://ip-10-0-1-23:8998/$(reboot)",
    'http://ip-10-0-1-23:8998";rm -rf /;"',
    "http://ip-10-0-1-23:puerto",
    "ftp://ip-10-0-1-23:8998",
    8998,
])
def test_bad_livy_urls_are_refused(url):
    with pytest.raises(ValueError, match="no es una URL de Livy"):
        lifecycle_config.sparkmagic_script(url, LIFECYCLE_DIR)


def test_sparkmagic_script_fits_in_a_lifecycle_config():
    script = lifecycle_config.sparkmagic_script("http://ip-10-0-1-23.eu-west-1.compute.internal:8998", LIFECYCLE_DIR)
    assert "URL_DE_LIVY" not in script
    assert lifecycle_config.encode_scripts(on_start=script)["OnStart"][0]["Content"]  # dentro del límite


def livy_rules(permissions: list[dict]) -> list[dict]:
    return [rule for rule in permissions if rule.get("FromPort") == emr.LIVY_PORT]


def test_livy_rule_allows_only_the_notebook_security_group(aws):
    ec2 = boto3.client("ec2")
    (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    notebook_sg = ec2.create_security_group(GroupName="notebooks", Description="n", VpcId=vpc["VpcId"])["GroupId"]
    sent = captured_params(ec2, "AuthorizeSecurityGroupIngress")  # validados contra el modelo de botocore
    groups = emr.create_cluster_security_groups(vpc["VpcId"], "etl", notebook_sg=notebook_sg, client=ec2)

    # Lo que AWS recibe: una sola regla del 8998, en el grupo del nodo primario y desde el grupo de los notebooks.
    (request,) = [params for params in sent if livy_rules(params["IpPermissions"])]
    assert request["GroupId"] == groups["primario"]
    (rule,) = request["IpPermissions"]
    assert (rule["IpProtocol"], rule["FromPort"], rule["ToPort"]) == ("tcp", 8998, 8998)
    assert [pair["GroupId"] for pair in rule["UserIdGroupPairs"]] == [notebook_sg]
    assert not {"IpRanges", "Ipv6Ranges", "PrefixListIds"} & set(rule)
    for group_id in groups.values():
        assert emr.rules_open_to_world(group_id, client=ec2) == []
    (core,) = ec2.describe_security_groups(GroupIds=[groups["core"]])["SecurityGroups"]
    assert livy_rules(core["IpPermissions"]) == []


def test_livy_rule_needs_a_security_group_id(aws):
    ec2 = boto3.client("ec2")
    (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    before = {g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]}
    for bad in ("0.0.0.0/0", "10.0.0.0/16", "notebooks"):
        with pytest.raises(ValueError, match="notebook_sg debe ser un grupo de seguridad"):
            emr.create_cluster_security_groups(vpc["VpcId"], "etl", notebook_sg=bad, client=ec2)
    assert {g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]} == before
    groups = emr.create_cluster_security_groups(vpc["VpcId"], "etl", client=ec2)  # sin notebooks: sin regla de Livy
    (primary,) = ec2.describe_security_groups(GroupIds=[groups["primario"]])["SecurityGroups"]
    assert livy_rules(primary["IpPermissions"]) == []


def test_emr_and_sparkmagic_pages_run_in_one_account(aws, capsys):
    """Un lector sigue «Amazon EMR» y después «SparkMagic» en la misma cuenta: los nombres de los grupos de
    seguridad (únicos por VPC) no chocan."""
    import textwrap

    source = Path(emr.__file__).read_text(encoding="utf-8")
    emr_cell = re.search(r"# --8<-- \[start:uso-security-groups\]\n(.*?)\n\s*# --8<-- \[end:", source, re.S)[1]
    namespace = dict(vars(emr))
    exec(textwrap.dedent(emr_cell), namespace)
    exec(dict(cells("notebook_instance.ipy"))["red"], namespace)
    names = {g["GroupName"] for g in boto3.client("ec2").describe_security_groups()["SecurityGroups"]}
    assert {"emr-equipo-ml-primario", "emr-equipo-ml-core"} <= names
    assert "Livy (8998) en el nodo primario" in capsys.readouterr().out
