"""Entradas erróneas para snippets/aws/emr.py: cada caso da un error claro en español, antes de llamar a AWS,
y no deja nada creado (ni clústeres, ni pasos, ni grupos de seguridad)."""

from __future__ import annotations

import boto3
import pytest

from snippets.aws import emr
from tests.conftest import raises_in_spanish

OK = {"name": "etl", "subnet_id": "subnet-1", "log_uri": "s3://logs/emr/", "master_sg": "sg-1", "core_sg": "sg-2"}

# (caso, argumentos de spark_cluster_request que cambian, tipo de error, texto del mensaje)
REQUEST_CASES = [
    ("core mayor que el máximo", {"core_instances": 11, "max_instances": 10}, ValueError, "no puede superar max_instances"),
    ("core cero", {"core_instances": 0}, ValueError, "core_instances debe ser 1 o más"),
    ("core negativo", {"core_instances": -2}, ValueError, "core_instances debe ser 1 o más"),
    ("máximo cero", {"max_instances": 0}, ValueError, "max_instances debe ser 1 o más"),
    ("core decimal", {"core_instances": 2.5}, TypeError, "core_instances debe ser un número entero"),
    ("core como texto", {"core_instances": "2"}, TypeError, "core_instances debe ser un número entero"),
    ("core booleano", {"core_instances": True}, TypeError, "core_instances debe ser un número entero"),
    ("máximo decimal", {"max_instances": 10.0}, TypeError, "max_instances debe ser un número entero"),
    ("ocioso cero", {"idle_minutes": 0}, ValueError, "idle_minutes debe ser 1 o más"),
    ("ocioso más de 7 días", {"idle_minutes": 7 * 24 * 60 + 1}, ValueError, "entre 1 minuto y 7 días"),
    ("ocioso decimal", {"idle_minutes": 30.5}, TypeError, "idle_minutes debe ser un número entero"),
    ("nombre vacío", {"name": ""}, ValueError, "name debe ser un texto"),
    ("nombre no texto", {"name": None}, ValueError, "name debe ser un texto"),
    ("subred sin subnet-", {"subnet_id": "10.0.1.0/24"}, ValueError, "subnet_id debe ser un identificador subnet-"),
    ("grupo primario sin sg-", {"master_sg": "primario"}, ValueError, "master_sg debe ser un identificador sg-"),
    ("grupo core vacío", {"core_sg": ""}, ValueError, "core_sg debe ser un identificador sg-"),
    ("grupo de servicio sin sg-", {"service_sg": "servicio"}, ValueError, "service_sg debe ser un identificador sg-"),
    ("logs fuera de S3", {"log_uri": "/var/log/emr"}, ValueError, "log_uri debe ser una ruta s3://"),
    ("logs sin bucket", {"log_uri": "s3://"}, ValueError, "log_uri debe ser una ruta s3://"),
    ("tipo de instancia raro", {"instance_type": "M5 XLarge"}, ValueError, "instance_type debe ser un tipo de EC2"),
    ("versión sin parche", {"release_label": "emr-7.14"}, ValueError, "release_label debe ser como"),
    ("versión con mayúsculas", {"release_label": "EMR-7.14.0"}, ValueError, "release_label debe ser como"),
    ("versión no texto", {"release_label": 7.14}, ValueError, "release_label debe ser como"),
]


