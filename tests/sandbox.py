"""Modo sandbox de las pruebas de AWS (``make test-aws``): las mismas pruebas contra el endpoint y las
credenciales que dé el entorno (una cuenta de AWS de pruebas, o cualquier servidor compatible), sin la API
de reinicio de moto ni sus extras (tests/moto_extras.py).

- Nombres únicos por ejecución: :func:`run_name` añade el identificador de la ejecución (``RUN_ID``).
- Limpieza al terminar cada prueba, también si falla: :class:`Recorder` anota cada recurso que una llamada
  de boto3 crea en este proceso y :meth:`Recorder.cleanup` lo borra en orden inverso.
- Solo en una cuenta marcada como sandbox: :func:`check_sandbox_account`.
"""

from __future__ import annotations

import os
import secrets
import time
import warnings
from collections.abc import Callable

import boto3
from botocore.client import BaseClient
from botocore.exceptions import ClientError

SANDBOX = os.environ.get("HANDBOOK_AWS_SANDBOX") == "1"
ACCOUNT_VARIABLE = "MANUAL_ML_SANDBOX_ACCOUNT"
REGION = "eu-west-1"  # las pruebas crean sus recursos en esta región
RUN_ID = os.environ.get("HANDBOOK_RUN_ID") or secrets.token_hex(3)


def run_name(name: str) -> str:
    """El nombre de un recurso en esta ejecución: igual en modo normal (moto se vacía entre pruebas),
    con el identificador de la ejecución en modo sandbox (la cuenta es compartida y no se vacía)."""
    return f"{name}-{RUN_ID}" if SANDBOX else name


def check_sandbox_account() -> str:
    """El id de la cuenta de las credenciales si es la que MANUAL_ML_SANDBOX_ACCOUNT marca como sandbox;
    si no, un error que explica por qué no se empieza."""
    expected = os.environ.get(ACCOUNT_VARIABLE, "").strip()
    if not expected:
        raise RuntimeError(
            f"make test-aws crea y borra recursos: defina {ACCOUNT_VARIABLE} con el id de la cuenta de pruebas "
            "(12 dígitos) para confirmar que las credenciales son de una cuenta sandbox."
        )
    account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
    if account != expected:
        raise RuntimeError(
            f"Las credenciales son de la cuenta {account}, no de la cuenta sandbox {expected} "
            f"({ACCOUNT_VARIABLE}): no se ejecuta nada."
        )
    return account


def _missing(error: ClientError) -> bool:
    """El recurso ya no existe (la prueba lo borró): no hay nada que limpiar."""
    code = error.response.get("Error", {}).get("Code", "")
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return status == 404 or "NotFound" in code or "NoSuch" in code or code in {
        "ResourceNotFoundException", "ValidationException", "InvalidGroup.NotFound", "InvalidVpcID.NotFound",
        "InvalidSubnetID.NotFound",
    }


# Cómo se borra lo que crea cada operación: (servicio, operación) -> función(cliente, parámetros, respuesta).
def _delete_bucket(s3, params, _):
    bucket = params["Bucket"]

    def delete(objects: list[dict]) -> None:
        for start in range(0, len(objects), 1000):
            s3.delete_objects(Bucket=bucket, Delete={"Objects": objects[start:start + 1000], "Quiet": True})

    # Primero los objetos actuales, luego las versiones que queden (buckets con versionado).
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        delete([{"Key": o["Key"]} for o in page.get("Contents", [])])
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        delete([{"Key": o["Key"], "VersionId": o["VersionId"]}
                for o in page.get("Versions", []) + page.get("DeleteMarkers", [])])
    s3.delete_bucket(Bucket=bucket)


def _revoke_rules(ec2, group_id: str) -> None:
    """Quita las reglas de un grupo. Los grupos de EMR se referencian entre sí: se quitan las reglas de
    todos antes de borrar ninguno (una regla que nombra un grupo ya borrado no se puede revocar)."""
    (group,) = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
    if group["IpPermissions"]:
        ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=group["IpPermissions"])
    if group.get("IpPermissionsEgress"):
        ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=group["IpPermissionsEgress"])


def _terminate_cluster(emr, _, response):
    cluster_id = response["JobFlowId"]
    emr.terminate_job_flows(JobFlowIds=[cluster_id])
    # Sus instancias usan los grupos de seguridad que se borran después.
    emr.get_waiter("cluster_terminated").wait(ClusterId=cluster_id, WaiterConfig={"Delay": 1 if _local() else 30})


def _delete_notebook_instance(sm, params, _):
    name = params["NotebookInstanceName"]
    status = sm.describe_notebook_instance(NotebookInstanceName=name)["NotebookInstanceStatus"]
    if status not in ("Stopped", "Failed"):
        if status != "Stopping":
            sm.stop_notebook_instance(NotebookInstanceName=name)
        sm.get_waiter("notebook_instance_stopped").wait(
            NotebookInstanceName=name, WaiterConfig={"Delay": 1 if _local() else 30})
    sm.delete_notebook_instance(NotebookInstanceName=name)


