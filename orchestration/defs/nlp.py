"""NLP of one dump's articles (mentions, statements, events, publication dates) for texts
not analysed yet with this NLP version."""

import dagster as dg
import polars as pl

from ingest.nlp.analyse import analyse_articles, current_version
from orchestration.defs.ingest import RAW_KEYS
from orchestration.defs.partitions import dump_partitions
from orchestration.defs.resources import WarehouseResource
from orchestration.metadata import markdown_table
from warehouse.nlp_store import pending_texts, store_nlp_output

MENTIONS = dg.AssetKey(["raw", "mentions"])
NLP_ARTICLES = dg.AssetKey(["raw", "nlp_articles"])
STATEMENTS = dg.AssetKey(["raw", "statements"])
EVENTS = dg.AssetKey(["raw", "events"])
# Above this share of analysed articles without any named mention, the NLP is probably broken.
MAX_SHARE_WITHOUT_MENTIONS = 0.2


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            MENTIONS,
            description="Named mentions (people, organisations, places, nationalities) with offsets.",
            partitions_def=dump_partitions,
            group_name="raw",
            deps=[RAW_KEYS["articles"], RAW_KEYS["paragraphs"]],
            kinds={"spacy", "duckdb"},
        ),
        dg.AssetSpec(
            STATEMENTS,
            description="Attributed statements: direct quotes and reported speech with their speakers.",
            partitions_def=dump_partitions,
            group_name="raw",
            deps=[RAW_KEYS["articles"], RAW_KEYS["paragraphs"]],
            kinds={"spacy", "duckdb"},
        ),
        dg.AssetSpec(
            EVENTS,
            description="CAMEO-coded events (actor1, action, actor2) with trigger words and dates.",
            partitions_def=dump_partitions,
            group_name="raw",
            deps=[RAW_KEYS["articles"], RAW_KEYS["paragraphs"]],
            kinds={"spacy", "duckdb"},
        ),
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
    """Analyse the dump's article texts that the NLP cache does not hold for this version."""
    version = current_version()
    with warehouse.write() as con:
        row = con.execute(
            "select dump_id from raw.dumps where partition_key = ?", [context.partition_key]
        ).fetchone()
        if row is None:
            raise dg.Failure(
                description=f"partition {context.partition_key!r} is not loaded: run raw_dump_tables"
            )
        pending = pending_texts(con, row[0], version)
    result = analyse_articles(pending.articles, pending.paragraphs)
    with warehouse.write() as con:
        store_nlp_output(con, pending.articles, result, version)

    analysed = pending.articles.height
    without = analysed - result.mentions["text_hash"].n_unique() if analysed else 0
    words_per_second = result.words / result.seconds if result.seconds and result.words else 0.0
    context.log.info(
        f"NLP: {analysed} texts analysed, {pending.cached} from cache, {result.mentions.height} mentions, "
        f"{words_per_second:,.0f} words/s"
    )
    yield dg.MaterializeResult(
        asset_key=MENTIONS,
        metadata={
            "dagster/row_count": result.mentions.height,
            "texts_analysed": analysed,
            "texts_from_cache": pending.cached,
            "distinct_entities": result.mentions["entity_key"].n_unique(),
            "words": result.words,
            "words_per_second": round(words_per_second),
            "nlp_version": version,
            "preview": dg.MetadataValue.md(
                markdown_table(
                    result.mentions.group_by("entity_name", "entity_type")
                    .len()
                    .sort("len", descending=True)
                    .head(15)
                )
            ),
        },
    )
    statements = result.statements
    yield dg.MaterializeResult(
        asset_key=STATEMENTS,
        metadata={
            "dagster/row_count": statements.height,
            "direct": statements.filter(pl.col("is_direct")).height,
            "unknown_speaker": statements.filter(pl.col("speaker_type") == "UNKNOWN").height,
            "preview": dg.MetadataValue.md(
                markdown_table(
                    statements.select(
                        "speaker_name", "cue", "is_direct", pl.col("statement_text").str.slice(0, 70)
                    )
                )
            ),
        },
    )
    events = result.events
    yield dg.MaterializeResult(
        asset_key=EVENTS,
        metadata={
            "dagster/row_count": events.height,
            "by_root": dg.MetadataValue.md(
                markdown_table(
                    events.group_by(root=pl.col("event_code").str.slice(0, 2))
                    .len()
                    .sort("len", descending=True),
                    limit=20,
                )
            ),
            "preview": dg.MetadataValue.md(
                markdown_table(
                    events.select("actor1_code", "event_code", "actor2_code", "trigger_text", "date_text")
                )
            ),
        },
    )
    dated = result.publication_dates.filter(pl.col("published_date").is_not_null()).height
    yield dg.MaterializeResult(
        asset_key=NLP_ARTICLES,
        metadata={
            "dagster/row_count": analysed,
            "texts_from_cache": pending.cached,
            "nlp_version": version,
            "publication_dates_inferred": dated,
        },
    )
    share = without / analysed if analysed else 0.0
    yield dg.AssetCheckResult(
        check_name="articles_with_mentions",
        asset_key=MENTIONS,
        passed=share <= MAX_SHARE_WITHOUT_MENTIONS,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"analysed": analysed, "without_mentions": without, "share_without": round(share, 4)},
    )
