"""Pruebas de snippets/notebooks: notebook instances y configuraciones de ciclo de vida contra moto."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from snippets.notebooks import instances, lifecycle_config
from tests.sandbox import run_name

ROLE = "arn:aws:iam::123456789012:role/equipo-ml-sagemaker"
LIFECYCLE_DIR = Path(__file__).resolve().parents[2] / "snippets/notebooks/lifecycle"


@pytest.mark.moto_extra("UpdateNotebookInstance")
def test_create_resize_and_restart_a_notebook_instance(aws):
    sm, config, name = boto3.client("sagemaker"), run_name("autostop"), run_name("ana-eda")
    lifecycle_config.create_lifecycle_config(config, on_start=lifecycle_config.autostop_script(60, LIFECYCLE_DIR))
    arn = instances.create_notebook(name, ROLE, lifecycle_config=config, tags={"equipo": "ml"})
    described = sm.describe_notebook_instance(NotebookInstanceName=name)
    assert described["NotebookInstanceArn"] == arn
    assert (described["InstanceType"], described["NotebookInstanceStatus"]) == ("ml.t3.medium", "InService")
    assert described["NotebookInstanceLifecycleConfigName"] == config

    instances.change_instance_type(name, "ml.m5.xlarge")
    described = sm.describe_notebook_instance(NotebookInstanceName=name)
    assert (described["InstanceType"], described["NotebookInstanceStatus"]) == ("ml.m5.xlarge", "InService")


def test_invalid_instance_types_are_refused_before_any_change(aws):
    sm, name = boto3.client("sagemaker"), run_name("x")
    with pytest.raises(ValueError, match="no es un tipo de notebook instance"):
        instances.create_notebook(name, ROLE, instance_type="ml.t2.enorme")
    assert sm.list_notebook_instances(NameContains=name)["NotebookInstances"] == []
    instances.create_notebook(name, ROLE)
    with pytest.raises(ValueError, match="no es un tipo de notebook instance"):
        instances.change_instance_type(name, "m5.xlarge")
    assert sm.describe_notebook_instance(NotebookInstanceName=name)["NotebookInstanceStatus"] == "InService"


@pytest.mark.moto_extra("UpdateNotebookInstance")
def test_resizing_a_running_instance_directly_is_refused_by_sagemaker(aws):
    # Por eso change_instance_type para la instancia antes de cambiarla.
    instances.create_notebook(name := run_name("x"), ROLE)
    with pytest.raises(ClientError, match="not in"):
        boto3.client("sagemaker").update_notebook_instance(NotebookInstanceName=name, InstanceType="ml.m5.xlarge")


def test_lifecycle_config_content_is_the_script(aws):
    script = (LIFECYCLE_DIR / "on-start-install.sh").read_text()
    lifecycle_config.create_lifecycle_config(name := run_name("paquetes"), on_start=script, on_create="#!/bin/bash\necho hola\n")
    config = boto3.client("sagemaker").describe_notebook_instance_lifecycle_config(
        NotebookInstanceLifecycleConfigName=name)
    assert base64.b64decode(config["OnStart"][0]["Content"]).decode() == script
    assert base64.b64decode(config["OnCreate"][0]["Content"]).decode() == "#!/bin/bash\necho hola\n"


def test_script_over_the_limit_is_refused_before_any_call(aws):
    too_long = "#!/bin/bash\n" + "echo 'relleno'\n" * 1000  # 15 000 caracteres: 20 000 en base64
    with pytest.raises(ValueError, match="máximo es 16384"):
        lifecycle_config.create_lifecycle_config("larga", on_start=too_long)
    with pytest.raises(ClientError):
        boto3.client("sagemaker").describe_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="larga")
    with pytest.raises(ValueError, match="al menos un script"):
        lifecycle_config.create_lifecycle_config("vacia")


@pytest.mark.parametrize("name", ["on-start-install.sh", "on-start-autostop.sh"])
def test_lifecycle_scripts_are_valid_bash(name):
    result = subprocess.run(["bash", "-n", str(LIFECYCLE_DIR / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_autostop_script_embeds_the_checker(tmp_path):
    script = lifecycle_config.autostop_script(45, LIFECYCLE_DIR)
    assert "--idle-seconds 2700" in script and "AUTOSTOP_PY" not in script and "IDLE_SECONDS" not in script
    (tmp_path / "s.sh").write_text(script)
    assert subprocess.run(["bash", "-n", str(tmp_path / "s.sh")]).returncode == 0
    embedded = script.split("<<'PYTHON'\n", 1)[1].split("\nPYTHON\n", 1)[0]
    compile(embedded, "autostop.py", "exec")
    assert len(base64.b64encode(script.encode())) <= lifecycle_config.MAX_CONTENT
    with pytest.raises(ValueError, match="al menos 10 minutos"):
        lifecycle_config.autostop_script(5, LIFECYCLE_DIR)


def test_autostop_script_reads_the_files_from_the_notebook_folder(tmp_path, monkeypatch):
    # En la página, el lector guarda los dos archivos junto al notebook y llama autostop_script(60).
    for name in ("on-start-autostop.sh", "autostop.py"):
        (tmp_path / name).write_text((LIFECYCLE_DIR / name).read_text())
    monkeypatch.chdir(tmp_path)
    assert lifecycle_config.autostop_script(60) == lifecycle_config.autostop_script(60, LIFECYCLE_DIR)


def captured_params(client, operation: str) -> list[dict]:
    """Los parámetros que el cliente envía a ``operation``, validados contra el modelo de botocore (lo que
    AWS recibiría; moto acepta más cosas)."""
    from botocore.validate import validate_parameters

    sent = []
    shape = client.meta.service_model.operation_model(operation).input_shape

    def capture(params, **kwargs):
        validate_parameters(params, shape)
        sent.append(params)

    client.meta.events.register(f"provide-client-params.{client.meta.service_model.endpoint_prefix}.{operation}", capture)
    return sent


def default_subnet_and_group() -> tuple[str, str]:
    ec2 = boto3.client("ec2")
    (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    subnet = sorted(s["SubnetId"] for s in ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"])[0]
    group = ec2.create_security_group(GroupName="notebooks", Description="notebooks", VpcId=vpc["VpcId"])["GroupId"]
    return subnet, group


def test_create_notebook_sends_the_network_settings_to_sagemaker(aws):
    subnet, group = default_subnet_and_group()
    sm = boto3.client("sagemaker")
    sent = captured_params(sm, "CreateNotebookInstance")
    instances.create_notebook("spark", ROLE, subnet_id=subnet, security_group_ids=[group],
                              direct_internet_access=False, client=sm)
    (params,) = sent
    assert (params["SubnetId"], params["SecurityGroupIds"], params["DirectInternetAccess"]) == (subnet, [group], "Disabled")
    described = sm.describe_notebook_instance(NotebookInstanceName="spark")
    assert (described["SubnetId"], described["SecurityGroups"]) == (subnet, [group])

    instances.create_notebook("sin-vpc", ROLE, client=sm)  # sin red propia: SageMaker pone la suya
    assert not {"SubnetId", "SecurityGroupIds", "DirectInternetAccess"} & set(sent[1])


@pytest.mark.parametrize("network, message", [
    ({"subnet_id": "subnet-0a1b2c3d4e5f60718"}, "security_group_ids"),
    ({"security_group_ids": ["sg-0a1b2c3d4e5f60718"]}, "subnet_id"),
    ({"subnet_id": "subred-1", "security_group_ids": ["sg-0a1b2c3d4e5f60718"]}, "subnet-"),
    ({"subnet_id": "subnet-0a1b2c3d4e5f60718", "security_group_ids": "sg-0a1b2c3d4e5f60718"}, "lista de 1 a 5"),
    ({"subnet_id": "subnet-0a1b2c3d4e5f60718", "security_group_ids": []}, "lista de 1 a 5"),
    ({"subnet_id": "subnet-0a1b2c3d4e5f60718", "security_group_ids": [f"sg-0a1b2c3d4e5f6071{i}" for i in range(6)]},
     "lista de 1 a 5"),
    ({"subnet_id": "subnet-0a1b2c3d4e5f60718", "security_group_ids": ["default"]}, "no es un grupo de seguridad"),
    ({"direct_internet_access": False}, "necesita subnet_id"),
    ({"subnet_id": "subnet-0a1b2c3d4e5f60718", "security_group_ids": ["sg-0a1b2c3d4e5f60718"],
      "direct_internet_access": "Disabled"}, "True o False"),
])
def test_bad_network_settings_are_refused_before_calling_sagemaker(aws, network, message):
    sm = boto3.client("sagemaker")
    sent = captured_params(sm, "CreateNotebookInstance")
    with pytest.raises(ValueError, match=message):
        instances.create_notebook("x", ROLE, client=sm, **network)
    assert sent == [] and sm.list_notebook_instances()["NotebookInstances"] == []


@pytest.mark.moto_extra("UpdateNotebookInstanceLifecycleConfig")
def test_put_lifecycle_config_creates_and_then_updates(aws):
    sm = boto3.client("sagemaker")
    sent = captured_params(sm, "UpdateNotebookInstanceLifecycleConfig")
    first = lifecycle_config.put_lifecycle_config("spark", on_start="#!/bin/bash\necho uno\n", client=sm)
    second = lifecycle_config.put_lifecycle_config("spark", on_start="#!/bin/bash\necho dos\n", client=sm)
    assert first == second and len(sent) == 1
    assert base64.b64decode(sent[0]["OnStart"][0]["Content"]).decode() == "#!/bin/bash\necho dos\n"
    config = sm.describe_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="spark")
    assert base64.b64decode(config["OnStart"][0]["Content"]).decode() == "#!/bin/bash\necho dos\n"

    too_long = "#!/bin/bash\n" + "echo 'relleno'\n" * 1000
    with pytest.raises(ValueError, match="máximo es 16384"):
        lifecycle_config.put_lifecycle_config("spark", on_start=too_long, client=sm)
    with pytest.raises(ValueError, match="debe ser un texto"):
        lifecycle_config.put_lifecycle_config("spark", on_start=b"#!/bin/bash\n", client=sm)
    assert len(sent) == 1  # nada más llegó a SageMaker
