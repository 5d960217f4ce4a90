"""dbt models as Dagster assets: staging views and the marts analysts query."""

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.defs.resources import WarehouseResource, dbt_project

translator = DagsterDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
)
def newswire_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """`dbt build`: models, seeds and their data tests (reported as asset checks)."""
    with warehouse.exclusive():
        yield from dbt.cli(["build"], context=context).stream()