def _stop_transform_job(sm, params, _):
    # Un trabajo de transformación no se borra: termina solo. Se para si sigue en marcha.
    name = params["TransformJobName"]
    if sm.describe_transform_job(TransformJobName=name)["TransformJobStatus"] == "InProgress":
        sm.stop_transform_job(TransformJobName=name)


def _delete_user(iam, params, _):
    user = params["UserName"]
    for key in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
    for policy in iam.list_user_policies(UserName=user)["PolicyNames"]:
        iam.delete_user_policy(UserName=user, PolicyName=policy)
    iam.delete_user(UserName=user)


def _quicksight(method: str, key: str) -> Callable:
    return lambda qs, params, _: getattr(qs, method)(AwsAccountId=params["AwsAccountId"], **{key: params[key]})


def _by(method: str, key: str, source: str | None = None, **extra) -> Callable:
    """Borra con el mismo parámetro que la creación (o el campo ``source`` de la respuesta)."""
    return lambda client, params, response: getattr(client, method)(
        **{key: response[source] if source else params[key]}, **extra)


def _delete_role(iam, params, _):
    """Un rol se borra después de quitarle sus políticas y sacarlo de sus perfiles de instancia."""
    name = params["RoleName"]
    for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
        iam.delete_role_policy(RoleName=name, PolicyName=policy)
    for policy in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
        iam.detach_role_policy(RoleName=name, PolicyArn=policy["PolicyArn"])
    for profile in iam.list_instance_profiles_for_role(RoleName=name)["InstanceProfiles"]:
        iam.remove_role_from_instance_profile(InstanceProfileName=profile["InstanceProfileName"], RoleName=name)
    iam.delete_role(RoleName=name)


def _delete_instance_profile(iam, params, _):
    name = params["InstanceProfileName"]
    for role in iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Roles"]:
        iam.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=role["RoleName"])
    iam.delete_instance_profile(InstanceProfileName=name)


CLEANUP: dict[tuple[str, str], Callable] = {
    ("iam", "CreateRole"): _delete_role,
    ("iam", "CreateInstanceProfile"): _delete_instance_profile,
    ("iam", "CreateOpenIDConnectProvider"): _by(
        "delete_open_id_connect_provider", "OpenIDConnectProviderArn", "OpenIDConnectProviderArn"),
    ("sagemaker", "CreateDataQualityJobDefinition"): _by("delete_data_quality_job_definition", "JobDefinitionName"),
    ("sagemaker", "CreateMonitoringSchedule"): _by("delete_monitoring_schedule", "MonitoringScheduleName"),
    ("cloudwatch", "PutMetricAlarm"): lambda cw, params, _: cw.delete_alarms(AlarmNames=[params["AlarmName"]]),
    ("sns", "CreateTopic"): _by("delete_topic", "TopicArn", "TopicArn"),
    ("glue", "CreateDatabase"): lambda glue, params, _: glue.delete_database(Name=params["DatabaseInput"]["Name"]),
    ("glue", "CreateTable"): lambda glue, params, _: glue.delete_table(
        DatabaseName=params["DatabaseName"], Name=params["TableInput"]["Name"]),
    ("s3", "CreateBucket"): _delete_bucket,
    ("ec2", "CreateVpc"): lambda ec2, _, r: ec2.delete_vpc(VpcId=r["Vpc"]["VpcId"]),
    ("ec2", "CreateSubnet"): lambda ec2, _, r: ec2.delete_subnet(SubnetId=r["Subnet"]["SubnetId"]),
    ("ec2", "CreateSecurityGroup"): lambda ec2, _, r: ec2.delete_security_group(GroupId=r["GroupId"]),
    ("emr", "RunJobFlow"): _terminate_cluster,
    ("sagemaker", "CreateModel"): _by("delete_model", "ModelName"),
    ("sagemaker", "CreateEndpointConfig"): _by("delete_endpoint_config", "EndpointConfigName"),
    ("sagemaker", "CreateEndpoint"): _by("delete_endpoint", "EndpointName"),
    ("sagemaker", "CreateTransformJob"): _stop_transform_job,
    ("sagemaker", "CreateNotebookInstance"): _delete_notebook_instance,
    ("sagemaker", "CreateNotebookInstanceLifecycleConfig"): _by(
        "delete_notebook_instance_lifecycle_config", "NotebookInstanceLifecycleConfigName"),
    ("sagemaker", "CreateCodeRepository"): _by("delete_code_repository", "CodeRepositoryName"),
    ("sagemaker", "CreatePipeline"): _by("delete_pipeline", "PipelineName"),
    ("sagemaker", "CreateModelPackageGroup"): _by("delete_model_package_group", "ModelPackageGroupName"),
    ("sagemaker", "CreateModelPackage"): _by("delete_model_package", "ModelPackageName", "ModelPackageArn"),
    ("secretsmanager", "CreateSecret"): _by("delete_secret", "SecretId", "ARN", ForceDeleteWithoutRecovery=True),
    ("iam", "CreateUser"): _delete_user,
    ("firehose", "CreateDeliveryStream"): _by("delete_delivery_stream", "DeliveryStreamName"),
    ("opensearch", "CreateDomain"): _by("delete_domain", "DomainName"),
    ("quicksight", "CreateDataSource"): _quicksight("delete_data_source", "DataSourceId"),
    ("quicksight", "CreateDataSet"): _quicksight("delete_data_set", "DataSetId"),
    ("quicksight", "CreateAnalysis"): _quicksight("delete_analysis", "AnalysisId"),
    ("quicksight", "CreateDashboard"): _quicksight("delete_dashboard", "DashboardId"),
}


