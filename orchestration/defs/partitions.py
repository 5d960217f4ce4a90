"""One partition per dump file in the landing folder."""

import dagster as dg

dump_partitions = dg.DynamicPartitionsDefinition(name="dumps")
