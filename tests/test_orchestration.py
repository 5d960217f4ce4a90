"""The Dagster wiring, run for real against a temporary warehouse and landing folder."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime

import dagster as dg
import pytest
from dagster_dbt import DbtCliResource

from ingest.landing import scan_landing
from newswire.settings import LANDING_ENV, WAREHOUSE_ENV
from orchestration.dbt_manifest import dbt_executable
from orchestration.definitions import defs
from orchestration.defs.ingest import raw_dump_tables
from orchestration.defs.marts import newswire_dbt_models
from orchestration.defs.partitions import dump_partitions
from orchestration.defs.resources import (
    LandingResource,
    LocalDbtCliResource,
    WarehouseResource,
    dbt_project,
)
from orchestration.defs.schedules import daily_landing_sweep
from orchestration.defs.sensors import landing_folder_sensor, marts_after_loads_sensor
from tests.conftest import SAMPLE_DUMP
from warehouse.connection import open_warehouse

pytestmark = pytest.mark.slow


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(SAMPLE_DUMP, landing / "sample 2017.txt")  # a name that needs a safe partition key
    warehouse = tmp_path / "warehouse" / "w.duckdb"
    monkeypatch.setenv(LANDING_ENV, str(landing))
    monkeypatch.setenv(WAREHOUSE_ENV, str(warehouse))
    resources = {
        "landing": LandingResource(folder=str(landing), settle_seconds=0),
        "warehouse": WarehouseResource(path=str(warehouse)),
    }
    with dg.instance_for_test() as instance:
        yield landing, warehouse, resources, instance


def test_definitions_load_with_jobs_sensor_schedule_and_checks():
    assert {job.name for job in defs.resolve_all_job_defs()} >= {"ingest_dump", "build_marts"}
    assert sorted(s.name for s in defs.sensors) == ["landing_folder_sensor", "marts_after_loads_sensor"]
    assert [s.name for s in defs.schedules] == ["daily_landing_sweep"]
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"raw/articles", "marts/dim_articles", "marts/article_credits"} <= keys
    # dbt sources are the raw assets: lineage is one graph.
    parents = {k.to_user_string() for k in graph.get(dg.AssetKey(["staging", "stg_articles"])).parent_keys}
    assert parents == {"raw/articles"}


def test_sensor_registers_partitions_and_requests_loads(workspace):
    landing, _, resources, instance = workspace
    context = dg.build_sensor_context(instance=instance, resources={"landing": resources["landing"]})
    result = landing_folder_sensor(context)
    assert isinstance(result, dg.SensorResult)
    [request] = result.dynamic_partitions_requests
    assert list(request.partition_keys) == ["sample_2017.txt-" + request.partition_keys[0].split("-")[-1]]
    [run] = result.run_requests
    assert run.partition_key == request.partition_keys[0]

    # Same folder, same files: nothing to do.
    instance.add_dynamic_partitions(dump_partitions.name, list(request.partition_keys))
    again = dg.build_sensor_context(
        instance=instance, cursor=result.cursor, resources={"landing": resources["landing"]}
    )
    assert isinstance(landing_folder_sensor(again), dg.SkipReason)

    # A changed file is requested again.
    with (landing / "sample 2017.txt").open("ab") as handle:
        handle.write(b"\n")
    changed = landing_folder_sensor(
        dg.build_sensor_context(
            instance=instance, cursor=result.cursor, resources={"landing": resources["landing"]}
        )
    )
    assert len(changed.run_requests) == 1
    assert changed.dynamic_partitions_requests == []


def test_materialize_raw_then_marts_and_sweep_finds_nothing_stale(workspace):
    landing, warehouse, resources, instance = workspace
    [partition_key] = [f.partition_key for f in scan_landing(landing)]
    instance.add_dynamic_partitions(dump_partitions.name, [partition_key])

    raw = dg.materialize(
        [raw_dump_tables], partition_key=partition_key, instance=instance, resources=resources
    )
    assert raw.success
    checks = {e.check_name: e.passed for e in raw.get_asset_check_evaluations()}
    assert checks == {
        "every_byte_accounted_for": True,
        "error_byte_share": True,
        "stories_have_paragraphs": True,
    }
    row_counts = {
        e.asset_key.to_user_string(): e.metadata["dagster/row_count"].value
        for e in (ev.event_specific_data.materialization for ev in raw.get_asset_materialization_events())
    }
    assert row_counts["raw/articles"] == 10

    dbt = LocalDbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())
    marts = dg.materialize(
        [newswire_dbt_models], instance=instance, resources={"warehouse": resources["warehouse"], "dbt": dbt}
    )
    assert marts.success
    failed = [e.check_name for e in marts.get_asset_check_evaluations() if not e.passed]
    assert failed == []
    with open_warehouse(warehouse, read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_articles").fetchone()[0] == 10
        assert con.execute("select count(distinct role) from marts.article_credits").fetchone()[0] >= 4

    sweep = daily_landing_sweep(
        dg.build_schedule_context(
            instance=instance,
            scheduled_execution_time=datetime(2026, 1, 1, 6, tzinfo=UTC),
            resources=resources,
        )
    )
    assert isinstance(sweep, dg.SkipReason)


def test_dbt_resource_knows_the_dbt_it_runs_without_asking_it():
    """The resource skips dagster-dbt's `dbt --version` subprocess by overriding members of
    `DbtCliResource` by name: if dagster-dbt renames them, this fails instead of the ≈4.5 s per
    build silently coming back. The version it reports must be the one `dbt --version` prints."""
    for member in ("_cli_version", "_initialize_dbt_core_adapter"):
        assert member in vars(DbtCliResource), f"dagster-dbt no longer has DbtCliResource.{member}"
    printed = subprocess.run([dbt_executable(), "--version"], capture_output=True, text=True, check=True)
    installed = re.search(r"installed:\s*(\d+\.\d+\.\d+)", printed.stdout)
    assert installed, printed.stdout
    resource = LocalDbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())
    assert str(resource._cli_version) == installed.group(1)
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_missing_file_fails_with_a_clear_message(workspace):
    _, _, resources, instance = workspace
    instance.add_dynamic_partitions(dump_partitions.name, ["gone.txt"])
    result = dg.materialize(
        [raw_dump_tables],
        partition_key="gone.txt",
        instance=instance,
        resources=resources,
        raise_on_error=False,
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "No dump file for partition 'gone.txt'" in str(failure.step_failure_data.error.message)


def test_marts_sensor_waits_for_loads_then_asks_once(workspace):
    landing, _, resources, instance = workspace
    sensor_context = dg.build_sensor_context(instance=instance)
    assert isinstance(marts_after_loads_sensor(sensor_context), dg.SkipReason)  # nothing loaded yet

    [partition_key] = [f.partition_key for f in scan_landing(landing)]
    instance.add_dynamic_partitions(dump_partitions.name, [partition_key])
    load = defs.resolve_job_def("ingest_dump").execute_in_process(
        instance=instance, partition_key=partition_key, resources=resources
    )
    assert load.success
    request = marts_after_loads_sensor(dg.build_sensor_context(instance=instance))
    assert isinstance(request, dg.RunRequest)
    assert request.run_key == f"after-load:{load.run_id}"


def test_nlp_runs_once_per_text_and_reports_cache_hits(workspace):
    landing, warehouse, resources, instance = workspace
    [partition_key] = [f.partition_key for f in scan_landing(landing)]
    instance.add_dynamic_partitions(dump_partitions.name, [partition_key])
    job = defs.resolve_job_def("ingest_dump")

    def nlp_metadata(result) -> dict:
        for event in result.get_asset_materialization_events():
            materialization = event.event_specific_data.materialization
            if materialization.asset_key.to_user_string() == "raw/mentions":
                return {k: v.value for k, v in materialization.metadata.items()}
        raise AssertionError("no raw/mentions materialization")

    first = job.execute_in_process(instance=instance, partition_key=partition_key, resources=resources)
    again = job.execute_in_process(instance=instance, partition_key=partition_key, resources=resources)
    assert (nlp_metadata(first)["texts_analysed"], nlp_metadata(first)["texts_from_cache"]) == (10, 0)
    assert (nlp_metadata(again)["texts_analysed"], nlp_metadata(again)["texts_from_cache"]) == (0, 10)
    assert nlp_metadata(first)["dagster/row_count"] > 300
    with open_warehouse(warehouse, read_only=True) as con:
        assert con.execute("select count(*) from raw.nlp_articles").fetchone()[0] == 10


def test_overlapped_slices_store_the_same_rows_as_one_pass(workspace, monkeypatch):
    """Slices of 3 texts on a real pool of 2 processes, each slice handed over before the previous
    one is stored: every text is analysed exactly once and the rows equal a one-pass analysis."""
    import ingest.nlp.analyse as analyse
    import orchestration.defs.nlp as nlp_asset
    from ingest.landing import read_dump_bytes
    from ingest.parser import parse_dump

    landing, warehouse, resources, instance = workspace
    monkeypatch.setattr(nlp_asset, "SLICE_ARTICLES", 3)
    monkeypatch.setattr(analyse, "default_processes", lambda words: 2)
    [partition_key] = [f.partition_key for f in scan_landing(landing)]
    instance.add_dynamic_partitions(dump_partitions.name, [partition_key])
    result = defs.resolve_job_def("ingest_dump").execute_in_process(
        instance=instance, partition_key=partition_key, resources=resources
    )
    assert result.success
    slices = [e.message for e in instance.all_logs(result.run_id) if e.message and "NLP slice" in e.message]
    assert len(slices) == 4  # 10 texts in slices of 3

    parsed = parse_dump(read_dump_bytes(SAMPLE_DUMP))
    one_pass = analyse.analyse_articles(
        parsed.articles,
        parsed.paragraphs.join(parsed.articles.select("ordinal", "text_hash"), on="ordinal"),
        processes=1,
    )
    columns = ["text_hash", "section", "section_index", "char_start", "char_end", "entity_key"]
    with open_warehouse(warehouse, read_only=True) as con:
        assert con.execute("select count(*), count(distinct text_hash) from raw.nlp_articles").fetchone() == (
            10,
            10,
        )
        stored = con.execute(f"select {', '.join(columns)} from raw.mentions").pl()
        statements = con.execute("select count(*) from raw.statements").fetchone()[0]
    assert stored.sort(columns).equals(one_pass.mentions.select(columns).sort(columns))
    assert statements == one_pass.statements.height
