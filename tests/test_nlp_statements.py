"""Statement extraction rules, each on a small real-style wire paragraph."""

from __future__ import annotations

import pytest

from ingest.nlp.analyse import analyse_articles
from ingest.nlp.statements import speech_cues
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


CUES = [cue for options in speech_cues().values() for cue in options]


@pytest.mark.parametrize("cue", CUES, ids=lambda c: f"{c.name}-{c.companion or ''}")
def test_each_speech_cue_attributes_its_example(cue):
    assert cue.example, "every cue needs an example"
    assert cue.name in [s["cue"] for s in statements_of(cue.example)]


def test_directive_cues_report_their_object_and_infinitive_not_a_bare_object():
    urged = only(statements_of("NATO urged Russia to withdraw its forces from the border."))
    assert urged["statement_text"] == "Russia to withdraw its forces from the border"
    assert statements_of("Carter urged greater cooperation between industry and government.") == []


def test_warned_against_reports_what_it_warns_against():
    s = only(statements_of("Beijing has warned against steps that would upset the one-China policy."))
    assert (s["cue"], s["speaker_name"], s["statement_text"]) == (
        "warn",
        "Beijing",
        "steps that would upset the one-China policy",
    )


def test_a_quote_after_a_cue_and_comma_is_attributed_even_when_short():
    s = only(statements_of("In remarks to reporters, Trump said, “We’ll see,” when pressed on the meeting."))
    assert (s["statement_text"], s["speaker_name"], s["is_direct"]) == ("We’ll see,", "Trump", True)


def test_clause_before_the_cue_hung_as_an_adverbial_is_reported():
    s = only(
        statements_of(
            "North America, coming off a strong fourth quarter, had a slower start, SAP said in a statement."
        )
    )
    assert s["speaker_name"] == "SAP"
    assert s["statement_text"].startswith("North America")


def test_reporters_frame_is_cut_from_the_reported_clause():
    s = only(
        statements_of(
            "President Donald Trump said on Saturday he will move quickly to nominate a new FBI director, "
            "after he sparked a political firestorm by firing the man investigating his campaign."
        )
    )
    assert s["statement_text"] == "he will move quickly to nominate a new FBI director"


def test_he_said_goes_to_the_subject_of_the_previous_sentence_not_the_last_speaker():
    found = statements_of(
        "FBI Director James Comey told a congressional panel on Tuesday that the ruling would be precedential.",
        "In his speech, Defense Secretary Ash Carter also warned against new legislation.",
        "“It is easy to see wrong ways to do this,” he said.",
    )
    assert [s["speaker_name"] for s in found if s["is_direct"]] == ["Ash Carter"]


def test_pronouns_agree_in_gender_with_the_first_name():
    found = statements_of(
        "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Monday.",
        "“Europe must stand together,” she said.",
    )
    assert only(found)["speaker_name"] == "Angela Merkel"


def test_a_title_without_a_name_is_the_person_who_holds_it():
    found = statements_of(
        "U.S. President-elect Donald Trump left open the possibility of a meeting with Taiwan’s president.",
        "Asked about it, the president-elect said, “You will find out on Tuesday or Wednesday.”",
    )
    assert only(found)["speaker_name"] == "Donald Trump"


def test_an_unnamed_source_is_named_as_printed_without_counting_words():
    s = only(
        statements_of("Two other sources familiar with the investigations said the committee was small.")
    )
    assert (s["speaker_name"], s["speaker_type"]) == ("sources familiar with the investigations", "UNKNOWN")
    s = only(
        statements_of("The tour operator that had sponsored the trip said he was delayed at the airport.")
    )
    assert s["speaker_name"] == "tour operator that had sponsored the trip"


def test_a_news_agency_speaks_as_the_outlet_it_names_and_a_statement_as_its_issuer():
    found = statements_of(
        "North Korea’s military said in a statement it would take a physical response.",
        "“We will turn the South into a sea of fire,” the statement carried by the official KCNA news agency said.",
        "The test was successful, the North's KCNA news agency said.",
    )
    assert [s["speaker_name"] for s in found] == [
        "North Korea’s military",
        "North Korea’s military",
        "KCNA",
    ]


def test_coordinated_speakers_make_one_statement_linked_to_each_entity():
    s = only(statements_of("The United States and South Korea said the system would be deployed this year."))
    assert (s["speaker_name"], s["speaker_type"]) == ("United States and South Korea", "GPE")
    assert s["speaker_keys"] == ["country:USA", "country:KOR"]


def test_speakers_who_accuse_each_other_are_one_statement_each():
    found = statements_of(
        "North Korea and the United States accused each other on Tuesday of posing a nuclear threat."
    )
    assert sorted(s["speaker_name"] for s in found) == ["North Korea", "United States"]
    assert all(s["statement_text"] == "of posing a nuclear threat" for s in found)


def test_a_relative_pronoun_speaks_for_the_noun_it_qualifies():
    s = only(
        statements_of(
            "Talks were halted by the Syrian opposition, which accused government forces of breaking a truce."
        )
    )
    assert s["speaker_name"] == "Syrian opposition"


def test_the_company_is_the_organisation_the_article_is_about():
    found = statements_of(
        "SAP warned that results would be weaker than expected. SAP shares fell 1 percent.",
        "Rivals such as Workday Inc compete with SAP in the market.",
        "Sales in Asia were solid, the company said.",
    )
    assert found[-1]["speaker_name"] == "SAP"


def test_a_description_is_resolved_to_the_person_the_article_names_later_with_that_post():
    found = statements_of(
        "Russian troops have returned to their bases, a Russian general said on Saturday.",
        "Major-General Igor Konashenkov of the Russian Defense Ministry said the exercises were over.",
    )
    assert [s["speaker_name"] for s in found] == ["Igor Konashenkov", "Igor Konashenkov"]


def test_speaker_role_is_the_title_the_text_gives():
    s = only(statements_of("Russian Foreign Minister Sergei Lavrov said the talks were useful."))
    assert (s["speaker_name"], s["speaker_role"]) == ("Sergei Lavrov", "foreign minister")
