"""Mention extraction rules, each shown on a real sentence from wire copy."""

from __future__ import annotations

import polars as pl
import pytest

from ingest.nlp.analyse import analyse_articles
from ingest.nlp.model import load_pipeline
from ingest.parser import parse_dump
from tests.one_article import analyse_one_article


def mentions_of(
    paragraphs: list[str], title: str = "Headline", dateline_chars: int = 0, captions=()
) -> pl.DataFrame:
    firsts = [dateline_chars] + [0] * (len(paragraphs) - 1)
    return analyse_one_article(paragraphs, title=title, captions=captions, dateline_chars=firsts).mentions


def entity(mentions: pl.DataFrame, surface: str) -> dict:
    rows = mentions.filter(pl.col("surface_text") == surface).to_dicts()
    assert rows, f"{surface!r} not found among {mentions['surface_text'].to_list()}"
    return rows[0]


def test_model_meta_is_the_pinned_en_core_web_sm():
    meta = load_pipeline().meta
    assert meta["version"] == "3.8.0"
    assert meta["spacy_git_version"] == "5010fcbd3"
    assert meta["license"] == "MIT"
    assert meta["lang"] == "en"
    assert {"tok2vec", "tagger", "parser", "ner"} <= set(meta["pipeline"])


def test_surname_refers_back_to_the_full_name_and_titles_become_attributes():
    mentions = mentions_of(
        [
            "The United States would like to lift sanctions, Secretary of State Rex Tillerson said on Thursday.",
            "Tillerson is on a visit to Europe.",
        ]
    )
    first, later = entity(mentions, "Rex Tillerson"), entity(mentions, "Tillerson")
    assert later["entity_key"] == first["entity_key"] == "person:rex tillerson"
    assert later["entity_type"] == "PERSON"
    assert first["role"] == "Secretary of State"


def test_country_and_role_from_the_words_before_a_name():
    mentions = mentions_of(
        ["Russian Foreign Minister Sergei Lavrov told the OSCE conference that it was wrong."]
    )
    lavrov = entity(mentions, "Sergei Lavrov")
    assert (lavrov["country_code"], lavrov["role"]) == ("RUS", "Foreign Minister")
    assert entity(mentions, "OSCE")["entity_name"] == "Organization for Security and Co-operation in Europe"


@pytest.mark.parametrize(
    ("sentence", "surface", "name", "kind", "country"),
    [
        ("Russia has denied it is violating the 1987 treaty.", "Russia", "Russia", "GPE", "RUS"),
        ("Russia’s parliament warned on Friday.", "Russia", "Russia", "GPE", "RUS"),
        ("It raises concern over the U.S. charges.", "U.S.", "United States", "GPE", "USA"),
        ("Relations soured over Russia’s 2014 seizure of Crimea.", "Crimea", "Crimea", "GPE", "UKR"),
        ("They used Twitter, Facebook and other sites.", "Twitter", "Twitter", "ORG", "USA"),
        (
            "The Russian foreign ministry said last week it was ready for talks.",
            "Russian foreign ministry",
            "Russian Foreign Ministry",
            "ORG",
            "RUS",
        ),
        (
            "A Belarussian defense ministry spokesman said the last train had left.",
            "Belarussian defense ministry",
            "Belarusian Defense Ministry",
            "ORG",
            "BLR",
        ),
        (
            "The separatist vote plunged Spain, the euro zone’s fourth-biggest economy.",
            "euro zone",
            "Euro area",
            "LOC",
            None,
        ),
        (
            "NATO allies on Friday publicly raised concern.",
            "NATO",
            "North Atlantic Treaty Organization",
            "ORG",
            None,
        ),
    ],
)
def test_names_resolve_to_reference_entities(sentence, surface, name, kind, country):
    found = entity(mentions_of([sentence]), surface)
    assert (found["entity_name"], found["entity_type"], found["country_code"]) == (name, kind, country)


def test_unqualified_ministry_takes_the_country_of_the_place_after_it():
    mentions = mentions_of(
        ["U.S. officials broke into residences at the consulate, the foreign ministry in Moscow said."]
    )
    assert entity(mentions, "foreign ministry")["entity_name"] == "Russian Foreign Ministry"


def test_agreement_names_are_laws_not_their_parties():
    mentions = mentions_of(
        ["He referred to the 2015 Minsk ceasefire agreement, brokered in the Belarussian capital."]
    )
    assert entity(mentions, "Minsk ceasefire agreement")["entity_type"] == "LAW"


def test_words_without_capitals_and_bare_titles_are_not_names():
    mentions = mentions_of(
        [
            "Russia throws North Korea lifeline to stymie regime change, then U.S. Secretary of State Hillary Clinton said."
        ]
    )
    assert "stymie" not in mentions["surface_text"].to_list()
    assert "State" not in mentions["surface_text"].to_list()
    assert entity(mentions, "Hillary Clinton")["entity_type"] == "PERSON"


def test_dateline_and_picture_credit_are_not_mentions():
    lead = "BRUSSELS (Reuters) – "
    mentions = mentions_of(
        [lead + "NATO allies on Friday raised concern."],
        dateline_chars=len(lead),
        captions=[
            "A view of the consulate in San Francisco, California, U.S. on September 2, 2017. REUTERS/Stephen Lam"
        ],
    )
    surfaces = mentions["surface_text"].to_list()
    assert "BRUSSELS" not in surfaces
    assert "Stephen Lam" not in surfaces
    assert "San Francisco" in surfaces


def test_every_offset_slices_back_to_its_surface_text(sample_bytes):
    parsed = parse_dump(sample_bytes)
    result = analyse_articles(
        parsed.articles,
        parsed.paragraphs.join(parsed.articles.select("ordinal", "text_hash"), on="ordinal"),
        processes=1,
    )
    texts = {}
    for row in parsed.articles.iter_rows(named=True):
        texts[(row["text_hash"], "title", 0)] = row["title"]
        for i, caption in enumerate(row["captions"]):
            texts[(row["text_hash"], "caption", i)] = caption
    for row in parsed.paragraphs.join(parsed.articles.select("ordinal", "text_hash"), on="ordinal").iter_rows(
        named=True
    ):
        texts[(row["text_hash"], "body", row["paragraph_index"])] = row["text"]
    assert result.mentions.height > 300
    for m in result.mentions.iter_rows(named=True):
        text = texts[(m["text_hash"], m["section"], m["section_index"])]
        assert text[m["char_start"] : m["char_end"]] == m["surface_text"]
