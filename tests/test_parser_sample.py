"""The parser against the hand-made gold annotation of the bundled sample dump."""

from __future__ import annotations

import polars as pl
import pytest

from ingest.parser import parse_dump


@pytest.fixture(scope="module")
def parsed(sample_bytes):
    return parse_dump(sample_bytes)


@pytest.fixture(scope="module")
def pairs(parsed, sample_gold):
    articles = parsed.articles.sort("ordinal").to_dicts()
    assert len(articles) == len(sample_gold["articles"])
    return list(zip(articles, sample_gold["articles"], strict=True))


@pytest.mark.parametrize(
    ("ours", "gold_key"),
    [
        ("title", "title"),
        ("title_repeated", "title_repeated"),
        ("dateline", "dateline"),
        ("paragraph_count", "paragraph_count"),
        ("byline", "byline"),
        ("captions", "captions"),
        ("subheads", "subheads"),
        ("notes", "notes"),
    ],
)
def test_article_fields_match_gold(pairs, ours, gold_key):
    mismatches = [(a["title"], a[ours], g[gold_key]) for a, g in pairs if a[ours] != g[gold_key]]
    assert mismatches == []


def test_caption_dates_match_gold(pairs):
    for article, gold in pairs:
        assert [d.isoformat() for d in article["caption_dates"]] == gold["caption_dates"]


def test_credits_match_gold(parsed, pairs):
    for article, gold in pairs:
        ours = parsed.credits.filter(pl.col("article_id") == article["article_id"])
        got = sorted((r["role"], r["person_name"], r["location"]) for r in ours.to_dicts())
        want = sorted(
            [("byline", name, None) for name in gold["byline"]]
            + [(c["role"], c["name"], c["location"]) for c in gold["credits"]]
        )
        assert got == want, article["title"]


def test_sample_has_no_parse_errors(parsed):
    assert parsed.parse_issues.filter(pl.col("severity") == "error").is_empty()


def test_paragraph_pieces_slice_back_to_the_dump(parsed, sample_bytes):
    dump_text = sample_bytes.decode("utf-8")
    for row in parsed.paragraphs.iter_rows(named=True):
        text, starts, dump_starts = row["text"], row["piece_text_starts"], row["piece_char_starts"]
        ends = [s - 1 for s in starts[1:]] + [len(text)]
        for start, end, dump_start in zip(starts, ends, dump_starts, strict=True):
            piece = text[start:end]
            assert dump_text[dump_start : dump_start + len(piece)] == piece
        assert dump_text[row["char_start"] : row["char_end"]].endswith(text[starts[-1] :])


def test_stray_line_break_is_joined_into_one_paragraph(parsed):
    joined = parsed.paragraphs.filter(pl.col("text").str.starts_with("Footage aired repeatedly"))
    assert joined.height == 1
    assert joined["text"][0].endswith("entering the buildings.")
    assert joined["piece_char_starts"][0].len() == 2


def test_dateline_lead_is_measured(parsed):
    first = parsed.paragraphs.filter(pl.col("paragraph_index") == 0).sort("ordinal")
    lead = first.select(pl.col("text").str.slice(0, pl.col("dateline_chars")))["text"][0]
    assert lead == "BRUSSELS (Reuters) – "


def test_article_ids_are_stable_and_content_derived(sample_bytes, parsed):
    again = parse_dump(b"\n\n" + sample_bytes.replace(b"\n", b"\r\n"))
    assert again.articles["article_id"].to_list() == parsed.articles["article_id"].to_list()
    assert parsed.articles["article_id"].n_unique() == parsed.articles.height
