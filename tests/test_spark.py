"""La sesión local de Spark que comparten las pruebas de los capítulos de Spark y EMR."""


def test_spark_session_runs_locally_on_loopback(spark):
    conf = spark.sparkContext.getConf()
    assert spark.sparkContext.master == "local[2]"
    assert conf.get("spark.driver.host") == "127.0.0.1"
    assert conf.get("spark.ui.enabled") == "false"
    df = spark.createDataFrame([("a", 1), ("b", 2), ("a", 3)], ["clave", "valor"])
    totals = {row["clave"]: row["total"] for row in df.groupBy("clave").sum("valor").withColumnRenamed("sum(valor)", "total").collect()}
    assert totals == {"a": 4, "b": 2}
