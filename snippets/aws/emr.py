"""Amazon EMR con boto3: un clúster de Spark con escalado y apagado automáticos, un paso y su red."""

# --8<-- [start:cluster]
import boto3

RELEASE_LABEL = "emr-7.12.0"  # fije la versión: cada versión de EMR trae sus versiones de Spark y Hudi


def spark_cluster_request(
    name: str,
    subnet_id: str,
    log_uri: str,
    master_sg: str,
    core_sg: str,
    service_sg: str | None = None,
    core_instances: int = 2,
    max_instances: int = 10,
    idle_minutes: int = 60,
    instance_type: str = "m5.xlarge",
    release_label: str = RELEASE_LABEL,
) -> dict:
    """Parámetros de ``run_job_flow`` para un clúster de Spark que escala solo y se apaga si está ocioso.

    ``service_sg`` es el grupo de acceso del servicio, obligatorio si la subred es privada.
    """
    if not 1 <= core_instances <= max_instances:
        raise ValueError("Se necesita 1 <= core_instances <= max_instances.")
    if not 1 <= idle_minutes <= 7 * 24 * 60:
        raise ValueError("idle_minutes debe estar entre 1 minuto y 7 días.")
    instances = {
        "InstanceGroups": [
            {"Name": "primario", "InstanceRole": "MASTER", "InstanceType": instance_type, "InstanceCount": 1},
            {"Name": "core", "InstanceRole": "CORE", "InstanceType": instance_type, "InstanceCount": core_instances},
        ],
        "Ec2SubnetId": subnet_id,
        "EmrManagedMasterSecurityGroup": master_sg,
        "EmrManagedSlaveSecurityGroup": core_sg,
        "KeepJobFlowAliveWhenNoSteps": True,
        "TerminationProtected": False,
    }
    if service_sg:
        instances["ServiceAccessSecurityGroup"] = service_sg
    return {
        "Name": name,
        "ReleaseLabel": release_label,
        "Applications": [{"Name": "Spark"}, {"Name": "Hadoop"}, {"Name": "Livy"}, {"Name": "JupyterEnterpriseGateway"}],
        "Instances": instances,
        "LogUri": log_uri,
        "ServiceRole": "EMR_DefaultRole",
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "VisibleToAllUsers": True,
        "ManagedScalingPolicy": {
            "ComputeLimits": {
                "UnitType": "Instances",
                "MinimumCapacityUnits": 1 + core_instances,
                "MaximumCapacityUnits": max_instances,
            }
        },
        "AutoTerminationPolicy": {"IdleTimeout": idle_minutes * 60},  # en segundos
        "Tags": [{"Key": "equipo", "Value": "ml"}],
    }


def create_cluster(request: dict, client=None) -> str:
    """Crea el clúster y devuelve su identificador (j-...)."""
    client = client or boto3.client("emr")
    return client.run_job_flow(**request)["JobFlowId"]
# --8<-- [end:cluster]


# --8<-- [start:step]
def add_spark_step(cluster_id: str, script_s3: str, args: list[str] | None = None, client=None) -> str:
    """Envía un script de PySpark guardado en S3 como paso del clúster, con spark-submit."""
    if not script_s3.startswith("s3://") or not script_s3.endswith(".py"):
        raise ValueError(f"script_s3 debe ser un .py en S3; se recibió {script_s3!r}.")
    client = client or boto3.client("emr")
    step = {
        "Name": script_s3.rsplit("/", 1)[-1],
        "ActionOnFailure": "CONTINUE",  # un paso fallido no apaga el clúster
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": ["spark-submit", "--deploy-mode", "cluster", script_s3, *(args or [])],
        },
    }
    (step_id,) = client.add_job_flow_steps(JobFlowId=cluster_id, Steps=[step])["StepIds"]
    return step_id
# --8<-- [end:step]


# --8<-- [start:security-groups]
import ipaddress
import re

import boto3

WORLD = {"0.0.0.0/0", "::/0"}
LIVY_PORT = 8998  # Livy, en el nodo primario: lo usa SparkMagic


def create_cluster_security_groups(
    vpc_id: str, name: str, admin_cidr: str | None = None, notebook_sg: str | None = None, client=None
) -> dict[str, str]:
    """Crea los grupos de seguridad del nodo primario y de los nodos core, sin nada abierto a internet.

    Los nodos solo se hablan entre sí (EMR añade las reglas que necesita). Con ``admin_cidr``
    (la red de la VPN, no 0.0.0.0/0) se permite SSH al nodo primario; mejor aún, use Session Manager.
    Con ``notebook_sg`` (el grupo de seguridad de las notebook instances) se permite Livy (puerto 8998)
    en el nodo primario solo desde ese grupo, sin rangos de direcciones.
    """
    if notebook_sg is not None and not re.fullmatch(r"sg-[0-9a-f]{8,17}", str(notebook_sg)):
        raise ValueError(f"notebook_sg debe ser un grupo de seguridad (sg-...); se recibió {notebook_sg!r}.")
    if admin_cidr is not None:
        network = ipaddress.ip_network(admin_cidr, strict=False)
        if network.prefixlen == 0:
            raise ValueError("No abra SSH a todo internet: indique la red de la VPN del equipo.")
    client = client or boto3.client("ec2")
    groups = {}
    for role in ("primario", "core"):
        groups[role] = client.create_security_group(
            GroupName=f"{name}-{role}", Description=f"EMR {name}: nodos {role}", VpcId=vpc_id
        )["GroupId"]
    for role, other in (("primario", "core"), ("core", "primario")):
        client.authorize_security_group_ingress(
            GroupId=groups[role],
            IpPermissions=[{"IpProtocol": "-1", "UserIdGroupPairs": [
                {"GroupId": groups[role]}, {"GroupId": groups[other]},
            ]}],
        )
    if admin_cidr:
        client.authorize_security_group_ingress(
            GroupId=groups["primario"],
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                            "IpRanges": [{"CidrIp": admin_cidr, "Description": "SSH desde la VPN"}]}],
        )
    if notebook_sg:
        client.authorize_security_group_ingress(
            GroupId=groups["primario"],
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": LIVY_PORT, "ToPort": LIVY_PORT, "UserIdGroupPairs": [
                {"GroupId": notebook_sg, "Description": "Livy desde los notebooks de SageMaker"},
            ]}],
        )
    return groups


