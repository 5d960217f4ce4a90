"""Property tests over the NLP extractors: on any text they never raise, and every offset they
return slices back to the text it names (mentions, statements, events, dates)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.dates import infer_publication_date, resolve_time_expression
from tests.one_article import analyse_one_article

# Pieces of wire text that exercise the extractors' rules, mixed with arbitrary text.
WIRE_PIECES = [
    "said",
    "told reporters",
    "according to",
    "Mr.",
    "President",
    "Vladimir Putin",
    "Putin",
    "Donald Trump",
    "the United States",
    "Russia",
    "North Korea's",
    "the foreign ministry",
    "NATO",
    "the European Union",
    "met",
    "visited",
    "accused",
    "attacked",
    "threatened to",
    "did not",
    "on Monday",
    "last week",
    "Jan. 5",
    "in 2017",
    "“",
    "”",
    '"',
    "‘",
    "’",
    "'",
    "«",
    "»",
    "(",
    ")",
    ",",
    ".",
    ";",
    ":",
    " - ",
    "–",
    "\u00a0",
    "\ufffd",
    "\x00",
    "\t",
    "U.S.",
    "REUTERS/Kevin Lamarque",
    "MOSCOW (Reuters) - ",
]
piece = st.one_of(st.sampled_from(WIRE_PIECES), st.text(min_size=1, max_size=12))
paragraph = st.lists(piece, min_size=1, max_size=40).map(" ".join)


@settings(
    max_examples=int(os.environ.get("NEWSWIRE_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    title=paragraph,
    captions=st.lists(paragraph, max_size=2),
    paragraphs=st.lists(paragraph, min_size=1, max_size=4),
    dateline_chars=st.integers(min_value=0, max_value=20),
)
def test_extractors_never_raise_and_offsets_slice_back(title, captions, paragraphs, dateline_chars):
    result = analyse_one_article(
        paragraphs,
        title=title,
        captions=captions,
        dateline="MOSCOW",
        dateline_chars=[min(dateline_chars, len(p)) for p in paragraphs],
    )

    texts = {("title", 0): title} | {("caption", i): c for i, c in enumerate(captions)}
    texts |= {("body", i): p for i, p in enumerate(paragraphs)}
    for section, index, start, end, surface in result.mentions.select(
        "section", "section_index", "char_start", "char_end", "surface_text"
    ).iter_rows():
        assert 0 <= start < end <= len(texts[(section, index)])
        assert texts[(section, index)][start:end] == surface

    for index, start, end, text, parts in result.statements.select(
        "paragraph_index", "char_start", "char_end", "statement_text", "parts"
    ).iter_rows():
        assert 0 <= start < end <= len(paragraphs[index])
        sliced = paragraphs[index][start:end]
        first_part = sliced.split('"')[0].split("”")[0]
        assert sliced == text if parts == 1 else text.startswith(first_part)

    for index, start, end, trigger, sentence_start, sentence_end in result.events.select(
        "paragraph_index", "trigger_start", "trigger_end", "trigger_text", "sentence_start", "sentence_end"
    ).iter_rows():
        assert paragraphs[index][start:end] == trigger
        assert sentence_start <= start < end <= sentence_end <= len(paragraphs[index])

    assert result.publication_dates.height == 1
    FOUND.update(
        examples=FOUND["examples"] + 1,
        mentions=FOUND["mentions"] + result.mentions.height,
        statements=FOUND["statements"] + result.statements.height,
        events=FOUND["events"] + result.events.height,
    )


FOUND = {"examples": 0, "mentions": 0, "statements": 0, "events": 0}


def test_the_fuzzed_texts_did_exercise_every_extractor():
    """Runs after the property test: the generated text made each extractor produce rows."""
    if not FOUND["examples"]:
        pytest.skip("meaningful only in the same session as the property test above")
    assert all(FOUND.values()), FOUND


@settings(max_examples=int(os.environ.get("NEWSWIRE_FUZZ_EXAMPLES", "300")), deadline=None)
@given(
    title=st.text(max_size=80),
    captions=st.lists(st.text(max_size=120), max_size=3),
    paragraphs=st.lists(st.one_of(paragraph, st.text(max_size=200)), max_size=5),
    expression=st.one_of(st.sampled_from(WIRE_PIECES), st.text(max_size=30)),
)
def test_date_inference_never_raises(title, captions, paragraphs, expression):
    published = infer_publication_date(title, captions, paragraphs)
    resolve_time_expression(expression, published.value)
