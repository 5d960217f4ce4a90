"""Kill `newswire run` (SIGKILL, whole process group) mid-load and mid-dbt-build, run it again, and
compare every mart with a clean run: identical. Then the landing-folder lifecycle, end to end."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.conftest import SAMPLE_DUMP

pytestmark = pytest.mark.slow
NEWSWIRE = str(Path(sys.executable).with_name("newswire"))
# The sample repeated: a dump big enough (≈16 MB) that its load takes seconds, while the NLP
# still analyses only the sample's ten distinct texts.
REPEATS = 500


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSWIRE_", "DAGSTER_"))}
    env["DAGSTER_HOME"] = str(root / "dagster_home")
    env["NEWSWIRE_SERVING_DIR"] = str(root / "serving")
    return env


def _run(landing: Path, warehouse: Path, env: dict[str, str], *extra: str) -> str:
    result = subprocess.run(
        [NEWSWIRE, "run", "--landing", str(landing), "--warehouse", str(warehouse), "--settle", "0", *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return result.stdout


def marts(warehouse: Path) -> dict[str, pl.DataFrame]:
    """Every mart, rows sorted, without load timestamps (the only columns a re-run may change)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
                " and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        out = {}
        for table in tables:
            frame = con.sql(f"select * from marts.{table}").pl()
            frame = frame.select(
                [c for c, dtype in frame.schema.items() if not isinstance(dtype, pl.Datetime)]
            )
            out[table] = frame.sort(pl.all(), nulls_last=True) if frame.height else frame
    return out


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("landing")
    sample = SAMPLE_DUMP.read_bytes()
    (folder / "bulk.txt").write_bytes(b"\n\n".join([sample] * REPEATS))
    return folder


@pytest.fixture(scope="module")
def clean(landing, tmp_path_factory) -> dict[str, pl.DataFrame]:
    root = tmp_path_factory.mktemp("clean")
    warehouse = root / "w.duckdb"
    _run(landing, warehouse, _env(root))
    return marts(warehouse)


def _read_only(database: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)


def _step_events(dagster_home: Path, job_name: str, step_fragment: str) -> tuple[bool, bool]:
    """(started, succeeded) for the newest run of the job's step, read from the Dagster home.

    The SQLite files are read directly and read-only: opening a `DagsterInstance` here while the
    run is still creating its storage would race it to stamp the schema version (two heads).
    """
    runs_db = dagster_home / "history" / "runs.db"
    if not runs_db.exists():  # the run has not set its Dagster home up yet
        return False, False
    try:
        with closing(_read_only(runs_db)) as con:
            newest = con.execute(
                "select run_id from runs where pipeline_name = ? order by create_timestamp desc, id desc"
                " limit 1",
                [job_name],
            ).fetchone()
        events_db = dagster_home / "history" / "runs" / f"{newest[0]}.db" if newest else None
        if events_db is None or not events_db.exists():
            return False, False
        with closing(_read_only(events_db)) as con:
            kinds = {
                row[0]
                for row in con.execute(
                    "select dagster_event_type from event_logs where instr(step_key, ?) > 0",
                    [step_fragment],
                ).fetchall()
            }
    except sqlite3.OperationalError:  # tables not created yet, or locked by the writer this instant
        return False, False
    return "STEP_START" in kinds, "STEP_SUCCESS" in kinds


