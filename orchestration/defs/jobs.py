"""Two jobs: load one dump (partitioned), then rebuild the marts once for all dumps.

Both run in process: each has one step, and a step subprocess costs ~20 s on a small machine.
"""

import dagster as dg

from orchestration.defs.ingest import raw_dump_tables
from orchestration.defs.marts import newswire_dbt_models
from orchestration.defs.nlp import nlp_mentions
from orchestration.defs.partitions import dump_partitions
from orchestration.defs.serving import serving_copy

ingest_dump_job = dg.define_asset_job(
    "ingest_dump",
    selection=dg.AssetSelection.assets(raw_dump_tables, nlp_mentions),
    partitions_def=dump_partitions,
    executor_def=dg.in_process_executor,
    description="Parse one landed dump, replace its rows in the raw schema, and run the NLP on new texts.",
)

build_marts_job = dg.define_asset_job(
    "build_marts",
    selection=dg.AssetSelection.assets(newswire_dbt_models, serving_copy),
    executor_def=dg.in_process_executor,
    description="dbt build over everything loaded (staging, marts, tests), then publish the serving copy.",
)
