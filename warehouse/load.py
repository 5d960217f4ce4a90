"""Load semantics for parsed dumps: replace one landed file's rows in one transaction.

A load either commits completely or leaves the previous state untouched (DuckDB rolls back an
open transaction when the process dies), so a killed run can simply be re-run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import polars as pl

from ingest import PARSER_VERSION
from ingest.parser import ParsedDump
from ingest.stream import StreamTotals
from ingest.versions import story_sketches
from warehouse.schema import ensure_raw_schema
from warehouse.stories import forget_orphaned_versions, link_versions, store_sketches

CONTENT_TABLES = ("articles", "paragraphs", "credits", "parse_issues")


@dataclass(frozen=True)
class LoadSummary:
    partition_key: str
    dump_id: str
    replaced_dump_id: str | None
    row_counts: dict[str, int]
    # The dump's articles that are versions of a story with another version (ingest/versions.py).
    story_versions_found: int = 0


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Append a polars frame through Arrow (zero-copy), matching columns by name."""
    if frame.is_empty():
        return
    con.register("incoming_frame", frame.to_arrow())
    try:
        con.execute(f"insert into raw.{table} by name select * from incoming_frame")
    finally:
        con.unregister("incoming_frame")


def _delete_content_if_orphaned(con: duckdb.DuckDBPyConnection, dump_id: str) -> None:
    """Drop a dump's parsed rows once no landed file refers to its bytes any more."""
    still_used = con.execute("select count(*) from raw.dumps where dump_id = ?", [dump_id]).fetchone()
    if still_used and still_used[0] == 0:
        for table in CONTENT_TABLES:
            con.execute(f"delete from raw.{table} where dump_id = ?", [dump_id])
        forget_orphaned_versions(con)


def load_parsed_dump(
    con: duckdb.DuckDBPyConnection,
    parsed: ParsedDump,
    *,
    partition_key: str,
    file_name: str,
    loaded_at: datetime | None = None,
) -> LoadSummary:
    """Make the warehouse hold exactly this parse for this landed file; safe to repeat."""
    totals = StreamTotals(size_bytes=parsed.size_bytes, encoding=parsed.encoding)
    return load_dump_chunks(
        con,
        _counted([parsed], totals),
        dump_id=parsed.dump_id,
        totals=totals,
        partition_key=partition_key,
        file_name=file_name,
        loaded_at=loaded_at,
    )


def _counted(chunks: Iterable[ParsedDump], totals: StreamTotals) -> Iterator[ParsedDump]:
    for chunk in chunks:
        totals.add(chunk)
        yield chunk


def load_dump_chunks(
    con: duckdb.DuckDBPyConnection,
    chunks: Iterable[ParsedDump],
    *,
    dump_id: str,
    totals: StreamTotals,
    partition_key: str,
    file_name: str,
    loaded_at: datetime | None = None,
    file_signature: str | None = None,
) -> LoadSummary:
    """Load a dump parsed chunk by chunk (see ingest.stream) in one transaction.

    `totals` is filled while the chunks are consumed; the registry row is written last, so a
    dump counts as loaded only once all its rows are in, and a failure leaves the old state.
    """
    ensure_raw_schema(con)
    now = (loaded_at or datetime.now(UTC)).replace(tzinfo=None)
    con.begin()
    try:
        previous = con.execute(
            "select dump_id, first_loaded_at from raw.dumps where partition_key = ?", [partition_key]
        ).fetchone()
        first_loaded_at = previous[1] if previous and previous[0] == dump_id else now
        con.execute("delete from raw.dumps where partition_key = ?", [partition_key])
        for table in CONTENT_TABLES:
            con.execute(f"delete from raw.{table} where dump_id = ?", [dump_id])
        for chunk in chunks:
            for table, frame in (
                ("articles", chunk.articles),
                ("paragraphs", chunk.paragraphs),
                ("credits", chunk.credits),
                ("parse_issues", chunk.parse_issues),
            ):
                _insert_frame(con, table, frame)
            store_sketches(con, story_sketches(chunk.articles, chunk.paragraphs))
        versions_found = link_versions(con, dump_id)
        con.execute(
            """
            insert into raw.dumps (partition_key, dump_id, file_name, size_bytes, encoding, article_count,
                                   error_bytes, parser_version, first_loaded_at, loaded_at, file_signature,
                                   story_versions_found)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                partition_key,
                dump_id,
                file_name,
                totals.size_bytes,
                totals.encoding,
                totals.articles,
                totals.error_bytes,
                PARSER_VERSION,
                first_loaded_at,
                now,
                file_signature,
                versions_found,
            ],
        )
        replaced = previous[0] if previous and previous[0] != dump_id else None
        if replaced:
            _delete_content_if_orphaned(con, replaced)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return LoadSummary(
        partition_key=partition_key,
        dump_id=dump_id,
        replaced_dump_id=replaced,
        row_counts={
            "articles": totals.articles,
            "paragraphs": totals.paragraphs,
            "credits": totals.credits,
            "parse_issues": totals.issues,
        },
        story_versions_found=versions_found,
    )


def forget_partition(con: duckdb.DuckDBPyConnection, partition_key: str) -> str | None:
    """Remove a landed file from the warehouse (and its rows, unless other files share the bytes)."""
    ensure_raw_schema(con)
    con.begin()
    try:
        row = con.execute("select dump_id from raw.dumps where partition_key = ?", [partition_key]).fetchone()
        con.execute("delete from raw.dumps where partition_key = ?", [partition_key])
        if row:
            _delete_content_if_orphaned(con, row[0])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return row[0] if row else None


def _has_registry(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'dumps'"
    ).fetchone()
    return bool(found and found[0])


def loaded_partitions(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """What is loaded now: one row per landed file (works on read-only connections)."""
    if not _has_registry(con):
        return pl.DataFrame()
    return con.sql(
        "select partition_key, dump_id, file_name, size_bytes, article_count, error_bytes, parser_version,"
        " loaded_at from raw.dumps order by partition_key"
    ).pl()


def loaded_contents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str | None]]:
    """partition key → (dump_id, parser_version, file signature) of every landed file loaded."""
    if not _has_registry(con):
        return {}
    columns = {row[0] for row in con.execute("describe raw.dumps").fetchall()}
    signature = "file_signature" if "file_signature" in columns else "null"
    query = f"select partition_key, dump_id, parser_version, {signature} from raw.dumps"
    rows = con.execute(query).fetchall()
    return {key: (dump_id, version, held) for key, dump_id, version, held in rows}
