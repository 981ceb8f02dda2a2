"""Pruebas de snippets/aws/hudi.py con tablas reales de Hudi (../shared/hudi)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from snippets.aws import hudi, hudi_results

ROOT = Path(__file__).resolve().parents[2]


def table_properties(table_path: str) -> dict[str, str]:
    text = (Path(table_path) / ".hoodie" / "hoodie.properties").read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))


def test_write_options_describe_the_real_trips_table(hudi_tables):
    # Las opciones con las que se escribiría la tabla de viajes coinciden con lo que Hudi guardó de ella.
    props = table_properties(hudi_tables["update"])
    options = hudi.hudi_write_options(
        "v6_trips_8i1u", record_key="uuid", precombine_field="ts", partition_field="city",
        table_type="MERGE_ON_READ",
    )
    assert options["hoodie.table.name"] == props["hoodie.table.name"]
    assert options["hoodie.datasource.write.table.type"] == props["hoodie.table.type"]
    assert options["hoodie.datasource.write.recordkey.field"] == props["hoodie.table.recordkey.fields"]
    assert options["hoodie.datasource.write.precombine.field"] == props["hoodie.table.precombine.field"]
    assert options["hoodie.datasource.write.partitionpath.field"] == props["hoodie.table.partition.fields"]
    assert options["hoodie.datasource.write.hive_style_partitioning"] == props["hoodie.datasource.write.hive_style_partitioning"]
    assert options["hoodie.compact.inline"] == "true"


def test_write_options_for_cow_with_catalog_sync():
    options = hudi.hudi_write_options("clientes", "id", "actualizado", database="analitica")
    assert options["hoodie.datasource.write.table.type"] == "COPY_ON_WRITE"
    assert options["hoodie.datasource.write.operation"] == "upsert"
    assert "hoodie.compact.inline" not in options
    assert "hoodie.datasource.write.partitionpath.field" not in options
    assert options["hoodie.datasource.hive_sync.database"] == "analitica"
    assert options["hoodie.datasource.hive_sync.table"] == "clientes"


@pytest.mark.parametrize(("field", "value"), [("table_type", "MOR"), ("operation", "merge")])
def test_write_options_reject_unknown_values(field, value):
    with pytest.raises(ValueError, match=field):
        hudi.hudi_write_options("t", "id", "ts", **{field: value})


def test_mor_update_is_in_the_log_until_compaction(hudi_tables):
    snapshot = hudi.read_snapshot(hudi_tables["update"])
    optimized = hudi.read_optimized(hudi_tables["update"])
    assert snapshot.loc[snapshot.rider == "rider-D", "fare"].item() == 25.0
    assert optimized.loc[optimized.rider == "rider-D", "fare"].item() == pytest.approx(33.9)
    slices = hudi.file_slices(hudi_tables["update"])
    with_logs = [s for s in slices if s["logs"]]
    assert [s["particion"] for s in with_logs] == ["city=san_francisco"]


def test_mor_deletes(hudi_tables):
    assert len(hudi.read_snapshot(hudi_tables["delete"])) == 5
    assert len(hudi.read_optimized(hudi_tables["delete"])) == 8
    assert not {"rider-A", "rider-C", "rider-D"} & set(hudi.read_snapshot(hudi_tables["delete"]).rider)


def test_timelines_of_cow_and_mor(hudi_tables):
    assert [a for _, a in hudi.timeline(hudi_tables["cow"])] == ["commit", "commit"]
    assert [a for _, a in hudi.timeline(hudi_tables["mor"])] == ["deltacommit", "deltacommit"]
    assert sorted(hudi.read_snapshot(hudi_tables["cow"]).id) == [1, 2, 3, 4]
    assert hudi_results.plain_parquet_rows(hudi_tables["cow"]) == 7  # versiones antiguas incluidas


def test_results_on_the_page_are_current(hudi_tables):
    committed = (ROOT / "snippets/aws/hudi_results.md").read_text(encoding="utf-8")
    assert hudi_results.render(hudi_tables) == committed, (
        "snippets/aws/hudi_results.md no coincide con las tablas: regenérelo con make generated"
    )


def test_write_hudi_refuses_a_session_without_hudi(spark, tmp_path):
    # Spark local, como un notebook sin la celda %%configure, no tiene el bundle ni las propiedades de Hudi:
    # write_hudi lo dice en español antes de escribir (sin ello, Spark falla con DATA_SOURCE_NOT_FOUND).
    df = spark.createDataFrame([(1, "Alice", 10)], ["id", "name", "ts"])
    with pytest.raises(RuntimeError, match=r"no está preparada para Hudi.*%%configure -f.*spark\.jars"):
        hudi.write_hudi(df, str(tmp_path / "t"), hudi.hudi_write_options("t", "id", "ts"))
    with pytest.raises(ValueError, match="mode"):
        hudi.write_hudi(df, str(tmp_path / "t"), {}, mode="upsert")
    assert not (tmp_path / "t").exists()
    with pytest.raises(Exception, match=r"DATA_SOURCE_NOT_FOUND\] Failed to find the data source: hudi"):
        df.write.format("hudi").options(**hudi.hudi_write_options("t", "id", "ts")).save(str(tmp_path / "t"))


# --- La sesión de Spark con Hudi en EMR: un diccionario, una celda %%configure y spark-submit ---

def test_emr_files_on_the_page_come_from_the_one_dict():
    from snippets.aws import hudi_emr

    for name, render in hudi_emr.FILES.items():
        committed = (ROOT / "snippets/aws" / name).read_text(encoding="utf-8")
        assert committed == render(), f"snippets/aws/{name} no coincide: regenérelo con python -m snippets.aws.hudi_emr"


def test_configure_cell_is_what_sparkmagic_sends_to_livy():
    # sparkmagic lee la línea de la magia y el cuerpo como JSON; el cuerpo es el de POST /sessions de Livy.
    magic, body = (ROOT / "snippets/aws/hudi_configure.txt").read_text(encoding="utf-8").split("\n", 1)
    assert magic.split() == ["%%configure", "-f"]  # -f: reinicia la sesión, que ya existe al abrir el notebook
    session = json.loads(body)
    assert set(session) == {"conf"}
    assert session["conf"] == hudi.hudi_session_conf(hudi.HUDI_BUNDLE_HDFS)
    assert session["conf"]["spark.jars"].startswith("hdfs:///") and session["conf"]["spark.jars"].endswith("/hudi-spark-bundle.jar")


def test_spark_submit_script_passes_the_same_conf():
    words = shlex.split((ROOT / "snippets/aws/hudi_spark_submit.sh").read_text(encoding="utf-8").replace("\\\n", " "))
    start = words.index("spark-submit")
    args = words[start + 1:]
    assert args[-1] == "$@"
    pairs = dict(args[i + 1].split("=", 1) for i in range(0, len(args) - 1, 2) if args[i] == "--conf")
    assert pairs == hudi.hudi_session_conf(hudi.HUDI_BUNDLE)
    bundle = (ROOT / "snippets/aws/hudi_bundle_hdfs.sh").read_text(encoding="utf-8")
    assert f"{hudi.HUDI_BUNDLE} {hudi.HUDI_BUNDLE_HDFS.removeprefix('hdfs://')}" in bundle


def test_hudi_session_keys_are_static_in_spark(spark):
    # Por eso hace falta %%configure -f (o --conf): en una sesión ya creada, Spark no deja cambiarlas.
    # (spark_catalog sí se puede cambiar, pero Spark crea el catálogo una vez y no lo vuelve a leer).
    for key in ("spark.jars", "spark.serializer", "spark.kryo.registrator", "spark.sql.extensions"):
        assert key in hudi.hudi_session_conf()
        assert not spark.conf.isModifiable(key), key
    assert hudi.missing_hudi_conf(spark).keys() == hudi.hudi_session_conf().keys()


def test_session_conf_has_what_hudi_writes_need():
    # Hudi solo acepta Kryo como serializador; las tablas sincronizadas con el catálogo (hive_sync) se
    # consultan con SQL a través del catálogo y la extensión de sesión de Hudi.
    conf = hudi.hudi_session_conf()
    options = hudi.hudi_write_options("clientes", "id", "actualizado", database="analitica")
    assert conf["spark.serializer"] == "org.apache.spark.serializer.KryoSerializer"
    assert options["hoodie.datasource.hive_sync.enable"] == "true"
    assert conf["spark.sql.catalog.spark_catalog"].startswith("org.apache.spark.sql.hudi.")
    assert conf["spark.sql.extensions"] == "org.apache.spark.sql.hudi.HoodieSparkSessionExtension"
    assert not any(key.startswith("hoodie.") for key in conf)  # las de la tabla van en las opciones de escritura
    assert not any(key.startswith("spark.") for key in options)


def test_a_session_with_the_conf_is_ready(spark):
    class Conf:  # lo que ve missing_hudi_conf en una sesión de EMR tras %%configure -f
        def __init__(self, values):
            self.values = values

        def get(self, key, default=None):
            return self.values.get(key, default)

    class Session:
        conf = Conf(hudi.hudi_session_conf(hudi.HUDI_BUNDLE_HDFS))

    assert hudi.missing_hudi_conf(Session()) == {}
    Session.conf = Conf({**hudi.hudi_session_conf(), "spark.serializer": "org.apache.spark.serializer.JavaSerializer"})
    assert list(hudi.missing_hudi_conf(Session())) == ["spark.serializer"]
