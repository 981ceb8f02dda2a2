"""Despliegue de un modelo de scikit-learn en un endpoint de SageMaker en tiempo real, su invocación, su
borrado y la inferencia por lotes, con boto3, en el orden en que los lee la página «Servicios de ML»."""


# --8<-- [start:inference]
import os

import joblib


def model_fn(model_dir):
    """El contenedor de scikit-learn de SageMaker llama a esta función al arrancar para cargar el modelo.

    Para CSV y JSON de entrada y salida usa sus funciones por defecto (``input_fn``, ``predict_fn``,
    ``output_fn``): ``predict_fn`` llama a ``model.predict``.
    """
    return joblib.load(os.path.join(model_dir, "model.joblib"))
# --8<-- [end:inference]


# --8<-- [start:deploy]
import re

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
ROLE_ARN_PATTERN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
# Una versión concreta del registro de modelos: .../model-package/<grupo>/<versión>
PACKAGE_ARN_PATTERN = re.compile(r"^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package/[a-zA-Z0-9-]{1,63}/\d+$")


class EndpointError(RuntimeError):
    """SageMaker rechazó o no completó la operación; el error original queda en ``__cause__``."""


def check_name(name: str, what: str = "El nombre") -> None:
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ValueError(
            f"{what} {name!r} no es válido: hasta 63 letras, números o guiones, sin empezar ni terminar "
            "por guion."
        )


def check_instance_type(instance_type: str, shape: str, client) -> None:
    """Compara con los tipos que admite la API (del modelo de servicio que trae boto3)."""
    if instance_type not in client.meta.service_model.shape_for(shape).enum:
        raise ValueError(f"{instance_type!r} no es un tipo de instancia de SageMaker (por ejemplo, ml.m5.large).")


def create_model(name: str, model_package_arn: str, role_arn: str, client=None) -> str:
    """Crea un modelo a partir de una versión APROBADA del registro de modelos.

    La versión ya lleva el contenedor, el ``model.tar.gz`` y el entorno del script de inferencia;
    un modelo creado así despliega exactamente lo que alguien revisó y aprobó.
    """
    check_name(name, "El nombre del modelo")
    if not isinstance(model_package_arn, str) or not PACKAGE_ARN_PATTERN.match(model_package_arn):
        raise ValueError(
            "model_package_arn debe ser el ARN de una versión del registro de modelos "
            f"(arn:aws:sagemaker:<región>:<cuenta>:model-package/<grupo>/<versión>); se recibió {model_package_arn!r}."
        )
    if not isinstance(role_arn, str) or not ROLE_ARN_PATTERN.match(role_arn):
        raise ValueError(f"role_arn debe ser el ARN de un rol de IAM; se recibió {role_arn!r}.")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    try:
        status = client.describe_model_package(ModelPackageName=model_package_arn)["ModelApprovalStatus"]
    except (ClientError, BotoCoreError) as error:
        raise EndpointError(f"No se pudo leer la versión {model_package_arn}: {error}") from error
    if status != "Approved":
        raise PermissionError(
            f"La versión {model_package_arn} está en estado {status}: solo se despliegan versiones aprobadas."
        )
    try:
        return client.create_model(
            ModelName=name,
            PrimaryContainer={"ModelPackageName": model_package_arn},
            ExecutionRoleArn=role_arn,
        )["ModelArn"]
    except (ClientError, BotoCoreError) as error:
        raise EndpointError(f"No se pudo crear el modelo {name!r}: {error}") from error


def delete_resources(name: str, kinds: list[str], client) -> list[str]:
    """Borra los recursos indicados de ``name`` (endpoint, config, model); ignora los que no existen."""
    calls = {
        "endpoint": lambda: client.delete_endpoint(EndpointName=name),
        "config": lambda: client.delete_endpoint_config(EndpointConfigName=name),
        "model": lambda: client.delete_model(ModelName=name),
    }
    deleted = []
    for kind in ("endpoint", "config", "model"):
        if kind not in kinds:
            continue
        try:
            calls[kind]()
            deleted.append(kind)
        except (ClientError, BotoCoreError) as error:
            missing = isinstance(error, ClientError) and "Could not find" in error.response["Error"].get("Message", "")
            if not missing:
                raise EndpointError(f"No se pudo borrar {kind} {name!r}: {error}") from error
    return deleted


