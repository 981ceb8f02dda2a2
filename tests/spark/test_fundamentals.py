"""Pruebas de snippets/spark: MapReduce, linaje, evaluación perezosa, SQL sobre Parquet y MLlib."""

from __future__ import annotations

import pytest

from snippets.spark import fundamentals, mllib


def test_word_count_follows_map_shuffle_reduce(spark):
    lines = ["el dato es el rey", "El modelo aprende del dato", ""]
    counts = fundamentals.word_count(lines, spark=spark)
    assert counts[:2] == [("el", 3), ("dato", 2)]
    assert dict(counts) == {"el": 3, "dato": 2, "es": 1, "rey": 1, "modelo": 1, "aprende": 1, "del": 1}


def test_lineage_shows_the_shuffle_and_the_parallelized_source(spark):
    text = fundamentals.lineage(["a b a", "b c"], spark=spark)
    assert "ShuffledRDD" in text and "ParallelCollectionRDD" in text
    # PySpark encadena flatMap, map y la combinación local de reduceByKey en un solo PythonRDD antes del shuffle.
    before_shuffle = text.split("+-", 1)[1]
    assert before_shuffle.count("PythonRDD[") == 1 and "PairwiseRDD" in before_shuffle


def test_transformations_wait_for_an_action(spark):
    assert fundamentals.lazy_evaluation(100, spark=spark) == (0, 100)


def test_sql_over_partitioned_parquet(spark, tmp_path):
    path = str(tmp_path / "ventas")
    ventas = spark.createDataFrame(
        [("norte", "2026-01", 120.0), ("sur", "2026-01", 80.0), ("norte", "2026-02", 95.5)],
        ["region", "mes", "importe"],
    )
    ventas.write.mode("overwrite").partitionBy("mes").parquet(path)
    totals = fundamentals.query_parquet(
        path, "SELECT region, SUM(importe) AS total FROM ventas GROUP BY region ORDER BY total DESC",
        view="ventas", spark=spark,
    )
    assert [(r["region"], r["total"]) for r in totals.collect()] == [("norte", 215.5), ("sur", 80.0)]
    assert sorted(p.name for p in (tmp_path / "ventas").iterdir() if p.is_dir()) == ["mes=2026-01", "mes=2026-02"]
    months = fundamentals.query_parquet(path, "SELECT DISTINCT mes FROM t ORDER BY mes", view="t", spark=spark)
    assert [r["mes"] for r in months.collect()] == ["2026-01", "2026-02"]


def test_mllib_pipeline_learns_churn(spark):
    df = mllib.churn_data(4000, spark=spark)
    assert df.count() == 4000
    rate = df.agg({"churn": "avg"}).first()[0]
    assert 0.2 < rate < 0.8
    model, auc = mllib.train_churn_model(df)
    assert auc > 0.8, auc
    assert [type(s).__name__ for s in model.stages][-1] == "LogisticRegressionModel"
    predicted = model.transform(df.limit(5)).select("prediction", "probability").collect()
    assert all(r["prediction"] in (0.0, 1.0) for r in predicted)


def test_mllib_rejects_missing_columns(spark):
    with pytest.raises(ValueError, match="Faltan columnas.*churn"):
        mllib.train_churn_model(mllib.churn_data(10, spark=spark).drop("churn"))
