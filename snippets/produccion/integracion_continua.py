"""La página Integración continua en orden de lectura: comprobar un .gitlab-ci.yml y aprobar un modelo.

Los archivos YAML que la página muestra son la raíz ``.gitlab-ci.yml`` del manual y la plantilla
``snippets/proyecto_ml/gitlab-ci.yml``; la orden que aprueba el modelo está en
``snippets/proyecto_ml/pipeline/cli.py``.
"""

from __future__ import annotations

# --8<-- [start:jobs]
from pathlib import Path

import pandas as pd
import yaml

# Claves de primer nivel de .gitlab-ci.yml que no son trabajos.
GLOBAL_KEYS = {"stages", "variables", "default", "include", "workflow", "image", "services", "cache",
               "before_script", "after_script"}
DEFAULT_STAGES = [".pre", "build", "test", "deploy", ".post"]


def _describe_rules(rules: list[dict]) -> str:
    """Cuándo se ejecuta un trabajo según sus reglas, en palabras."""
    if not rules:
        return "en cada cambio"
    described = []
    for rule in rules:
        condition = rule.get("if", "siempre")
        if condition == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH":
            condition = "rama principal"
        when = rule.get("when", "on_success")
        described.append(condition if when == "on_success" else f"{condition} ({when})")
    return "; ".join(described)


def ci_jobs(path: str | Path) -> pd.DataFrame:
    """Los trabajos de un .gitlab-ci.yml en el orden de sus etapas, con su entorno y sus reglas.

    Falla con un mensaje claro si un trabajo usa una etapa que no está en «stages», o si «needs» o
    «extends» nombran algo que no existe: los errores que GitLab solo muestra al recibir el push.
    """
    config = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    stages = config.get("stages", DEFAULT_STAGES)
    jobs = {name: job for name, job in config.items()
            if name not in GLOBAL_KEYS and not name.startswith(".") and isinstance(job, dict)}
    rows = []
    for name, job in jobs.items():
        parents = job.get("extends", [])
        for parent in [parents] if isinstance(parents, str) else parents:
            if parent not in config:
                raise ValueError(f"El trabajo {name!r} extiende {parent!r}, que no está definido.")
            job = {**config[parent], **job}
        stage = job.get("stage", "test")
        if stage not in stages:
            raise ValueError(f"El trabajo {name!r} usa la etapa {stage!r}, que no está en stages: {stages}.")
        for need in job.get("needs", []):
            need = need["job"] if isinstance(need, dict) else need
            if need not in jobs:
                raise ValueError(f"El trabajo {name!r} necesita {need!r}, que no es un trabajo del archivo.")
        environment = job.get("environment", "")
        rows.append({
            "trabajo": name,
            "etapa": stage,
            "entorno": environment["name"] if isinstance(environment, dict) else environment,
            "cuándo": _describe_rules(job.get("rules", [])),
            "artefactos": ", ".join(job.get("artifacts", {}).get("paths", [])),
        })
    table = pd.DataFrame(rows, columns=["trabajo", "etapa", "entorno", "cuándo", "artefactos"])
    order = table["etapa"].map(stages.index)
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)
# --8<-- [end:jobs]


# --8<-- [start:rol-oidc]
import json
import re
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

GITLAB_URL = "https://gitlab.com"


ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")  # los nombres de rol que IAM admite


