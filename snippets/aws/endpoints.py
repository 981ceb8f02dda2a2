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
import boto3


def create_model(name: str, image_uri: str, model_data_url: str, role_arn: str,
                 entry_point: str = "inference.py", client=None) -> str:
    """Registra el modelo: contenedor de inferencia, ``model.tar.gz`` y el script de ``code/`` que lo carga."""
    if not model_data_url.startswith("s3://") or not model_data_url.endswith(".tar.gz"):
        raise ValueError(f"model_data_url debe ser un .tar.gz en S3; se recibió {model_data_url!r}.")
    client = client or boto3.client("sagemaker")
    return client.create_model(
        ModelName=name,
        PrimaryContainer={
            "Image": image_uri,
            "ModelDataUrl": model_data_url,
            # Los contenedores de frameworks de SageMaker buscan aquí el script con model_fn.
            "Environment": {"SAGEMAKER_PROGRAM": entry_point, "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code"},
        },
        ExecutionRoleArn=role_arn,
    )["ModelArn"]


def deploy_endpoint(
    name: str,
    image_uri: str,
    model_data_url: str,
    role_arn: str,
    instance_type: str = "ml.m5.large",
    instance_count: int = 1,
    client=None,
) -> str:
    """Crea modelo, configuración de endpoint y endpoint con el mismo nombre, y espera a que esté en servicio.

    ``image_uri`` es el contenedor de inferencia (por ejemplo, el de scikit-learn de la región) y
    ``model_data_url`` el ``model.tar.gz`` que dejó el entrenamiento en S3.
    """
    if instance_count < 1:
        raise ValueError("instance_count debe ser 1 o más.")
    client = client or boto3.client("sagemaker")
    create_model(name, image_uri, model_data_url, role_arn, client=client)
    client.create_endpoint_config(
        EndpointConfigName=name,
        ProductionVariants=[{
            "VariantName": "principal",
            "ModelName": name,
            "InstanceType": instance_type,
            "InitialInstanceCount": instance_count,
        }],
    )
    client.create_endpoint(EndpointName=name, EndpointConfigName=name)
    # Un endpoint real tarda varios minutos en pasar de Creating a InService.
    client.get_waiter("endpoint_in_service").wait(
        EndpointName=name, WaiterConfig={"Delay": 30, "MaxAttempts": 60}
    )
    return client.describe_endpoint(EndpointName=name)["EndpointArn"]
# --8<-- [end:deploy]


# --8<-- [start:invoke]
import json


def predict(endpoint_name: str, rows: list[list[float]], runtime=None) -> list | str:
    """Envía filas en CSV al endpoint y devuelve sus predicciones.

    Si el contenedor responde en JSON, devuelve la lista decodificada; si responde en otro formato,
    devuelve el texto tal cual.
    """
    if not rows:
        raise ValueError("No hay filas que predecir.")
    runtime = runtime or boto3.client("sagemaker-runtime")
    body = "\n".join(",".join(str(v) for v in row) for row in rows)
    response = runtime.invoke_endpoint(
        EndpointName=endpoint_name, ContentType="text/csv", Accept="application/json", Body=body
    )
    answer = response["Body"].read().decode("utf-8")
    if "json" in response.get("ContentType", ""):
        return json.loads(answer)
    return answer
# --8<-- [end:invoke]


# --8<-- [start:delete]
def delete_endpoint(name: str, client=None) -> None:
    """Borra endpoint, configuración y modelo. Un endpoint cobra cada hora mientras existe, se use o no."""
    client = client or boto3.client("sagemaker")
    client.delete_endpoint(EndpointName=name)
    client.delete_endpoint_config(EndpointConfigName=name)
    client.delete_model(ModelName=name)
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
    client = client or boto3.client("sagemaker")
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

    BUCKET = "equipo-ml-churn-modelos"  # cambie el nombre: los nombres de bucket son únicos en todo AWS

    with tarfile.open("model.tar.gz", "w:gz") as tar:
        tar.add("model.joblib")
        tar.add("code/inference.py")

    s3 = boto3.client("s3")
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

    # --8<-- [start:uso-deploy]
    ROLE_ARN = "arn:aws:iam::123456789012:role/sagemaker-ejecucion"  # el rol de ejecución de SageMaker de su cuenta
    # Contenedor de inferencia de scikit-learn en eu-west-1; la cuenta y la región cambian según la región.
    IMAGE_URI = "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.4-2-cpu-py3"

    endpoint_arn = deploy_endpoint("churn-v1", IMAGE_URI, MODEL_DATA_URL, ROLE_ARN, instance_type="ml.m5.large")
    print(endpoint_arn)
    # --8<-- [end:uso-deploy]

    # --8<-- [start:uso-invoke]
    # Dos clientes: 2 meses de antigüedad y 85 € al mes; 50 meses y 22 € al mes.
    print(predict("churn-v1", [[2, 85.0], [50, 22.0]]))
    # --8<-- [end:uso-invoke]

    # --8<-- [start:uso-delete]
    delete_endpoint("churn-v1")
    sagemaker = boto3.client("sagemaker")
    print("Endpoints que quedan:", [e["EndpointName"] for e in sagemaker.list_endpoints()["Endpoints"]])
    # --8<-- [end:uso-delete]

    # --8<-- [start:uso-batch]
    import time

    # Los clientes a puntuar, sin cabecera: antigüedad en meses y cuota mensual.
    s3.put_object(Bucket=BUCKET, Key="lotes/entrada/clientes.csv", Body=b"2,85.0\n50,22.0\n12,60.0\n")
    # El endpoint se borró con su modelo: el trabajo por lotes necesita un modelo registrado.
    create_model("churn-v1-lotes", IMAGE_URI, MODEL_DATA_URL, ROLE_ARN)
    job_name = f"churn-lotes-{time.strftime('%Y%m%d-%H%M%S')}"  # único en la cuenta y la región
    batch_transform(job_name, "churn-v1-lotes", f"s3://{BUCKET}/lotes/entrada/", f"s3://{BUCKET}/lotes/salida/")
    sagemaker.get_waiter("transform_job_completed_or_stopped").wait(TransformJobName=job_name)
    job = sagemaker.describe_transform_job(TransformJobName=job_name)
    print(job_name, job["TransformJobStatus"], job["TransformOutput"]["S3OutputPath"])
    # --8<-- [end:uso-batch]
