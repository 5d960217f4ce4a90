"""NLP of one dump's articles (mentions, statements, events, publication dates) for texts
not analysed yet with this NLP version."""

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import dagster as dg
import polars as pl

from orchestration.defs.ingest import RAW_KEYS
from orchestration.defs.partitions import dump_partitions
from orchestration.defs.resources import WarehouseResource
from orchestration.metadata import markdown_table
from warehouse.nlp_store import PendingTexts, cached_text_count, pending_texts, store_nlp_output

if TYPE_CHECKING:
    from ingest.nlp.analyse import AnalysisInProgress, NlpResult, NlpWorkers

MENTIONS = dg.AssetKey(["raw", "mentions"])
NLP_ARTICLES = dg.AssetKey(["raw", "nlp_articles"])
STATEMENTS = dg.AssetKey(["raw", "statements"])
EVENTS = dg.AssetKey(["raw", "events"])
# Above this share of analysed articles without any named mention, the NLP is probably broken.
MAX_SHARE_WITHOUT_MENTIONS = 0.2


def _raw_nlp_spec(key: dg.AssetKey, description: str) -> dg.AssetSpec:
    """A per-dump raw table written by the NLP step from the dump's articles and paragraphs."""
    return dg.AssetSpec(
        key,
        description=description,
        partitions_def=dump_partitions,
        group_name="raw",
        deps=[RAW_KEYS["articles"], RAW_KEYS["paragraphs"]],
        kinds={"spacy", "duckdb"},
    )


