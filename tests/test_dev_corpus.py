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
