"""The serving copy: what BI tools and SQL users read, never the file the ETL writes.

After each successful build the `marts` schema is copied into a fresh DuckDB file (and Parquet
files, one per mart) next to the old copy, then moved into place with an atomic rename. A reader
that has the old copy open keeps reading it (the old file lives on until it is closed) and sees
the new data when it reconnects; no reader ever blocks the ETL or sees a half-built state.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

SERVING_FILE = "newswire.duckdb"
PARQUET_DIR = "parquet"
SERVED_SCHEMAS = ("marts",)


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

    tables: dict[str, int] = {}
    # An in-memory session attaches the warehouse read-only and the new copy read-write.
    # ATTACH and COPY take no parameters; the paths are our own configuration, quoted safely.
    con = duckdb.connect()
    try:
        con.execute(f"attach {_sql_literal(warehouse)} as source (read_only)")
        con.execute(f"attach {_sql_literal(staging_file)} as serving")
        listed = con.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_catalog = 'source' and table_schema in (select unnest(?))"
            " and table_type = 'BASE TABLE' order by 1, 2",
            [list(SERVED_SCHEMAS)],
        ).fetchall()
        for schema, table in listed:
            name = f'"{schema}"."{table}"'  # names come from the catalog, not from input
            con.execute(f'create schema if not exists serving."{schema}"')
            con.execute(f"create table serving.{name} as select * from source.{name}")
            target = _sql_literal(staging_parquet / f"{schema}.{table}.parquet")
            con.execute(f"copy (select * from source.{name}) to {target} (format parquet)")
            tables[f"{schema}.{table}"] = con.execute(f"select count(*) from source.{name}").fetchone()[0]
        con.execute("detach serving")
        con.execute("detach source")
    finally:
        con.close()

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
    return PublishSummary(final_file, tables, time.perf_counter() - started)