@dg.multi_asset(
    specs=[
        _raw_nlp_spec(
            MENTIONS, "Named mentions (people, organisations, places, nationalities) with offsets."
        ),
        _raw_nlp_spec(
            STATEMENTS, "Attributed statements: direct quotes and reported speech with their speakers."
        ),
        _raw_nlp_spec(EVENTS, "CAMEO-coded events (actor1, action, actor2) with trigger words and dates."),
        dg.AssetSpec(
            NLP_ARTICLES,
            description="NLP cache: each article text analysed, by text hash and NLP version.",
            partitions_def=dump_partitions,
            group_name="raw",
            deps=[RAW_KEYS["articles"]],
            kinds={"duckdb"},
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "articles_with_mentions",
            asset=MENTIONS,
            description=f"At most {MAX_SHARE_WITHOUT_MENTIONS:.0%} of analysed articles name nothing.",
        )
    ],
)
def nlp_mentions(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Analyse the dump's article texts that the NLP cache does not hold for this version.

    Texts are analysed and stored in slices, each slice its own transaction: memory stays
    bounded on a large dump, and a run that is killed resumes where it stopped. Each slice is
    handed to the worker processes before the previous one is stored, so they are never idle
    while the main process writes.
    """
    # spaCy is imported here, not at module level: loading the definitions stays fast.
    from ingest.nlp.analyse import NlpWorkers, current_version

    version = current_version()
    with warehouse.read() as con:
        row = con.execute(
            "select dump_id from raw.dumps where partition_key = ?", [context.partition_key]
        ).fetchone()
    if row is None:
        raise dg.Failure(
            description=f"partition {context.partition_key!r} is not loaded: run raw_dump_tables"
        )
    dump_id = row[0]
    summary = _NlpSummary()
    started = last_stored = time.perf_counter()
    with NlpWorkers() as workers:
        with warehouse.read() as con:
            summary.cached = cached_text_count(con, dump_id, version)
            pending = pending_texts(con, dump_id, version, limit=SLICE_ARTICLES)
        running = _submit(pending, workers)
        while running is not None:
            # The next slice goes to the workers before this one is stored: they never wait for
            # the store, and a slice's last batches overlap the next slice's first.
            with warehouse.read() as con:
                following = pending_texts(
                    con,
                    dump_id,
                    version,
                    limit=SLICE_ARTICLES,
                    after_ordinal=pending.articles["ordinal"].max(),
                )
            queued = _submit(following, workers)
            result = running.result()
            with warehouse.write() as con:
                store_nlp_output(con, pending.articles, result, version)
            summary.add(pending.articles.height, result)
            now = time.perf_counter()
            context.log.info(
                f"NLP slice {summary.slices}: {pending.articles.height} texts, {result.words:,} words, "
                f"{now - last_stored:.1f}s since the previous slice was stored "
                f"({result.words / max(now - last_stored, 1e-9):,.0f} words/s)"
            )
            pending, running, last_stored = following, queued, now
    summary.seconds = time.perf_counter() - started
    yield from summary.results(version)


def _submit(pending: PendingTexts, workers: "NlpWorkers") -> "AnalysisInProgress | None":
    """The slice handed to the workers, or None when there is nothing left to analyse."""
    from ingest.nlp.analyse import AnalysisInProgress

    if pending.articles.is_empty():
        return None
    return AnalysisInProgress(pending.articles, pending.paragraphs, workers)


# Texts per analyse-and-store slice: large enough to keep both processes busy, small enough that
# a slice's rows stay in the low hundreds of megabytes.
SLICE_ARTICLES = 4000


@dataclass
class _NlpSummary:
    """Figures and samples over all slices, for the materialization metadata and the check."""

    slices: int = 0
    analysed: int = 0
    cached: int = 0
    words: int = 0
    sentences: int = 0
    seconds: float = 0.0  # wall time of the whole NLP step (slices overlap)
    mentions: int = 0
    texts_with_mentions: int = 0
    statements: int = 0
    direct: int = 0
    unknown_speaker: int = 0
    events: int = 0
    dated: int = 0
    entities: set[str] = field(default_factory=set)
    entity_counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    event_roots: Counter[str] = field(default_factory=Counter)
    samples: dict[str, pl.DataFrame] = field(default_factory=dict)

    def add(self, analysed: int, result: "NlpResult") -> None:
        self.slices += 1
        self.analysed += analysed
        self.words += result.words
        self.sentences += result.sentences
        mentions, statements, events = result.mentions, result.statements, result.events
        self.mentions += mentions.height
        self.texts_with_mentions += mentions["text_hash"].n_unique()
        self.statements += statements.height
        self.direct += statements.filter(pl.col("is_direct")).height
        self.unknown_speaker += statements.filter(pl.col("speaker_type") == "UNKNOWN").height
        self.events += events.height
        self.dated += result.publication_dates.filter(pl.col("published_date").is_not_null()).height
        self.entities.update(mentions["entity_key"].drop_nulls().to_list())
        self.entity_counts.update(mentions.select("entity_name", "entity_type").rows())
        self.event_roots.update(events["event_code"].str.slice(0, 2).to_list())
        self.samples.setdefault(
            "statements",
            statements.select(
                "speaker_name", "cue", "is_direct", pl.col("statement_text").str.slice(0, 70)
            ).head(20),
        )
        self.samples.setdefault(
            "events",
            events.select("actor1_code", "event_code", "actor2_code", "trigger_text", "date_text").head(20),
        )

    def results(self, version: str):
        per_second = self.words / self.seconds if self.seconds else 0.0
        yield dg.MaterializeResult(
            asset_key=MENTIONS,
            metadata={
                "dagster/row_count": self.mentions,
                "texts_analysed": self.analysed,
                "texts_from_cache": self.cached,
                "distinct_entities": len(self.entities),
                "words": self.words,
                "sentences": self.sentences,
                "nlp_seconds": round(self.seconds, 2),
                "words_per_second": round(per_second),
                "sentences_per_second": round(self.sentences / self.seconds, 1) if self.seconds else 0.0,
                "nlp_version": version,
                "preview": dg.MetadataValue.md(
                    markdown_table(
                        _counted(self.entity_counts.most_common(15), ["entity_name", "entity_type"])
                    )
                ),
            },
        )
        yield dg.MaterializeResult(
            asset_key=STATEMENTS,
            metadata={
                "dagster/row_count": self.statements,
                "direct": self.direct,
                "unknown_speaker": self.unknown_speaker,
                "preview": dg.MetadataValue.md(
                    markdown_table(self.samples.get("statements", pl.DataFrame()))
                ),
            },
        )
        yield dg.MaterializeResult(
            asset_key=EVENTS,
            metadata={
                "dagster/row_count": self.events,
                "by_root": dg.MetadataValue.md(
                    markdown_table(_counted(self.event_roots.most_common(20), ["root"]), limit=20)
                ),
                "preview": dg.MetadataValue.md(markdown_table(self.samples.get("events", pl.DataFrame()))),
            },
        )
        yield dg.MaterializeResult(
            asset_key=NLP_ARTICLES,
            metadata={
                "dagster/row_count": self.analysed,
                "texts_from_cache": self.cached,
                "nlp_version": version,
                "publication_dates_inferred": self.dated,
            },
        )
        without = self.analysed - self.texts_with_mentions
        share = without / self.analysed if self.analysed else 0.0
        yield dg.AssetCheckResult(
            check_name="articles_with_mentions",
            asset_key=MENTIONS,
            passed=share <= MAX_SHARE_WITHOUT_MENTIONS,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "analysed": self.analysed,
                "without_mentions": without,
                "share_without": round(share, 4),
            },
        )


def _counted(pairs: list[tuple], columns: list[str]) -> pl.DataFrame:
    rows = [(*(key if isinstance(key, tuple) else (key,)), count) for key, count in pairs]
    return pl.DataFrame(rows, schema=[*columns, "len"], orient="row")