@pytest.fixture
def account(aws):
    """Lo que hay en la cuenta: se compara antes y después de cada caso."""
    emr_client, ec2 = boto3.client("emr"), boto3.client("ec2")

    def snapshot():
        clusters = [c["Id"] for c in emr_client.list_clusters()["Clusters"]]
        steps = {c: len(emr_client.list_steps(ClusterId=c)["Steps"]) for c in clusters}
        groups = sorted(g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"])
        return clusters, steps, groups

    return snapshot


@pytest.mark.parametrize(("case", "changes", "error", "message"), REQUEST_CASES, ids=[c[0] for c in REQUEST_CASES])
def test_bad_cluster_request(account, case, changes, error, message):
    before = account()
    with raises_in_spanish(error, match=message):
        emr.create_cluster(emr.spark_cluster_request(**{**OK, **changes}))
    assert account() == before


@pytest.fixture
def cluster_id(aws):
    return emr.create_cluster(emr.spark_cluster_request(**OK))


STEP_CASES = [
    ("argumentos como cadena", {"args": "--fecha 2026"}, TypeError, "args debe ser una lista"),
    ("argumento numérico", {"args": ["--dias", 3]}, TypeError, "Cada argumento de args debe ser un texto"),
    ("argumento None", {"args": ["--fecha", None]}, TypeError, "Cada argumento de args debe ser un texto"),
    ("script local", {"script_s3": "limpiar.py"}, ValueError, "script_s3 debe ser un .py en S3"),
    ("script que no es .py", {"script_s3": "s3://codigo/limpiar.sh"}, ValueError, "script_s3 debe ser un .py en S3"),
    ("script no texto", {"script_s3": None}, ValueError, "script_s3 debe ser un .py en S3"),
    ("clúster sin j-", {"cluster_id": "etl"}, ValueError, "cluster_id debe ser un identificador j-"),
    ("clúster vacío", {"cluster_id": ""}, ValueError, "cluster_id debe ser un identificador j-"),
]


@pytest.mark.parametrize(("case", "changes", "error", "message"), STEP_CASES, ids=[c[0] for c in STEP_CASES])
def test_bad_spark_step(account, cluster_id, case, changes, error, message):
    before = account()
    kwargs = {"cluster_id": cluster_id, "script_s3": "s3://codigo/etl/limpiar.py", "args": ["--fecha", "2026-11-25"]}
    with raises_in_spanish(error, match=message):
        emr.add_spark_step(**{**kwargs, **changes})
    assert account() == before


SG_CASES = [
    ("SSH a todo internet", {"admin_cidr": "0.0.0.0/0"}, ValueError, "más amplia que la red del equipo"),
    ("SSH a medio internet", {"admin_cidr": "0.0.0.0/1"}, ValueError, "más amplia que la red del equipo"),
    ("SSH a un /8 público", {"admin_cidr": "8.0.0.0/8"}, ValueError, "más amplia que la red del equipo"),
    ("SSH a una IP pública suelta", {"admin_cidr": "198.51.100.7/32"}, ValueError, "más amplia que la red del equipo"),
    ("SSH a toda la 10/8", {"admin_cidr": "10.0.0.0/8"}, ValueError, "más amplia que la red del equipo"),
    ("SSH a todo IPv6", {"admin_cidr": "::/0"}, ValueError, "más amplia que la red del equipo"),
    ("SSH a un /32 de IPv6 público", {"admin_cidr": "2001:db8::/32"}, ValueError, "más amplia que la red del equipo"),
    ("CIDR mal escrito", {"admin_cidr": "10.8.0.0/33"}, ValueError, "admin_cidr no es una red válida"),
    ("CIDR como texto libre", {"admin_cidr": "la VPN"}, ValueError, "admin_cidr no es una red válida"),
    ("CIDR no texto", {"admin_cidr": 10}, TypeError, "admin_cidr debe ser un texto"),
    ("red del equipo mal escrita", {"admin_cidr": "10.8.0.0/16", "team_networks": ("oficina",)}, ValueError,
     "admin_cidr no es una red válida"),
    ("VPC sin vpc-", {"vpc_id": "default"}, ValueError, "vpc_id debe ser un identificador vpc-"),
    ("nombre vacío", {"name": ""}, ValueError, "name debe ser un texto"),
]


@pytest.mark.parametrize(("case", "changes", "error", "message"), SG_CASES, ids=[c[0] for c in SG_CASES])
def test_bad_security_groups(account, case, changes, error, message):
    vpc = boto3.client("ec2").create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    before = account()
    with raises_in_spanish(error, match=message):
        emr.create_cluster_security_groups(**{"vpc_id": vpc, "name": "etl", **changes})
    assert account() == before


OTHER_CASES = [
    ("línea de versiones desconocida", emr.newest_release_label, {"line": "emr-6"}, ValueError, "line debe ser una de"),
    ("línea sin prefijo", emr.newest_release_label, {"line": "7"}, ValueError, "line debe ser una de"),
    ("grupo sin sg-", emr.rules_open_to_world, {"group_id": "primario"}, ValueError, "group_id debe ser un identificador sg-"),
    ("CIDR con máscara imposible", emr.wider_than_team, {"cidr": "0.0.0.0/33"}, ValueError, "Rango CIDR no válido"),
    ("CIDR que no es texto", emr.wider_than_team, {"cidr": None}, ValueError, "Rango CIDR no válido"),
    ("red del equipo mal escrita", emr.wider_than_team, {"cidr": "10.8.0.0/16", "team_networks": ("10.8.0/16",)},
     ValueError, "Rango CIDR no válido"),
    ("petición que no es un diccionario", emr.create_cluster, {"request": "etl"}, TypeError, "request debe ser el diccionario"),
]


@pytest.mark.parametrize(("case", "function", "kwargs", "error", "message"), OTHER_CASES, ids=[c[0] for c in OTHER_CASES])
def test_other_bad_inputs(account, case, function, kwargs, error, message):
    before = account()
    with raises_in_spanish(error, match=message):
        function(**kwargs)
    assert account() == before
