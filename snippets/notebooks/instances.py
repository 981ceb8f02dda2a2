"""Notebook instances de SageMaker con boto3: crear, parar, cambiar de tipo y arrancar."""

from __future__ import annotations

# --8<-- [start:lifecycle]
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

WAIT = {"Delay": 15, "MaxAttempts": 80}  # hasta 20 minutos
NAME_PATTERN = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")  # nombres de SageMaker: hasta 63 caracteres
ROLE_ARN_PATTERN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")


def check_name(value, what: str = "name") -> None:
    if not isinstance(value, str) or not NAME_PATTERN.match(value):
        raise ValueError(f"{what} no válido: {value!r}. Use hasta 63 letras, números o guiones, sin guion al principio.")


def notebook_instance_types(client=None) -> set[str]:
    """Tipos de instancia que admite una notebook instance, según el modelo de la API de boto3."""
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
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
    check_name(name)
    if not isinstance(role_arn, str) or not ROLE_ARN_PATTERN.match(role_arn):
        raise ValueError(f"role_arn debe ser el ARN de un rol de IAM (arn:aws:iam::<cuenta>:role/<nombre>); se recibió {role_arn!r}.")
    if isinstance(volume_gb, bool) or not isinstance(volume_gb, int) or not 5 <= volume_gb <= 16_384:
        raise ValueError(f"volume_gb debe ser un entero de 5 a 16384 (GB); se recibió {volume_gb!r}.")
    if lifecycle_config is not None:
        check_name(lifecycle_config, "lifecycle_config")
    if code_repository is not None and not (
        isinstance(code_repository, str) and (NAME_PATTERN.match(code_repository) or code_repository.startswith("https://"))
    ):
        raise ValueError(f"code_repository es el nombre de un repositorio registrado o su URL https://; se recibió {code_repository!r}.")
    tags = {} if tags is None else tags
    if not isinstance(tags, dict) or len(tags) > 50 or not all(
        isinstance(k, str) and isinstance(v, str) and 1 <= len(k) <= 128 and len(v) <= 256
        and not k.lower().startswith("aws:") for k, v in tags.items()
    ):
        raise ValueError(f"tags es un dict de hasta 50 etiquetas de texto (clave de 1 a 128, sin «aws:»); se recibió {tags!r}.")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    if not isinstance(instance_type, str) or instance_type not in notebook_instance_types(client):
        raise ValueError(f"{instance_type!r} no es un tipo de notebook instance (por ejemplo, ml.t3.medium).")
    network = vpc_settings(subnet_id, security_group_ids, direct_internet_access)
    params = {
        "NotebookInstanceName": name,
        "InstanceType": instance_type,
        "RoleArn": role_arn,
        "VolumeSizeInGB": volume_gb,
        "PlatformIdentifier": "notebook-al2023-v1",  # Amazon Linux 2023 con JupyterLab 4
        "RootAccess": "Disabled",
        "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
    }
    params.update(network)
    if lifecycle_config:
        params["LifecycleConfigName"] = lifecycle_config
    if code_repository:
        params["DefaultCodeRepository"] = code_repository
    try:
        arn = client.create_notebook_instance(**params)["NotebookInstanceArn"]
        client.get_waiter("notebook_instance_in_service").wait(NotebookInstanceName=name, WaiterConfig=WAIT)
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo crear la notebook instance {name!r}: {err}") from err
    return arn


def change_instance_type(name: str, instance_type: str, client=None) -> None:
    """Para la instancia, cambia su tipo y la vuelve a arrancar. Lo guardado en /home/ec2-user/SageMaker se conserva."""
    check_name(name)
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    if not isinstance(instance_type, str) or instance_type not in notebook_instance_types(client):
        raise ValueError(f"{instance_type!r} no es un tipo de notebook instance (por ejemplo, ml.m5.xlarge).")
    try:
        if client.describe_notebook_instance(NotebookInstanceName=name)["NotebookInstanceStatus"] != "Stopped":
            client.stop_notebook_instance(NotebookInstanceName=name)
            client.get_waiter("notebook_instance_stopped").wait(NotebookInstanceName=name, WaiterConfig=WAIT)
        client.update_notebook_instance(NotebookInstanceName=name, InstanceType=instance_type)
        client.start_notebook_instance(NotebookInstanceName=name)
        client.get_waiter("notebook_instance_in_service").wait(NotebookInstanceName=name, WaiterConfig=WAIT)
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo cambiar el tipo de la notebook instance {name!r}: {err}") from err
# --8<-- [end:lifecycle]


if __name__ == "__main__":
    # --8<-- [start:uso-crear]
    sagemaker = boto3.client("sagemaker", config=AWS_CONFIG)
    account = boto3.client("sts", config=AWS_CONFIG).get_caller_identity()["Account"]
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