def deploy_endpoint(
    name: str,
    model_package_arn: str,
    role_arn: str,
    instance_type: str = "ml.m5.large",
    instance_count: int = 1,
    client=None,
) -> str:
    """Crea modelo, configuración de endpoint y endpoint con el mismo nombre, y espera a que esté en servicio.

    Si algo falla a mitad, borra lo que esta llamada creó: no quedan recursos a medias.
    """
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    check_name(name, "El nombre del endpoint")
    check_instance_type(instance_type, "ProductionVariantInstanceType", client)
    if isinstance(instance_count, bool) or not isinstance(instance_count, int) or instance_count < 1:
        raise ValueError(f"instance_count debe ser un entero de 1 o más; se recibió {instance_count!r}.")
    create_model(name, model_package_arn, role_arn, client=client)
    created = ["model"]
    try:
        client.create_endpoint_config(
            EndpointConfigName=name,
            ProductionVariants=[{
                "VariantName": "principal",
                "ModelName": name,
                "InstanceType": instance_type,
                "InitialInstanceCount": instance_count,
            }],
        )
        created.append("config")
        client.create_endpoint(EndpointName=name, EndpointConfigName=name)
        created.append("endpoint")
        # Un endpoint real tarda varios minutos en pasar de Creating a InService.
        client.get_waiter("endpoint_in_service").wait(
            EndpointName=name, WaiterConfig={"Delay": 30, "MaxAttempts": 60}
        )
        return client.describe_endpoint(EndpointName=name)["EndpointArn"]
    except (ClientError, BotoCoreError) as error:
        delete_resources(name, created, client)
        raise EndpointError(f"No se pudo desplegar {name!r}; se borró lo creado ({', '.join(created)}): {error}") from error
# --8<-- [end:deploy]


# --8<-- [start:invoke]
import json
import math
from numbers import Real


def rows_to_csv(rows) -> str:
    """Filas de números a CSV sin cabecera, una línea por fila; rechaza lo que daría un CSV mal formado."""
    if hasattr(rows, "tolist"):  # un array de NumPy
        rows = rows.tolist()
    if not isinstance(rows, (list, tuple)) or not rows:
        raise ValueError(f"rows debe ser una lista no vacía de filas de números; se recibió {rows!r}.")
    width = None
    lines = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, (list, tuple)) or not row:
            raise ValueError(f"La fila {number} debe ser una lista no vacía de números; se recibió {row!r}.")
        for value in row:
            if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
                raise ValueError(f"La fila {number} contiene {value!r}: solo se admiten números finitos.")
        if width is not None and len(row) != width:
            raise ValueError(f"La fila {number} tiene {len(row)} valores y la primera {width}.")
        width = len(row)
        lines.append(",".join(str(value) for value in row))
    return "\n".join(lines)


def predict(endpoint_name: str, rows: list[list[float]], runtime=None) -> list | str:
    """Envía filas en CSV al endpoint y devuelve sus predicciones.

    Si el contenedor responde en JSON, devuelve la lista decodificada; si responde en otro formato,
    devuelve el texto tal cual.
    """
    check_name(endpoint_name, "El nombre del endpoint")
    body = rows_to_csv(rows)
    runtime = runtime or boto3.client("sagemaker-runtime", config=AWS_CONFIG)
    try:
        response = runtime.invoke_endpoint(
            EndpointName=endpoint_name, ContentType="text/csv", Accept="application/json", Body=body
        )
    except (ClientError, BotoCoreError) as error:
        raise EndpointError(f"El endpoint {endpoint_name!r} no respondió: {error}") from error
    answer = response["Body"].read().decode("utf-8")
    if "json" in response.get("ContentType", ""):
        return json.loads(answer)
    return answer
# --8<-- [end:invoke]


# --8<-- [start:delete]
def delete_endpoint(name: str, client=None) -> list[str]:
    """Borra endpoint, configuración y modelo de ``name``, también si un despliegue quedó a medias.

    Un endpoint cobra cada hora mientras existe, se use o no. Devuelve lo que borró.
    """
    check_name(name, "El nombre del endpoint")
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    deleted = delete_resources(name, ["endpoint", "config", "model"], client)
    if not deleted:
        raise LookupError(f"No hay endpoint, configuración ni modelo llamados {name!r}.")
    return deleted
