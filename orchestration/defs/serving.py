"""Publish the read-only serving copy after the marts are built."""

import os
from pathlib import Path

import dagster as dg
import polars as pl

from newswire.settings import SERVING_ENV, serving_dir
from orchestration.defs.marts import newswire_dbt_models
from orchestration.defs.resources import WarehouseResource
from orchestration.metadata import markdown_table
from warehouse.serving import publish_serving_copy


@dg.asset(
    key=["serving", "warehouse_copy"],
    deps=[newswire_dbt_models],
    group_name="serving",
    kinds={"duckdb", "parquet"},
    description="Read-only copy of the marts (DuckDB file and Parquet) for BI tools and SQL users, "
    "replaced atomically after each build.",
)
def serving_copy(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    target = Path(os.environ.get(SERVING_ENV) or serving_dir())
    with warehouse.exclusive():
        summary = publish_serving_copy(Path(warehouse.path), target)
    context.log.info(f"published {len(summary.tables)} tables to {summary.path} in {summary.seconds:.1f}s")
    return dg.MaterializeResult(
        metadata={
            "path": str(summary.path),
            "tables": len(summary.tables),
            "dagster/row_count": sum(summary.tables.values()),
            "seconds": round(summary.seconds, 2),
            "rows_per_table": dg.MetadataValue.md(
                markdown_table(
                    pl.DataFrame({"table": list(summary.tables), "rows": list(summary.tables.values())}), 40
                )
            ),
        }
    )
