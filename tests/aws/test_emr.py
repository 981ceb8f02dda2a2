"""Pruebas de snippets/aws/emr.py contra moto (clúster, paso de Spark, grupos de seguridad) y del script del paso
con Spark local."""

from __future__ import annotations

import boto3
import pytest
from botocore.validate import ParamValidator

from snippets.aws import emr, limpiar_ventas


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


def test_block_public_access_without_exceptions(aws):
    emr.block_public_access()
    config = boto3.client("emr").get_block_public_access_configuration()["BlockPublicAccessConfiguration"]
    assert config["BlockPublicSecurityGroupRules"] is True
    assert config.get("PermittedPublicSecurityGroupRuleRanges", []) == []


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
