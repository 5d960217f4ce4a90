"""Headline detection on 3,654 real Reuters stories in varied layouts (needs ../shared)."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from ingest.parser import parse_dump
from tests.conftest import shared_file
from tests.test_parser_properties import assert_every_byte_accounted_for

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def dev_corpus():
    dump = shared_file("data/dumps/dev_corpus.txt")
    manifest = shared_file("data/dumps/dev_corpus.manifest.tsv")
    with manifest.open(encoding="utf-8") as handle:
        true_lines = {int(row["title_line"]) for row in csv.DictReader(handle, delimiter="\t")}
    return parse_dump(dump.read_bytes()), true_lines


def test_titles_are_found_by_layout(dev_corpus):
    parsed, true_lines = dev_corpus
    found = set(parsed.articles["first_line"].to_list())
    recall = len(found & true_lines) / len(true_lines)
    false_share = len(found - true_lines) / len(found)
    assert recall >= 0.995, f"title recall {recall:.4f}"
    assert false_share <= 0.005, f"{false_share:.4f} of found articles are not true articles"


def test_every_byte_of_the_dev_corpus_is_accounted_for(dev_corpus):
    parsed, _ = dev_corpus
    assert_every_byte_accounted_for(parsed)
    assert parsed.articles.filter(pl.col("paragraph_count") == 0).is_empty()


def test_nlp_survives_stories_with_odd_quotation_marks(dev_corpus):
    """Stories whose quotation marks were lost, replaced by spaces or left unbalanced."""
    from ingest.nlp.analyse import analyse_articles

    parsed, _ = dev_corpus
    bodies = parsed.paragraphs.group_by("ordinal").agg(body=pl.col("text").str.join("\n"))
    odd = (
        bodies.with_columns(
            opening=pl.col("body").str.count_matches("“"),
            closing=pl.col("body").str.count_matches("”"),
            straight=pl.col("body").str.count_matches('"'),
            gaps=pl.col("body").str.count_matches(r"\w {2,}\w"),
        )
        .filter(
            (pl.col("opening") != pl.col("closing")) | (pl.col("straight") % 2 == 1) | (pl.col("gaps") > 2)
        )
        .sort("ordinal")
        .head(120)
    )
    assert odd.height >= 30
    articles = parsed.articles.join(odd.select("ordinal"), on="ordinal")
    paragraphs = parsed.paragraphs.join(articles.select("ordinal", "text_hash"), on="ordinal")
    result = analyse_articles(articles, paragraphs, processes=1)
    assert set(result.words_by_text) == set(articles["text_hash"])  # no article dropped
    texts = {(r["text_hash"], r["paragraph_index"]): r["text"] for r in paragraphs.iter_rows(named=True)}
    for s in result.statements.filter(pl.col("parts") == 1).iter_rows(named=True):
        assert (
            texts[(s["text_hash"], s["paragraph_index"])][s["char_start"] : s["char_end"]]
            == s["statement_text"]
        )
