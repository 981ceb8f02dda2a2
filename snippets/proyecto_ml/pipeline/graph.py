"""Convierte la definición JSON de un pipeline de SageMaker en un diagrama de flujo de Mermaid.

Aristas: referencias ``Get: Steps.<Paso>...`` dentro de los argumentos (también las de ``Std:JsonGet``
sobre un PropertyFile), ``DependsOn`` y las ramas ``IfSteps``/``ElseSteps`` de las condiciones.
``Parameters.*`` y ``Execution.*`` no son aristas: no los produce ningún paso.

Para regenerar el diagrama que muestra la página (construye el pipeline contra un S3 local):

    python -m snippets.proyecto_ml.pipeline.graph --write
"""

from __future__ import annotations

# --8<-- [start:graph]
import json
import re

STEP_REF = re.compile(r"^Steps\.([^.\[]+)")
SHAPES = {"Condition": ('{"', '"}'), "Fail": ('(["', '"])')}


def _refs(value, found: list[str]) -> None:
    """Pasos a los que apuntan los ``Get`` de un valor (en orden de aparición, sin repetir)."""
    if isinstance(value, dict):
        get = value.get("Get")
        if isinstance(get, str) and (match := STEP_REF.match(get)) and match[1] not in found:
            found.append(match[1])
        for key, item in value.items():
            if key not in ("IfSteps", "ElseSteps"):  # los pasos anidados tienen sus propias aristas
                _refs(item, found)
    elif isinstance(value, list):
        for item in value:
            _refs(item, found)


def _flatten(steps: list[dict]) -> list[dict]:
    result = []
    for step in steps:
        result.append(step)
        args = step.get("Arguments", {})
        result += _flatten(args.get("IfSteps", []) + args.get("ElseSteps", []))
    return result


def _node_id(name: str) -> str:
    return re.sub(r"\W", "_", name)


def pipeline_to_mermaid(definition: str | dict, title: str = "Pasos del pipeline y sus dependencias") -> str:
    """Diagrama de flujo (``flowchart TD``) con un nodo por paso y sus dependencias.

    ``title`` es el texto alternativo del diagrama (``accTitle``), el que leen los lectores de pantalla."""
    data = json.loads(definition) if isinstance(definition, str) else definition
    steps = _flatten(data.get("Steps", []))
    names = {s["Name"] for s in steps}
    lines = ["flowchart TD", f"  accTitle: {title}"]
    for step in steps:
        start, end = SHAPES.get(step["Type"], ('["', '"]'))
        lines.append(f'  {_node_id(step["Name"])}{start}{step["Name"]}<br>({step["Type"]}){end}')
    for step in steps:
        target = _node_id(step["Name"])
        refs: list[str] = []
        _refs(step.get("Arguments", {}), refs)
        _refs(step.get("PropertyFiles", []), refs)
        for ref in refs:
            if ref not in names:
                raise ValueError(f"El paso {step['Name']!r} usa el paso inexistente {ref!r}.")
            lines.append(f"  {_node_id(ref)} --> {target}")
        for dep in step.get("DependsOn", []):
            if dep not in names:
                raise ValueError(f"El paso {step['Name']!r} depende del paso inexistente {dep!r}.")
            lines.append(f"  {_node_id(dep)} -.->|depende de| {target}")
        if step["Type"] == "Condition":
            for branch, label in (("IfSteps", "sí"), ("ElseSteps", "no")):
                for child in step["Arguments"].get(branch, []):
                    lines.append(f"  {target} -->|{label}| {_node_id(child['Name'])}")
    return "\n".join(lines) + "\n"
# --8<-- [end:graph]


def example_definition() -> str:
    """La definición del pipeline de ejemplo, construida contra un servidor de moto temporal."""
    import os

    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    saved = dict(os.environ)
    os.environ.update(
        AWS_ENDPOINT_URL=f"http://{host}:{port}", AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="eu-west-1", SAGEMAKER_VALIDATE_ROLE="false",
    )
    try:
        from snippets.proyecto_ml.pipeline.definition import example_pipeline

        boto3.client("s3").create_bucket(
            Bucket="equipo-ml-pipelines", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        return example_pipeline().definition()
    finally:
        os.environ.clear()
        os.environ.update(saved)
        server.stop()


if __name__ == "__main__":
    import sys
    from pathlib import Path

    diagram = pipeline_to_mermaid(example_definition())
    if "--write" in sys.argv:
        Path(__file__).with_name("pipeline.mmd").write_text(diagram, encoding="utf-8")
    else:
        sys.stdout.write(diagram)
