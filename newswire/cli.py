"""`newswire`: run the pipeline headless, open the Dagster UI, query the warehouse."""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import sys
import time
from pathlib import Path

from newswire import settings

MART_TABLES = (
    "dim_articles",
    "dim_stories",
    "article_credits",
    "article_paragraphs",
    "dim_entities",
    "fct_mentions",
    "fct_statements",
    "fct_events",
    "dim_dumps",
    "parse_issues",
)


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    landing = Path(args.landing).resolve() if getattr(args, "landing", None) else settings.landing_dir()
    warehouse = (
        Path(args.warehouse).resolve() if getattr(args, "warehouse", None) else settings.warehouse_path()
    )
    return landing, warehouse


def _prepare(landing: Path, warehouse: Path):
    """Environment, Dagster home and the loaded code location, shared by run and ui."""
    settings.export_environment(landing, warehouse)
    settings.ensure_dagster_home()
    from dagster import DagsterInstance

    from orchestration.definitions import defs

    return DagsterInstance.get(), defs


def cmd_run(args: argparse.Namespace) -> int:
    """Load every new or changed dump in the landing folder, then build the marts."""
    landing, warehouse = _paths(args)
    if not landing.is_dir():
        print(f"error: landing folder {landing} does not exist", file=sys.stderr)
        return 2
    started = time.perf_counter()
    print(f"newswire: landing {landing}\n          warehouse {warehouse}")
    instance, defs = _prepare(landing, warehouse)
    _fail_abandoned_runs(instance)

    from ingest.landing import scan_landing, still_changing, unusable_entries
    from orchestration.defs.partitions import dump_partitions
    from orchestration.planning import marts_inputs_fingerprint, stale_among
    from warehouse.connection import open_warehouse, writer_lock
    from warehouse.schema import ensure_raw_schema

    for name, reason in unusable_entries(landing):
        print(f"skipped {name}: {reason}")
    files = scan_landing(landing)
    changing = {f.partition_key for f in still_changing(files, args.settle)}
    for landed in files:
        if landed.partition_key in changing:
            print(
                f"skipped {landed.name}: still being written (it changed within {args.settle:g}s); next run"
            )
    files = [f for f in files if f.partition_key not in changing]
    todo = files if args.force else stale_among(files, warehouse)
    known = set(instance.get_dynamic_partitions(dump_partitions.name))
    new_keys = sorted({f.partition_key for f in files} - known)
    if new_keys:
        instance.add_dynamic_partitions(dump_partitions.name, new_keys)
    print(f"{len(files)} dump file(s) landed, {len(todo)} to load")

    with writer_lock(warehouse), open_warehouse(warehouse) as con:
        ensure_raw_schema(con)  # so the marts build (empty) even before the first dump

    failures = []
    ingest_job = defs.resolve_job_def("ingest_dump")
    for number, landed in enumerate(todo, start=1):
        t0 = time.perf_counter()
        print(f"[{number}/{len(todo)}] {landed.name} ({landed.size_bytes / 1e6:.1f} MB) ...", flush=True)
        result = ingest_job.execute_in_process(
            run_config=_quiet(args),
            instance=instance,
            partition_key=landed.partition_key,
            raise_on_error=False,
            tags=_cli_tags(**{"newswire/file": landed.name}),
        )
        if not result.success:
            failures.append(landed.name)
            print(f"      FAILED (run {result.run_id}): {_failure_message(result)}", flush=True)
            continue
        meta = _materialization_metadata(result)
        count = functools.partial(_metadata_count, meta)
        print(
            f"      {count('raw/articles')} stories, {count('raw/paragraphs')} paragraphs, "
            f"{count('raw/parse_issues')} parse issues, "
            f"{count('raw/version_pairs', 'story_versions_found')} in stories with several versions; "
            f"NLP: {count('raw/mentions')} mentions from "
            f"{count('raw/mentions', 'texts_analysed')} texts analysed, "
            f"{count('raw/mentions', 'texts_from_cache')} cached; {time.perf_counter() - t0:.1f}s",
            flush=True,
        )
        for severity, reason, issues in _issue_reasons(warehouse, landed.partition_key):
            print(f"      parse issue [{severity}] x{issues}: {reason}", flush=True)

    state = marts_inputs_fingerprint(warehouse)
    if not todo and not args.force and _marts_up_to_date(instance, state, warehouse):
        print("marts are up to date with the raw tables and the dbt project: no build needed")
    elif not _build_marts(args, defs, instance, state):
        failures.append("dbt build")

    _print_summary(warehouse)
    print(f"total {time.perf_counter() - started:.1f}s; runs are visible in `newswire ui`")
    if failures:
        print(f"error: {len(failures)} step(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


def _issue_reasons(warehouse: Path, partition_key: str, limit: int = 5) -> list[tuple[str, str, int]]:
    """The commonest parse-issue reasons of one loaded file, errors first."""
    from warehouse.connection import open_warehouse

    with open_warehouse(warehouse, read_only=True) as con:
        return con.execute(
            """
            select i.severity, i.reason, count(*) as issues
            from raw.parse_issues i join raw.dumps d using (dump_id)
            where d.partition_key = ?
            group by all order by i.severity desc, issues desc limit ?
            """,
            [partition_key, limit],
        ).fetchall()


def cmd_forget(args: argparse.Namespace) -> int:
    """Remove a landed file's data from the warehouse, then rebuild the marts."""
    landing, warehouse = _paths(args)
    instance, defs = _prepare(landing, warehouse)
    from ingest.landing import partition_key_for
    from orchestration.defs.partitions import dump_partitions
    from orchestration.planning import marts_inputs_fingerprint
    from warehouse.connection import open_warehouse, writer_lock
    from warehouse.load import forget_partition, loaded_partitions

    with open_warehouse(warehouse, read_only=True) as con:
        loaded = loaded_partitions(con)
    keys = set(loaded["partition_key"].to_list()) if loaded.height else set()
    key = args.file if args.file in keys else partition_key_for(Path(args.file).name)
    if key not in keys:
        print(
            f"error: no loaded file {args.file!r}; loaded: {', '.join(sorted(keys)) or 'none'}",
            file=sys.stderr,
        )
        return 2
    with writer_lock(warehouse), open_warehouse(warehouse) as con:
        dump_id = forget_partition(con, key)
    if key in instance.get_dynamic_partitions(dump_partitions.name):
        instance.delete_dynamic_partition(dump_partitions.name, key)
    print(
        f"forgot {key} (dump {dump_id[:12] if dump_id else '?'}); its rows are gone unless another file "
        "holds the same bytes"
    )
    from ingest.landing import find_landed

    if find_landed(landing, key) is not None:
        print(f"note: {key} is still in {landing}: the next run loads it again unless it is moved away")
    ok = _build_marts(args, defs, instance, marts_inputs_fingerprint(warehouse))
    _print_summary(warehouse)
    return 0 if ok else 1


def _cli_tags(**extra: str) -> dict[str, str]:
    """Tags of runs launched here; the pid lets a later run tell a dead CLI run from a live one."""
    return {"newswire/launched_by": "cli", "newswire/pid": str(os.getpid()), **extra}


def _fail_abandoned_runs(instance) -> None:
    """Runs left 'started' by a newswire process that was killed are marked failed.

    Their warehouse writes were rolled back (every load is one transaction), so nothing needs
    undoing; the run history just has to stop showing them as in progress.
    """
    from dagster import DagsterRunStatus, RunsFilter

    active = [DagsterRunStatus.STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.NOT_STARTED]
    for run in instance.get_runs(RunsFilter(statuses=active, tags={"newswire/launched_by": "cli"})):
        pid = int(run.tags.get("newswire/pid", "0") or 0)
        if pid and _alive(pid):
            continue
        instance.report_run_failed(
            run, f"the newswire process that ran it (pid {pid}) ended before the run finished"
        )
        print(f"marked run {run.run_id} ({run.job_name}) failed: its process (pid {pid}) had died")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _marts_up_to_date(instance, state: str, warehouse: Path) -> bool:
    """The last successful marts build saw exactly the current raw tables and dbt project."""
    from dagster import DagsterRunStatus, RunsFilter

    from orchestration.planning import MARTS_INPUTS_TAG
    from warehouse.serving import SERVING_FILE

    if not (settings.serving_dir() / SERVING_FILE).exists():
        return False
    last = instance.get_runs(RunsFilter(job_name="build_marts", statuses=[DagsterRunStatus.SUCCESS]), limit=1)
    return bool(last) and last[0].tags.get(MARTS_INPUTS_TAG) == state


def _build_marts(args: argparse.Namespace, defs, instance, state: str) -> bool:
    from orchestration.planning import MARTS_INPUTS_TAG

    print("building marts (dbt build) ...", flush=True)
    t0 = time.perf_counter()
    dbt_log = io.StringIO()
    # dagster-dbt echoes dbt's log to stdout; keep it for failures unless --verbose.
    with contextlib.nullcontext() if args.verbose else contextlib.redirect_stdout(dbt_log):
        marts = defs.resolve_job_def("build_marts").execute_in_process(
            run_config=_quiet(args),
            instance=instance,
            raise_on_error=False,
            tags=_cli_tags(**{MARTS_INPUTS_TAG: state}),
        )
    if not marts.success:
        print(f"      FAILED (run {marts.run_id}): {_failure_message(marts)}", flush=True)
        print("\n".join(dbt_log.getvalue().splitlines()[-40:]), flush=True)
        return False
    print(f"      done in {time.perf_counter() - t0:.1f}s", flush=True)
    return True


def _quiet(args: argparse.Namespace) -> dict:
    """Dagster's console log at WARNING unless --verbose: the CLI prints its own progress."""
    level = "DEBUG" if args.verbose else "WARNING"
    return {"loggers": {"console": {"config": {"log_level": level}}}}


def _metadata_count(meta: dict[str, dict], asset: str, key: str = "dagster/row_count") -> int:
    return int(meta.get(asset, {}).get(key, 0))


def _materialization_metadata(result) -> dict[str, dict]:
    """Asset key → its materialization metadata values, for the progress line."""
    found: dict[str, dict] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        found[materialization.asset_key.to_user_string()] = {
            key: value.value for key, value in materialization.metadata.items()
        }
    return found


def _failure_message(result) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            return event.step_failure_data.error.message.strip().splitlines()[0]
    return "see the run in the Dagster UI"


def _print_summary(warehouse: Path) -> None:
    from warehouse.connection import open_warehouse

    with open_warehouse(warehouse, read_only=True) as con:
        existing = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        print("marts:")
        for table in MART_TABLES:
            if table in existing:
                count = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
                print(f"  marts.{table:<20} {count:>9,} rows")
        if "parse_issues" in existing:
            rows = con.execute(
                "select severity, reason, count(*) as n from marts.parse_issues"
                " group by all order by n desc limit 10"
            ).fetchall()
            for severity, reason, count in rows:
                print(f"  parse issue [{severity}] x{count}: {reason}")


def cmd_ui(args: argparse.Namespace) -> int:
    """Dagster webserver and daemon on 127.0.0.1 (replaces this process)."""
    landing, warehouse = _paths(args)
    settings.export_environment(landing, warehouse)
    settings.ensure_dagster_home()
    from orchestration.dbt_manifest import ensure_manifest

    ensure_manifest(settings.DBT_PROJECT_DIR, settings.DBT_PROJECT_DIR)
    command = [
        str(Path(sys.executable).with_name("dg")),
        "dev",
        "--host",
        args.host,
        "--port",
        str(args.port),
    ]
    print(
        f"Dagster UI on http://{args.host}:{args.port} (DAGSTER_HOME={settings.dagster_home()})", flush=True
    )
    # `dg dev` serves the project in the working directory, with this virtualenv.
    os.chdir(settings.PROJECT_ROOT)
    os.environ["VIRTUAL_ENV"] = str(Path(sys.executable).parent.parent)
    os.execv(command[0], command)
    return 0  # not reached


def cmd_sql(args: argparse.Namespace) -> int:
    """Run one query read-only and print the result as a table."""
    import duckdb

    from warehouse.connection import WarehouseBusyError, open_warehouse
    from warehouse.serving import SERVING_FILE

    # The serving copy by default: it is never locked by a running load.
    warehouse = Path(args.warehouse).resolve() if args.warehouse else settings.serving_dir() / SERVING_FILE
    try:
        with open_warehouse(warehouse, read_only=True, wait_seconds=args.wait) as con:
            relation = con.sql(args.query)
            if relation is None:
                print("ok")
                return 0
            relation.show(max_rows=args.max_rows, max_width=args.max_width)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except WarehouseBusyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    except duckdb.Error as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_shell(args: argparse.Namespace) -> int:
    """The DuckDB CLI (1.5.x, from PyPI), read-only on the serving copy (replaces this process)."""
    from warehouse.serving import SERVING_FILE

    target = Path(args.warehouse).resolve() if args.warehouse else settings.serving_dir() / SERVING_FILE
    if not target.exists():
        print(f"error: no warehouse at {target}: run `newswire run` first", file=sys.stderr)
        return 2
    duckdb_cli = str(Path(sys.executable).with_name("duckdb"))
    os.execv(duckdb_cli, [duckdb_cli, "-readonly", str(target)])
    return 0  # not reached


def cmd_docs(args: argparse.Namespace) -> int:
    """Generate the dbt documentation (lineage included) and serve it on 127.0.0.1."""
    import subprocess

    from orchestration.dbt_manifest import dbt_executable
    from warehouse.connection import writer_lock

    _, warehouse = _paths(args)
    if not warehouse.exists():
        print(f"error: no warehouse at {warehouse}: run `newswire run` first", file=sys.stderr)
        return 2
    settings.export_environment(warehouse=warehouse)
    project = [
        "--project-dir",
        str(settings.DBT_PROJECT_DIR),
        "--profiles-dir",
        str(settings.DBT_PROJECT_DIR),
    ]
    target = ["--target-path", str(settings.DBT_PROJECT_DIR / "target" / "docs")]
    with writer_lock(warehouse):  # dbt reads the catalog from the warehouse: no load may write meanwhile
        generated = subprocess.run([dbt_executable(), "docs", "generate", *project, *target], check=False)
    if generated.returncode != 0:
        return generated.returncode
    if args.generate_only:
        print(f"dbt docs written to {settings.DBT_PROJECT_DIR / 'target' / 'docs'}")
        return 0
    print(f"dbt docs on http://{args.host}:{args.port}", flush=True)
    serve = [
        dbt_executable(),
        "docs",
        "serve",
        *project,
        *target,
        "--host",
        args.host,
        "--port",
        str(args.port),
    ]
    os.execv(serve[0], [*serve, "--no-browser"])
    return 0  # not reached


def cmd_bi(args: argparse.Namespace) -> int:
    """Set up Apache Superset over the serving copy (own venv), then serve it on 127.0.0.1."""
    from bi import superset_setup
    from warehouse.serving import SERVING_FILE

    serving = Path(args.serving).resolve() if args.serving else settings.serving_dir() / SERVING_FILE
    superset = superset_setup.Superset(superset_setup.superset_venv(), superset_setup.superset_home())
    try:
        superset_setup.setup(serving, superset, say=lambda line: print(line, flush=True))
    except superset_setup.SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if not serving.exists() else 1
    url = f"http://127.0.0.1:{args.port}"  # local only: never bound to another interface
    print(
        f"dashboard: {url}{superset_setup.DASHBOARD_PATH}\n"
        f"log in as {superset_setup.ADMIN_USER}, password in {superset.password_file}",
        flush=True,
    )
    if args.setup_only:
        return 0
    print(f"Superset on {url} (Ctrl-C stops it)", flush=True)
    command = superset_setup.serve_command(superset, args.port)
    os.execve(command[0], command, superset.environment())
    return 0  # not reached


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newswire", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def add_paths(p: argparse.ArgumentParser, landing: bool = True) -> None:
        if landing:
            p.add_argument(
                "--landing", help=f"landing folder (default: ${settings.LANDING_ENV} or data/landing)"
            )
        p.add_argument(
            "--warehouse",
            help=f"DuckDB file (default: ${settings.WAREHOUSE_ENV} or data/warehouse/newswire.duckdb)",
        )

    run = sub.add_parser("run", help="load the landing folder and build the marts, headless")
    add_paths(run)
    run.add_argument("--force", action="store_true", help="reload every dump, even unchanged ones")
    run.add_argument("--verbose", action="store_true", help="show Dagster's event log")
    run.add_argument(
        "--settle",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="recently modified files are watched this long; files still changing wait for the next run",
    )
    run.set_defaults(func=cmd_run)

    forget = sub.add_parser(
        "forget", help="remove a landed file's data from the warehouse (a removed file keeps it otherwise)"
    )
    add_paths(forget)
    forget.add_argument("file", help="the file name as landed, or its partition key")
    forget.add_argument("--verbose", action="store_true", help="show Dagster's event log")
    forget.set_defaults(func=cmd_forget)

    ui = sub.add_parser("ui", help="Dagster webserver and daemon on 127.0.0.1")
    add_paths(ui)
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)

    sql = sub.add_parser("sql", help="run a read-only SQL query against the serving copy (or --warehouse)")
    sql.add_argument("query")
    sql.add_argument(
        "--warehouse", help="a DuckDB file to query instead of the serving copy ($NEWSWIRE_SERVING_DIR)"
    )
    sql.add_argument("--max-rows", type=int, default=40)
    sql.add_argument("--max-width", type=int, default=200)
    sql.add_argument("--wait", type=float, default=10.0, help="seconds to wait for a writer to finish")
    sql.set_defaults(func=cmd_sql)

    shell = sub.add_parser("shell", help="interactive DuckDB CLI, read-only on the serving copy")
    shell.add_argument("--warehouse", help="a DuckDB file to open instead of the serving copy")
    shell.set_defaults(func=cmd_shell)

    docs = sub.add_parser("docs", help="generate and serve the dbt documentation site on 127.0.0.1")
    add_paths(docs, landing=False)
    docs.add_argument("--host", default="127.0.0.1")
    docs.add_argument("--port", type=int, default=8080)
    docs.add_argument("--generate-only", action="store_true", help="write the site, do not serve it")
    docs.set_defaults(func=cmd_docs)

    bi = sub.add_parser("bi", help="Apache Superset over the serving copy on 127.0.0.1 (own virtualenv)")
    bi.add_argument(
        "--serving", help="the DuckDB file to chart (default: newswire.duckdb in $NEWSWIRE_SERVING_DIR)"
    )
    bi.add_argument("--port", type=int, default=8088, help="port on 127.0.0.1 (default 8088)")
    bi.add_argument("--setup-only", action="store_true", help="set up and register, then exit")
    bi.set_defaults(func=cmd_bi)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