def _local() -> bool:
    return bool(os.environ.get("AWS_ENDPOINT_URL"))


class Recorder:
    """Anota lo que crean las llamadas de boto3 de este proceso (cualquier cliente, también los del SDK de
    SageMaker) mientras está activo, y lo borra con :meth:`cleanup`."""

    def __init__(self) -> None:
        self.created: list[tuple[str, str, str, dict, dict]] = []
        self.not_deletable: list[str] = []
        self._original = None

    def start(self) -> None:
        original = self._original = BaseClient._make_api_call
        recorder = self

        def recording(client, operation_name, api_params):
            response = original(client, operation_name, api_params)
            service = client.meta.service_model.service_name
            if (service, operation_name) in CLEANUP:
                recorder.created.append((service, operation_name, client.meta.region_name, dict(api_params), response))
            return response

        BaseClient._make_api_call = recording

    def stop(self) -> None:
        if self._original is not None:
            BaseClient._make_api_call = self._original
            self._original = None

    def cleanup(self) -> list[str]:
        """Borra lo creado, lo último primero; devuelve lo que no se pudo borrar (vacío si todo fue bien).

        Contra un endpoint local, una operación de borrado que el servidor no implementa (moto responde 500)
        no es un fallo de la prueba: se avisa con ``warnings`` y se anota en ``not_deletable``."""
        self.stop()
        errors = []
        clients: dict[tuple[str, str], BaseClient] = {}

        def client_for(service: str, region: str) -> BaseClient:
            return clients.setdefault((service, region), boto3.client(service, region_name=region))

        for service, operation, region, _, response in self.created:
            if (service, operation) == ("ec2", "CreateSecurityGroup"):
                try:
                    _revoke_rules(client_for(service, region), response["GroupId"])
                except ClientError:
                    pass  # el borrado de abajo dirá si el grupo sigue ahí
        while self.created:
            service, operation, region, params, response = self.created.pop()
            client = client_for(service, region)
            for attempt in range(3):
                try:
                    CLEANUP[service, operation](client, params, response)
                    break
                except ClientError as error:
                    if _missing(error):
                        break
                    if _local() and error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 500:
                        self.not_deletable.append(f"{service}:{operation}")
                        warnings.warn(f"El endpoint local no sabe deshacer {service}:{operation}: queda en él.",
                                      stacklevel=1)
                        break
                    if attempt == 2 or error.response["Error"].get("Code") not in {"DependencyViolation", "OperationAborted"}:
                        errors.append(f"{service}:{operation} {params}: {error}")
                        break
                    time.sleep(5)  # en AWS, una dependencia tarda en soltarse
                except Exception as error:  # noqa: BLE001 - se informa de todo lo que quede sin borrar
                    errors.append(f"{service}:{operation} {params}: {error!r}")
                    break
        return errors


def leftovers(region: str = REGION) -> dict[str, list[str]]:
    """Lo que hay en la cuenta de lo que crean las pruebas (para comprobar que la limpieza no deja nada).
    Faltan los tipos que moto no sabe listar o borrar (QuickSight, paquetes de modelo). No cuenta lo que toda cuenta tiene (la VPC y el grupo de seguridad por defecto) ni los trabajos y
    clústeres terminados, que AWS conserva en el historial."""
    def client(service: str):
        return boto3.client(service, region_name=region)

    sm, ec2 = client("sagemaker"), client("ec2")
    found = {
        "s3": [b["Name"] for b in client("s3").list_buckets()["Buckets"]],
        "vpc": [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")],
        "security-group": [g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]
                           if g["GroupName"] != "default"],
        "emr": [c["Id"] for c in client("emr").list_clusters(
            ClusterStates=["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"])["Clusters"]],
        "notebook-instance": [n["NotebookInstanceName"] for n in sm.list_notebook_instances()["NotebookInstances"]],
        "model": [m["ModelName"] for m in sm.list_models()["Models"]],
        "endpoint": [e["EndpointName"] for e in sm.list_endpoints()["Endpoints"]],
        "endpoint-config": [c["EndpointConfigName"] for c in sm.list_endpoint_configs()["EndpointConfigs"]],
        "pipeline": [p["PipelineName"] for p in sm.list_pipelines()["PipelineSummaries"]],
        "secret": [s["Name"] for s in client("secretsmanager").list_secrets()["SecretList"]],
        "iam-user": [u["UserName"] for u in client("iam").list_users()["Users"]],
        "firehose": client("firehose").list_delivery_streams()["DeliveryStreamNames"],
        "opensearch": [d["DomainName"] for d in client("opensearch").list_domain_names()["DomainNames"]],
    }
    return {kind: names for kind, names in found.items() if names}
