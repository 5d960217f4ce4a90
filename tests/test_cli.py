"""`newswire` end to end in a subprocess, as a user runs it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, SAMPLE_DUMP, shared_file

pytestmark = pytest.mark.slow
NEWSWIRE = str(Path(sys.executable).with_name("newswire"))


def newswire(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([NEWSWIRE, *args], capture_output=True, text=True, env=env, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"newswire {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    landing = root / "landing"
    landing.mkdir()
    shutil.copy(SAMPLE_DUMP, landing / SAMPLE_DUMP.name)
    warehouse = root / "w.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSWIRE_", "DAGSTER_"))}
    env["DAGSTER_HOME"] = str(root / "dagster_home")
    first = newswire("run", "--landing", str(landing), "--warehouse", str(warehouse), env=env)
    return landing, warehouse, env, first


def mart_counts(output: str) -> dict[str, int]:
    return {m[0]: int(m[1].replace(",", "")) for m in re.findall(r"marts\.(\w+)\s+([\d,]+) rows", output)}


def test_run_prints_progress_and_a_summary(built):
    _, _, _, first = built
    assert "1 dump file(s) landed, 1 to load" in first.stdout
    assert (
        "10 stories, 149 paragraphs, 0 parse issues, 0 in stories with several versions; NLP:" in first.stdout
    )
    assert "from 10 texts analysed, 0 cached" in first.stdout
    assert mart_counts(first.stdout)["dim_articles"] == 10


def test_second_run_gives_identical_mart_counts(built):
    landing, warehouse, env, first = built
    second = newswire("run", "--landing", str(landing), "--warehouse", str(warehouse), env=env)
    assert "1 dump file(s) landed, 0 to load" in second.stdout
    forced = newswire("run", "--landing", str(landing), "--warehouse", str(warehouse), "--force", env=env)
    assert "1 to load" in forced.stdout
    assert mart_counts(first.stdout) == mart_counts(second.stdout) == mart_counts(forced.stdout)


def test_runs_are_recorded_in_the_dagster_home(built):
    from dagster import DagsterInstance

    _, _, env, _ = built
    os.environ["DAGSTER_HOME"] = env["DAGSTER_HOME"]
    try:
        with DagsterInstance.get() as instance:
            jobs = {run.job_name for run in instance.get_runs()}
    finally:
        del os.environ["DAGSTER_HOME"]
    assert {"ingest_dump", "build_marts"} <= jobs


def test_sql_is_read_only_and_prints_a_table(built):
    _, warehouse, env, _ = built
    result = newswire(
        "sql", "select count(*) as n from marts.dim_articles", "--warehouse", str(warehouse), env=env
    )
    assert "10" in result.stdout
    refused = newswire(
        "sql", "drop table marts.dim_articles", "--warehouse", str(warehouse), env=env, check=False
    )
    assert refused.returncode != 0
    assert "read-only" in refused.stderr.lower()


def test_sql_explains_a_missing_warehouse(tmp_path):
    result = newswire(
        "sql", "select 1", "--warehouse", str(tmp_path / "none.duckdb"), env=dict(os.environ), check=False
    )
    assert result.returncode == 2
    assert "newswire run" in result.stderr


def test_score_on_the_sample_gold(built):
    score = shared_file("eval/score.py")
    _, warehouse, _, _ = built
    result = subprocess.run(
        [
            sys.executable,
            str(score),
            "--warehouse",
            str(warehouse),
            "--gold",
            str(PROJECT_ROOT / "tests/fixtures/gold/sample_2017.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "title recall 1.0, dateline 1.0, paragraphs 1.0, credits 1.0" in result.stdout


def test_dg_check_defs_passes():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("dg")), "check", "defs"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_docs_generate_writes_the_site_with_lineage(built):
    _, warehouse, env, _ = built
    newswire("docs", "--generate-only", "--warehouse", str(warehouse), env=env)
    site = PROJECT_ROOT / "dbt_project" / "target" / "docs"
    assert (site / "index.html").exists() and (site / "catalog.json").exists()
    manifest = (site / "manifest.json").read_text(encoding="utf-8")
    assert "model.newswire.fct_events" in manifest and "source.newswire.raw.articles" in manifest


def test_shell_is_the_duckdb_cli_read_only_on_the_serving_copy(built):
    _, warehouse, env, _ = built
    shell_env = {**env, "NEWSWIRE_SERVING_DIR": str(warehouse.parent / "serving")}
    result = subprocess.run(
        [NEWSWIRE, "shell"],
        input="select count(*) as n from marts.dim_articles;\n",
        capture_output=True,
        text=True,
        env=shell_env,
        timeout=60,
    )
    assert result.returncode == 0 and "10" in result.stdout
    refused = subprocess.run(
        [NEWSWIRE, "shell"],
        input="create table marts.x as select 1;\n",
        capture_output=True,
        text=True,
        env=shell_env,
        timeout=60,
    )
    assert "read-only" in (refused.stdout + refused.stderr).lower()


def test_serving_copy_is_published_and_readers_never_block_a_run(built):
    import duckdb

    from tests.dumps import render, story

    landing, warehouse, env, _ = built
    serving = warehouse.parent / "serving" / "newswire.duckdb"
    parquet = warehouse.parent / "serving" / "parquet" / "marts.dim_articles.parquet"
    assert serving.exists() and parquet.exists()
    assert serving.stat().st_mode & 0o222 == 0 and parquet.stat().st_mode & 0o222 == 0  # read-only
    by_default = newswire(
        "sql",
        "select count(*) from marts.dim_articles",
        env={**env, "NEWSWIRE_SERVING_DIR": str(serving.parent)},
    )
    assert "10" in by_default.stdout

    reader = duckdb.connect(str(serving), read_only=True)  # a BI tool holding the copy open
    try:
        before = reader.execute("select count(*) from marts.dim_articles").fetchone()[0]
        (landing / "extra dump.txt").write_text(
            render([story(title="Extra story for the serving test")]), encoding="utf-8"
        )
        newswire("run", "--landing", str(landing), "--warehouse", str(warehouse), env=env)
        assert reader.execute("select count(*) from marts.dim_articles").fetchone()[0] == before
    finally:
        reader.close()
        (landing / "extra dump.txt").unlink()
    with duckdb.connect(str(serving), read_only=True) as again:
        assert again.execute("select count(*) from marts.dim_articles").fetchone()[0] == before + 1
