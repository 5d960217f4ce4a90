"""CAMEO event coding: every dictionary entry on its example sentence, modality, negation, actors."""

from __future__ import annotations

import re

import polars as pl
import pytest

from ingest.nlp.analyse import analyse_articles
from ingest.nlp.lexicon import triggers
from ingest.parser import parse_dump
from ingest.reference import data_rows
from tests.one_article import analyse_one_article

ENTRIES = [t for options in triggers().values() for t in options]


def events_of(*paragraphs: str) -> list[dict]:
    return analyse_one_article(paragraphs).events.to_dicts()


def test_dictionary_has_entries_for_the_main_roots():
    roots = {t.code[:2] for t in ENTRIES if t.code}
    assert {"01", "02", "03", "04", "05", "09", "10", "11", "12", "13", "16", "17", "19"} <= roots
    assert all(t.example for t in ENTRIES)


@pytest.mark.parametrize(
    "entry", ENTRIES, ids=lambda t: f"{t.lemma}-{t.companion or ''}-{t.code or t.negated_code}"
)
def test_each_dictionary_entry_fires_on_its_example(entry):
    codes = [e["event_code"] for e in events_of(entry.example)]
    assert (entry.code or entry.negated_code) in codes


def test_may_meet_is_an_intention_not_a_meeting_of_each_with_the_other():
    found = events_of("Russian President Vladimir Putin and U.S. President Donald Trump may meet next week.")
    assert {e["event_code"] for e in found} == {"036"}
    assert sorted((e["actor1_code"], e["actor2_code"]) for e in found) == [
        ("RUSGOV", "USAGOV"),
        ("USAGOV", "RUSGOV"),
    ]


def test_negation_changes_the_code_or_drops_the_event():
    [event] = events_of("Washington did not accept Russia’s seizure of the Crimean Peninsula.")[:1]
    assert event["event_code"] == "120"
    assert events_of("Iran did not threaten the United States, the ministry said.") == []


def test_intentions_to_act_are_coded_as_intentions():
    """CAMEO codes a possible or planned act as intent (03) or threat (13), never as the act."""
    [sanctions] = events_of("Congress may impose new sanctions on Iran.")
    assert (sanctions["event_code"], sanctions["actor2_code"]) == ("131", "IRN")
    [talks] = events_of("China plans to hold talks with Japan next month.")
    assert talks["event_code"] == "036"
    [strike] = events_of("Israel is preparing to strike Iranian nuclear sites.")
    assert strike["event_code"] == "138"


@pytest.mark.parametrize(
    ("sentence", "actor1", "actor2"),
    [
        ("The Kremlin accused Washington of meddling.", "RUSGOV", "USAGOV"),
        ("Moscow has denied any involvement.", "RUSGOV", None),
        ("U.S. Secretary of State Rex Tillerson criticized Russia on Thursday.", "USAGOV", "RUS"),
        ("Russian troops attacked Ukrainian positions near Donetsk.", "RUSMIL", "UKRMIL"),
        ("NATO urged Russia to withdraw its forces.", "NATO", "RUS"),
        ("The European Union imposed sanctions on Russia in 2014.", "EU", "RUS"),
        ("The Russian Defense Ministry accused U.S. spies of starting the offensive.", "RUSMIL", "USASPY"),
    ],
)
def test_actor_codes(sentence, actor1, actor2):
    event = events_of(sentence)[0]
    assert (event["actor1_code"], event["actor2_code"]) == (actor1, actor2)


