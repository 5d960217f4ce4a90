"""Story versions in the warehouse: store each article's sketch, link a dump's articles to the
versions of their stories already loaded, and measure every pair within the stories it touches.

Runs inside the load's transaction, so a dump and its links commit together.
"""

from __future__ import annotations

import itertools

import duckdb
import polars as pl

from ingest.versions import PAIR_SCHEMA, SKETCH_SCHEMA, measure_pairs, version_pairs


def store_sketches(con: duckdb.DuckDBPyConnection, sketches: pl.DataFrame) -> None:
    """Add the sketches of articles not sketched yet (an article's sketch follows from its text)."""
    unsketched = "where article_id not in (select article_id from raw.story_sketches)"
    _append(con, "story_sketches", sketches, unsketched)


def _append(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, condition: str = "") -> None:
    """Insert a polars frame through Arrow, matching columns by name."""
    if frame.is_empty():
        return
    con.register("incoming_rows", frame.to_arrow())
    try:
        con.execute(f"insert into raw.{table} by name select * from incoming_rows {condition}")
    finally:
        con.unregister("incoming_rows")


def link_versions(con: duckdb.DuckDBPyConnection, dump_id: str) -> int:
    """Find the versions among a dump's articles and every article loaded; return how many of
    the dump's articles belong to a story with another version."""
    sketches = _sketches(con)
    in_dump = con.execute("select distinct article_id from raw.articles where dump_id = ?", [dump_id]).pl()
    new = sketches.join(in_dump, on="article_id", how="semi")
    known = sketches.join(in_dump, on="article_id", how="anti")
    _link(con, new, known, dump_id)
    return _versioned_count(con, dump_id)


def _link(con: duckdb.DuckDBPyConnection, new: pl.DataFrame, known: pl.DataFrame, dump_id: str) -> None:
    """Store the links between `new` and all articles, and the pairs inside the stories they touch."""
    linked = version_pairs(new, known).with_columns(is_linked=pl.lit(True))
    stored = (
        con.sql("select * exclude (found_in_dump_id) from raw.version_pairs")
        .pl()
        .cast({**PAIR_SCHEMA, "is_linked": pl.Boolean})
    )
    fresh = linked.join(stored, on=["article_id", "other_article_id"], how="anti")
    within = _unmeasured_pairs(pl.concat([stored, fresh]), fresh, pl.concat([new, known]))
    _insert_pairs(con, pl.concat([fresh, within]), dump_id)


def _sketches(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    frame = con.sql("select * from raw.story_sketches").pl()
    return frame.select(list(SKETCH_SCHEMA)).cast(SKETCH_SCHEMA)


def _unmeasured_pairs(pairs: pl.DataFrame, fresh: pl.DataFrame, sketches: pl.DataFrame) -> pl.DataFrame:
    """The pairs not measured yet inside the stories that the fresh links created or joined."""
    stories = connected_stories(pairs.filter("is_linked"))
    touched = {stories[a] for a in itertools.chain(fresh["article_id"], fresh["other_article_id"])}
    members: dict[str, list[str]] = {}
    for article, story in stories.items():
        if story in touched:
            members.setdefault(story, []).append(article)
    wanted = pl.DataFrame(
        [pair for group in members.values() for pair in itertools.combinations(sorted(group), 2)],
        schema={"article_id": pl.String, "other_article_id": pl.String},
        orient="row",
    ).join(pairs, on=["article_id", "other_article_id"], how="anti")
    if wanted.is_empty():
        return pl.DataFrame(schema={**PAIR_SCHEMA, "is_linked": pl.Boolean})
    rows = sketches.unique("article_id").with_row_index("row")
    wanted = wanted.join(rows.select("article_id", "row"), on="article_id").join(
        rows.select(pl.col("article_id").alias("other_article_id"), pl.col("row").alias("other_row")),
        on="other_article_id",
    )
    measured = measure_pairs(rows, wanted["row"].to_numpy(), wanted["other_row"].to_numpy())
    return measured.with_columns(is_linked=pl.lit(False))


def connected_stories(links: pl.DataFrame) -> dict[str, str]:
    """article → a representative of its story: connected components of the links (union-find)."""
    parent: dict[str, str] = {}

    def root(article: str) -> str:
        while parent.setdefault(article, article) != article:
            parent[article] = parent[parent[article]]
            article = parent[article]
        return article

    for article, other in links.select("article_id", "other_article_id").iter_rows():
        first, second = root(article), root(other)
        if first != second:
            parent[max(first, second)] = min(first, second)
    return {article: root(article) for article in list(parent)}


def _insert_pairs(con: duckdb.DuckDBPyConnection, pairs: pl.DataFrame, dump_id: str) -> None:
    _append(con, "version_pairs", pairs.with_columns(found_in_dump_id=pl.lit(dump_id)))


def _versioned_count(con: duckdb.DuckDBPyConnection, dump_id: str) -> int:
    found = con.execute(
        """
        select count(distinct articles.article_id)
        from raw.articles as articles
        join raw.version_pairs as pairs
            on pairs.is_linked and articles.article_id in (pairs.article_id, pairs.other_article_id)
        where articles.dump_id = ?
        """,
        [dump_id],
    ).fetchone()
    return int(found[0]) if found else 0


def forget_orphaned_versions(con: duckdb.DuckDBPyConnection) -> None:
    """Drop sketches and pairs of articles no dump holds any more."""
    con.execute(
        "delete from raw.story_sketches where article_id not in (select article_id from raw.articles)"
    )
    con.execute(
        "delete from raw.version_pairs where article_id not in (select article_id from raw.articles)"
        " or other_article_id not in (select article_id from raw.articles)"
    )
