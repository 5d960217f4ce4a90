"""Resources configured from the environment (see newswire.settings for the defaults)."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

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


class LocalDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt resource without two start-up costs this project never uses.

    Before every command dagster-dbt runs `dbt --version` in a subprocess (≈3 s) and builds an
    in-process dbt adapter (≈1.5 s) that only serves `fetch_row_counts` and column metadata. The
    dbt we run is the dbt-core installed beside this interpreter (`dbt_executable`), so its version
    is read from the package metadata, and no adapter is built. That is ≈4.5 s off every build,
    which is most of what adding a small dump costs beyond the build itself.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": WarehouseResource(path=dg.EnvVar(WAREHOUSE_ENV)),
            "landing": LandingResource(folder=dg.EnvVar(LANDING_ENV)),
            "dbt": LocalDbtCliResource(
                project_dir=dbt_project, dbt_executable=dbt_executable(), target=dbt_target()
            ),
        }
    )