# --8<-- [end:delete]


# --8<-- [start:batch]
def batch_transform(
    job_name: str,
    model_name: str,
    input_s3: str,
    output_s3: str,
    instance_type: str = "ml.m5.large",
    client=None,
) -> str:
    """Inferencia por lotes: predice un prefijo de S3 entero sin endpoint y deja los resultados en S3.

    Las instancias existen solo mientras dura el trabajo: es lo indicado para puntuar una tabla cada
    noche. Cada archivo ``x.csv`` de entrada produce ``x.csv.out`` en ``output_s3``.
    """
    client = client or boto3.client("sagemaker", config=AWS_CONFIG)
    check_name(job_name, "El nombre del trabajo")
    check_name(model_name, "El nombre del modelo")
    for what, uri in (("input_s3", input_s3), ("output_s3", output_s3)):
        if not isinstance(uri, str) or not re.match(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/", uri):
            raise ValueError(f"{what} debe ser un prefijo s3://<bucket>/<carpeta>/; se recibió {uri!r}.")
    check_instance_type(instance_type, "TransformInstanceType", client)
    try:
        client.create_transform_job(
            TransformJobName=job_name,
            ModelName=model_name,
            TransformInput={
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": input_s3}},
                "ContentType": "text/csv",
                "SplitType": "Line",  # una petición por grupo de líneas, no por archivo entero
            },
            TransformOutput={"S3OutputPath": output_s3, "AssembleWith": "Line"},
            TransformResources={"InstanceType": instance_type, "InstanceCount": 1},
            BatchStrategy="MultiRecord",
        )
        return client.describe_transform_job(TransformJobName=job_name)["TransformJobArn"]
    except (ClientError, BotoCoreError) as error:
        raise EndpointError(f"No se pudo crear el trabajo {job_name!r}: {error}") from error
# --8<-- [end:batch]


# Uso, en el orden de la página: cada sección es una celda que el lector ejecuta tras las anteriores.
if __name__ == "__main__":
    # --8<-- [start:modelo]
    from pathlib import Path

    import joblib
    from sklearn.linear_model import LogisticRegression

    # Un modelo pequeño de ejemplo: abandono (1) según antigüedad en meses y cuota mensual en euros.
    # Entrénelo con la misma versión de scikit-learn que el contenedor de inferencia que vaya a usar.
    X = [[1, 79.5], [3, 85.0], [2, 90.0], [60, 20.0], [48, 25.5], [36, 30.0]]
    y = [1, 1, 1, 0, 0, 0]
    joblib.dump(LogisticRegression().fit(X, y), "model.joblib")
    Path("code").mkdir(exist_ok=True)  # el script de inferencia va en code/ dentro de model.tar.gz
    # --8<-- [end:modelo]

    # --8<-- [start:subir]
    import tarfile

    import boto3
    from botocore.config import Config

    # Esperas acotadas: sin red o con el servicio caído, falla en menos de 30 s en vez de bloquear el notebook.
    AWS_CONFIG = Config(connect_timeout=5, read_timeout=8, retries={"total_max_attempts": 3, "mode": "standard"})

    BUCKET = "equipo-ml-churn-modelos"  # cambie el nombre: los nombres de bucket son únicos en todo AWS

    with tarfile.open("model.tar.gz", "w:gz") as tar:
        tar.add("model.joblib")
        tar.add("code/inference.py")

    s3 = boto3.client("s3", config=AWS_CONFIG)
    region = s3.meta.region_name
    try:  # fuera de us-east-1, S3 pide la región del bucket
        s3.create_bucket(Bucket=BUCKET, **(
            {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        ))
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass  # ya es suyo: otra página lo creó o la celda se ejecuta de nuevo
    s3.upload_file("model.tar.gz", BUCKET, "churn/model.tar.gz")
    MODEL_DATA_URL = f"s3://{BUCKET}/churn/model.tar.gz"
    print(MODEL_DATA_URL, s3.head_object(Bucket=BUCKET, Key="churn/model.tar.gz")["ContentLength"], "bytes")
    # --8<-- [end:subir]

    # --8<-- [start:uso-registrar]
    from sagemaker.core import image_uris

    ACCOUNT = boto3.client("sts", config=AWS_CONFIG).get_caller_identity()["Account"]
    ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/equipo-ml-sagemaker"  # el rol de ejecución de SageMaker del equipo
    # Contenedor de inferencia de scikit-learn de SageMaker: su cuenta de ECR cambia con la región, que es
    # la del notebook; el SDK de SageMaker v3 la conoce.
    IMAGE_URI = image_uris.retrieve(framework="sklearn", region=region, version="1.4-2")
    GROUP = "churn-modelos"

    sagemaker = boto3.client("sagemaker", config=AWS_CONFIG)
    groups = sagemaker.list_model_package_groups(NameContains=GROUP)["ModelPackageGroupSummaryList"]
    if GROUP not in [g["ModelPackageGroupName"] for g in groups]:
        sagemaker.create_model_package_group(ModelPackageGroupName=GROUP)
    PACKAGE_ARN = sagemaker.create_model_package(
        ModelPackageGroupName=GROUP,
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{
                "Image": IMAGE_URI,
                "ModelDataUrl": MODEL_DATA_URL,
                # Los contenedores de frameworks de SageMaker buscan aquí el script con model_fn.
                "Environment": {"SAGEMAKER_PROGRAM": "inference.py", "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code"},
            }],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["application/json"],
        },
    )["ModelPackageArn"]
    print(PACKAGE_ARN, sagemaker.describe_model_package(ModelPackageName=PACKAGE_ARN)["ModelApprovalStatus"])
    # --8<-- [end:uso-registrar]

    # --8<-- [start:uso-aprobar]
    try:
        deploy_endpoint("churn-v1", PACKAGE_ARN, ROLE_ARN)
    except PermissionError as error:
        print("Rechazado:", error)
    # La persona que revisa la versión la aprueba (en la CI del equipo, el trabajo manual approve-model).
    sagemaker.update_model_package(ModelPackageArn=PACKAGE_ARN, ModelApprovalStatus="Approved")
    # --8<-- [end:uso-aprobar]

    # --8<-- [start:uso-deploy]
    endpoint_arn = deploy_endpoint("churn-v1", PACKAGE_ARN, ROLE_ARN, instance_type="ml.m5.large")
    print(endpoint_arn)
    print(sagemaker.describe_model(ModelName="churn-v1")["PrimaryContainer"])
    # --8<-- [end:uso-deploy]

    # --8<-- [start:uso-invoke]
    # Dos clientes: 2 meses de antigüedad y 85 € al mes; 50 meses y 22 € al mes.
    print(predict("churn-v1", [[2, 85.0], [50, 22.0]]))
    # --8<-- [end:uso-invoke]

    # --8<-- [start:uso-delete]
    print("Borrado:", delete_endpoint("churn-v1"))
    print("Endpoints que quedan:", [e["EndpointName"] for e in sagemaker.list_endpoints()["Endpoints"]])
    # --8<-- [end:uso-delete]

    # --8<-- [start:uso-batch]
    import time

    # Los clientes a puntuar, sin cabecera: antigüedad en meses y cuota mensual.
    s3.put_object(Bucket=BUCKET, Key="lotes/entrada/clientes.csv", Body=b"2,85.0\n50,22.0\n12,60.0\n")
    # El endpoint se borró con su modelo: el trabajo por lotes necesita un modelo de la versión aprobada.
    create_model("churn-v1-lotes", PACKAGE_ARN, ROLE_ARN)
    job_name = f"churn-lotes-{time.strftime('%Y%m%d-%H%M%S')}"  # único en la cuenta y la región
    batch_transform(job_name, "churn-v1-lotes", f"s3://{BUCKET}/lotes/entrada/", f"s3://{BUCKET}/lotes/salida/")
    sagemaker.get_waiter("transform_job_completed_or_stopped").wait(TransformJobName=job_name)
    job = sagemaker.describe_transform_job(TransformJobName=job_name)
    print(job_name, job["TransformJobStatus"], job["TransformOutput"]["S3OutputPath"])
    # --8<-- [end:uso-batch]
