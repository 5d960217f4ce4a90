"""What needs loading: landed files compared with the warehouse registry (sensor, schedule, CLI)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from ingest import PARSER_VERSION
from ingest.landing import LandedFile, files_to_load, scan_landing
from newswire.settings import DBT_PROJECT_DIR
from warehouse.connection import WarehouseBusyError, open_warehouse
from warehouse.load import loaded_contents


def stale_files(landing: Path, warehouse: Path, settle_seconds: float = 0.0) -> list[LandedFile]:
    """Landed files whose bytes (or the parser) changed since they were last loaded.

    When the warehouse is busy (a run is writing), every landed file is returned: loading is
    idempotent, so asking again costs time but never correctness.
    """
    return stale_among(scan_landing(landing, settle_seconds), warehouse)


def stale_among(files: list[LandedFile], warehouse: Path) -> list[LandedFile]:
    """Those of `files` that need loading (see `stale_files`)."""
    if not warehouse.exists():
        return files
    try:
        with open_warehouse(warehouse, read_only=True, wait_seconds=5) as con:
            loaded = loaded_contents(con)
    except WarehouseBusyError:
        return files
    return files_to_load(files, loaded, PARSER_VERSION)


MARTS_INPUTS_TAG = "newswire/marts_inputs"
_DBT_SOURCES = ("models", "macros", "seeds", "tests", "dbt_project.yml", "packages.yml")


def marts_inputs_fingerprint(warehouse: Path) -> str:
    """A digest of everything the marts are built from: the raw tables' load state and the dbt
    project's files. Equal digests mean a rebuild would produce the same marts."""
    digest = hashlib.sha256()
    for name in _DBT_SOURCES:
        root = DBT_PROJECT_DIR / name
        for path in sorted([root] if root.is_file() else root.rglob("*") if root.is_dir() else []):
            if path.is_file():
                digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + path.read_bytes())
    if not warehouse.exists():
        return digest.hexdigest() + ":empty"
    try:
        with open_warehouse(warehouse, read_only=True, wait_seconds=5) as con:
            state = con.execute(
                """
                select (select list(concat_ws(':', partition_key, dump_id, loaded_at) order by partition_key)
                        from raw.dumps),
                       (select count(*) || ':' || max(processed_at) from raw.nlp_articles)
                """
            ).fetchone()
    except (WarehouseBusyError, duckdb.CatalogException):
        return digest.hexdigest() + ":unknown"  # never equal to a recorded state: rebuild
    digest.update(repr(state).encode())
    return digest.hexdigest()
