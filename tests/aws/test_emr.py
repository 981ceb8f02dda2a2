"""Pruebas de snippets/aws/emr.py contra moto (clúster, paso de Spark, grupos de seguridad) y del script del paso
con Spark local."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber
from botocore.validate import ParamValidator

from snippets.aws import emr, limpiar_ventas
from tests.conftest import assert_bounded_waits


@pytest.fixture
def network(aws):
    ec2 = boto3.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    return vpc, subnet


def test_cluster_request_is_a_valid_run_job_flow_call(network):
    vpc, subnet = network
    request = emr.spark_cluster_request("etl", subnet, "s3://logs/emr/", "sg-1", "sg-2", service_sg="sg-3")
    shape = boto3.client("emr").meta.service_model.operation_model("RunJobFlow").input_shape
    report = ParamValidator().validate(request, shape)
    assert not report.has_errors(), report.generate_report()
    assert request["ManagedScalingPolicy"]["ComputeLimits"]["MaximumCapacityUnits"] == 10
    assert request["AutoTerminationPolicy"] == {"IdleTimeout": 3600}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"core_instances": 0}, "core_instances"), ({"core_instances": 12}, "core_instances"),
    ({"idle_minutes": 0}, "idle_minutes"),
])
def test_cluster_request_rejects_bad_sizes(kwargs, message):
    with pytest.raises(ValueError, match=message):
        emr.spark_cluster_request("etl", "subnet-1", "s3://l/", "sg-1", "sg-2", **kwargs)


def test_create_cluster_and_submit_spark_step(network):
    vpc, subnet = network
    groups = emr.create_cluster_security_groups(vpc, "etl")
    request = emr.spark_cluster_request("etl", subnet, "s3://logs/emr/", groups["primario"], groups["core"], core_instances=3)
    cluster_id = emr.create_cluster(request)
    client = boto3.client("emr")
    cluster = client.describe_cluster(ClusterId=cluster_id)["Cluster"]
    assert cluster["ReleaseLabel"] == emr.RELEASE_LABEL
    assert {a["Name"] for a in cluster["Applications"]} >= {"Spark", "Livy"}
    assert cluster["Ec2InstanceAttributes"]["EmrManagedMasterSecurityGroup"] == groups["primario"]
    counts = {g["InstanceGroupType"]: g["RequestedInstanceCount"] for g in client.list_instance_groups(ClusterId=cluster_id)["InstanceGroups"]}
    assert counts == {"MASTER": 1, "CORE": 3}

    step_id = emr.add_spark_step(cluster_id, "s3://codigo/etl/limpiar.py", ["--fecha", "2026-11-25"])
    step = client.describe_step(ClusterId=cluster_id, StepId=step_id)["Step"]
    assert step["Config"]["Jar"] == "command-runner.jar"
    assert step["Config"]["Args"] == ["spark-submit", "--deploy-mode", "cluster", "s3://codigo/etl/limpiar.py", "--fecha", "2026-11-25"]
    with pytest.raises(ValueError, match="script_s3"):
        emr.add_spark_step(cluster_id, "limpiar.py")


def test_security_groups_open_nothing_to_the_internet(network):
    vpc, _ = network
    ec2 = boto3.client("ec2")
    groups = emr.create_cluster_security_groups(vpc, "etl", admin_cidr="10.8.0.0/16")
    for group_id in groups.values():
        assert emr.rules_open_to_world(group_id) == []
    (primary,) = ec2.describe_security_groups(GroupIds=[groups["primario"]])["SecurityGroups"]
    ssh = [r for r in primary["IpPermissions"] if r.get("FromPort") == 22]
    assert [r["CidrIp"] for r in ssh[0]["IpRanges"]] == ["10.8.0.0/16"]


@pytest.mark.parametrize("cidr", ["0.0.0.0/0", "::/0"])
def test_ssh_to_the_world_is_refused(network, cidr):
    vpc, _ = network
    with pytest.raises(ValueError, match="No abra SSH"):
        emr.create_cluster_security_groups(vpc, "etl", admin_cidr=cidr)
    in_vpc = [{"Name": "vpc-id", "Values": [vpc]}]
    names = {g["GroupName"] for g in boto3.client("ec2").describe_security_groups(Filters=in_vpc)["SecurityGroups"]}
    assert "etl-primario" not in names


def test_checker_finds_rules_open_to_the_world(network):
    vpc, _ = network
    ec2 = boto3.client("ec2")
    bad = ec2.create_security_group(GroupName="malo", Description="abierto", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=bad, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
    ])
    assert emr.rules_open_to_world(bad) == [f"{bad}: puertos 22-22 abiertos a 0.0.0.0/0", f"{bad}: puertos todos abiertos a ::/0"]


def test_block_public_access_without_exceptions(aws, sent):
    emr.block_public_access()
    # Lo enviado, no lo que moto devuelve (moto responde True aunque reciba False).
    assert sent == [("PutBlockPublicAccessConfiguration", {"BlockPublicAccessConfiguration": {
        "BlockPublicSecurityGroupRules": True, "PermittedPublicSecurityGroupRuleRanges": []}})]
    config = boto3.client("emr").get_block_public_access_configuration()["BlockPublicAccessConfiguration"]
    assert config["BlockPublicSecurityGroupRules"] is True


def test_block_public_access_says_what_failed(aws):
    client = boto3.client("emr")
    with Stubber(client) as stub:
        stub.add_client_error("put_block_public_access_configuration", "AccessDeniedException", "sin permiso")
        with pytest.raises(RuntimeError, match="No se pudo activar el bloqueo de acceso público de EMR: .*sin permiso"):
            emr.block_public_access(client)


def test_checker_reads_rules_that_only_name_groups(aws):
    """DescribeSecurityGroups puede omitir IpRanges o Ipv6Ranges en una regla: no es un fallo."""
    client = boto3.client("ec2")
    with Stubber(client) as stub:
        stub.add_response("describe_security_groups", {"SecurityGroups": [{"GroupId": "sg-0123456789abcdef0", "IpPermissions": [
            {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-0123456789abcdef1"}]},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        ]}]}, {"GroupIds": ["sg-0123456789abcdef0"]})
        assert emr.rules_open_to_world("sg-0123456789abcdef0", client) == [
            "sg-0123456789abcdef0: puertos 22-22 abiertos a ::/0", "sg-0123456789abcdef0: puertos 443-443 abiertos a 0.0.0.0/0",
        ]


def test_checker_says_which_group_it_could_not_read(aws):
    with pytest.raises(RuntimeError, match="No se pudo leer el grupo de seguridad sg-0123456789abcdef0: "):
        emr.rules_open_to_world("sg-0123456789abcdef0")


def test_step_script_cleans_a_day_of_sales_into_parquet(spark, tmp_path, capsys):
    # El script del paso (limpiar_ventas.py) ejecutado de verdad con Spark local y rutas locales.
    day1 = tmp_path / "2026-11-25.csv"
    day1.write_text("id,region,importe\nv1,Norte,120.0\nv1,Norte,120.0\nv2, sur ,80.5\nv3,norte,\n,sur,10\nv4,sur,-3\n")
    day2 = tmp_path / "2026-11-26.csv"
    day2.write_text("id,region,importe\nv9,Este,42.0\n")
    out = str(tmp_path / "limpio")

    limpiar_ventas.main(["--entrada", str(day1), "--salida", out, "--fecha", "2026-11-25"])
    assert "2026-11-25: 6 filas leídas, 2 escritas" in capsys.readouterr().out
    limpiar_ventas.main(["--entrada", str(day2), "--salida", out, "--fecha", "2026-11-26"])
    limpiar_ventas.main(["--entrada", str(day1), "--salida", out, "--fecha", "2026-11-25"])  # repetir un día

    rows = spark.read.parquet(out).orderBy("id").collect()
    assert [(r.id, r.region, r.importe, str(r.fecha)) for r in rows] == [
        ("v1", "norte", 120.0, "2026-11-25"),
        ("v2", "sur", 80.5, "2026-11-25"),
        ("v9", "este", 42.0, "2026-11-26"),  # el otro día sigue ahí
    ]


def test_step_script_requires_its_arguments():
    with pytest.raises(SystemExit):
        limpiar_ventas.main(["--fecha", "2026-11-25"])


# --- Escalado gestionado: lo que AWS valida de la petición (moto acepta cualquier límite) ---

def run_job_flow_problems(request: dict) -> list[str]:
    """Lo que AWS rechazaría o haría mal de una petición RunJobFlow: el modelo de botocore (tipos, campos
    obligatorios) y las reglas documentadas de ComputeLimits, que solo cuentan nodos core y task."""
    shape = boto3.client("emr").meta.service_model.operation_model("RunJobFlow").input_shape
    report = ParamValidator().validate(request, shape)
    problems = [report.generate_report()] if report.has_errors() else []
    limits = request["ManagedScalingPolicy"]["ComputeLimits"]
    scaled = sum(g["InstanceCount"] for g in request["Instances"]["InstanceGroups"] if g["InstanceRole"] != "MASTER")
    if not 1 <= limits["MinimumCapacityUnits"] <= limits["MaximumCapacityUnits"]:
        problems.append(f"MinimumCapacityUnits fuera de [1, Maximum]: {limits}")
    if not limits["MinimumCapacityUnits"] <= scaled <= limits["MaximumCapacityUnits"]:
        problems.append(f"{scaled} nodos core/task fuera de los límites {limits}")
    if limits["MinimumCapacityUnits"] != scaled:
        problems.append(f"el mínimo ({limits['MinimumCapacityUnits']}) no es el tamaño inicial sin el primario ({scaled})")
    return problems


@pytest.mark.parametrize(("core", "maximum"), [(1, 1), (2, 10), (10, 10)])
def test_scaling_limits_count_core_and_task_nodes_only(core, maximum):
    request = emr.spark_cluster_request("etl", "subnet-1", "s3://logs/emr/", "sg-1", "sg-2",
                                        core_instances=core, max_instances=maximum)
    assert run_job_flow_problems(request) == []
    assert request["ManagedScalingPolicy"]["ComputeLimits"]["MinimumCapacityUnits"] == core


def test_more_core_nodes_than_the_maximum_is_refused_in_spanish():
    with pytest.raises(ValueError, match=r"core_instances \(11\) no puede superar max_instances \(10\)"):
        emr.spark_cluster_request("etl", "subnet-1", "s3://logs/emr/", "sg-1", "sg-2", core_instances=11, max_instances=10)


# --- Versiones de EMR: la línea emr-7 y la línea emr-spark-8 ---

def test_newest_release_label_per_line_from_list_release_labels(aws):
    # moto sirve la lista real de ListReleaseLabels de la región (con emr-7.1x y emr-spark-8.x).
    labels = boto3.client("emr").list_release_labels()["ReleaseLabels"]
    for line in emr.RELEASE_LINES:
        newest = emr.newest_release_label(line)
        ours = [tuple(map(int, label[len(line) + 1:].split("."))) for label in labels if label.startswith(line + ".")]
        assert newest.startswith(line + ".") and newest in labels
        assert tuple(map(int, newest[len(line) + 1:].split("."))) == max(ours)
    assert emr.RELEASE_LABEL in labels


def test_newest_release_label_compares_numbers_and_follows_pages():
    from botocore.stub import Stubber

    client = boto3.client("emr", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stub:
        stub.add_response("list_release_labels", {"ReleaseLabels": ["emr-7.9.0", "emr-7.13.0"], "NextToken": "p2"},
                          {"Filters": {"Prefix": "emr-7."}})
        stub.add_response("list_release_labels", {"ReleaseLabels": ["emr-7.14.0", "emr-7.2.0"]},
                          {"Filters": {"Prefix": "emr-7."}, "NextToken": "p2"})
        assert emr.newest_release_label("emr-7", client=client) == "emr-7.14.0"
        stub.add_response("list_release_labels", {"ReleaseLabels": ["emr-spark-8.0.0", "emr-spark-8.1.0"]},
                          {"Filters": {"Prefix": "emr-spark-8."}})
        assert emr.newest_release_label("emr-spark-8", client=client) == "emr-spark-8.1.0"
        stub.assert_no_pending_responses()


def test_spark_8_line_requests_livy_but_no_hadoop_application():
    # Guía de versiones de EMR: emr-spark-8.0.0 y 8.1.0 traen Livy y JupyterEnterpriseGateway, no Hadoop.
    request = emr.spark_cluster_request("etl", "subnet-1", "s3://logs/emr/", "sg-1", "sg-2",
                                        release_label="emr-spark-8.1.0")
    assert run_job_flow_problems(request) == []
    assert request["Applications"] == [{"Name": "Spark"}, {"Name": "Livy"}, {"Name": "JupyterEnterpriseGateway"}]
    classic = emr.spark_cluster_request("etl", "subnet-1", "s3://logs/emr/", "sg-1", "sg-2")
    assert {"Name": "Hadoop"} in classic["Applications"] and {"Name": "Livy"} in classic["Applications"]


# --- Un paso con argumentos: una lista, nunca una cadena repartida letra a letra ---

def test_step_args_as_a_string_are_refused(network):
    vpc, subnet = network
    cluster_id = emr.create_cluster(emr.spark_cluster_request("etl", subnet, "s3://logs/emr/", "sg-1", "sg-2"))
    with pytest.raises(TypeError, match="args debe ser una lista"):
        emr.add_spark_step(cluster_id, "s3://codigo/etl/limpiar.py", "--fecha 2026")
    assert boto3.client("emr").list_steps(ClusterId=cluster_id)["Steps"] == []


# --- Redes más amplias que la del equipo ---

@pytest.mark.parametrize("cidr", ["0.0.0.0/1", "8.0.0.0/8", "203.0.113.0/24", "10.0.0.0/8", "2001:db8::/32"])
def test_admin_cidr_wider_than_the_team_network_is_refused(network, cidr):
    vpc, _ = network
    with pytest.raises(ValueError, match="más amplia que la red del equipo"):
        emr.create_cluster_security_groups(vpc, "etl", admin_cidr=cidr)
    names = {g["GroupName"] for g in boto3.client("ec2").describe_security_groups()["SecurityGroups"]}
    assert not names & {"etl-primario", "etl-core"}


def test_public_office_network_is_accepted_when_listed_as_the_teams(network):
    vpc, _ = network
    groups = emr.create_cluster_security_groups(vpc, "etl", admin_cidr="203.0.113.10/32",
                                                team_networks=("203.0.113.0/24",))
    assert emr.rules_open_to_world(groups["primario"], team_networks=("203.0.113.0/24",)) == []
    assert emr.rules_open_to_world(groups["primario"]) == [f"{groups['primario']}: puertos 22-22 abiertos a 203.0.113.10/32"]


def test_checker_finds_rules_wider_than_the_team_network(network):
    vpc, _ = network
    ec2 = boto3.client("ec2")
    bad = ec2.create_security_group(GroupName="ancho", Description="ancho", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=bad, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/1"}, {"CidrIp": "10.8.0.0/16"}]},
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
    ])
    assert sorted(emr.rules_open_to_world(bad)) == [
        f"{bad}: puertos 22-22 abiertos a 10.0.0.0/8", f"{bad}: puertos 443-443 abiertos a 0.0.0.0/1",
    ]


# --- Todo o nada: un fallo a medias no deja grupos sueltos ---

CREATE_CALLS = ("CreateSecurityGroup", "AuthorizeSecurityGroupIngress")


def refuse_deleting_a_referenced_group(params, **kwargs):
    """Como AWS (moto no lo comprueba): un grupo que cita la regla de otro no se borra (DependencyViolation)."""
    from botocore.exceptions import ClientError

    groups = boto3.client("ec2").describe_security_groups()["SecurityGroups"]
    citing = [g["GroupId"] for g in groups if g["GroupId"] != params["GroupId"] and any(
        pair.get("GroupId") == params["GroupId"] for rule in g["IpPermissions"] for pair in rule.get("UserIdGroupPairs", []))]
    if citing:
        raise ClientError({"Error": {"Code": "DependencyViolation",
                                     "Message": f"resource {params['GroupId']} has a dependent object"}}, "DeleteSecurityGroup")


@pytest.mark.parametrize("failing_call", range(1, 6))  # 2 grupos + 2 reglas entre ellos + la de SSH
def test_security_groups_are_rolled_back_when_a_step_fails(network, failing_call):
    from botocore.exceptions import ClientError

    vpc, _ = network
    ec2 = boto3.client("ec2")
    before = sorted(g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"])
    calls = {"n": 0}

    def fail_at_step(model, **kwargs):
        if model.name in CREATE_CALLS:
            calls["n"] += 1
            if calls["n"] == failing_call:
                raise ClientError({"Error": {"Code": "RequestLimitExceeded", "Message": "inyectado"}}, model.name)

    ec2.meta.events.register("before-call.ec2", fail_at_step)
    ec2.meta.events.register("before-parameter-build.ec2.DeleteSecurityGroup", refuse_deleting_a_referenced_group)
    with pytest.raises(RuntimeError, match="se borró lo creado") as err:
        emr.create_cluster_security_groups(vpc, "etl", admin_cidr="10.8.0.0/16", client=ec2)
    assert isinstance(err.value.__cause__, ClientError)
    after = sorted(g["GroupId"] for g in boto3.client("ec2").describe_security_groups()["SecurityGroups"])
    assert after == before


MANAGED = {"Key": "for-use-with-amazon-emr-managed-policies", "Value": "true"}


def test_cluster_and_security_groups_carry_the_tag_the_v2_service_policy_needs(network):
    """AmazonEMRServicePolicy_v2 solo actúa sobre recursos etiquetados: sin la etiqueta, EMR no arranca."""
    vpc, subnet = network
    groups = emr.create_cluster_security_groups(vpc, "etl")
    request = emr.spark_cluster_request("etl", subnet, "s3://equipo-ml-emr/logs/", groups["primario"], groups["core"])
    assert request["ServiceRole"] == "EMR_DefaultRole_V2"
    assert MANAGED in request["Tags"]
    described = boto3.client("ec2").describe_security_groups(GroupIds=list(groups.values()))["SecurityGroups"]
    assert all(MANAGED in group.get("Tags", []) for group in described)
    trust = json.loads(Path("snippets/iam/emr-service-trust.json").read_text())
    assert trust["Statement"][0]["Principal"] == {"Service": "elasticmapreduce.amazonaws.com"}


def test_without_a_client_every_function_creates_ones_with_bounded_waits(network, created_clients):
    vpc, subnet = network
    emr.newest_release_label()
    groups = emr.create_cluster_security_groups(vpc, "etl")
    cluster_id = emr.create_cluster(emr.spark_cluster_request("etl", subnet, "s3://logs/emr/", groups["primario"],
                                                              groups["core"]))
    emr.add_spark_step(cluster_id, "s3://codigo/etl/limpiar.py")
    assert emr.rules_open_to_world(groups["core"]) == []
    emr.block_public_access()
    assert [c.meta.service_model.service_name for c in created_clients] == ["emr", "ec2", "emr", "emr", "ec2", "emr"]
    for client in created_clients:
        assert_bounded_waits(client)
