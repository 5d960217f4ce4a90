"""The serving copy: what BI tools and SQL users read, never the file the ETL writes.

After each successful build the warehouse file is copied byte for byte next to the old copy, every
schema but `marts` is dropped from the copy, Parquet files (one per mart) are written beside it,
and both are moved into place with an atomic rename. A reader that has the old copy open keeps
reading it (the old file lives on until it is closed) and sees the new data when it reconnects;
no reader ever blocks the ETL or sees a half-built state.

A file copy, not a table-by-table `CREATE TABLE AS`: on the 67,000-article warehouse it takes
3 s instead of 8 s, which matters because every run that adds a dump pays it. The price is disk:
DuckDB keeps the blocks of the dropped raw tables as free space, so the copy is as large as the
warehouse (1.5 GB there, against 0.6 GB rewritten). The Parquet files are written while the file
is copied.
"""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.connection import open_warehouse

SERVING_FILE = "newswire.duckdb"
PARQUET_DIR = "parquet"
SERVED_SCHEMAS = ("marts",)
# Schemas every DuckDB file has; the copy keeps them (they hold no project data).
_BUILT_IN_SCHEMAS = ("main", "information_schema", "pg_catalog")
# No progress bar on the run's log.
_QUIET = "set enable_progress_bar = false"


def _sql_literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


@dataclass(frozen=True)
class PublishSummary:
    path: Path
    tables: dict[str, int]  # table → rows
    seconds: float


def publish_serving_copy(warehouse: Path, serving_dir: Path) -> PublishSummary:
    """Copy the marts of `warehouse` into `serving_dir` atomically (call while holding the writer lock)."""
    started = time.perf_counter()
    serving_dir.mkdir(parents=True, exist_ok=True)
    staging_file = serving_dir / f".{SERVING_FILE}.{os.getpid()}.tmp"
    staging_parquet = serving_dir / f".{PARQUET_DIR}.{os.getpid()}.tmp"
    for leftover in (staging_file, Path(f"{staging_file}.wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(staging_parquet, ignore_errors=True)
    staging_parquet.mkdir()

    # Everything committed must be in the file itself, not in its write-ahead log, before the copy.
    with open_warehouse(warehouse) as con:
        con.execute("checkpoint")
        tables = _served_tables(con)
    # ATTACH and COPY take no parameters; the paths are our own configuration, quoted safely, and
    # table names come from the catalog, not from input.
    with ThreadPoolExecutor(max_workers=1) as pool:
        parquet = pool.submit(_write_parquet, warehouse, tables, staging_parquet)
        shutil.copyfile(warehouse, staging_file)
        parquet.result()  # re-raises what the Parquet writer raised
    with duckdb.connect(str(staging_file)) as con:
        con.execute(_QUIET)
        for (schema,) in con.execute(
            "select schema_name from information_schema.schemata where catalog_name = current_database()"
        ).fetchall():
            if schema not in SERVED_SCHEMAS + _BUILT_IN_SCHEMAS:
                con.execute(f'drop schema "{schema}" cascade')
        con.execute("checkpoint")
        rows = {name: con.execute(f"select count(*) from {_quoted(name)}").fetchone()[0] for name in tables}

    final_file = serving_dir / SERVING_FILE
    final_parquet = serving_dir / PARQUET_DIR
    # Read-only on disk too: consumers open it read-only, and nothing may write to a copy that
    # the next publish replaces. (Replacing works: it is a rename in a writable folder.)
    for published in (staging_file, *staging_parquet.iterdir()):
        published.chmod(0o444)
    os.replace(staging_file, final_file)  # atomic: readers see the old file or the new one
    old_parquet = serving_dir / f".{PARQUET_DIR}.old.{os.getpid()}"
    if final_parquet.exists():
        os.replace(final_parquet, old_parquet)
    os.replace(staging_parquet, final_parquet)
    shutil.rmtree(old_parquet, ignore_errors=True)
    return PublishSummary(final_file, rows, time.perf_counter() - started)


def _served_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """`schema.table` of every base table in the served schemas."""
    listed = con.execute(
        "select table_schema, table_name from information_schema.tables"
        " where table_catalog = current_database() and table_schema in (select unnest(?))"
        " and table_type = 'BASE TABLE' order by 1, 2",
        [list(SERVED_SCHEMAS)],
    ).fetchall()
    return [f"{schema}.{table}" for schema, table in listed]


def _quoted(name: str) -> str:
    schema, table = name.split(".", 1)
    return f'"{schema}"."{table}"'


def _write_parquet(warehouse: Path, tables: list[str], folder: Path) -> None:
    """One Parquet file per served table, read from a read-only attach of the warehouse."""
    with duckdb.connect() as con:
        con.execute(_QUIET)
        con.execute(f"attach {_sql_literal(warehouse)} as source (read_only)")
        for name in tables:
            target = _sql_literal(folder / f"{name}.parquet")
            con.execute(f"copy (select * from source.{_quoted(name)}) to {target} (format parquet)")
