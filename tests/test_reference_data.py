"""The rule tables under ingest/data/: well formed, each value one the rules know, and every file
part of the NLP cache version."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest import reference
from ingest.nlp.gazetteer import load_gazetteer
from ingest.nlp.lexicon import triggers
from ingest.reference import data_file_names, data_lines, data_rows
from tests.one_article import analyse_one_article

DATA = Path(__file__).resolve().parents[1] / "ingest" / "data"
SEED = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "cameo_codes.csv"
CAMEO_CODES = {row["event_code"] for row in csv.DictReader(SEED.open(encoding="utf-8"))}
FRAME_KINDS = {
    "modal",
    "intent_verb",
    "intent_adj",
    "intent_noun",
    "light_verb",
    "conditional",
    "quantity",
    "receiving_verb",
    "symmetric",
    "clause_target",
}


def test_the_nlp_version_follows_every_data_file(monkeypatch):
    """Editing any file the rules read (triggers, cues, names, ...) re-runs cached NLP."""
    assert data_file_names() == sorted(p.name for p in DATA.iterdir() if p.is_file())
    before = reference.data_fingerprint()
    original = reference.data_text
    for name in data_file_names():
        monkeypatch.setattr(
            reference, "data_text", lambda n, name=name: original(n) + ("#" if n == name else "")
        )
        reference.data_fingerprint.cache_clear()
        assert reference.data_fingerprint() != before, name
    monkeypatch.undo()
    reference.data_fingerprint.cache_clear()
    assert reference.data_fingerprint() == before


def test_every_event_code_exists_in_the_cameo_table():
    codes = {t.code or t.negated_code for options in triggers().values() for t in options}
    codes |= {t.negated_code for options in triggers().values() for t in options if t.negated_code}
    assert codes <= CAMEO_CODES
    assert {row["code"] for row in data_rows("evaluative_words.csv")} <= CAMEO_CODES
    intents = {row["intent_code"] for row in data_rows("cameo_intents.csv")} - {"drop"}
    assert intents <= CAMEO_CODES


def test_the_lexicon_covers_all_twenty_roots_with_500_entries():
    entries = [t for options in triggers().values() for t in options]
    assert len(entries) >= 500
    assert {(t.code or t.negated_code)[:2] for t in entries} == {f"{r:02d}" for r in range(1, 21)}


def test_event_frames_are_of_known_kinds():
    assert {row["kind"] for row in data_rows("event_frames.csv")} == FRAME_KINDS


def test_intents_map_each_root_once():
    roots = [row["root"] for row in data_rows("cameo_intents.csv")]
    assert len(roots) == len(set(roots))
    assert all(len(root) == 2 for root in roots)


def test_first_names_are_unique_capitalised_and_gendered():
    rows = data_rows("first_names.csv")
    names = [row["name"] for row in rows]
    assert len(rows) > 1000
    assert len(names) == len({n.casefold() for n in names})
    assert all(row["gender"] in ("F", "M") for row in rows)
    assert all(name[:1].isupper() and " " not in name for name in names)


def test_first_names_are_not_place_or_country_names():
    gazetteer = load_gazetteer()
    clashes = [row["name"] for row in data_rows("first_names.csv") if gazetteer.find(row["name"]) is not None]
    assert clashes == []


@pytest.mark.parametrize(
    ("first", "pronoun", "speaker"),
    [
        ("Angela", "she", "Angela Merkel"),
        ("Sergei", "he", "Sergei Lavrov"),
    ],
)
def test_a_first_name_decides_which_person_a_pronoun_is(first, pronoun, speaker):
    other = "Sergei Lavrov" if speaker == "Angela Merkel" else "Angela Merkel"
    found = analyse_one_article(
        [f"{speaker} met {other} in Berlin on Monday.", f"“The talks were useful,” {pronoun} said."]
    ).statements
    assert found["speaker_name"].to_list() == [speaker]


def test_definite_descriptions_refer_to_known_kinds():
    kinds = {row["refers_to"] for row in data_rows("definite_descriptions.csv")}
    assert kinds <= {"body", "topic_org", "country", "group"}
    assert all(
        row["name_words"] for row in data_rows("definite_descriptions.csv") if row["refers_to"] == "body"
    )


def test_media_and_document_nouns_and_title_groups_are_well_formed():
    assert {row["kind"] for row in data_rows("medium_nouns.csv")} == {"document", "media"}
    groups = data_rows("title_groups.csv")
    assert len({row["word"] for row in groups}) == len(groups)
    assert all(word == word.lower() for word in data_lines("person_nouns.txt"))


def test_implicit_actors_are_triggers_with_roles():
    for row in data_rows("implicit_actors.csv"):
        assert row["lemma"] in triggers(), row
        assert row["role"].isupper() and len(row["role"]) == 3


def test_igo_codes_of_organisations_are_upper_case_codes():
    codes = [row["cameo"] for row in data_rows("organisations.csv") if row["cameo"]]
    assert codes and all(code.isupper() and code.isalnum() for code in codes)
