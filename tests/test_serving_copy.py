"""The serving copy holds the marts and nothing else, with every row, and replaces the old one."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from warehouse.serving import publish_serving_copy


def _warehouse(path, articles: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create schema staging; create schema marts")
        con.execute(
            "create table raw.articles as select range as id, 'secret raw text' as body from range(?)",
            [articles],
        )
        con.execute("create view staging.stg_articles as select id from raw.articles")
        con.execute("create table marts.dim_articles as select id, 'title ' || id as title from raw.articles")
        con.execute('create table marts."odd name" as select 1 as x')


def test_copy_has_the_marts_only_with_all_rows_and_parquet(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse(warehouse, 1000)
    summary = publish_serving_copy(warehouse, tmp_path / "serving")

    assert summary.tables == {"marts.dim_articles": 1000, "marts.odd name": 1}
    with duckdb.connect(str(summary.path), read_only=True) as con:
        schemas = {
            s
            for (s,) in con.execute("select distinct table_schema from information_schema.tables").fetchall()
        }
        assert schemas == {"marts"}
        copied = con.execute("select * from marts.dim_articles order by id").pl()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        original = con.execute("select * from marts.dim_articles order by id").pl()
    assert copied.equals(original)
    parquet = tmp_path / "serving" / "parquet"
    assert sorted(p.name for p in parquet.iterdir()) == [
        "marts.dim_articles.parquet",
        "marts.odd name.parquet",
    ]
    assert pl.read_parquet(parquet / "marts.dim_articles.parquet").sort("id").equals(original)
    # Nothing of the publish is left behind beside the copy.
    assert sorted(p.name for p in (tmp_path / "serving").iterdir()) == ["newswire.duckdb", "parquet"]


def test_uncheckpointed_writes_reach_the_copy(tmp_path):
    """Rows still in the warehouse's write-ahead log are published too."""
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse(warehouse, 10)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("set checkpoint_threshold = '1GB'")
        con.execute("insert into marts.dim_articles values (99, 'late')")
        con.execute("pragma disable_checkpoint_on_shutdown")
    assert (tmp_path / "warehouse.duckdb.wal").exists()
    summary = publish_serving_copy(warehouse, tmp_path / "serving")
    assert summary.tables["marts.dim_articles"] == 11


def test_a_second_publish_replaces_the_first_while_a_reader_holds_it(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse(warehouse, 5)
    serving = tmp_path / "serving"
    first = publish_serving_copy(warehouse, serving)
    reader = duckdb.connect(str(first.path), read_only=True)
    try:
        with duckdb.connect(str(warehouse)) as con:
            con.execute("insert into marts.dim_articles values (5, 'new')")
        second = publish_serving_copy(warehouse, serving)
        assert reader.execute("select count(*) from marts.dim_articles").fetchone()[0] == 5
    finally:
        reader.close()
    with duckdb.connect(str(second.path), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_articles").fetchone()[0] == 6


def test_a_failed_parquet_write_fails_the_publish(tmp_path, monkeypatch):
    import warehouse.serving as serving_module

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(serving_module, "_write_parquet", broken)
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse(warehouse, 5)
    with pytest.raises(OSError, match="disk full"):
        publish_serving_copy(warehouse, tmp_path / "serving")
    assert not (tmp_path / "serving" / "newswire.duckdb").exists()
