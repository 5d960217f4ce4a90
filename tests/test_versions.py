"""Sketches and their comparison (ingest/versions.py): what is a version of a story, what is not."""

from __future__ import annotations

import random

import polars as pl
import pytest

from ingest import versions
from ingest.versions import MIN_CONTAINMENT, story_sketches, version_pairs

# Invented stories: each paragraph a fixed pseudo-random run of common words, so two stories
# share a 5-word run only where a test makes them share text.
WORDS = (
    "the minister said talks would resume after officials from both sides met on monday to discuss"
    " trade tariffs border security fishing rights rail freight water sharing vaccine exports while"
    " opposition leaders warned that parliament could reject any deal reached without a public vote"
    " and analysts expected markets to react cautiously as the central bank kept interest rates steady"
    " amid concern over inflation unemployment and slowing growth in the region's largest economies"
).split()
TOPICS = range(6)


def _paragraph(topic: int, n: int) -> str:
    rng = random.Random(f"{topic}:{n}")
    return " ".join(rng.choice(WORDS) for _ in range(30)).capitalize() + "."


def _story(topic_index: int, paragraphs: int = 10) -> list[str]:
    return [_paragraph(topic_index, n) for n in range(paragraphs)]


def _frames(stories: dict[str, list[str]], titles: dict[str, str] | None = None):
    titles = titles or {}
    articles = pl.DataFrame(
        {"article_id": list(stories), "title": [titles.get(a, f"Story {a}") for a in stories]}
    )
    paragraphs = pl.DataFrame(
        [
            {"article_id": a, "paragraph_index": i, "text": text, "dateline_chars": 0}
            for a, texts in stories.items()
            for i, text in enumerate(texts)
        ]
    )
    return articles, paragraphs


def _pairs(stories: dict[str, list[str]], titles: dict[str, str] | None = None) -> set[tuple[str, str]]:
    sketches = story_sketches(*_frames(stories, titles))
    found = version_pairs(sketches, sketches.head(0))
    return set(found.select("article_id", "other_article_id").iter_rows())


def test_a_refiled_copy_with_a_new_headline_is_a_version():
    assert _pairs({"a": _story(0), "b": _story(0)}, {"b": "Story a, refiled"}) == {("a", "b")}


def test_a_copy_cut_off_part_way_is_a_version():
    cut = [*_story(0)[:3], _story(0)[3][:40]]
    assert _pairs({"a": _story(0), "b": cut}) == {("a", "b")}


def test_an_update_with_paragraphs_added_is_a_version():
    update = _story(0) + _story(1)[:2]
    assert _pairs({"a": _story(0), "b": update}) == {("a", "b")}


def test_a_copy_with_damaged_bytes_is_a_version_and_carries_damage_marks():
    damaged = _story(0)
    damaged[4] = damaged[4][:10] + "\ufffd\ufffd" + damaged[4][12:]
    articles, paragraphs = _frames({"a": _story(0), "b": damaged})
    sketches = story_sketches(articles, paragraphs)
    assert dict(sketches.select("article_id", "damage_marks").iter_rows()) == {"a": 0, "b": 2}
    assert _pairs({"a": _story(0), "b": damaged}) == {("a", "b")}


def test_stories_sharing_a_background_paragraph_stay_apart():
    background = _paragraph(3, 7)
    first = [*_story(0, 6), background]
    second = [*_story(1, 6), background]
    assert _pairs({"a": first, "b": second}) == set()


def test_stories_on_one_lead_template_stay_apart():
    template = "Jan {day} (Reuters) - The following are the top stories in the {paper} newspaper."
    first = [template.format(day=3, paper="Herald"), *_story(0, 4)]
    second = [template.format(day=3, paper="Herald"), *_story(2, 4)]
    assert _pairs({"a": first, "b": second}) == set()


def test_unrelated_stories_are_never_paired():
    assert _pairs({str(i): _story(i) for i in range(len(TOPICS))}) == set()


def test_a_story_too_short_to_judge_pairs_with_nothing():
    short = ["Talks resumed on Monday."]
    assert _pairs({"a": short, "b": [*short, "Officials said little."]}) == set()


def test_known_stories_are_compared_but_not_with_each_other():
    articles, paragraphs = _frames({"a": _story(0), "b": _story(0), "c": _story(0)})
    sketches = story_sketches(articles, paragraphs)
    new, known = sketches.filter(pl.col("article_id") == "c"), sketches.filter(pl.col("article_id") != "c")
    found = version_pairs(new, known)
    assert set(found.select("article_id", "other_article_id").iter_rows()) == {("a", "c"), ("b", "c")}


def test_sketches_follow_the_words_not_the_layout_or_the_dateline():
    plain = _story(0)
    relaid = [f"  {text.upper()}  " for text in plain]
    relaid[0] = "LONDON (Reuters) - " + relaid[0]
    articles, paragraphs = _frames({"a": plain, "b": relaid})
    paragraphs = paragraphs.with_columns(
        pl.when((pl.col("article_id") == "b") & (pl.col("paragraph_index") == 0))
        .then(len("LONDON (Reuters) - "))
        .otherwise(0)
        .alias("dateline_chars")
    )
    sketches = story_sketches(articles, paragraphs).sort("article_id")
    assert sketches["sketch"][0].to_list() == sketches["sketch"][1].to_list()


def test_sketch_hashes_do_not_depend_on_the_batch():
    """Sketches are stored and compared across runs: a story's sketch is the same whichever
    stories it is sketched with."""
    alone = story_sketches(*_frames({"a": _story(0)}))
    together = story_sketches(*_frames({"z": _story(1), "a": _story(0)})).filter(pl.col("article_id") == "a")
    assert alone["sketch"].to_list() == together["sketch"].to_list()


def test_a_cut_off_body_does_not_end_cleanly():
    cut = [*_story(0)[:3], _story(0)[3][:40]]
    sketches = story_sketches(*_frames({"a": _story(0), "b": cut})).sort("article_id")
    assert sketches["ends_cleanly"].to_list() == [True, False]


@pytest.mark.parametrize("share", [0.9, 0.75, 0.5, 0.25])
def test_containment_estimates_follow_the_shared_share(share):
    """A story holding the first `share` of another's paragraphs plus its own: the estimate of
    how much of it the other contains lands near `share`, within sampling error."""
    paragraphs = 40
    shared = int(paragraphs * share)
    first = _story(0, paragraphs)
    second = first[:shared] + [_paragraph(1, n) for n in range(paragraphs - shared)]
    sketches = story_sketches(*_frames({"a": first, "b": second}))
    measured = versions.measure_pairs(sketches.with_row_index("row"), [0], [1])
    assert measured["containment"][0] == pytest.approx(share, abs=0.12)
    assert (measured["containment"][0] >= MIN_CONTAINMENT) == (share >= 0.75)