def rules_open_to_world(group_id: str, client=None) -> list[str]:
    """Las reglas de entrada de un grupo abiertas a cualquier dirección de internet (vacío = bien)."""
    client = client or boto3.client("ec2")
    (group,) = client.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
    problems = []
    for rule in group["IpPermissions"]:
        cidrs = {r["CidrIp"] for r in rule.get("IpRanges", [])} | {r["CidrIpv6"] for r in rule.get("Ipv6Ranges", [])}
        for cidr in sorted(cidrs & WORLD):
            ports = "todos" if rule["IpProtocol"] == "-1" else f"{rule.get('FromPort')}-{rule.get('ToPort')}"
            problems.append(f"{group_id}: puertos {ports} abiertos a {cidr}")
    return problems
# --8<-- [end:security-groups]


# --8<-- [start:block-public-access]
def block_public_access(client=None) -> None:
    """Impide crear clústeres con reglas abiertas a internet en la región, sin excepciones (ni el 22)."""
    client = client or boto3.client("emr")
    client.put_block_public_access_configuration(
        BlockPublicAccessConfiguration={
            "BlockPublicSecurityGroupRules": True,
            "PermittedPublicSecurityGroupRuleRanges": [],
        }
    )
# --8<-- [end:block-public-access]


if __name__ == "__main__":
    # --8<-- [start:uso-security-groups]
    ec2 = boto3.client("ec2")
    (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    subnet_id = sorted(s["SubnetId"] for s in subnets)[0]

    groups = create_cluster_security_groups(vpc["VpcId"], "emr-equipo-ml", admin_cidr="10.8.0.0/16")
    for role, group_id in groups.items():
        print(role, group_id, rules_open_to_world(group_id) or "nada abierto a internet")
    # --8<-- [end:uso-security-groups]

    # --8<-- [start:uso-bucket]
    bucket = "equipo-ml-emr"
    s3 = boto3.client("s3")
    region = s3.meta.region_name
    try:  # fuera de us-east-1, S3 pide la región del bucket
        s3.create_bucket(Bucket=bucket, **(
            {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        ))
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass  # ya es suyo: otra página lo creó o la celda se ejecuta de nuevo
    print(bucket, s3.get_bucket_location(Bucket=bucket)["LocationConstraint"])
    # --8<-- [end:uso-bucket]

    # --8<-- [start:uso-cluster]
    request = spark_cluster_request(
        "emr-equipo-ml",
        subnet_id,
        log_uri=f"s3://{bucket}/logs/",  # los logs del clúster y de cada paso
        master_sg=groups["primario"],
        core_sg=groups["core"],
        core_instances=2,
        max_instances=6,
        idle_minutes=30,
    )
    print(request["ManagedScalingPolicy"], request["AutoTerminationPolicy"])

    cluster_id = create_cluster(request)
    cluster = boto3.client("emr").describe_cluster(ClusterId=cluster_id)["Cluster"]
    print(cluster_id, cluster["Status"]["State"], cluster["ReleaseLabel"],
          [app["Name"] for app in cluster["Applications"]])
    # --8<-- [end:uso-cluster]

    # --8<-- [start:uso-upload-step]
    s3.upload_file("limpiar_ventas.py", bucket, "codigo/limpiar_ventas.py")
    s3.put_object(  # las ventas del día que limpiará el paso
        Bucket=bucket,
        Key="datos/ventas/2026-11-25.csv",
        Body="id,region,importe\nv1,Norte,120.0\nv1,Norte,120.0\nv2, sur ,80.5\nv3,norte,\n",
    )
    for key in ("codigo/limpiar_ventas.py", "datos/ventas/2026-11-25.csv"):
        print(f"s3://{bucket}/{key}", s3.head_object(Bucket=bucket, Key=key)["ContentLength"], "bytes")
    # --8<-- [end:uso-upload-step]

    # --8<-- [start:uso-step]
    step_id = add_spark_step(cluster_id, f"s3://{bucket}/codigo/limpiar_ventas.py", [
        "--entrada", f"s3://{bucket}/datos/ventas/2026-11-25.csv",
        "--salida", f"s3://{bucket}/limpio/ventas/",
        "--fecha", "2026-11-25",
    ])
    step = boto3.client("emr").describe_step(ClusterId=cluster_id, StepId=step_id)["Step"]
    print(step_id, step["Status"]["State"], " ".join(step["Config"]["Args"]))
    # --8<-- [end:uso-step]

    # --8<-- [start:uso-block-public-access]
    block_public_access()
    config = boto3.client("emr").get_block_public_access_configuration()["BlockPublicAccessConfiguration"]
    print(config)
    # --8<-- [end:uso-block-public-access]

    # --8<-- [start:uso-terminate]
    boto3.client("emr").terminate_job_flows(JobFlowIds=[cluster_id])
    print(boto3.client("emr").describe_cluster(ClusterId=cluster_id)["Cluster"]["Status"]["State"])
    # --8<-- [end:uso-terminate]
