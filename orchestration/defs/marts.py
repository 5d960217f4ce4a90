"""dbt models as Dagster assets: staging views and the marts analysts query."""

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.defs.resources import WarehouseResource, dbt_project


class NewswireDbtTranslator(DagsterDbtTranslator):
    """dbt models rebuild on their own once new dump loads have finished (no run in progress)."""

    def get_automation_condition(self, dbt_resource_props):
        return dg.AutomationCondition.eager()


translator = NewswireDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    pool="duckdb_writer",
)
def newswire_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """`dbt build`: models, seeds and their data tests (reported as asset checks)."""
    with warehouse.exclusive():
        yield from dbt.cli(["build"], context=context).stream()