def _kill_during(landing: Path, root: Path, job_name: str, step: str, delay: float) -> None:
    """Start a run, SIGKILL its whole process group `delay` s into the step, check it died there."""
    env = _env(root)
    process = subprocess.Popen(
        [NEWSWIRE, "run", "--landing", str(landing), "--warehouse", str(root / "w.duckdb"), "--settle", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600
        while not _step_events(root / "dagster_home", job_name, step)[0]:
            assert process.poll() is None, "the run ended before the step started"
            assert time.monotonic() < deadline, f"{step} never started"
            time.sleep(0.1)
        time.sleep(delay)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert not _step_events(root / "dagster_home", job_name, step)[1], (
        f"{step} finished before the kill: the test did not interrupt it"
    )


def test_killed_during_a_load_then_rerun_gives_the_clean_marts(landing, clean, tmp_path):
    _kill_during(landing, tmp_path, "ingest_dump", "raw_dump_tables", delay=0.5)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        loaded = con.execute("select count(*) from raw.dumps").fetchone()[0]
        articles = con.execute("select count(*) from raw.articles").fetchone()[0]
    assert (loaded, articles) == (0, 0), "a killed load left rows behind"

    output = _run(landing, tmp_path / "w.duckdb", _env(tmp_path))
    assert "marked run" in output and "failed: its process" in output
    assert "1 to load" in output
    after = marts(tmp_path / "w.duckdb")
    assert after.keys() == clean.keys()
    for table, frame in clean.items():
        assert_frame_equal(after[table], frame, check_row_order=True)


def test_killed_during_dbt_build_then_rerun_gives_the_clean_marts(landing, clean, tmp_path):
    _kill_during(landing, tmp_path, "build_marts", "newswire_dbt_models", delay=4.0)
    output = _run(landing, tmp_path / "w.duckdb", _env(tmp_path))
    assert "0 to load" in output  # the load had committed before the kill
    assert "building marts" in output  # ...but the marts are rebuilt, their last build never finished
    after = marts(tmp_path / "w.duckdb")
    assert after.keys() == clean.keys()
    for table, frame in clean.items():
        assert_frame_equal(after[table], frame, check_row_order=True)


def test_landing_folder_lifecycle(tmp_path):
    """Same file twice, same bytes renamed, corrected in place, removed, forgotten."""
    folder = tmp_path / "landing"
    folder.mkdir()
    shutil.copy(SAMPLE_DUMP, folder / "day1.txt")
    warehouse = tmp_path / "w.duckdb"
    env = _env(tmp_path)

    def articles_and_files() -> tuple[int, int]:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return con.execute(
                "select (select count(*) from marts.dim_articles), (select count(*) from raw.dumps)"
            ).fetchone()

    _run(folder, warehouse, env)
    assert articles_and_files() == (10, 1)
    baseline = marts(warehouse)

    again = _run(folder, warehouse, env)  # nothing changed: nothing loaded, nothing rebuilt
    assert "0 to load" in again and "marts are up to date" in again
    assert marts(warehouse).keys() == baseline.keys()

    shutil.copy(SAMPLE_DUMP, folder / "day1 copy.txt")  # the same bytes under another name
    _run(folder, warehouse, env)
    assert articles_and_files() == (10, 2)  # two files registered, the stories stored once

    text = SAMPLE_DUMP.read_text(encoding="utf-8")
    first_title = text.strip().splitlines()[0]
    corrected = text.replace(first_title, first_title + " as talks resume", 1)
    (folder / "day1.txt").write_text(corrected, encoding="utf-8")  # corrected in place
    output = _run(folder, warehouse, env)
    assert "1 to load" in output
    with duckdb.connect(str(warehouse), read_only=True) as con:
        titles = {row[0] for row in con.execute("select title from marts.dim_articles").fetchall()}
    assert first_title + " as talks resume" in titles
    assert first_title in titles  # still held by "day1 copy.txt", which was not changed

    (folder / "day1 copy.txt").unlink()  # removed from the landing folder: its data stays
    _run(folder, warehouse, env)
    assert articles_and_files() == (11, 2)

    forget = subprocess.run(
        [NEWSWIRE, "forget", "day1 copy.txt", "--landing", str(folder), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert forget.returncode == 0, forget.stdout + forget.stderr
    assert articles_and_files() == (10, 1)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        titles = {row[0] for row in con.execute("select title from marts.dim_articles").fetchall()}
    assert first_title not in titles
