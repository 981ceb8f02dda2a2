"""Amazon EMR con boto3: un clúster de Spark con escalado y apagado automáticos, un paso y su red."""

# --8<-- [start:cluster]
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

# Fije la versión: cada versión de EMR trae sus versiones de Spark, Hadoop, Hudi y Livy.
RELEASE_LABEL = "emr-7.14.0"
RELEASE_LINES = ("emr-7", "emr-spark-8")
_LABEL = re.compile(r"(?P<line>emr-(?:spark-)?\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)")
_IDS = {"subnet_id": "subnet-", "master_sg": "sg-", "core_sg": "sg-", "service_sg": "sg-"}


def newest_release_label(line: str = "emr-7", client=None) -> str:
    """La versión más reciente de una línea de EMR en la región: ``emr-7`` o ``emr-spark-8``.

    Compara números, no texto («emr-7.14.0» es más reciente que «emr-7.9.0»).
    """
    if line not in RELEASE_LINES:
        raise ValueError(f"line debe ser una de {RELEASE_LINES}; se recibió {line!r}.")
    client = client or boto3.client("emr", config=AWS_CONFIG)
    labels, kwargs = [], {"Filters": {"Prefix": f"{line}."}}  # con el punto: «emr-7» no es «emr-70»
    try:
        while True:
            page = client.list_release_labels(**kwargs)
            labels += page.get("ReleaseLabels", [])
            if not page.get("NextToken"):
                break
            kwargs["NextToken"] = page["NextToken"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudieron leer las versiones de EMR de la región: {err}") from err
    versions = [
        (int(m["minor"]), int(m["patch"]), label)
        for label in labels
        if (m := _LABEL.fullmatch(label)) and m["line"] == line
    ]
    if not versions:
        raise ValueError(f"No hay versiones {line}.x en esta región.")
    return max(versions)[2]


def _positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} debe ser un número entero; se recibió {value!r}.")
    if value < 1:
        raise ValueError(f"{name} debe ser 1 o más; se recibió {value}.")
    return value