def read_policy(path: str | Path, what: str) -> dict:
    """Un documento de política de un archivo JSON, o un error que dice cuál y por qué."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, TypeError, ValueError) as err:  # sin archivo, sin ruta o JSON mal formado
        raise ValueError(f"No se pudo leer la política {what} de {path!r}: {err}") from err
    if not isinstance(document, dict) or not isinstance(document.get("Statement"), list) or not document["Statement"]:
        raise ValueError(f"La política {what} de {path!r} debe ser un objeto JSON con una lista Statement.")
    return document


def create_gitlab_ci_role(role_name: str, trust_policy: str | Path, permissions: str | Path, client=None) -> str:
    """Crea el proveedor OIDC de GitLab (si falta) y el rol de la CI con sus dos políticas; devuelve su ARN.

    Si el rol ya existe, le pone estas políticas. Todo o nada: si un paso falla, deshace los anteriores
    (borra el proveedor y el rol que creó, o devuelve su confianza anterior a un rol que ya existía).
    """
    if not isinstance(role_name, str) or not ROLE_NAME.match(role_name):
        raise ValueError(f"Nombre de rol no válido: {role_name!r} (hasta 64 letras, números y +=,.@_-).")
    trust = read_policy(trust_policy, "de confianza")
    policy = read_policy(permissions, "de permisos")
    if not all(isinstance(s, dict) and s.get("Condition", {}).get("StringEquals", {}).get("gitlab.com:sub")
               for s in trust["Statement"]):
        raise ValueError("La política de confianza debe limitar gitlab.com:sub a un proyecto y una rama.")
    client = client or boto3.client("iam", config=AWS_CONFIG)
    undo = []  # cómo deshacer cada paso hecho, por orden
    try:
        providers = client.list_open_id_connect_providers()["OpenIDConnectProviderList"]
        if not any(p["Arn"].endswith(":oidc-provider/gitlab.com") for p in providers):
            provider = client.create_open_id_connect_provider(Url=GITLAB_URL, ClientIDList=[GITLAB_URL])
            undo.append(lambda: client.delete_open_id_connect_provider(
                OpenIDConnectProviderArn=provider["OpenIDConnectProviderArn"]))
        try:
            arn = client.create_role(RoleName=role_name, AssumeRolePolicyDocument=json.dumps(trust),
                                     Description="GitLab CI del proyecto diagnostico (OIDC, rama main)")["Role"]["Arn"]
            undo.append(lambda: client.delete_role(RoleName=role_name))
        except client.exceptions.EntityAlreadyExistsException:
            role = client.get_role(RoleName=role_name)["Role"]
            arn, previous = role["Arn"], json.dumps(role["AssumeRolePolicyDocument"])
            client.update_assume_role_policy(RoleName=role_name, PolicyDocument=json.dumps(trust))
            undo.append(lambda: client.update_assume_role_policy(RoleName=role_name, PolicyDocument=previous))
        client.put_role_policy(RoleName=role_name, PolicyName="pipeline-diagnostico", PolicyDocument=json.dumps(policy))
    except (ClientError, BotoCoreError) as err:
        not_undone = []
        for step in reversed(undo):
            try:
                step()
            except (ClientError, BotoCoreError) as cleanup:
                not_undone.append(str(cleanup))
        outcome = (f"No se pudo deshacer todo ({'; '.join(not_undone)}): revise el rol y el proveedor OIDC en IAM."
                   if not_undone else "No queda nada a medias.")
        raise RuntimeError(f"No se pudo crear el rol {role_name!r} de la CI en IAM: {err}. {outcome}") from err
    return arn
# --8<-- [end:rol-oidc]


# Lo que la página ejecuta, en orden. Las órdenes que lee de otros archivos, fuera de las secciones.
if __name__ == "__main__":
    from snippets.proyecto_ml.pipeline.cli import approve_model_package

    # --8<-- [start:uso-manual]
    ci_jobs(".gitlab-ci.yml")
    # --8<-- [end:uso-manual]

    # --8<-- [start:carpeta-proyecto]
    from pathlib import Path

    # La raíz del repositorio de su proyecto: ahí se guarda su .gitlab-ci.yml. Dentro, el paquete de las
    # órdenes que llama la plantilla (python -m snippets.proyecto_ml.pipeline.cli).
    Path("proyecto-ml/snippets/proyecto_ml/pipeline").mkdir(parents=True, exist_ok=True)
    # --8<-- [end:carpeta-proyecto]

    # --8<-- [start:uso-plantilla]
    ci_jobs("proyecto-ml/.gitlab-ci.yml")
    # --8<-- [end:uso-plantilla]

    # --8<-- [start:uso-rol-oidc]
    role_arn = create_gitlab_ci_role("gitlab-ci-diagnostico", "gitlab-oidc-trust.json", "gitlab-ci-role.json")
    print(f"Guarde este ARN en la variable de CI/CD AWS_ROLE_ARN: {role_arn}")
    # --8<-- [end:uso-rol-oidc]

    # --8<-- [start:uso-approve]
    import boto3
    import pandas as pd
    from sagemaker.core import image_uris

    sagemaker = boto3.client("sagemaker", config=AWS_CONFIG)
    # El contenedor de scikit-learn de SageMaker en la región del notebook.
    image = image_uris.retrieve(framework="sklearn", region=sagemaker.meta.region_name, version="1.4-2")
    group = "diagnostico-modelos-prueba"  # un grupo de prueba: no apruebe nada en el grupo de producción
    # Lo que dejan dos ejecuciones del pipeline: dos versiones pendientes de aprobación.
    if not sagemaker.list_model_package_groups(NameContains=group)["ModelPackageGroupSummaryList"]:
        sagemaker.create_model_package_group(ModelPackageGroupName=group)
    registered = [
        sagemaker.create_model_package(
            ModelPackageGroupName=group,
            ModelApprovalStatus="PendingManualApproval",
            InferenceSpecification={
                "Containers": [{"Image": image}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["application/json"],
            },
        )["ModelPackageArn"]
        for _ in range(2)
    ]

    # La primera es la que registró «nuestra» ejecución: se aprueba esa, aunque haya otra más nueva.
    print(f"Aprobado: {approve_model_package(registered[0])}")
    versions = sagemaker.list_model_packages(ModelPackageGroupName=group, SortBy="CreationTime")
    pd.DataFrame(versions["ModelPackageSummaryList"])[["ModelPackageVersion", "ModelApprovalStatus"]]
    # --8<-- [end:uso-approve]
