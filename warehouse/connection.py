"""Every DuckDB connection of the project is opened here.

DuckDB allows one writing process per file; readers in other processes must open the file
read-only and cannot do so while a writer holds it. Writers therefore open late and close early
(one transaction per dump load), and readers get a clear message instead of a lock trace.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb


class WarehouseBusyError(RuntimeError):
    """Another process holds the warehouse file (DuckDB permits one writer)."""


def _is_lock_conflict(error: duckdb.Error) -> bool:
    message = str(error)
    return "Could not set lock" in message or "Conflicting lock" in message


def connect(
    path: str | Path, *, read_only: bool = False, wait_seconds: float = 30.0
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting up to `wait_seconds` for another process to release it."""
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `newswire run` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as error:
            if not _is_lock_conflict(error):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusyError(
                    f"{path} is in use by another process (DuckDB allows one writer; a reader blocks "
                    f"writers too). Close other sessions on it and try again. DuckDB said: {error}"
                ) from error
            time.sleep(0.5)


@contextmanager
def open_warehouse(
    path: str | Path, *, read_only: bool = False, wait_seconds: float = 30.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Context-managed connection that is always closed, so the file lock is released."""
    con = connect(path, read_only=read_only, wait_seconds=wait_seconds)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def writer_lock(path: str | Path, wait_seconds: float = 3600.0) -> Iterator[None]:
    """Hold the warehouse's writer lock (a lock file beside it) for a whole write.

    DuckDB itself refuses a second writer instead of waiting. Every writer of this project (a
    dump load, a dbt build, whichever process launched it) takes this lock first, so writers
    queue up instead of failing.
    """
    lock_path = Path(f"{path}.writer.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    with lock_path.open("a+") as handle:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as error:
                if time.monotonic() >= deadline:
                    message = f"another writer has held {lock_path} for {wait_seconds:.0f}s"
                    raise WarehouseBusyError(message) from error
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
