"""Watch the landing folder: register a partition per new dump and load what changed."""

import json

import dagster as dg

from ingest.landing import scan_landing
from orchestration.defs.jobs import build_marts_job, ingest_dump_job
from orchestration.defs.partitions import dump_partitions
from orchestration.defs.resources import LandingResource


@dg.sensor(
    job=ingest_dump_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="New or changed dump files in the landing folder → one load run per file.",
)
def landing_folder_sensor(context: dg.SensorEvaluationContext, landing: LandingResource):
    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    files = scan_landing(landing.path, settle_seconds=landing.settle_seconds)
    changed = [f for f in files if seen.get(f.partition_key) != f.fingerprint]
    if not changed:
        return dg.SkipReason(f"no new or changed dumps among {len(files)} file(s) in {landing.path}")

    known = set(context.instance.get_dynamic_partitions(dump_partitions.name))
    new_keys = sorted({f.partition_key for f in changed} - known)
    seen.update({f.partition_key: f.fingerprint for f in changed})
    run_requests = [
        dg.RunRequest(
            job_name=ingest_dump_job.name,
            partition_key=f.partition_key,
            run_key=f"{f.partition_key}:{f.fingerprint}",
            tags={"newswire/file": f.name},
        )
        for f in changed
    ]
    return dg.SensorResult(
        run_requests=run_requests,
        dynamic_partitions_requests=[dump_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(seen, sort_keys=True),
    )


LOAD_STATUSES_PENDING = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


@dg.sensor(
    job=build_marts_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Once dump loads have finished (none queued or running), rebuild the marts once.",
)
def marts_after_loads_sensor(context: dg.SensorEvaluationContext):
    instance = context.instance
    if instance.get_run_records(
        dg.RunsFilter(job_name=ingest_dump_job.name, statuses=LOAD_STATUSES_PENDING), limit=1
    ):
        return dg.SkipReason("dump loads are still queued or running")
    [last_load] = instance.get_run_records(
        dg.RunsFilter(job_name=ingest_dump_job.name, statuses=[dg.DagsterRunStatus.SUCCESS]), limit=1
    ) or [None]
    if last_load is None:
        return dg.SkipReason("no dump has been loaded yet")
    marts = instance.get_run_records(dg.RunsFilter(job_name=build_marts_job.name), limit=1)
    if marts and marts[0].create_timestamp.timestamp() >= (last_load.end_time or 0):
        return dg.SkipReason("the marts were built after the last load")
    return dg.RunRequest(run_key=f"after-load:{last_load.dagster_run.run_id}")