def test_event_triggers_slice_their_paragraph_and_dates_resolve(sample_bytes):
    parsed = parse_dump(sample_bytes)
    paragraphs = parsed.paragraphs.join(parsed.articles.select("ordinal", "text_hash"), on="ordinal")
    result = analyse_articles(parsed.articles, paragraphs, processes=1)
    texts = {(r["text_hash"], r["paragraph_index"]): r["text"] for r in paragraphs.iter_rows(named=True)}
    assert result.events.height > 40
    for e in result.events.iter_rows(named=True):
        paragraph = texts[(e["text_hash"], e["paragraph_index"])]
        assert paragraph[e["trigger_start"] : e["trigger_end"]] == e["trigger_text"]
        assert e["sentence_start"] <= e["trigger_start"] < e["sentence_end"] <= len(paragraph)
    dated = result.events.filter(pl.col("event_date").is_not_null())
    assert dated.height > 0
    published = dict(result.publication_dates.select("text_hash", "published_date").rows())
    for e in dated.iter_rows(named=True):
        weekday = re.search(r"\bon (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", e["date_text"] or "")
        if published.get(e["text_hash"]) is not None and weekday:
            assert 0 <= (published[e["text_hash"]] - e["event_date"]).days <= 6


EVALUATIVE = data_rows("evaluative_words.csv")


@pytest.mark.parametrize("row", EVALUATIVE, ids=lambda r: r["lemma"])
def test_each_judging_word_makes_its_statement_a_criticism_or_accusation(row):
    found = events_of(row["example"])
    assert row["code"] in [e["event_code"] for e in found], row["example"]


def test_what_a_denial_disputes_is_no_accusation():
    assert "112" not in [
        e["event_code"] for e in events_of("Moscow denied that it had interfered in the election.")
    ]


def test_a_judging_word_is_about_the_owner_of_what_it_qualifies():
    [judged] = [
        e
        for e in events_of("An Iranian official said Trump's aggressive Iran policy had united Iran.")
        if e["event_code"] == "111"
    ]
    assert (judged["actor1_code"], judged["actor2_name"]) == ("IRNGOV", "Trump")


def test_the_complement_of_a_threat_or_appeal_is_its_content_not_an_event():
    assert [e["event_code"] for e in events_of("North Korea threatened to attack the United States.")] == [
        "138"
    ]
    assert [e["event_code"] for e in events_of("NATO urged Russia to withdraw its troops.")] == ["020"]


def test_a_hypothetical_act_is_no_event():
    assert events_of("Trump said North Korea would face fire and fury if it attacked Guam.") == []


def test_the_purpose_of_a_meeting_is_part_of_it():
    found = events_of(
        "Kerry will meet Iranian Foreign Minister Mohammad Javad Zarif to discuss the nuclear deal."
    )
    assert [e["event_code"] for e in found] == ["040"]


def test_a_meeting_needs_a_counterpart():
    assert events_of("The United Nations Security Council met on Tuesday.") == []
    assert events_of("Russia meets its commitments under the treaty.") == []


def test_a_city_before_an_event_noun_is_where_it_happens_not_who_acts():
    assert events_of("The Geneva talks ended without a deal.") == []


def test_an_event_noun_received_from_someone_is_done_by_them():
    [protest] = events_of("The deployment drew a sharp protest from China.")
    assert (protest["event_code"], protest["actor1_code"]) == ("114", "CHN")


def test_an_act_the_article_reported_before_is_the_target_of_a_reaction():
    found = events_of(
        "North Korea launched a ballistic missile on Wednesday.",
        "South Korea condemned the launch.",
    )
    condemned = next(e for e in found if e["event_code"] == "111")
    assert (condemned["actor1_code"], condemned["actor2_code"]) == ("KOR", "PRK")


def test_a_count_of_people_acts_as_the_people_counted():
    [rally] = events_of("Thousands of Hungarians rallied against the new labour law.")
    assert rally["actor1_code"] == "HUN"


def test_launches_without_a_target_are_shows_of_force_with_one_attacks():
    assert [e["event_code"] for e in events_of("North Korea fired a ballistic missile into the sea.")] == [
        "150"
    ]
    assert [e["event_code"] for e in events_of("Iran fired missiles at U.S. bases in Iraq.")] == ["195"]
