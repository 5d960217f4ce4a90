"""Versions of one story: a sketch of each story's words, and the comparison of two sketches.

A wire service refiles a story with a new headline, as an "UPDATE" with paragraphs added, with a
correction note, cut off at the end of a dump or with a few damaged bytes. Its exact content hash
differs each time; its word sequence mostly does not. Each story's body becomes a set of
overlapping word 5-grams (shingles); its sketch keeps the SKETCH_SIZE smallest shingle hashes
(a bottom-k sketch). Two sketches estimate how much of the smaller story the larger one contains,
which is what a version shares with the story: a cut-off copy is wholly contained in the full
story although their Jaccard similarity can be low, and two stories that share one background
paragraph or a lead template are mostly not contained in each other.

Hashes are blake2b of the words (stable across machines and library versions, unlike polars'
own hash), combined per shingle with fixed odd multipliers in wrapping 64-bit arithmetic.
"""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl

SHINGLE_WORDS = 5
SKETCH_SIZE = 128
# A story with fewer shingles than this is too short to tell a version from a shared phrase.
MIN_SHINGLES = 12
# A shingle hash found in more sketches than this is boilerplate ("said in a statement on
# Monday"): it proposes no pairs, so common phrases never make a quadratic self-join.
MAX_POSTING = 48
# Candidate pairs share at least this many sketch values before they are measured.
MIN_SHARED = 3
# The share of the smaller story's shingles found in the larger one for the two to be versions
# of one story. Chosen by measurement on bench_large (see README, "Story versions").
MIN_CONTAINMENT = 0.7

_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)
_DAMAGE = r"[\x{FFFD}\x00-\x08\x0B\x0C\x0E-\x1F\x7F]"
# The body ends inside a sentence: the story was cut off.
_CLEAN_END = r"[.!?:;)\]\"'\u201d\u2019]\s*$"

SKETCH_SCHEMA = {
    "article_id": pl.String,
    "word_count": pl.Int32,
    "shingle_count": pl.Int32,
    "damage_marks": pl.Int32,
    "ends_cleanly": pl.Boolean,
    "sketch": pl.List(pl.UInt64),
}

PAIR_SCHEMA = {
    "article_id": pl.String,
    "other_article_id": pl.String,
    "shared_values": pl.Int32,
    "containment": pl.Float64,  # share of article_id's shingles found in other_article_id
    "other_containment": pl.Float64,  # share of other_article_id's shingles found in article_id
    "jaccard": pl.Float64,
}


def story_sketches(articles: pl.DataFrame, paragraphs: pl.DataFrame) -> pl.DataFrame:
    """One row per distinct article: its word and shingle counts, damage marks and sketch.

    `articles` needs article_id and title; `paragraphs` article_id, paragraph_index, text and
    dateline_chars (the dateline is left out: two layouts of one story print it differently).
    """
    body = (
        paragraphs.unique(["article_id", "paragraph_index"], keep="first")
        .sort("article_id", "paragraph_index")
        .with_columns(pl.col("text").str.slice(pl.col("dateline_chars")).alias("body"))
    )
    words = _words(body)
    sketches = _bottom_k(_shingles(words))
    return (
        _story_traits(articles, body)
        .join(
            words.group_by("article_id").agg(pl.len().cast(pl.Int32).alias("word_count")),
            on="article_id",
            how="left",
        )
        .join(sketches, on="article_id", how="left")
        .with_columns(
            pl.col("word_count").fill_null(0),
            pl.col("shingle_count").fill_null(0),
            pl.col("sketch").fill_null(pl.lit([], dtype=pl.List(pl.UInt64))),
        )
        .select(list(SKETCH_SCHEMA))
        .cast(SKETCH_SCHEMA)
    )


def _word_counts(words: pl.DataFrame) -> pl.DataFrame:
    return words.group_by("article_id").agg(pl.len().cast(pl.Int32).alias("word_count"))


def _story_traits(articles: pl.DataFrame, body: pl.DataFrame) -> pl.DataFrame:
    """Damage marks (replacement and control characters) and whether the body ends cleanly."""
    per_article = body.group_by("article_id", maintain_order=True).agg(
        pl.col("text").str.count_matches(_DAMAGE).sum().alias("body_damage"),
        pl.col("text").last().str.contains(_CLEAN_END).alias("ends_cleanly"),
    )
    titles = articles.unique("article_id", keep="first").select(
        "article_id", pl.col("title").fill_null("").str.count_matches(_DAMAGE).alias("title_damage")
    )
    return titles.join(per_article, on="article_id", how="left").select(
        "article_id",
        (pl.col("title_damage") + pl.col("body_damage").fill_null(0)).alias("damage_marks"),
        pl.col("ends_cleanly").fill_null(False),
    )


