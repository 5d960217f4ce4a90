"""NLP output in the warehouse: a cache keyed by each article's exact text and the NLP version.

`raw.nlp_articles` records every text analysed (also those without any mention), so unchanged
articles are never analysed again; a new model, rule or reference-data version re-analyses them.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from warehouse.schema import ensure_raw_schema

if TYPE_CHECKING:
    from ingest.nlp.analyse import NlpResult


@dataclass(frozen=True)
class PendingTexts:
    articles: pl.DataFrame  # text_hash, article_id, ordinal, title, captions, dateline
    paragraphs: pl.DataFrame  # text_hash, paragraph_index, text, dateline_chars


def pending_texts(
    con: duckdb.DuckDBPyConnection,
    dump_id: str,
    nlp_version: str,
    limit: int | None = None,
    after_ordinal: int | None = None,
) -> PendingTexts:
    """Texts of one dump that have no NLP output for this version yet (the first `limit` of
    them in dump order, after `after_ordinal` if given), with their paragraphs.

    A text is listed once, at the first story that carries it, so slices taken one after the
    other with `after_ordinal` never share a text even before the earlier slice is stored.
    """
    articles = con.execute(
        """
        with texts as (
            select distinct on (text_hash) text_hash, article_id, ordinal, title, captions, dateline
            from raw.articles where dump_id = ?
            order by text_hash, ordinal
        )
        select texts.* from texts
        anti join raw.nlp_articles done
            on done.text_hash = texts.text_hash and done.nlp_version = ?
        where ? is null or texts.ordinal > ?
        order by ordinal
        limit ?
        """,
        [dump_id, nlp_version, after_ordinal, after_ordinal, limit],
    ).pl()
    con.register("pending_articles", articles.select("ordinal", "text_hash").to_arrow())
    try:
        paragraphs = con.execute(
            """
            select pending.text_hash, p.paragraph_index, p.text, p.dateline_chars
            from raw.paragraphs p
            join pending_articles pending on p.ordinal = pending.ordinal
            where p.dump_id = ?
            order by p.ordinal, p.paragraph_index
            """,
            [dump_id],
        ).pl()
    finally:
        con.unregister("pending_articles")
    return PendingTexts(articles=articles, paragraphs=paragraphs)


def cached_text_count(con: duckdb.DuckDBPyConnection, dump_id: str, nlp_version: str) -> int:
    """Texts of one dump that already have NLP output for this version."""
    return con.execute(
        """
        select count(distinct a.text_hash) from raw.articles a
        semi join raw.nlp_articles done on done.text_hash = a.text_hash and done.nlp_version = ?
        where a.dump_id = ?
        """,
        [nlp_version, dump_id],
    ).fetchone()[0]


def store_nlp_output(
    con: duckdb.DuckDBPyConnection, texts: pl.DataFrame, result: NlpResult, nlp_version: str
) -> None:
    """Replace the NLP rows of these texts in one transaction (idempotent)."""
    ensure_raw_schema(con)
    now = datetime.now(UTC).replace(tzinfo=None)
    keyed = texts.select("text_hash", "article_id")
    tables = {
        name: frame.join(keyed, on="text_hash", how="left")
        for name, frame in (
            ("mentions", result.mentions),
            ("statements", result.statements),
            ("events", result.events),
        )
    }
    mention_rows = tables["mentions"]
    counts = mention_rows.group_by("text_hash").len()
    done = (
        keyed.join(counts, on="text_hash", how="left")
        .with_columns(
            nlp_version=pl.lit(nlp_version),
            mention_count=pl.col("len").fill_null(0).cast(pl.Int32),
            words=pl.col("text_hash").replace_strict(result.words_by_text, default=0, return_dtype=pl.Int32),
            processed_at=pl.lit(now),
        )
        .drop("len")
        .join(result.publication_dates, on="text_hash", how="left")
    )
    con.begin()
    try:
        con.register("done_texts", done.to_arrow())
        for table in tables:
            con.execute(f"delete from raw.{table} where text_hash in (select text_hash from done_texts)")
        con.execute("delete from raw.nlp_articles where text_hash in (select text_hash from done_texts)")
        con.execute("insert into raw.nlp_articles by name select * from done_texts")
        for table, rows in tables.items():
            if not rows.is_empty():
                con.register(f"new_{table}", rows.to_arrow())
                con.execute(f"insert into raw.{table} by name select * from new_{table}")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        for view in ("done_texts", *(f"new_{table}" for table in tables)):
            with contextlib.suppress(duckdb.Error):
                con.unregister(view)
