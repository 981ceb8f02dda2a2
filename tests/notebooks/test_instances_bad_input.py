"""Entradas erróneas de notebook instances y configuraciones de ciclo de vida (snippets/notebooks/instances.py y
lifecycle_config.py): un ValueError en español antes de llamar a SageMaker, sin instancias ni
configuraciones nuevas o cambiadas."""

from __future__ import annotations

import boto3
import pytest

from snippets.notebooks import instances, lifecycle_config
from tests.conftest import raises_in_spanish

ROLE = "arn:aws:iam::123456789012:role/equipo-ml-sagemaker"

CASES = [
    # create_notebook
    (lambda c: instances.create_notebook("equipo ml", ROLE, client=c), "name no válido"),
    (lambda c: instances.create_notebook("-equipo-ml", ROLE, client=c), "name no válido"),
    (lambda c: instances.create_notebook("e" * 64, ROLE, client=c), "hasta 63"),
    (lambda c: instances.create_notebook(None, ROLE, client=c), "name no válido"),
    (lambda c: instances.create_notebook("equipo-ml-ana", "equipo-ml-sagemaker", client=c), "role_arn"),
    (lambda c: instances.create_notebook("equipo-ml-ana", "arn:aws:iam::123456789012:user/ana", client=c), "role_arn"),
    (lambda c: instances.create_notebook("equipo-ml-ana", None, client=c), "role_arn"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, volume_gb=4, client=c), "volume_gb"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, volume_gb=20_000, client=c), "volume_gb"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, volume_gb="20", client=c), "volume_gb"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, volume_gb=20.5, client=c), "volume_gb"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, volume_gb=True, client=c), "volume_gb"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, instance_type="ml.t2.enorme", client=c),
     "no es un tipo de notebook instance"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, instance_type=["ml.t3.medium"], client=c),
     "no es un tipo de notebook instance"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, lifecycle_config="paquetes equipo", client=c),
     "lifecycle_config no válido"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, code_repository="git@gitlab.com:x/y.git", client=c),
     "code_repository"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, tags=[("equipo", "ml")], client=c), "tags"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, tags={"equipo": 3}, client=c), "tags"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, tags={"aws:equipo": "ml"}, client=c), "tags"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, tags={"": "ml"}, client=c), "tags"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, tags={f"k{i}": "v" for i in range(51)}, client=c),
     "tags"),
    (lambda c: instances.create_notebook("equipo-ml-ana", ROLE, subnet_id="subred-1", security_group_ids=["sg-0a1b2c3d"],
                                         client=c), "subnet-"),
    # change_instance_type
    (lambda c: instances.change_instance_type("equipo ml", "ml.m5.xlarge", client=c), "name no válido"),
    (lambda c: instances.change_instance_type("equipo-ml-ana", "m5.xlarge", client=c), "no es un tipo"),
    (lambda c: instances.change_instance_type("equipo-ml-ana", None, client=c), "no es un tipo"),
    # create_lifecycle_config y put_lifecycle_config
    (lambda c: lifecycle_config.create_lifecycle_config("paquetes equipo", on_start="echo", client=c),
     "Nombre de configuración no válido"),
    (lambda c: lifecycle_config.create_lifecycle_config("p" * 64, on_start="echo", client=c),
     "Nombre de configuración no válido"),
    (lambda c: lifecycle_config.create_lifecycle_config(None, on_start="echo", client=c),
     "Nombre de configuración no válido"),
    (lambda c: lifecycle_config.create_lifecycle_config("equipo-ml-paquetes", client=c), "al menos un script"),
    (lambda c: lifecycle_config.create_lifecycle_config("equipo-ml-paquetes", on_start=b"echo", client=c),
     "debe ser un texto"),
    (lambda c: lifecycle_config.create_lifecycle_config("equipo-ml-paquetes", on_create="#" * 13_000, client=c),
     "máximo es 16384"),
    (lambda c: lifecycle_config.put_lifecycle_config("paquetes_equipo", on_start="echo", client=c),
     "Nombre de configuración no válido"),
    (lambda c: lifecycle_config.put_lifecycle_config("equipo-ml-paquetes", on_start=["echo"], client=c),
     "debe ser un texto"),
]


def state(sagemaker) -> tuple:
    """Las notebook instances y la configuración que ya existía, con sus scripts (la lista de configuraciones
    no la sirve el endpoint local; lo que no existía y se crease lo delata la llamada enviada)."""
    config = sagemaker.describe_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="equipo-ml-paquetes")
    return (sagemaker.list_notebook_instances()["NotebookInstances"], config["OnStart"], config["LastModifiedTime"])


@pytest.mark.parametrize(("call", "message"), CASES)
def test_bad_input_is_refused_before_calling_sagemaker(aws, call, message):
    sagemaker = boto3.client("sagemaker")
    lifecycle_config.create_lifecycle_config("equipo-ml-paquetes", on_start="echo previa", client=sagemaker)
    before = state(sagemaker)
    client = boto3.client("sagemaker")
    sent = []
    client.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
    with raises_in_spanish(ValueError, match=message):
        call(client)
    assert sent == []
    assert state(sagemaker) == before
