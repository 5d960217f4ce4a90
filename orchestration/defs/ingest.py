"""Raw tables of one dump: parse the landed file with `ingest`, load it with `warehouse`."""

import time

import dagster as dg
import polars as pl

from ingest import PARSER_VERSION
from ingest.landing import find_landed, read_dump_bytes
from ingest.parser import ParsedDump, parse_dump
from orchestration.defs.partitions import dump_partitions
from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.metadata import markdown_table
from warehouse.load import LoadSummary, load_parsed_dump

RAW_TABLES = {
    "dumps": "Landed dump files and the sha256 of the bytes each holds.",
    "articles": "Stories found in each dump: headline, dateline, byline, captions, byte span.",
    "paragraphs": "Body paragraphs of each story with character spans in the dump text.",
    "credits": "People named in bylines and closing credit lines, with role and location.",
    "parse_issues": "Bytes outside every story (errors) and oddities inside stories (warnings).",
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
    data = read_dump_bytes(landed.path)
    parsed = parse_dump(data)
    parse_seconds = time.perf_counter() - started
    with warehouse.write() as con:
        summary: LoadSummary = load_parsed_dump(
            con, parsed, partition_key=partition_key, file_name=landed.name
        )
    context.log.info(
        f"{landed.name}: {parsed.articles.height} stories, {parsed.paragraphs.height} paragraphs, "
        f"{parsed.parse_issues.height} parse issues in {parse_seconds:.2f}s"
    )
    yield from _materializations(parsed, summary, landed.name, parse_seconds)
    yield from _check_results(parsed)


def _materializations(parsed: ParsedDump, summary: LoadSummary, file_name: str, parse_seconds: float):
    issues = parsed.parse_issues
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["dumps"],
        metadata={
            "dagster/row_count": 1,
            "file_name": file_name,
            "dump_id": parsed.dump_id,
            "size_bytes": parsed.size_bytes,
            "encoding": parsed.encoding,
            "parser_version": PARSER_VERSION,
            "parse_seconds": round(parse_seconds, 3),
            "replaced_dump_id": summary.replaced_dump_id or "",
        },
    )
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["articles"],
        metadata={
            "dagster/row_count": parsed.articles.height,
            "without_dateline": parsed.articles.filter(pl.col("dateline").is_null()).height,
            "preview": dg.MetadataValue.md(
                markdown_table(parsed.articles.select("ordinal", "title", "dateline", "paragraph_count"))
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["paragraphs"],
        metadata={
            "dagster/row_count": parsed.paragraphs.height,
            "preview": dg.MetadataValue.md(
                markdown_table(
                    parsed.paragraphs.select("ordinal", "paragraph_index", pl.col("text").str.slice(0, 80))
                )
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["credits"],
        metadata={
            "dagster/row_count": parsed.credits.height,
            "preview": dg.MetadataValue.md(
                markdown_table(parsed.credits.select("ordinal", "role", "person_name", "location"))
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key=RAW_KEYS["parse_issues"],
        metadata={
            "dagster/row_count": issues.height,
            "errors": issues.filter(pl.col("severity") == "error").height,
            "warnings": issues.filter(pl.col("severity") == "warning").height,
            "preview": dg.MetadataValue.md(
                markdown_table(issues.select("severity", "byte_start", "byte_end", "reason"))
            ),
        },
    )


def _check_results(parsed: ParsedDump):
    gaps = parsed.coverage_gaps()
    yield dg.AssetCheckResult(
        check_name="every_byte_accounted_for",
        asset_key=RAW_KEYS["parse_issues"],
        passed=not gaps,
        metadata={"size_bytes": parsed.size_bytes, "gaps_or_overlaps": str(gaps[:10])},
    )
    issues = parsed.parse_issues.filter(pl.col("severity") == "error")
    error_bytes = int((issues["byte_end"] - issues["byte_start"]).sum() or 0)
    share = error_bytes / parsed.size_bytes if parsed.size_bytes else 1.0
    yield dg.AssetCheckResult(
        check_name="error_byte_share",
        asset_key=RAW_KEYS["parse_issues"],
        passed=share <= MAX_ERROR_BYTE_SHARE,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "error_bytes": error_bytes,
            "error_byte_share": round(share, 4),
            "reasons": dg.MetadataValue.md(
                markdown_table(issues.group_by("reason").len().sort("len", descending=True))
            ),
        },
    )
    empty = parsed.articles.filter(pl.col("paragraph_count") == 0)
    yield dg.AssetCheckResult(
        check_name="stories_have_paragraphs",
        asset_key=RAW_KEYS["articles"],
        passed=empty.is_empty(),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "stories_without_paragraphs": empty.height,
            "examples": dg.MetadataValue.md(markdown_table(empty.select("ordinal", "title", "first_line"))),
        },
    )
