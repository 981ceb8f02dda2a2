"""Despliegue de un modelo en un endpoint de SageMaker en tiempo real, su invocación y su borrado, con boto3."""

from __future__ import annotations

# --8<-- [start:deploy]
import boto3


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
    if not model_data_url.startswith("s3://") or not model_data_url.endswith(".tar.gz"):
        raise ValueError(f"model_data_url debe ser un .tar.gz en S3; se recibió {model_data_url!r}.")
    if instance_count < 1:
        raise ValueError("instance_count debe ser 1 o más.")
    client = client or boto3.client("sagemaker")
    client.create_model(
        ModelName=name,
        PrimaryContainer={"Image": image_uri, "ModelDataUrl": model_data_url},
        ExecutionRoleArn=role_arn,
    )
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


def predict(endpoint_name: str, rows: list[list[float]], runtime=None) -> list:
    """Envía filas en CSV al endpoint y devuelve las predicciones que responde en JSON."""
    if not rows:
        raise ValueError("No hay filas que predecir.")
    runtime = runtime or boto3.client("sagemaker-runtime")
    body = "\n".join(",".join(str(v) for v in row) for row in rows)
    response = runtime.invoke_endpoint(
        EndpointName=endpoint_name, ContentType="text/csv", Accept="application/json", Body=body
    )
    return json.loads(response["Body"].read())
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
    noche. Cada fichero ``x.csv`` de entrada produce ``x.csv.out`` en ``output_s3``.
    """
    client = client or boto3.client("sagemaker")
    client.create_transform_job(
        TransformJobName=job_name,
        ModelName=model_name,
        TransformInput={
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": input_s3}},
            "ContentType": "text/csv",
            "SplitType": "Line",  # una petición por grupo de líneas, no por fichero entero
        },
        TransformOutput={"S3OutputPath": output_s3, "AssembleWith": "Line"},
        TransformResources={"InstanceType": instance_type, "InstanceCount": 1},
        BatchStrategy="MultiRecord",
    )
    return client.describe_transform_job(TransformJobName=job_name)["TransformJobArn"]
# --8<-- [end:batch]
