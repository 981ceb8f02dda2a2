"""Pruebas de las políticas de IAM de snippets/iam: parliament sin hallazgos, recursos con nombre, las
condiciones de la confianza OIDC de GitLab, los límites de tamaño de IAM y su alta en el endpoint local.

moto 5.2 no implementa iam:SimulatePrincipalPolicy ni aplica estas políticas a las llamadas del servidor
compartido de las pruebas: lo que se prueba contra él es que IAM acepta los documentos (create_role,
put_role_policy) y los devuelve tal cual.
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from pathlib import Path

import boto3
import parliament
import pytest

IAM = Path(__file__).resolve().parents[1] / "snippets" / "iam"
PERMISSIONS = ["gitlab-ci-role.json", "sagemaker-execution-role.json", "emr-ec2-instance-profile.json"]
TRUSTS = ["gitlab-oidc-trust.json", "sagemaker-trust.json", "emr-ec2-trust.json", "emr-service-trust.json"]
# parliament 1.6.4 solo conoce SAML y cuatro proveedores públicos como principal federado, y no las claves
# de condición de un proveedor OIDC. IAM documenta las dos cosas («oidc-provider/<host>» y «<host>:aud»,
# «<host>:sub»); test_gitlab_trust_is_limited_to_audience_project_and_protected_branch las comprueba.
PARLIAMENT_GAPS = {"gitlab-oidc-trust.json": {
    ("UNKNOWN_FEDERATION_SOURCE", "arn:aws:iam::123456789012:oidc-provider/gitlab.com"),
    ("UNKNOWN_CONDITION_FOR_ACTION", "Unknown condition gitlab.com:aud for action sts:AssumeRoleWithWebIdentity"),
    ("UNKNOWN_CONDITION_FOR_ACTION", "Unknown condition gitlab.com:sub for action sts:AssumeRoleWithWebIdentity"),
}}


def findings(text: str) -> set[tuple[str, str]]:
    return {(f.issue, str(f.detail)) for f in parliament.analyze_policy_string(text).findings}


def load(name: str) -> dict:
    return json.loads((IAM / name).read_text(encoding="utf-8"))


def test_every_policy_file_is_listed_here():
    assert sorted(p.name for p in IAM.glob("*.json")) == sorted(PERMISSIONS + TRUSTS)


@pytest.mark.parametrize("name", PERMISSIONS)
def test_permission_policies_have_no_parliament_findings_and_name_their_resources(name):
    text = (IAM / name).read_text(encoding="utf-8")
    assert findings(text) == set()
    for statement in load(name)["Statement"]:
        assert statement["Effect"] == "Allow"
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        assert all("*" not in action for action in actions), statement
        for resource in resources:
            # Recursos con nombre: un bucket, un secreto, un pipeline; «*» solo dentro de ellos.
            assert resource != "*" and not resource.endswith(":*:*") and ":::*" not in resource, resource
            # Los nombres de bucket son globales: «equipo-ml-*» abarcaría buckets de otras cuentas.
            if resource.startswith("arn:aws:s3:::"):
                bucket = resource.removeprefix("arn:aws:s3:::").split("/")[0]
                assert not set(bucket) & set("*?"), resource


@pytest.mark.parametrize("name", TRUSTS)
def test_trust_policies_have_no_parliament_findings_as_the_roles_resource_policy(name):
    """Una política de confianza es la política de recursos del rol: sin Resource, parliament la da por mal
    formada y deja de mirarla; con el ARN del rol como Resource revisa sus acciones y condiciones."""
    policy = load(name)
    for statement in policy["Statement"]:
        assert "Resource" not in statement  # IAM rechaza Resource en una política de confianza
        statement["Resource"] = "arn:aws:iam::123456789012:role/equipo-ml"
    assert findings(json.dumps(policy)) == PARLIAMENT_GAPS.get(name, set())


def test_gitlab_trust_is_limited_to_audience_project_and_protected_branch():
    [statement] = load("gitlab-oidc-trust.json")["Statement"]
    assert statement["Principal"] == {"Federated": "arn:aws:iam::123456789012:oidc-provider/gitlab.com"}
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    # StringEquals, sin comodines: ni otro proyecto, ni otra rama, ni una etiqueta.
    assert statement["Condition"] == {"StringEquals": {
        "gitlab.com:aud": "https://gitlab.com",
        "gitlab.com:sub": "project_path:equipo-ml/diagnostico:ref_type:branch:ref:main",
    }}


def test_template_asks_for_the_audience_the_trust_policy_checks():
    import yaml

    ci = yaml.safe_load((IAM.parent / "proyecto_ml" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    [token] = ci[".aws"]["id_tokens"].values()
    assert token["aud"] == load("gitlab-oidc-trust.json")["Statement"][0]["Condition"]["StringEquals"]["gitlab.com:aud"]


def test_gitlab_role_can_approve_only_its_group_and_pass_only_the_execution_role():
    statements = {s["Sid"]: s for s in load("gitlab-ci-role.json")["Statement"]}
    assert statements["AprobarVersionesDelGrupo"]["Resource"].endswith(":model-package/diagnostico-modelos/*")
    passrole = statements["PasarElRolDeEjecucionASageMaker"]
    assert passrole["Resource"] == "arn:aws:iam::123456789012:role/equipo-ml-sagemaker"
    assert passrole["Condition"] == {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}


def test_execution_role_reads_exactly_the_gitlab_secret():
    reads = [s for s in load("sagemaker-execution-role.json")["Statement"] if "secretsmanager" in str(s["Action"])]
    assert reads == [{"Sid": "SoloElSecretoDeGitLab", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                      # Secrets Manager añade 6 caracteres al nombre en el ARN: «??????» y nada más.
                      "Resource": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gitlab/diagnostico-??????"}]


@pytest.mark.parametrize("name", PERMISSIONS + TRUSTS)
def test_policies_fit_iam_size_limits(name):
    # Límites de IAM: 10 240 caracteres en línea por rol y 2 048 para la política de confianza, sin
    # contar los espacios.
    compact = json.dumps(load(name), separators=(",", ":"))
    assert len(compact) <= (2048 if name in TRUSTS else 10240)


@pytest.mark.parametrize(("role", "trust", "policy"), [
    ("gitlab-ci-diagnostico", "gitlab-oidc-trust.json", "gitlab-ci-role.json"),
    ("equipo-ml-sagemaker", "sagemaker-trust.json", "sagemaker-execution-role.json"),
    ("equipo-ml-emr-ec2", "emr-ec2-trust.json", "emr-ec2-instance-profile.json"),
])
def test_roles_are_created_with_their_policies(aws, role, trust, policy):
    iam = boto3.client("iam")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=(IAM / trust).read_text(encoding="utf-8"))
    iam.put_role_policy(RoleName=role, PolicyName=policy.removesuffix(".json"),
                        PolicyDocument=(IAM / policy).read_text(encoding="utf-8"))
    stored = iam.get_role_policy(RoleName=role, PolicyName=policy.removesuffix(".json"))["PolicyDocument"]
    assert stored == load(policy)
    assert iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"] == load(trust)


def _allows(policy: dict, action: str, resource: str) -> bool:
    """True si alguna sentencia Allow de la política cubre la acción sobre el recurso (comodines de IAM)."""
    for statement in policy["Statement"]:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        if statement["Effect"] == "Allow" and action in actions and any(fnmatchcase(resource, r) for r in resources):
            return True
    return False


# Los buckets que usan con el rol equipo-ml-sagemaker los notebooks, los pipelines (procesamiento y
# entrenamiento), los endpoints y Model Monitor de las páginas del manual.
SAGEMAKER_BUCKETS = ["equipo-ml-churn-datos", "equipo-ml-churn-modelos", "equipo-ml-eventos-web", "equipo-ml-datos",
                     "equipo-ml-pipelines", "equipo-ml-athena-resultados"]
# Los buckets del clúster de EMR (LogUri, script y datos del paso) y de la tabla de Hudi.
EMR_BUCKETS = ["equipo-ml-emr", "equipo-ml-datos", "equipo-ml-lago"]


@pytest.mark.parametrize(("policy", "buckets"), [
    ("sagemaker-execution-role.json", SAGEMAKER_BUCKETS),
    ("emr-ec2-instance-profile.json", EMR_BUCKETS),
])
def test_roles_reach_every_bucket_their_pages_use(policy, buckets):
    document = load(policy)
    for bucket in buckets:
        for action in ("s3:GetObject", "s3:PutObject", "s3:DeleteObject"):
            assert _allows(document, action, f"arn:aws:s3:::{bucket}/carpeta/archivo.parquet"), (action, bucket)
        assert _allows(document, "s3:ListBucket", f"arn:aws:s3:::{bucket}"), bucket
    # Y nada fuera de los buckets del equipo, tampoco un bucket de otra cuenta con el mismo prefijo.
    for other in ("otro-equipo-datos", "equipo-ml-de-otra-cuenta"):
        assert not _allows(document, "s3:GetObject", f"arn:aws:s3:::{other}/archivo.csv"), other
        assert not _allows(document, "s3:ListBucket", f"arn:aws:s3:::{other}"), other


def test_execution_role_page_attaches_the_managed_policy_for_sagemaker_operations():
    """Las operaciones de SageMaker (ECR, CloudWatch, PassRole) las da AmazonSageMakerFullAccess; la página la pone."""
    source = (IAM.parent / "aws" / "gitlab_access.py").read_text(encoding="utf-8")
    usage = source.split("# --8<-- [start:uso-rol]")[1].split("# --8<-- [end:uso-rol]")[0]
    assert 'PolicyArn="arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"' in usage
