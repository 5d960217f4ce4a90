"""Where things live: landing folder, warehouse file, Dagster home, dbt project.

Environment variables win (`NEWSWIRE_LANDING_DIR`, `NEWSWIRE_WAREHOUSE`, `DAGSTER_HOME`); the
defaults keep everything inside the project checkout so a fresh clone works without set-up.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DAGSTER_YAML_TEMPLATE = PROJECT_ROOT / "orchestration" / "dagster.yaml"

LANDING_ENV = "NEWSWIRE_LANDING_DIR"
SERVING_ENV = "NEWSWIRE_SERVING_DIR"
WAREHOUSE_ENV = "NEWSWIRE_WAREHOUSE"
DAGSTER_HOME_ENV = "DAGSTER_HOME"
DBT_TARGET_ENV = "NEWSWIRE_DBT_TARGET"


def landing_dir() -> Path:
    return Path(os.environ.get(LANDING_ENV) or PROJECT_ROOT / "data" / "landing").resolve()


def warehouse_path() -> Path:
    return Path(
        os.environ.get(WAREHOUSE_ENV) or PROJECT_ROOT / "data" / "warehouse" / "newswire.duckdb"
    ).resolve()


def serving_dir() -> Path:
    """Where the read-only serving copy is published: next to the warehouse unless set."""
    return Path(os.environ.get(SERVING_ENV) or warehouse_path().parent / "serving").resolve()


def dbt_target() -> str | None:
    """The dbt target Dagster runs (`local`, `motherduck`, `ducklake`); None = the profile default."""
    return os.environ.get(DBT_TARGET_ENV) or None


def dagster_home() -> Path:
    return Path(os.environ.get(DAGSTER_HOME_ENV) or PROJECT_ROOT / ".dagster_home").resolve()


def export_environment(landing: Path | None = None, warehouse: Path | None = None) -> dict[str, str]:
    """Pin the settings as absolute paths in this process's environment.

    Dagster code locations, run workers and dbt subprocesses all read the same variables, so
    setting them once here makes every part of a run agree on the files.
    """
    values = {
        LANDING_ENV: str((landing or landing_dir()).resolve()),
        WAREHOUSE_ENV: str((warehouse or warehouse_path()).resolve()),
        DAGSTER_HOME_ENV: str(dagster_home()),
    }
    # An explicit warehouse without an explicit serving folder publishes beside that warehouse.
    if SERVING_ENV not in os.environ:
        values[SERVING_ENV] = str(Path(values[WAREHOUSE_ENV]).parent / "serving")
    os.environ.update(values)
    return values


def ensure_dagster_home() -> Path:
    """Create the project-local DAGSTER_HOME with its dagster.yaml (runs persist there)."""
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    template = DAGSTER_YAML_TEMPLATE.read_text(encoding="utf-8")
    if not config.exists() or config.read_text(encoding="utf-8") != template:
        config.write_text(template, encoding="utf-8")
    return home


def export_defaults() -> None:
    """Set any unset setting to its project default (absolute), leaving explicit values alone."""
    os.environ.setdefault(LANDING_ENV, str(landing_dir()))
    os.environ.setdefault(WAREHOUSE_ENV, str(warehouse_path()))
    os.environ.setdefault(SERVING_ENV, str(serving_dir()))