def _words(body: pl.DataFrame) -> pl.DataFrame:
    """article_id, word hash: the body's words in order, lower-cased, hashed by blake2b."""
    words = (
        body.select("article_id", pl.col("body").str.to_lowercase().str.extract_all(r"\w+").alias("word"))
        .explode("word")
        .drop_nulls("word")
    )
    vocabulary = words.select(pl.col("word").unique())
    hashed = vocabulary.with_columns(
        pl.Series(
            "word_hash",
            [
                int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
                for w in vocabulary["word"]
            ],
            dtype=pl.UInt64,
        )
    )
    return words.join(hashed, on="word", how="left", maintain_order="left").select("article_id", "word_hash")


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def _shingles(words: pl.DataFrame) -> pl.DataFrame:
    """article_id, shingle: a hash of each run of SHINGLE_WORDS words within one story."""
    hashes = words["word_hash"].to_numpy()
    stories = words["article_id"]
    count = len(hashes) - SHINGLE_WORDS + 1
    if count <= 0:
        return pl.DataFrame(schema={"article_id": pl.String, "shingle": pl.UInt64})
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset, multiplier in enumerate(_MULTIPLIERS):
            combined += hashes[offset : offset + count] * multiplier
        combined = _mix(combined)
    starts = stories[:count]
    within_one_story = starts == stories[SHINGLE_WORDS - 1 :]
    return pl.DataFrame({"article_id": starts, "shingle": combined}).filter(within_one_story)


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the combined hash over all 64 bits."""
    values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def _bottom_k(shingles: pl.DataFrame) -> pl.DataFrame:
    return (
        shingles.unique()
        .group_by("article_id")
        .agg(
            pl.len().cast(pl.Int32).alias("shingle_count"),
            pl.col("shingle").bottom_k(SKETCH_SIZE).sort().alias("sketch"),
        )
    )


def version_pairs(new: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """Pairs of stories, at least one of them in `new`, that are versions of one story.

    `new` and `known` follow SKETCH_SCHEMA (articles of `new` in `known` are ignored there).
    Each pair appears once, the smaller article_id first, with its measures (PAIR_SCHEMA).
    """
    sketches = pl.concat([new.with_columns(is_new=pl.lit(True)), known.with_columns(is_new=pl.lit(False))])
    sketches = sketches.unique("article_id", keep="first", maintain_order=True).filter(
        pl.col("shingle_count") >= MIN_SHINGLES
    )
    rows = candidate_pairs(sketches)
    measured = measure_pairs(sketches, rows["row"].to_numpy(), rows["other_row"].to_numpy())
    return measured.filter(pl.max_horizontal("containment", "other_containment") >= MIN_CONTAINMENT)


def candidate_pairs(sketches: pl.DataFrame) -> pl.DataFrame:
    """row, other_row (positions in `sketches`, at least one of them new) worth measuring.

    Two stories are candidates when they share enough sketch values that are not boilerplate:
    at least MIN_SHARED, and at least a third of what a version would share (the smaller
    story's shingles that fall below the larger story's sketch threshold).
    """
    postings = (
        sketches.with_row_index("row")
        .select("row", "is_new", pl.col("sketch").alias("value"))
        .explode("value")
        .drop_nulls("value")
    )
    # Only values in a new sketch can pair a new story: count just those (a small dump against a
    # large warehouse then touches a few thousand postings, not all of them).
    postings = postings.join(postings.filter("is_new").select("value"), on="value", how="semi")
    rare = postings.group_by("value").len().filter(pl.col("len") <= MAX_POSTING).select("value")
    postings = postings.join(rare, on="value", how="semi")
    pairs = (
        postings.filter("is_new")
        .join(postings, on="value", suffix="_other")
        .filter(pl.col("row") != pl.col("row_other"))
        .select(
            pl.min_horizontal("row", "row_other").alias("row"),
            pl.max_horizontal("row", "row_other").alias("other_row"),
            "value",
        )
        .unique()
        .group_by("row", "other_row")
        .len("shared")
    )
    lengths = sketches["shingle_count"].to_numpy()
    smaller = np.minimum(lengths[pairs["row"].to_numpy()], lengths[pairs["other_row"].to_numpy()])
    larger = np.maximum(lengths[pairs["row"].to_numpy()], lengths[pairs["other_row"].to_numpy()])
    expected = (
        SKETCH_SIZE * np.minimum(1.0, smaller / np.maximum(larger, 1)) * np.minimum(1.0, larger / SKETCH_SIZE)
    )
    keep = pairs["shared"].to_numpy() >= np.maximum(MIN_SHARED, expected / 3)
    return pairs.filter(pl.Series(keep)).select("row", "other_row")


_NO_VALUE = np.iinfo(np.uint64).max  # pads short sketches; no real hash is expected to equal it
_PAIR_BATCH = 16_384


def measure_pairs(sketches: pl.DataFrame, rows: np.ndarray, other_rows: np.ndarray) -> pl.DataFrame:
    """Containment both ways and Jaccard similarity of each pair, estimated from the sketches.

    A sketch holds every shingle of its story up to its largest value (its threshold; all of them
    when the story has no more than SKETCH_SIZE). So another story's values below that threshold
    are a fair sample of it, and the share of them found in the sketch estimates containment.
    """
    padded = _padded(sketches)
    counts = sketches["shingle_count"].to_numpy()
    thresholds = np.where(
        counts > SKETCH_SIZE, padded.max(axis=1, initial=0, where=padded != _NO_VALUE), _NO_VALUE
    )
    batches = [
        _measure_batch(padded, thresholds, rows[at : at + _PAIR_BATCH], other_rows[at : at + _PAIR_BATCH])
        for at in range(0, len(rows), _PAIR_BATCH)
    ]
    shared, own, other, jaccard = (
        (np.concatenate(parts) for parts in zip(*batches, strict=True)) if batches else (np.zeros(0),) * 4
    )
    ids = sketches["article_id"]
    return (
        pl.DataFrame(
            {
                "article_id": ids.gather(rows),
                "other_article_id": ids.gather(other_rows),
                "shared_values": shared,
                "containment": own,
                "other_containment": other,
                "jaccard": jaccard,
            }
        )
        .cast(PAIR_SCHEMA)
        .select(
            pl.min_horizontal("article_id", "other_article_id").alias("article_id"),
            pl.max_horizontal("article_id", "other_article_id").alias("other_article_id"),
            "shared_values",
            pl.when(pl.col("article_id") < pl.col("other_article_id"))
            .then("containment")
            .otherwise("other_containment")
            .alias("containment"),
            pl.when(pl.col("article_id") < pl.col("other_article_id"))
            .then("other_containment")
            .otherwise("containment")
            .alias("other_containment"),
            "jaccard",
        )
    )


def _padded(sketches: pl.DataFrame) -> np.ndarray:
    """The sketches as one (stories × SKETCH_SIZE) array, short ones padded with _NO_VALUE."""
    padded = np.full((len(sketches), SKETCH_SIZE), _NO_VALUE, dtype=np.uint64)
    lengths = sketches["sketch"].list.len().to_numpy().astype(np.int64)
    flat = sketches["sketch"].explode().drop_nulls().to_numpy()
    story = np.repeat(np.arange(len(sketches)), lengths)
    position = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    padded[story, position] = flat
    return padded


def _measure_batch(
    padded: np.ndarray, thresholds: np.ndarray, rows: np.ndarray, other_rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    own, other = padded[rows], padded[other_rows]
    own_threshold, other_threshold = thresholds[rows][:, None], thresholds[other_rows][:, None]
    merged = np.sort(np.concatenate([own, other], axis=1), axis=1)
    real = merged[:, 1:] != _NO_VALUE
    twice = (merged[:, 1:] == merged[:, :-1]) & real  # in both sketches (each holds a value once)
    low = np.minimum(own_threshold, other_threshold)
    shared = twice.sum(axis=1)
    sampled_own = ((own <= other_threshold) & (own != _NO_VALUE)).sum(axis=1)
    sampled_other = ((other <= own_threshold) & (other != _NO_VALUE)).sum(axis=1)
    shared_low = (twice & (merged[:, 1:] <= low)).sum(axis=1)
    union_low = ((merged <= low) & (merged != _NO_VALUE)).sum(axis=1) - shared_low
    with np.errstate(divide="ignore", invalid="ignore"):
        return (
            shared,
            np.nan_to_num(shared / sampled_own),
            np.nan_to_num(shared / sampled_other),
            np.nan_to_num(shared_low / union_low),
        )
