"""Librerías en EMR: acciones de arranque para todo el clúster y librerías por notebook."""

from __future__ import annotations

# --8<-- [start:bootstrap]
import boto3


def with_bootstrap(cluster_request: dict, script_s3: str, args: list[str] | None = None) -> dict:
    """Añade a una petición de run_job_flow una acción de arranque que ejecuta un script de S3 en cada nodo."""
    if not script_s3.startswith("s3://") or not script_s3.endswith(".sh"):
        raise ValueError(f"El script de arranque debe ser un .sh en S3; se recibió {script_s3!r}.")
    action = {
        "Name": "librerias-del-equipo",
        "ScriptBootstrapAction": {"Path": script_s3, "Args": args or []},
    }
    return {**cluster_request, "BootstrapActions": [*cluster_request.get("BootstrapActions", []), action]}


def upload_bootstrap(local_script: str, bucket: str, key: str = "emr/bootstrap/librerias.sh", client=None) -> str:
    """Sube el script de arranque a S3 y devuelve su URI."""
    client = client or boto3.client("s3")
    client.upload_file(local_script, bucket, key)
    return f"s3://{bucket}/{key}"
# --8<-- [end:bootstrap]


def notebook_scoped_libraries(sc) -> list[str]:
    """Ejemplo de librerías por notebook; ``sc`` es el SparkContext del kernel PySpark de EMR."""
    # --8<-- [start:notebook-scoped]
    sc.list_packages()                                   # lo que ya hay en el clúster
    sc.install_pypi_package("pandas==2.2.3")             # solo para esta sesión de notebook
    sc.install_pypi_package("matplotlib", "https://pypi.org/simple")  # con un índice concreto
    sc.list_packages()                                   # ahora aparecen las nuevas
    sc.uninstall_package("matplotlib")                   # solo lo que instaló install_pypi_package
    # --8<-- [end:notebook-scoped]
    return ["pandas==2.2.3"]
