"""Watch the landing folder: register a partition per new dump and load what changed."""

import json

import dagster as dg

from ingest.landing import scan_landing
from orchestration.defs.jobs import ingest_dump_job
from orchestration.defs.partitions import dump_partitions
from orchestration.defs.resources import LandingResource


@dg.sensor(
    job=ingest_dump_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="New or changed dump files in the landing folder → one load run per file. The marts "
    "follow through their automation condition once the loads are done.",
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
