"""Raw tables of one dump: parse the landed file with `ingest`, load it with `warehouse`."""

import time
from collections import Counter
from collections.abc import Iterator

import dagster as dg
import polars as pl

from ingest import PARSER_VERSION
from ingest.landing import DumpChangedError, find_landed
from ingest.parser import ParsedDump
from ingest.stream import StreamTotals, consume_landed_file
from orchestration.defs.partitions import dump_partitions
from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.metadata import markdown_table
from warehouse.load import LoadSummary, load_dump_chunks

RAW_TABLES = {
    "dumps": "Landed dump files and the sha256 of the bytes each holds.",
    "articles": "Stories found in each dump: headline, dateline, byline, captions, byte span.",
    "paragraphs": "Body paragraphs of each story with character spans in the dump text.",
    "credits": "People named in bylines and closing credit lines, with role and location.",
    "parse_issues": "Bytes outside every story (errors) and oddities inside stories (warnings).",
    "story_sketches": "A sketch of each story's word 5-grams, to find its other versions.",
    "version_pairs": "Stories found to be versions of one story, within the dump and against all loaded.",
}
RAW_KEYS = {table: dg.AssetKey(["raw", table]) for table in RAW_TABLES}

# Above this share of a file's bytes outside any story, the dump probably is not a wire dump.
MAX_ERROR_BYTE_SHARE = 0.01

CHECKS = [
    dg.AssetCheckSpec(
        "every_byte_accounted_for",
        asset=RAW_KEYS["parse_issues"],
        description="Story spans and error issues tile the file: no byte is lost or counted twice.",
        blocking=True,
    ),
    dg.AssetCheckSpec(
        "error_byte_share",
        asset=RAW_KEYS["parse_issues"],
        description=f"At most {MAX_ERROR_BYTE_SHARE:.0%} of the file lies outside every story.",
    ),
    dg.AssetCheckSpec(
        "stories_have_paragraphs",
        asset=RAW_KEYS["articles"],
        description="Every story has at least one body paragraph.",
    ),
]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key,
            description=RAW_TABLES[table],
            partitions_def=dump_partitions,
            group_name="raw",
            kinds={"polars", "duckdb"},
        )
        for table, key in RAW_KEYS.items()
    ],
    check_specs=CHECKS,
)
def raw_dump_tables(
    context: dg.AssetExecutionContext, landing: LandingResource, warehouse: WarehouseResource
):
    """Parse one landed dump into polars frames and replace its rows in the `raw` schema."""
    partition_key = context.partition_key
    landed = find_landed(landing.path, partition_key)
    if landed is None:
        raise dg.Failure(
            description=f"No dump file for partition {partition_key!r} in {landing.path}: it was moved "
            "or renamed after the partition was registered.",
        )
    started = time.perf_counter()

    def load(dump_id: str, chunks: Iterator[ParsedDump], totals: StreamTotals) -> LoadSummary:
        with warehouse.write() as con:
            return load_dump_chunks(
                con,
                chunks,
                dump_id=dump_id,
                totals=totals,
                partition_key=partition_key,
                file_name=landed.name,
                file_signature=landed.fingerprint,
            )

    try:
        summary, totals = consume_landed_file(landed.path, load)
    except (DumpChangedError, OSError) as error:
        raise dg.Failure(description=f"{landed.name}: {error}") from error
    seconds = time.perf_counter() - started
    context.log.info(
        f"{landed.name}: {totals.articles} stories, {totals.paragraphs} paragraphs, "
        f"{totals.issues} parse issues; parsed and loaded in {seconds:.2f}s"
    )
    yield from _materializations(totals, summary, landed.name, seconds)
    yield from _check_results(totals)


def _materializations(totals: StreamTotals, summary: LoadSummary, file_name: str, seconds: float):
    samples = totals.samples
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["dumps"],
        metadata={
            "dagster/row_count": 1,
            "file_name": file_name,
            "dump_id": summary.dump_id,
            "size_bytes": totals.size_bytes,
            "encoding": totals.encoding,
            "parser_version": PARSER_VERSION,
            "parse_and_load_seconds": round(seconds, 3),
            "megabytes_per_second": round(totals.size_bytes / 1e6 / seconds, 2) if seconds else 0.0,
            "replaced_dump_id": summary.replaced_dump_id or "",
        },
    )
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["articles"],
        metadata={
            "dagster/row_count": totals.articles,
            "without_dateline": totals.without_dateline,
            "preview": dg.MetadataValue.md(
                markdown_table(samples["articles"].select("ordinal", "title", "dateline", "paragraph_count"))
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["paragraphs"],
        metadata={
            "dagster/row_count": totals.paragraphs,
            "preview": dg.MetadataValue.md(
                markdown_table(
                    samples["paragraphs"].select(
                        "ordinal", "paragraph_index", pl.col("text").str.slice(0, 80)
                    )
                )
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["credits"],
        metadata={
            "dagster/row_count": totals.credits,
            "preview": dg.MetadataValue.md(
                markdown_table(samples["credits"].select("ordinal", "role", "person_name", "location"))
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["story_sketches"],
        metadata={"dagster/row_count": totals.articles},
    )
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["version_pairs"],
        metadata={
            "dagster/row_count": summary.story_versions_found,
            "story_versions_found": summary.story_versions_found,
            "rule": "versions share at least 70% of the smaller story's word 5-grams (ingest/versions.py)",
        },
    )
    by_severity = Counter()
    for (severity, _), count in totals.issue_reasons.items():
        by_severity[severity] += count
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["parse_issues"],
        metadata={
            "dagster/row_count": totals.issues,
            "errors": by_severity["error"],
            "warnings": by_severity["warning"],
            "reasons": dg.MetadataValue.md(_reasons_table(totals)),
            "preview": dg.MetadataValue.md(
                markdown_table(samples["parse_issues"].select("severity", "byte_start", "byte_end", "reason"))
            ),
        },
    )


def _reasons_table(totals: StreamTotals, severity: str | None = None) -> str:
    rows = [
        {"severity": sev, "reason": reason, "issues": count}
        for (sev, reason), count in totals.issue_reasons.most_common()
        if severity is None or sev == severity
    ]
    return markdown_table(
        pl.DataFrame(rows, schema={"severity": pl.String, "reason": pl.String, "issues": pl.Int64})
    )


def _check_results(totals: StreamTotals):
    gaps = totals.coverage_gaps()
    yield dg.AssetCheckResult(
        check_name="every_byte_accounted_for",
        asset_key=RAW_KEYS["parse_issues"],
        passed=not gaps,
        metadata={"size_bytes": totals.size_bytes, "gaps_or_overlaps": str(gaps[:10])},
    )
    share = totals.error_bytes / totals.size_bytes if totals.size_bytes else 1.0
    yield dg.AssetCheckResult(
        check_name="error_byte_share",
        asset_key=RAW_KEYS["parse_issues"],
        passed=share <= MAX_ERROR_BYTE_SHARE,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "error_bytes": totals.error_bytes,
            "error_byte_share": round(share, 4),
            "reasons": dg.MetadataValue.md(_reasons_table(totals, "error")),
        },
    )
    empty = totals.samples["without_paragraphs"]
    yield dg.AssetCheckResult(
        check_name="stories_have_paragraphs",
        asset_key=RAW_KEYS["articles"],
        passed=empty.is_empty(),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "stories_without_paragraphs": totals.issue_reasons[
                ("warning", "headline without body paragraphs")
            ],
            "examples": dg.MetadataValue.md(markdown_table(empty.select("ordinal", "title", "first_line"))),
        },
    )
