"""Notebook instances de SageMaker con boto3: crear, parar, cambiar de tipo y arrancar."""

from __future__ import annotations

# --8<-- [start:lifecycle]
import re

import boto3

WAIT = {"Delay": 15, "MaxAttempts": 80}  # hasta 20 minutos


def notebook_instance_types(client=None) -> set[str]:
    """Tipos de instancia que admite una notebook instance, según el modelo de la API de boto3."""
    client = client or boto3.client("sagemaker")
    return set(client.meta.service_model.shape_for("InstanceType").enum)


def vpc_settings(subnet_id: str | None, security_group_ids: list[str] | None,
                 direct_internet_access: bool = True) -> dict:
    """Los parámetros de red de CreateNotebookInstance, comprobados antes de llamar a AWS."""
    if not isinstance(direct_internet_access, bool):
        raise ValueError("direct_internet_access es True o False.")
    if subnet_id is None and security_group_ids is None:
        if not direct_internet_access:
            raise ValueError("Sin acceso directo a internet, la instancia necesita subnet_id y security_group_ids.")
        return {}
    if not isinstance(subnet_id, str) or not re.fullmatch(r"subnet-[0-9a-f]{8,17}", subnet_id):
        raise ValueError(f"subnet_id debe ser el identificador de una subred (subnet-...); se recibió {subnet_id!r}.")
    if isinstance(security_group_ids, str) or not security_group_ids or len(security_group_ids) > 5:
        raise ValueError("security_group_ids es una lista de 1 a 5 grupos de seguridad de la VPC de la subred.")
    for group_id in security_group_ids:
        if not isinstance(group_id, str) or not re.fullmatch(r"sg-[0-9a-f]{8,17}", group_id):
            raise ValueError(f"{group_id!r} no es un grupo de seguridad (sg-...).")
    return {
        "SubnetId": subnet_id,
        "SecurityGroupIds": list(security_group_ids),
        "DirectInternetAccess": "Enabled" if direct_internet_access else "Disabled",
    }


def create_notebook(
    name: str,
    role_arn: str,
    instance_type: str = "ml.t3.medium",
    volume_gb: int = 20,
    lifecycle_config: str | None = None,
    code_repository: str | None = None,
    tags: dict[str, str] | None = None,
    subnet_id: str | None = None,
    security_group_ids: list[str] | None = None,
    direct_internet_access: bool = True,
    client=None,
) -> str:
    """Crea una notebook instance (JupyterLab 4) y espera a que esté en servicio.

    Con ``subnet_id`` y ``security_group_ids`` la instancia tiene una interfaz de red en la VPC del equipo
    y llega, por ejemplo, al nodo primario de EMR. Con ``direct_internet_access=False`` solo sale por la
    VPC (para internet necesita un NAT; para los servicios de AWS, endpoints de VPC).
    """
    client = client or boto3.client("sagemaker")
    if instance_type not in notebook_instance_types(client):
        raise ValueError(f"{instance_type!r} no es un tipo de notebook instance (por ejemplo, ml.t3.medium).")
    network = vpc_settings(subnet_id, security_group_ids, direct_internet_access)
    params = {
        "NotebookInstanceName": name,
        "InstanceType": instance_type,
        "RoleArn": role_arn,
        "VolumeSizeInGB": volume_gb,
        "PlatformIdentifier": "notebook-al2023-v1",  # Amazon Linux 2023 con JupyterLab 4
        "RootAccess": "Disabled",
        "Tags": [{"Key": k, "Value": v} for k, v in (tags or {}).items()],
    }
    params.update(network)
    if lifecycle_config:
        params["LifecycleConfigName"] = lifecycle_config
    if code_repository:
        params["DefaultCodeRepository"] = code_repository
    arn = client.create_notebook_instance(**params)["NotebookInstanceArn"]
    client.get_waiter("notebook_instance_in_service").wait(NotebookInstanceName=name, WaiterConfig=WAIT)
    return arn


def change_instance_type(name: str, instance_type: str, client=None) -> None:
    """Para la instancia, cambia su tipo y la vuelve a arrancar. Lo guardado en /home/ec2-user/SageMaker se conserva."""
    client = client or boto3.client("sagemaker")
    if instance_type not in notebook_instance_types(client):
        raise ValueError(f"{instance_type!r} no es un tipo de notebook instance (por ejemplo, ml.m5.xlarge).")
    if client.describe_notebook_instance(NotebookInstanceName=name)["NotebookInstanceStatus"] != "Stopped":
        client.stop_notebook_instance(NotebookInstanceName=name)
        client.get_waiter("notebook_instance_stopped").wait(NotebookInstanceName=name, WaiterConfig=WAIT)
    client.update_notebook_instance(NotebookInstanceName=name, InstanceType=instance_type)
    client.start_notebook_instance(NotebookInstanceName=name)
    client.get_waiter("notebook_instance_in_service").wait(NotebookInstanceName=name, WaiterConfig=WAIT)
# --8<-- [end:lifecycle]


if __name__ == "__main__":
    # --8<-- [start:uso-crear]
    sagemaker = boto3.client("sagemaker")
    account = boto3.client("sts").get_caller_identity()["Account"]
    role_arn = f"arn:aws:iam::{account}:role/equipo-ml-sagemaker"  # el rol de ejecución de SageMaker del equipo
    name = "equipo-ml-churn-eda"

    create_notebook(name, role_arn, tags={"equipo": "ml", "proyecto": "churn"})
    info = sagemaker.describe_notebook_instance(NotebookInstanceName=name)
    print("Creada:", info["NotebookInstanceStatus"], info["InstanceType"], f"{info['VolumeSizeInGB']} GB")
    # --8<-- [end:uso-crear]

    # --8<-- [start:uso-cambiar]
    change_instance_type(name, "ml.m6i.xlarge")  # para, cambia y arranca
    info = sagemaker.describe_notebook_instance(NotebookInstanceName=name)
    print("Cambiada:", info["NotebookInstanceStatus"], info["InstanceType"])
    # --8<-- [end:uso-cambiar]

    # --8<-- [start:uso-parar]
    sagemaker.stop_notebook_instance(NotebookInstanceName=name)
    sagemaker.get_waiter("notebook_instance_stopped").wait(NotebookInstanceName=name, WaiterConfig=WAIT)
    info = sagemaker.describe_notebook_instance(NotebookInstanceName=name)
    print("Al terminar el día:", info["NotebookInstanceStatus"], info["InstanceType"])
    # --8<-- [end:uso-parar]
