"""Librerías en EMR: acciones de arranque para todo el clúster y librerías por notebook.

Las secciones siguen el orden de la página «Instalar librerías en EMR».
"""

# --8<-- [start:bootstrap]
import os
import re

import boto3
from boto3.exceptions import S3UploadFailedError
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})


def with_bootstrap(cluster_request: dict, script_s3: str, args: list[str] | None = None) -> dict:
    """Añade a una petición de run_job_flow una acción de arranque que ejecuta un script de S3 en cada nodo."""
    if not isinstance(script_s3, str) or not script_s3.startswith("s3://") or not script_s3.endswith(".sh"):
        raise ValueError(f"El script de arranque debe ser un .sh en S3; se recibió {script_s3!r}.")
    action = {
        "Name": "librerias-del-equipo",
        "ScriptBootstrapAction": {"Path": script_s3, "Args": args or []},
    }
    return {**cluster_request, "BootstrapActions": [*cluster_request.get("BootstrapActions", []), action]}


def upload_bootstrap(local_script: str, bucket: str, key: str = "emr/bootstrap/librerias.sh", client=None) -> str:
    """Sube el script de arranque a S3 y devuelve su URI."""
    if not (isinstance(local_script, str) and os.path.isfile(local_script)):
        raise ValueError(f"No existe el script de arranque {local_script!r}: guárdelo antes en esta carpeta.")
    if not (isinstance(bucket, str) and re.fullmatch(r"(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket)):
        raise ValueError(f"Nombre de bucket no válido: {bucket!r} (solo el nombre, sin s3://).")
    client = client or boto3.client("s3", config=AWS_CONFIG)
    try:
        client.upload_file(local_script, bucket, key)
    except (ClientError, BotoCoreError, S3UploadFailedError) as err:
        raise RuntimeError(f"No se pudo subir {local_script} a s3://{bucket}/{key}: {err}") from err
    return f"s3://{bucket}/{key}"
# --8<-- [end:bootstrap]


if __name__ == "__main__":
    # --8<-- [start:uso-bootstrap]
    bucket = "equipo-ml-emr"
    s3 = boto3.client("s3", config=AWS_CONFIG)
    region = s3.meta.region_name
    try:  # fuera de us-east-1, S3 pide la región del bucket
        s3.create_bucket(Bucket=bucket, **(
            {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        ))
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass  # ya es suyo: otra página lo creó o la celda se ejecuta de nuevo
    script_s3 = upload_bootstrap("emr_bootstrap.sh", bucket)

    request = with_bootstrap({
        "Name": "notebooks-equipo-ml",
        "ReleaseLabel": "emr-7.14.0",
        "Applications": [{"Name": "Spark"}, {"Name": "Livy"}, {"Name": "JupyterEnterpriseGateway"}],
        "Instances": {
            "InstanceGroups": [
                {"Name": "primario", "InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1},
                {"Name": "core", "InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": 2},
            ],
            "KeepJobFlowAliveWhenNoSteps": True,
        },
        "LogUri": f"s3://{bucket}/logs/",
        "ServiceRole": "EMR_DefaultRole_V2",
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "AutoTerminationPolicy": {"IdleTimeout": 3600},
        "Tags": [{"Key": "equipo", "Value": "ml"}, {"Key": "for-use-with-amazon-emr-managed-policies", "Value": "true"}],
    }, script_s3)

    emr = boto3.client("emr", config=AWS_CONFIG)
    cluster_id = emr.run_job_flow(**request)["JobFlowId"]
    for action in emr.list_bootstrap_actions(ClusterId=cluster_id)["BootstrapActions"]:
        print(cluster_id, action["Name"], action["ScriptPath"])
    # --8<-- [end:uso-bootstrap]

    # --8<-- [start:uso-terminate]
    emr.terminate_job_flows(JobFlowIds=[cluster_id])
    print(cluster_id, emr.describe_cluster(ClusterId=cluster_id)["Cluster"]["Status"]["State"])
    # --8<-- [end:uso-terminate]

    # Lo que sigue solo funciona en un notebook de EMR con el kernel PySpark, que define «sc» con estos métodos.
    # --8<-- [start:notebook-scoped]
    sc.list_packages()                                   # lo que ya hay en el clúster
    sc.install_pypi_package("pandas==2.2.3")             # solo para esta sesión de notebook
    sc.install_pypi_package("matplotlib", "https://pypi.org/simple")  # con un índice concreto
    sc.list_packages()                                   # ahora aparecen las nuevas
    sc.uninstall_package("matplotlib")                   # solo lo que instaló install_pypi_package
    # --8<-- [end:notebook-scoped]
