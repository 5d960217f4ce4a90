"""Statement extraction rules, each on a small real-style wire paragraph."""

from __future__ import annotations

import pytest

from ingest.nlp.analyse import analyse_articles
from ingest.parser import parse_dump
from tests.one_article import analyse_one_article


def statements_of(*paragraphs: str) -> list[dict]:
    return analyse_one_article(paragraphs).statements.to_dicts()


def only(statements: list[dict]) -> dict:
    assert len(statements) == 1, statements
    return statements[0]


def test_quote_then_attribution():
    s = only(
        statements_of(
            "“We have no plans to meet them this year,” Kremlin spokesman Dmitry Peskov told reporters."
        )
    )
    assert (s["is_direct"], s["cue"], s["speaker_name"], s["audience"]) == (
        True,
        "tell",
        "Dmitry Peskov",
        "reporters",
    )
    assert s["statement_text"] == "We have no plans to meet them this year,"


def test_quote_split_by_its_attribution_is_one_statement():
    s = only(
        statements_of(
            "“The talks were useful,” German Foreign Minister Sigmar Gabriel said. “But we are still far from a deal.”"
        )
    )
    assert s["statement_text"] == "The talks were useful, But we are still far from a deal."
    assert s["parts"] == 2
    assert s["speaker_name"] == "Sigmar Gabriel"


def test_inverted_attribution_and_colon():
    first = only(
        statements_of("“It is a very delicate balancing act,” said Andrey Kortunov, a think-tank chief.")
    )
    assert first["speaker_name"] == "Andrey Kortunov"
    second = only(
        statements_of("Asked about the claims, Prime Minister Theresa May said: “We will not accept this.”")
    )
    assert (second["speaker_name"], second["statement_text"]) == ("Theresa May", "We will not accept this.")


def test_quote_continuing_in_the_next_paragraph_keeps_its_speaker():
    found = statements_of(
        "“We will continue to press for talks,” Chancellor Angela Merkel said.",
        "“There is no alternative to a political solution in the region.”",
    )
    assert [s["speaker_name"] for s in found] == ["Angela Merkel", "Angela Merkel"]
    assert [s["paragraph_index"] for s in found] == [0, 1]
    assert all(s["is_direct"] for s in found)


def test_pronoun_speaker_resolves_to_the_person_named_before():
    found = statements_of(
        "Senator John McCain criticized the plan on Tuesday.",
        "“This is not the way to govern,” he said.",
    )
    assert only(found)["speaker_name"] == "John McCain"


def test_reported_speech_clause_without_that():
    s = only(
        statements_of("Russia’s foreign ministry said on Friday that it would respond to any new sanctions.")
    )
    assert (s["is_direct"], s["cue"], s["speaker_name"]) == (False, "say", "Russian Foreign Ministry")
    assert s["statement_text"] == "it would respond to any new sanctions"


@pytest.mark.parametrize(
    ("paragraph", "cue", "speaker", "text_start"),
    [
        ("Moscow denies that it interfered in the election.", "deny", "Moscow", "it interfered"),
        (
            "The Pentagon warned that the strikes could continue for weeks.",
            "warn",
            "United States Department of Defense",
            "the strikes",
        ),
        (
            "U.S. prosecutors accused the bank of helping clients evade taxes.",
            "accuse",
            "U.S. prosecutors",
            "the bank of helping",
        ),
        (
            "According to a Kremlin statement, Putin and Erdogan discussed Syria by phone.",
            "according to",
            "Kremlin",
            "Putin and Erdogan",
        ),
    ],
)
def test_reported_speech_cues(paragraph, cue, speaker, text_start):
    s = only(statements_of(paragraph))
    assert (s["cue"], s["speaker_name"], s["is_direct"]) == (cue, speaker, False)
    assert s["statement_text"].startswith(text_start)


def test_appositive_name_is_the_speaker():
    s = only(statements_of("The U.S. envoy to the United Nations, Nikki Haley, said the council must act."))
    assert s["speaker_name"] == "Nikki Haley"


def test_quoted_as_saying_names_the_quoted_person():
    found = statements_of(
        "Interior Minister Vladimir Kolokoltsev spoke on Monday.",
        "“Order will be restored,” Interfax news agency quoted him as saying.",
    )
    s = next(x for x in found if x["is_direct"])
    assert (s["cue"], s["speaker_name"]) == ("quote", "Vladimir Kolokoltsev")


def test_scare_quotes_are_not_statements_and_unnamed_sources_are_unknown():
    found = statements_of("One Iranian official said the deal was “badly” damaged by the U.S. move.")
    s = only(found)
    assert (s["speaker_name"], s["speaker_type"], s["is_direct"]) == (
        "Iranian official",
        "UNKNOWN",
        False,
    )
    assert "badly" in s["statement_text"]


def test_unbalanced_and_missing_quotation_marks_do_not_break_extraction():
    found = statements_of(
        "“This is an unclosed quote that runs to the end of the paragraph, the minister said",
        "He said   the quotation marks here were replaced by spaces   and that nothing is lost.",
        "“Nested “quotes” and ”reversed“ marks,” said the minister.",
    )
    assert all(s["statement_text"] for s in found)


def test_statement_offsets_slice_their_paragraph(sample_bytes):
    parsed = parse_dump(sample_bytes)
    paragraphs = parsed.paragraphs.join(parsed.articles.select("ordinal", "text_hash"), on="ordinal")
    result = analyse_articles(parsed.articles, paragraphs, processes=1)
    texts = {(r["text_hash"], r["paragraph_index"]): r["text"] for r in paragraphs.iter_rows(named=True)}
    assert result.statements.height > 80
    for s in result.statements.iter_rows(named=True):
        sliced = texts[(s["text_hash"], s["paragraph_index"])][s["char_start"] : s["char_end"]]
        if s["parts"] == 1:
            assert sliced == s["statement_text"]
        else:
            for part_start in (0, len(s["statement_text"]) - 10):
                assert s["statement_text"][part_start : part_start + 10] in sliced


def test_a_straight_quote_reopened_after_a_sentence_continues_the_quotation():
    """Joined paragraphs keep the print convention: a quote running on into the next paragraph is
    not closed, only reopened. The reopening mark must not close the first quotation (which would
    turn the narration after the second into a quote)."""
    first = "We have not agreed a deal yet. We have clear ideas there."
    second = "Regardless of this, our rivals will sell their cars in America with us or without us."
    paragraph = (
        f'Asked about the plan, Chief Executive Dieter Zetsche said:  "{first}  "{second}"  '
        "Analysts expect the talks to drag on for some time."
    )
    s = only(statements_of(paragraph))
    assert (s["statement_text"], s["parts"], s["speaker_name"]) == (f"{first} {second}", 2, "Dieter Zetsche")
    assert paragraph[s["char_start"] : s["char_end"]] == f'{first}  "{second}'
