"""CAMEO actor codes: every role word on its example, international bodies, countries, capitals,
people by title or affiliation, unnamed agents by their context, implicit state actors."""

from __future__ import annotations

import pytest

from ingest.nlp.actors import role_of, role_words
from ingest.reference import data_rows
from tests.one_article import analyse_one_article

ROLE_ROWS = data_rows("actor_roles.csv")


def events_of(*paragraphs: str, dateline: str | None = None) -> list[dict]:
    return analyse_one_article(paragraphs, dateline=dateline).events.to_dicts()


def codes_of(*paragraphs: str) -> set[str]:
    return {code for e in events_of(*paragraphs) for code in (e["actor1_code"], e["actor2_code"]) if code}


@pytest.mark.parametrize("row", ROLE_ROWS, ids=lambda r: r["word"])
def test_each_role_word_gives_its_role_on_its_example(row):
    assert role_of(row["word"]) == row["role"] or any(
        len(word.split()) > 1 and word in row["word"] for word, _ in role_words()
    )
    assert any(code.endswith(row["role"]) for code in codes_of(row["example"])), row["example"]


def test_role_words_are_lower_case_and_singular_and_listed_once():
    words = [row["word"] for row in ROLE_ROWS]
    assert len(words) == len(set(words))
    assert all(word == word.lower() for word in words)
    assert all(row["role"].isupper() and len(row["role"]) == 3 for row in ROLE_ROWS)


def test_more_specific_phrases_win_over_their_words():
    assert role_of("Russian defense ministry") == "MIL"
    assert role_of("Chinese foreign ministry") == "GOV"
    assert role_of("opposition groups") == "OPP"
    assert role_of("separatist insurgency") == "SEP"


@pytest.mark.parametrize(
    ("sentence", "actor1"),
    [
        ("NATO criticized Russia's missile deployment.", "NATO"),
        ("The European Union criticized Hungary's new law.", "EU"),
        ("The World Anti-Doping Agency criticized Russia's athletics federation.", "IGOWADA"),
        ("Islamic State attacked Kurdish forces near Mosul.", "IMGMOSISI"),
        ("Moscow criticized the new sanctions.", "RUSGOV"),
        ("Russia criticized the new sanctions.", "RUS"),
        ("U.N. Secretary-General Antonio Guterres condemned the attack on the convoy.", "UN"),
        ("Secretary of State Mike Pompeo criticized China's crackdown.", "USAGOV"),
    ],
)
def test_actor_codes_of_named_actors(sentence, actor1):
    assert events_of(sentence)[0]["actor1_code"] == actor1


def test_an_unnamed_agent_takes_the_country_of_its_sentence_else_of_the_dateline():
    [arrest] = events_of("Police arrested two men near the Chatelet station on Friday.", dateline="PARIS")
    assert arrest["actor1_code"] == "FRACOP"
    [fight] = events_of("Kurdish forces attacked Islamic State positions in Iraq with artillery.")
    assert fight["actor1_code"] == "IRQMIL"


def test_an_unnamed_phrase_must_name_who_acts():
    assert events_of("A separatist insurgency in eastern Ukraine has killed more than 10,000 people.") == []


def test_a_passive_arrest_without_an_agent_is_the_state_of_its_place():
    [arrest] = events_of("Two German journalists were arrested in Turkey on Monday.")
    assert (arrest["event_code"], arrest["actor1_code"]) == ("173", "TURCOP")
