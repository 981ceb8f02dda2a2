"""Pruebas de snippets/produccion/integracion_continua.py: la tabla de trabajos de los dos .gitlab-ci.yml y el rol
de la CI en IAM."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from snippets.produccion.integracion_continua import ci_jobs
from tests.conftest import aws_error

ROOT = Path(__file__).resolve().parents[2]


def test_handbook_ci_jobs_in_stage_order():
    table = ci_jobs(ROOT / ".gitlab-ci.yml")
    assert table["trabajo"].tolist() == ["test", "test-aws", "zensical", "pages"]
    pages = table.set_index("trabajo").loc["pages"]
    assert (pages["etapa"], pages["cuándo"], pages["artefactos"]) == ("deploy", "rama principal", "public")
    assert table.set_index("trabajo").loc["test", "cuándo"] == "en cada cambio"
    assert table.set_index("trabajo").loc["test-aws", "cuándo"].endswith("(manual)")


def test_template_jobs_resolve_extends_and_manual_rules():
    table = ci_jobs(ROOT / "snippets/proyecto_ml/gitlab-ci.yml").set_index("trabajo")
    assert table.index.tolist() == ["lint", "test", "build-definition", "start-pipeline", "approve-model"]
    assert table.loc["approve-model", "entorno"] == "production"
    assert table.loc["approve-model", "cuándo"] == "rama principal (manual)"
    # Los trabajos que llaman a AWS solo en la rama principal: la única en la que confía el rol.
    assert table.loc["build-definition", "cuándo"] == table.loc["start-pipeline", "cuándo"] == "rama principal"
    assert table.loc["build-definition", "artefactos"] == "pipeline.json"


def test_template_is_valid_gitlab_ci_and_every_aws_job_uses_the_oidc_role():
    import subprocess
    import sys

    import yaml

    template = ROOT / "snippets/proyecto_ml/gitlab-ci.yml"
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
                             str(template)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    ci = yaml.safe_load(template.read_text(encoding="utf-8"))
    aws_jobs = [name for name, job in ci.items()
                if isinstance(job, dict) and "pipeline.cli" in " ".join(job.get("script", []))]
    # build-definition sube el código de los pasos a S3: también necesita el rol.
    assert aws_jobs == ["build-definition", "start-pipeline", "approve-model"]
    assert all(ci[name]["extends"] == ".aws" for name in aws_jobs)
    # Nada se instala sin versión fija.
    installs = [line for job in ci.values() if isinstance(job, dict)
                for line in job.get("script", []) + job.get("before_script", []) if "pip install" in line]
    assert all("-r requirements.txt" in line or re.search(r"\S+==[\d.]+$", line) for line in installs), installs


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("stages: [test]\nbuild:\n  stage: build\n  script: [make]\n", "etapa 'build'"),
    ("b:\n  script: [make]\n  needs: [a]\n", "necesita 'a'"),
    ("b:\n  extends: .base\n  script: [make]\n", "extiende '.base'"),
])
def test_mistakes_gitlab_would_reject_are_reported(tmp_path, yaml_text, message):
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        ci_jobs(path)


TRUST = ROOT / "snippets/iam/gitlab-oidc-trust.json"
PERMISSIONS = ROOT / "snippets/iam/gitlab-ci-role.json"


def test_ci_role_is_created_with_provider_trust_and_permissions(aws):
    import boto3

    from snippets.produccion.integracion_continua import create_gitlab_ci_role

    arn = create_gitlab_ci_role("gitlab-ci-diagnostico", TRUST, PERMISSIONS)
    iam = boto3.client("iam")
    [provider] = iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider["Arn"])["ClientIDList"] == ["https://gitlab.com"]
    role = iam.get_role(RoleName="gitlab-ci-diagnostico")["Role"]
    assert role["Arn"] == arn and role["AssumeRolePolicyDocument"] == json.loads(TRUST.read_text())
    assert iam.get_role_policy(RoleName="gitlab-ci-diagnostico", PolicyName="pipeline-diagnostico")["PolicyDocument"] == \
        json.loads(PERMISSIONS.read_text())
    assert create_gitlab_ci_role("gitlab-ci-diagnostico", TRUST, PERMISSIONS) == arn  # repetirlo no falla
    assert len(iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]) == 1


def test_ci_role_is_removed_when_its_policy_fails(aws):
    import boto3
    from botocore.exceptions import ClientError

    from snippets.produccion.integracion_continua import create_gitlab_ci_role

    iam = boto3.client("iam")

    def refuse(**_):
        raise ClientError({"Error": {"Code": "MalformedPolicyDocument", "Message": "no"}}, "PutRolePolicy")

    iam.meta.events.register("before-call.iam.PutRolePolicy", refuse)
    with pytest.raises(RuntimeError, match="No se pudo crear el rol 'gitlab-ci-diagnostico'.*No queda nada a medias") as info:
        create_gitlab_ci_role("gitlab-ci-diagnostico", TRUST, PERMISSIONS, client=iam)
    assert isinstance(info.value.__cause__, ClientError)
    assert all(r["RoleName"] != "gitlab-ci-diagnostico" for r in iam.list_roles()["Roles"])
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []  # el proveedor que creó, tampoco


def iam_state(iam) -> dict:
    roles = {r["RoleName"]: (r["AssumeRolePolicyDocument"], iam.list_role_policies(RoleName=r["RoleName"])["PolicyNames"])
             for r in iam.list_roles()["Roles"]}
    return {"roles": roles, "providers": [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]}


# Cada paso que da la función, con un rol nuevo y con uno que ya existía (a ese se le cambia la confianza).
STEPS = [(operation, existing) for existing in (False, True)
         for operation in ("CreateOpenIDConnectProvider", "CreateRole", "UpdateAssumeRolePolicy", "PutRolePolicy")
         if existing or operation != "UpdateAssumeRolePolicy"]


@pytest.mark.parametrize(("operation", "existing"), STEPS,
                         ids=[f"{op}-{'rol-existente' if existing else 'rol-nuevo'}" for op, existing in STEPS])
def test_ci_role_creation_is_all_or_nothing_at_every_step(aws, operation, existing):
    """El fallo en cada paso deja IAM como estaba: sin proveedor ni rol nuevos, y un rol que ya existía con su
    confianza de antes."""
    import boto3
    from botocore.exceptions import ClientError

    from snippets.produccion.integracion_continua import create_gitlab_ci_role

    iam = boto3.client("iam")
    if existing:
        iam.create_role(RoleName="gitlab-ci-diagnostico", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                   "Action": "sts:AssumeRole"}]}))
    before = iam_state(iam)

    def refuse(**_):
        raise ClientError({"Error": {"Code": "LimitExceeded", "Message": "no"}}, operation)

    iam.meta.events.register(f"before-call.iam.{operation}", refuse)
    with pytest.raises(RuntimeError, match="No se pudo crear el rol .*No queda nada a medias"):
        create_gitlab_ci_role("gitlab-ci-diagnostico", TRUST, PERMISSIONS, client=iam)
    assert iam_state(iam) == before


def test_ci_role_says_what_it_could_not_undo(aws):
    import boto3
    from botocore.exceptions import ClientError

    from snippets.produccion.integracion_continua import create_gitlab_ci_role

    iam = boto3.client("iam")
    for operation in ("PutRolePolicy", "DeleteRole"):
        iam.meta.events.register(f"before-call.iam.{operation}", aws_error(operation))
    with pytest.raises(RuntimeError, match="No se pudo deshacer todo .*revise el rol y el proveedor OIDC"):
        create_gitlab_ci_role("gitlab-ci-diagnostico", TRUST, PERMISSIONS, client=iam)


@pytest.mark.parametrize(("role", "trust", "permissions", "message"), [
    ("gitlab ci", TRUST, PERMISSIONS, "Nombre de rol no válido"),
    ("r" * 65, TRUST, PERMISSIONS, "Nombre de rol no válido"),
    (None, TRUST, PERMISSIONS, "Nombre de rol no válido"),
    ("gitlab-ci-diagnostico", "no-existe.json", PERMISSIONS, "No se pudo leer la política de confianza de 'no-existe.json'"),
    ("gitlab-ci-diagnostico", TRUST, None, "No se pudo leer la política de permisos de None"),
    ("gitlab-ci-diagnostico", "mal.json", PERMISSIONS, "No se pudo leer la política de confianza .*Expecting"),
    ("gitlab-ci-diagnostico", "lista.json", PERMISSIONS, "debe ser un objeto JSON con una lista Statement"),
    ("gitlab-ci-diagnostico", TRUST, "lista.json", "debe ser un objeto JSON con una lista Statement"),
])
def test_bad_role_arguments_are_refused_before_calling_iam(aws, tmp_path, monkeypatch, role, trust, permissions, message):
    import boto3

    from snippets.produccion.integracion_continua import create_gitlab_ci_role

    monkeypatch.chdir(tmp_path)
    Path("mal.json").write_text("{\"Statement\": [")
    Path("lista.json").write_text("[]")
    with pytest.raises(ValueError, match=message):
        create_gitlab_ci_role(role, trust, permissions)
    assert iam_state(boto3.client("iam")) == {"roles": {}, "providers": []}


def test_a_trust_policy_without_subject_is_refused(aws, tmp_path):
    import boto3

    from snippets.produccion.integracion_continua import create_gitlab_ci_role

    open_trust = json.loads(TRUST.read_text())
    del open_trust["Statement"][0]["Condition"]["StringEquals"]["gitlab.com:sub"]
    (tmp_path / "trust.json").write_text(json.dumps(open_trust))
    with pytest.raises(ValueError, match="gitlab.com:sub"):
        create_gitlab_ci_role("gitlab-ci-diagnostico", tmp_path / "trust.json", PERMISSIONS)
    assert boto3.client("iam").list_roles()["Roles"] == []


def test_approval_example_uses_the_scikit_learn_image_of_the_reader_region(aws, monkeypatch):
    """El bloque del grupo de prueba registra versiones con la imagen de la región del notebook, no la de eu-west-1."""
    import textwrap

    import boto3

    from snippets.produccion.integracion_continua import AWS_CONFIG
    from snippets.proyecto_ml.pipeline.cli import approve_model_package

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    source = (ROOT / "snippets/produccion/integracion_continua.py").read_text(encoding="utf-8")
    cell = re.search(r"# --8<-- \[start:uso-approve\]\n(.*?)\n\s*# --8<-- \[end:uso-approve\]", source, re.S)[1]
    namespace = {"approve_model_package": approve_model_package, "AWS_CONFIG": AWS_CONFIG}  # de celdas anteriores
    exec(textwrap.dedent(cell), namespace)
    sm = boto3.client("sagemaker")
    [container] = sm.describe_model_package(ModelPackageName=namespace["registered"][0])["InferenceSpecification"]["Containers"]
    # La cuenta de las imágenes de SageMaker en us-east-1 (la de eu-west-1 es 141502667606).
    assert container["Image"] == "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.4-2-cpu-py3"


def test_page_shows_every_module_and_explains_every_variable_the_template_uses():
    """Lo que la plantilla da por hecho está en la página: el código de cada `python -m` y cada variable de CI/CD."""
    template = (ROOT / "snippets/proyecto_ml/gitlab-ci.yml").read_text(encoding="utf-8")
    page = (ROOT / "docs/produccion/integracion-continua.md").read_text(encoding="utf-8")
    modules = set(re.findall(r"python -m (snippets\.[\w.]+)", template))
    assert modules == {"snippets.proyecto_ml.pipeline.cli"}
    for module in modules:
        path = module.replace(".", "/") + ".py"
        assert f'--8<-- "{path}"' in page, f"la página no muestra {path} entero"
    defined = set(re.findall(r"^\s+(\w+):", template, re.M))  # claves de variables:, id_tokens:...
    # Fuera de las definidas en la plantilla, las predefinidas de GitLab (CI_*) y la del artefacto dotenv.
    used = {v for v in re.findall(r"\$\{?(\w+)", template) if v not in defined and not v.startswith("CI_")}
    assert used == {"TRAINING_DATA_URI", "PIPELINE_EXECUTION_ARN"}
    for variable in ("TRAINING_DATA_URI", "AWS_ROLE_ARN"):  # AWS_ROLE_ARN la lee boto3 del entorno
        assert re.search(rf"`{variable}`[^.]*(ARN|carpeta de S3)", page), f"la página no explica {variable}"