MANAGED_POLICY_TAG = {"Key": "for-use-with-amazon-emr-managed-policies", "Value": "true"}


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

    ``core_instances`` y ``max_instances`` cuentan nodos core y task: el primario no escala y no cuenta.
    ``service_sg`` es el grupo de acceso del servicio, obligatorio si la subred es privada.
    """
    if not isinstance(name, str) or not 1 <= len(name) <= 256:
        raise ValueError(f"name debe ser un texto de 1 a 256 caracteres; se recibió {name!r}.")
    ids = {"subnet_id": subnet_id, "master_sg": master_sg, "core_sg": core_sg, "service_sg": service_sg}
    for arg, value in ids.items():
        if value is None and arg == "service_sg":
            continue
        if not isinstance(value, str) or not value.startswith(_IDS[arg]):
            raise ValueError(f"{arg} debe ser un identificador {_IDS[arg]}...; se recibió {value!r}.")
    if not isinstance(log_uri, str) or not log_uri.startswith("s3://") or len(log_uri) <= len("s3://"):
        raise ValueError(f"log_uri debe ser una ruta s3://bucket/prefijo/; se recibió {log_uri!r}.")
    core_instances = _positive_int("core_instances", core_instances)
    max_instances = _positive_int("max_instances", max_instances)
    if core_instances > max_instances:
        raise ValueError(
            f"core_instances ({core_instances}) no puede superar max_instances ({max_instances}): "
            "el escalado gestionado no bajaría del mínimo ni subiría del máximo."
        )
    idle_minutes = _positive_int("idle_minutes", idle_minutes)
    if idle_minutes > 7 * 24 * 60:
        raise ValueError("idle_minutes debe estar entre 1 minuto y 7 días.")
    if not isinstance(instance_type, str) or not re.fullmatch(r"[a-z][a-z0-9-]*\.[a-z0-9-]+", instance_type):
        raise ValueError(f"instance_type debe ser un tipo de EC2 como «m5.xlarge»; se recibió {instance_type!r}.")
    match = _LABEL.fullmatch(release_label) if isinstance(release_label, str) else None
    if not match:
        raise ValueError(f"release_label debe ser como «emr-7.14.0» o «emr-spark-8.1.0»; se recibió {release_label!r}.")
    # La línea emr-spark-8 (Spark 4) trae Livy y JupyterEnterpriseGateway, pero no la aplicación Hadoop.
    applications = ["Spark", "Livy", "JupyterEnterpriseGateway"]
    if not match["line"].startswith("emr-spark-"):
        applications.insert(1, "Hadoop")
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
        "Applications": [{"Name": app} for app in applications],
        "Instances": instances,
        "LogUri": log_uri,
        # Roles creados con las políticas de «Roles del clúster»; la política de servicio v2 solo actúa sobre
        # recursos con la etiqueta MANAGED_POLICY_TAG, que EMR copia a lo que crea.
        "ServiceRole": "EMR_DefaultRole_V2",
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "VisibleToAllUsers": True,
        "ManagedScalingPolicy": {
            "ComputeLimits": {  # nodos core y task; el primario no cuenta
                "UnitType": "Instances",
                "MinimumCapacityUnits": core_instances,
                "MaximumCapacityUnits": max_instances,
            }
        },
        "AutoTerminationPolicy": {"IdleTimeout": idle_minutes * 60},  # en segundos
        "Tags": [{"Key": "equipo", "Value": "ml"}, MANAGED_POLICY_TAG],
    }


def create_cluster(request: dict, client=None) -> str:
    """Crea el clúster y devuelve su identificador (j-...)."""
    if not isinstance(request, dict) or "Name" not in request:
        raise TypeError("request debe ser el diccionario que devuelve spark_cluster_request.")
    client = client or boto3.client("emr", config=AWS_CONFIG)
    try:
        return client.run_job_flow(**request)["JobFlowId"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo crear el clúster {request['Name']!r}: {err}") from err
# --8<-- [end:cluster]


# --8<-- [start:step]
def add_spark_step(cluster_id: str, script_s3: str, args: list[str] | None = None, client=None) -> str:
    """Envía un script de PySpark guardado en S3 como paso del clúster, con spark-submit.

    ``args`` es una lista, un elemento por argumento: ``["--fecha", "2026-11-25"]``.
    """
    if not isinstance(cluster_id, str) or not re.fullmatch(r"j-[A-Z0-9]+", cluster_id):
        raise ValueError(f"cluster_id debe ser un identificador j-...; se recibió {cluster_id!r}.")
    if not isinstance(script_s3, str) or not script_s3.startswith("s3://") or not script_s3.endswith(".py"):
        raise ValueError(f"script_s3 debe ser un .py en S3; se recibió {script_s3!r}.")
    if isinstance(args, str):  # una cadena se repartiría letra a letra
        raise TypeError(
            f"args debe ser una lista, un elemento por argumento (p. ej. {args.split()!r}); se recibió la cadena {args!r}."
        )
    args = list(args or [])
    if not all(isinstance(arg, str) for arg in args):
        raise TypeError(f"Cada argumento de args debe ser un texto; se recibió {args!r}.")
    client = client or boto3.client("emr", config=AWS_CONFIG)
    step = {
        "Name": script_s3.rsplit("/", 1)[-1],
        "ActionOnFailure": "CONTINUE",  # un paso fallido no apaga el clúster
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": ["spark-submit", "--deploy-mode", "cluster", script_s3, *args],
        },
    }
    try:
        (step_id,) = client.add_job_flow_steps(JobFlowId=cluster_id, Steps=[step])["StepIds"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo añadir el paso al clúster {cluster_id}: {err}") from err
    return step_id
# --8<-- [end:step]


# --8<-- [start:security-groups]
import ipaddress
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

# La red más amplia que se acepta en una regla: privada (RFC 1918, o ULA en IPv6) y no mayor que /16
# (/48 en IPv6). Una red pública propia (la IP fija de la oficina) se permite pasándola en team_networks.
PRIVATE_NETWORKS = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")]
MIN_PREFIX = {4: 16, 6: 48}
LIVY_PORT = 8998  # Livy, en el nodo primario: lo usa SparkMagic


def wider_than_team(cidr: str, team_networks: tuple[str, ...] = ()) -> bool:
    """True si ``cidr`` abre más que la red del equipo: pública, o privada pero más amplia que /16."""
    try:
        network = ipaddress.ip_network(cidr, strict=False)
        team = [ipaddress.ip_network(allowed, strict=False) for allowed in team_networks]
    except (TypeError, ValueError) as err:
        raise ValueError(f"Rango CIDR no válido ({err}); use la forma «10.8.0.0/16».") from err
    for allowed_net in team:
        if network.version == allowed_net.version and network.subnet_of(allowed_net):
            return False
    private = any(network.version == p.version and network.subnet_of(p) for p in PRIVATE_NETWORKS)
    return not private or network.prefixlen < MIN_PREFIX[network.version]


def _check_admin_cidr(admin_cidr, team_networks: tuple[str, ...]) -> None:
    if admin_cidr is None:
        return
    if not isinstance(admin_cidr, str):
        raise TypeError(f"admin_cidr debe ser un texto como «10.8.0.0/16»; se recibió {admin_cidr!r}.")
    try:
        ipaddress.ip_network(admin_cidr, strict=False)
        for allowed in team_networks:
            ipaddress.ip_network(allowed, strict=False)
    except ValueError as err:
        raise ValueError(f"admin_cidr no es una red válida: {admin_cidr!r} ({err}).") from None
    if wider_than_team(admin_cidr, team_networks):
        raise ValueError(
            f"No abra SSH a {admin_cidr}: es más amplia que la red del equipo. Indique la red de la VPN "
            "(privada, /16 o menor) o añada su red pública a team_networks."
        )


def _delete_groups(client, group_ids: list[str]) -> None:
    """Borra grupos creados: primero sus reglas, porque se citan entre sí y AWS no borra un grupo citado."""
    for group in client.describe_security_groups(GroupIds=group_ids)["SecurityGroups"]:
        if group["IpPermissions"]:
            client.revoke_security_group_ingress(GroupId=group["GroupId"], IpPermissions=group["IpPermissions"])
    for group_id in group_ids:
        client.delete_security_group(GroupId=group_id)


def create_cluster_security_groups(
    vpc_id: str, name: str, admin_cidr: str | None = None, notebook_sg: str | None = None, client=None,
    team_networks: tuple[str, ...] = (),
) -> dict[str, str]:
    """Crea los grupos de seguridad del nodo primario y de los nodos core, sin nada abierto a internet.

    Los nodos solo se hablan entre sí (EMR añade las reglas que necesita). Con ``admin_cidr``
    (la red de la VPN, no 0.0.0.0/0) se permite SSH al nodo primario; mejor aún, use Session Manager.
    Con ``notebook_sg`` (el grupo de seguridad de las notebook instances) se permite Livy (puerto 8998)
    en el nodo primario solo desde ese grupo, sin rangos de direcciones. Si algo falla a medias, borra lo
    que creó.
    """
    if not isinstance(vpc_id, str) or not vpc_id.startswith("vpc-"):
        raise ValueError(f"vpc_id debe ser un identificador vpc-...; se recibió {vpc_id!r}.")
    if not isinstance(name, str) or not name or len(name) > 200:
        raise ValueError(f"name debe ser un texto de 1 a 200 caracteres; se recibió {name!r}.")
    _check_admin_cidr(admin_cidr, tuple(team_networks))
    if notebook_sg is not None and not re.fullmatch(r"sg-[0-9a-f]{8,17}", str(notebook_sg)):
        raise ValueError(f"notebook_sg debe ser un grupo de seguridad (sg-...); se recibió {notebook_sg!r}.")
    client = client or boto3.client("ec2", config=AWS_CONFIG)
    groups = {}
    try:
        for role in ("primario", "core"):
            groups[role] = client.create_security_group(
                GroupName=f"{name}-{role}", Description=f"EMR {name}: nodos {role}", VpcId=vpc_id,
                # Grupos que no crea EMR: la política de servicio v2 solo los usa con esta etiqueta.
                TagSpecifications=[{"ResourceType": "security-group", "Tags": [
                    {"Key": "for-use-with-amazon-emr-managed-policies", "Value": "true"},
                ]}],
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
    except (ClientError, BotoCoreError) as err:
        if groups:
            _delete_groups(client, list(groups.values()))
        raise RuntimeError(
            f"No se pudieron crear los grupos de seguridad de {name!r} (se borró lo creado): {err}"
        ) from err
    return groups


def rules_open_to_world(group_id: str, client=None, team_networks: tuple[str, ...] = ()) -> list[str]:
    """Las reglas de entrada de un grupo abiertas a más que la red del equipo (vacío = bien).

    Cuenta toda red pública (no solo 0.0.0.0/0) y toda red privada más amplia que /16.
    """
    if not isinstance(group_id, str) or not group_id.startswith("sg-"):
        raise ValueError(f"group_id debe ser un identificador sg-...; se recibió {group_id!r}.")
    client = client or boto3.client("ec2", config=AWS_CONFIG)
    try:
        (group,) = client.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo leer el grupo de seguridad {group_id}: {err}") from err
    problems = []
    for rule in group["IpPermissions"]:
        cidrs = {r["CidrIp"] for r in rule.get("IpRanges", [])} | {r["CidrIpv6"] for r in rule.get("Ipv6Ranges", [])}
        for cidr in sorted(c for c in cidrs if wider_than_team(c, team_networks)):
            ports = "todos" if rule["IpProtocol"] == "-1" else f"{rule.get('FromPort')}-{rule.get('ToPort')}"
            problems.append(f"{group_id}: puertos {ports} abiertos a {cidr}")
    return problems
# --8<-- [end:security-groups]


# --8<-- [start:block-public-access]
def block_public_access(client=None) -> None:
    """Impide crear clústeres con reglas abiertas a internet en la región, sin excepciones (ni el 22)."""
    client = client or boto3.client("emr", config=AWS_CONFIG)
    try:
        client.put_block_public_access_configuration(
            BlockPublicAccessConfiguration={
                "BlockPublicSecurityGroupRules": True,
                "PermittedPublicSecurityGroupRuleRanges": [],
            }
        )
    except (ClientError, BotoCoreError) as err:
        raise RuntimeError(f"No se pudo activar el bloqueo de acceso público de EMR: {err}") from err
# --8<-- [end:block-public-access]


if __name__ == "__main__":
    # --8<-- [start:uso-instance-profile]
    from pathlib import Path

    import boto3
    from botocore.config import Config

    # Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
    AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

    iam = boto3.client("iam", config=AWS_CONFIG)
    role = "EMR_EC2_DefaultRole"  # el JobFlowRole del clúster; el perfil de instancia se llama igual
    try:
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=Path("emr-ec2-trust.json").read_text())
    except iam.exceptions.EntityAlreadyExistsException:
        pass  # ya existe: solo se le pone la política
    iam.put_role_policy(RoleName=role, PolicyName="buckets-equipo-ml",
                        PolicyDocument=Path("emr-ec2-instance-profile.json").read_text())
    try:
        iam.create_instance_profile(InstanceProfileName=role)
    except iam.exceptions.EntityAlreadyExistsException:
        pass
    profile = iam.get_instance_profile(InstanceProfileName=role)["InstanceProfile"]
    if role not in [r["RoleName"] for r in profile["Roles"]]:  # un perfil admite un solo rol
        iam.add_role_to_instance_profile(InstanceProfileName=role, RoleName=role)
    profile = iam.get_instance_profile(InstanceProfileName=role)["InstanceProfile"]
    print(profile["Arn"], [r["RoleName"] for r in profile["Roles"]])
    # Si el rol ya existía, revise que no lleve también una política gestionada más amplia.
    print("políticas gestionadas:", [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]])
    # --8<-- [end:uso-instance-profile]

    # --8<-- [start:uso-security-groups]
    ec2 = boto3.client("ec2", config=AWS_CONFIG)
    (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    subnet_id = sorted(s["SubnetId"] for s in subnets)[0]

    groups = create_cluster_security_groups(vpc["VpcId"], "emr-equipo-ml", admin_cidr="10.8.0.0/16")
    for role, group_id in groups.items():
        print(role, group_id, rules_open_to_world(group_id) or "nada abierto a internet")
    # --8<-- [end:uso-security-groups]

    # --8<-- [start:uso-bucket]
    bucket = "equipo-ml-emr"
    s3 = boto3.client("s3", config=AWS_CONFIG)
    region = s3.meta.region_name
    try:  # fuera de us-east-1, S3 pide la región del bucket
        s3.create_bucket(Bucket=bucket, **(
            {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        ))
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass  # ya es suyo: otra página lo creó o la celda se ejecuta de nuevo
    print(bucket, s3.get_bucket_location(Bucket=bucket)["LocationConstraint"])
    # --8<-- [end:uso-bucket]

    # --8<-- [start:uso-release]
    for line in RELEASE_LINES:  # lo que ofrece su región hoy
        print(line, "más reciente:", newest_release_label(line))
    print("fijada en el clúster:", RELEASE_LABEL)
    # --8<-- [end:uso-release]

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
    cluster = boto3.client("emr", config=AWS_CONFIG).describe_cluster(ClusterId=cluster_id)["Cluster"]
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
    step = boto3.client("emr", config=AWS_CONFIG).describe_step(ClusterId=cluster_id, StepId=step_id)["Step"]
    print(step_id, step["Status"]["State"], " ".join(step["Config"]["Args"]))
    # --8<-- [end:uso-step]

    # --8<-- [start:uso-block-public-access]
    block_public_access()
    config = boto3.client("emr", config=AWS_CONFIG).get_block_public_access_configuration()["BlockPublicAccessConfiguration"]
    print(config)
    # --8<-- [end:uso-block-public-access]

    # --8<-- [start:uso-terminate]
    boto3.client("emr", config=AWS_CONFIG).terminate_job_flows(JobFlowIds=[cluster_id])
    print(boto3.client("emr", config=AWS_CONFIG).describe_cluster(ClusterId=cluster_id)["Cluster"]["Status"]["State"])
    # --8<-- [end:uso-terminate]
