"""Un pipeline de MLlib: características y modelo entrenados y evaluados con Spark."""

# --8<-- [start:data]
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F


def churn_data(n: int = 5000, seed: int = 42, spark: SparkSession | None = None) -> DataFrame:
    """Genera clientes sintéticos con una baja (``churn``) que depende del plan, la antigüedad y la factura.

    Sustituye a una tabla real (por ejemplo, ``spark.read.parquet("s3://.../clientes/")``).
    """
    spark = spark or SparkSession.builder.getOrCreate()
    df = spark.range(n).select(
        F.element_at(F.array(F.lit("mensual"), F.lit("anual"), F.lit("bienal")),
                     (F.floor(F.rand(seed) * 3) + 1).cast("int")).alias("plan"),
        F.round(F.rand(seed + 1) * 72).alias("antiguedad_meses"),
        F.round(F.rand(seed + 2) * 100 + 20, 2).alias("factura_mensual"),
    )
    # Probabilidad de baja: más alta con plan mensual, poca antigüedad y factura alta.
    score = (
        F.when(F.col("plan") == "mensual", 1.5).when(F.col("plan") == "anual", -0.5).otherwise(-1.5)
        - 0.05 * F.col("antiguedad_meses")
        + 0.03 * (F.col("factura_mensual") - 70)
    )
    return df.withColumn(
        "churn", (F.rand(seed + 3) < 1 / (1 + F.exp(-score))).cast("double")
    )
# --8<-- [end:data]


# --8<-- [start:pipeline]
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler


def train_churn_model(df: DataFrame, seed: int = 42) -> tuple[PipelineModel, float]:
    """Entrena características y modelo en un solo Pipeline y devuelve el modelo y su AUC en test."""
    missing = {"plan", "antiguedad_meses", "factura_mensual", "churn"} - set(df.columns)
    if missing:
        raise ValueError(f"Faltan columnas en los datos: {sorted(missing)}")
    train, test = df.randomSplit([0.8, 0.2], seed=seed)
    pipeline = Pipeline(stages=[
        StringIndexer(inputCol="plan", outputCol="plan_idx", handleInvalid="keep"),
        OneHotEncoder(inputCols=["plan_idx"], outputCols=["plan_ohe"]),
        VectorAssembler(inputCols=["plan_ohe", "antiguedad_meses", "factura_mensual"],
                        outputCol="raw_features"),
        StandardScaler(inputCol="raw_features", outputCol="features"),
        LogisticRegression(featuresCol="features", labelCol="churn", maxIter=50),
    ])
    model = pipeline.fit(train)  # las características se ajustan solo con train: sin fugas a test
    auc = BinaryClassificationEvaluator(labelCol="churn", metricName="areaUnderROC").evaluate(
        model.transform(test)
    )
    return model, auc
# --8<-- [end:pipeline]


if __name__ == "__main__":
    # --8<-- [start:uso]
    clientes = churn_data(4000)
    modelo, auc = train_churn_model(clientes)
    print(f"AUC en el conjunto de prueba: {auc:.3f}")
    modelo.transform(clientes.limit(5)).select(
        "plan", "antiguedad_meses", "factura_mensual", "churn", "prediction", "probability"
    ).show(truncate=False)
    # --8<-- [end:uso]
