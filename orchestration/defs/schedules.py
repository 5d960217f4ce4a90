"""Daily sweep: catch anything the sensor missed (sensor off, failed run, parser upgrade)."""

from pathlib import Path

import dagster as dg

from orchestration.defs.jobs import ingest_dump_job
from orchestration.defs.partitions import dump_partitions
from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.planning import stale_files


@dg.schedule(
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    job=ingest_dump_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every day at 06:00 UTC: load each landed dump whose bytes are not loaded as they are "
    "now (the marts follow via marts_after_loads_sensor).",
)
def daily_landing_sweep(
    context: dg.ScheduleEvaluationContext, landing: LandingResource, warehouse: WarehouseResource
):
    stale = stale_files(landing.path, Path(warehouse.path), settle_seconds=landing.settle_seconds)
    if not stale:
        return dg.SkipReason("every landed dump is loaded as it is now")
    known = set(context.instance.get_dynamic_partitions(dump_partitions.name))
    new_keys = sorted({f.partition_key for f in stale} - known)
    if new_keys:
        # Schedules cannot return partition requests; register the keys before asking for runs.
        context.instance.add_dynamic_partitions(dump_partitions.name, new_keys)
    day = context.scheduled_execution_time.strftime("%Y-%m-%d")
    return [
        dg.RunRequest(
            partition_key=f.partition_key,
            run_key=f"sweep:{day}:{f.partition_key}",
            tags={"newswire/file": f.name},
        )
        for f in stale
    ]
