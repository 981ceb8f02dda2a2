"""Pruebas de snippets/aws/hudi.py con tablas reales de Hudi (../shared/hudi)."""

from __future__ import annotations

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


def test_write_hudi_needs_the_hudi_bundle_that_emr_ships(spark, tmp_path):
    # Este bloque es «Solo en EMR»: Spark local no trae el bundle de Hudi y lo dice así.
    df = spark.createDataFrame([(1, "Alice", 10)], ["id", "name", "ts"])
    with pytest.raises(Exception, match=r"DATA_SOURCE_NOT_FOUND\] Failed to find the data source: hudi"):
        hudi.write_hudi(df, str(tmp_path / "t"), hudi.hudi_write_options("t", "id", "ts"))
    with pytest.raises(ValueError, match="mode"):
        hudi.write_hudi(df, str(tmp_path / "t"), {}, mode="upsert")
    assert not (tmp_path / "t").exists()
