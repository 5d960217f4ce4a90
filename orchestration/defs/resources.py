"""Resources configured from the environment (see newswire.settings for the defaults)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject

from newswire.settings import DBT_PROJECT_DIR, LANDING_ENV, WAREHOUSE_ENV, dbt_target
from orchestration.dbt_manifest import dbt_executable, ensure_manifest
from warehouse.connection import open_warehouse, writer_lock

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
ensure_manifest(dbt_project.project_dir, DBT_PROJECT_DIR)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file; connections are opened per use and always closed."""

    path: str

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writing connection, taken only while holding the warehouse's writer lock."""
        with writer_lock(self.path), open_warehouse(self.path) as con:
            yield con

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with open_warehouse(self.path, read_only=True) as con:
            yield con

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the writer lock without a connection, e.g. while dbt writes the file."""
        with writer_lock(self.path):
            yield


class LandingResource(dg.ConfigurableResource):
    """The folder analysts drop dumps into."""

    folder: str
    settle_seconds: float = 5.0

    @property
    def path(self) -> Path:
        return Path(self.folder)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": WarehouseResource(path=dg.EnvVar(WAREHOUSE_ENV)),
            "landing": LandingResource(folder=dg.EnvVar(LANDING_ENV)),
            "dbt": DbtCliResource(
                project_dir=dbt_project, dbt_executable=dbt_executable(), target=dbt_target()
            ),
        }
    )
