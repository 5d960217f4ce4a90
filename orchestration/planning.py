"""What needs loading: landed files compared with the warehouse registry (sensor, schedule, CLI)."""

from __future__ import annotations

from pathlib import Path

from ingest import PARSER_VERSION
from ingest.landing import LandedFile, files_to_load, scan_landing
from warehouse.connection import WarehouseBusyError, open_warehouse
from warehouse.load import loaded_contents


def stale_files(landing: Path, warehouse: Path, settle_seconds: float = 0.0) -> list[LandedFile]:
    """Landed files whose bytes (or the parser) changed since they were last loaded.

    When the warehouse is busy (a run is writing), every landed file is returned: loading is
    idempotent, so asking again costs time but never correctness.
    """
    files = scan_landing(landing, settle_seconds)
    if not warehouse.exists():
        return files
    try:
        with open_warehouse(warehouse, read_only=True, wait_seconds=5) as con:
            loaded = loaded_contents(con)
    except WarehouseBusyError:
        return files
    return files_to_load(files, loaded, PARSER_VERSION)
