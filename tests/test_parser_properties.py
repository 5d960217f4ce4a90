"""Property tests: whatever the input, every byte lies in exactly one story or one error issue."""

from __future__ import annotations

import hashlib
import os

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ingest.identity import ARTICLE_ID_CHARS, content_hash
from ingest.parser import ParsedDump, parse_dump
from ingest.stream import StreamTotals, parse_dump_stream
from tests.dumps import Story, render

FUZZ = settings(
    max_examples=int(os.environ.get("NEWSWIRE_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def assert_every_byte_accounted_for(parsed: ParsedDump) -> None:
    assert parsed.coverage_gaps() == []
    for start, end in parsed.parse_issues.select("byte_start", "byte_end").iter_rows():
        assert 0 <= start <= end <= parsed.size_bytes


@FUZZ
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise_and_are_covered(data):
    assert_every_byte_accounted_for(parse_dump(data))


LINE_PIECES = st.sampled_from(
    [
        "Title of a story",
        "By Some Body",
        "MOSCOW (Reuters) – Text follows here.",
        "BEIJING China said on Wednesday it would act.",
        "(Reporting by A B; Editing by C D)",
        "(This story has been refiled)",
        "SUBHEAD IN CAPS",
        "“A quote,” he said.",
        "a lower-case continuation of a line",
        "FILE PHOTO: A picture, May 3, 2017. REUTERS/X",
        "",
        " ",
        "\u00a0",
        "\ufeff",
        "\r",
        "\x00\x07",
        "ünïcödé тест 中文",
    ]
)


@FUZZ
@given(
    st.lists(st.one_of(LINE_PIECES, st.text(max_size=80)), max_size=60),
    st.sampled_from(["\n", "\r\n"]),
    st.binary(max_size=4),
    st.integers(min_value=0, max_value=10_000),
)
def test_dump_like_text_with_noise_is_covered(lines, newline, noise, noise_at):
    data = newline.join(lines).encode("utf-8")
    at = noise_at % (len(data) + 1)
    data = data[:at] + noise + data[at:]
    assert_every_byte_accounted_for(parse_dump(data))


WORDS = st.sampled_from(
    "government minister talks border trade deal election court police army rebels vote sanctions "
    "president parliament treaty missile summit ceasefire protest economy".split()
)
SENTENCE = st.lists(WORDS, min_size=8, max_size=30).map(lambda ws: "The " + " ".join(ws) + " said on Monday.")
TITLE = st.lists(WORDS, min_size=3, max_size=9).map(lambda ws: ws[0].capitalize() + " " + " ".join(ws[1:]))
LEADS = st.sampled_from(
    [
        "MOSCOW (Reuters) – ",
        "WASHINGTON (Reuters) - ",
        "BRUSSELS (Reuters) — ",
        "(Reuters) - ",
        "KIEV (Reuters) - ",
    ]
)


@st.composite
def stories(draw) -> Story:
    paragraphs = draw(st.lists(SENTENCE, min_size=1, max_size=6))
    return Story(
        title=draw(TITLE),
        paragraphs=paragraphs,
        lead=draw(LEADS),
        repeat_title=draw(st.booleans()),
        byline=draw(st.sampled_from([None, "By Anna Smith", "By Bo Li and Cy Dee"])),
        subheads={1: "MORE TALKS"} if len(paragraphs) > 2 and draw(st.booleans()) else {},
        closing=draw(
            st.sampled_from([[], ["(Reporting by Ann Lee; Editing by Bo Kim)"], ["(Editing by Cy Dee)"]])
        ),
    )


@FUZZ
@given(
    st.lists(stories(), min_size=1, max_size=6),
    st.sampled_from(["", " ", "\u00a0"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_well_formed_dumps_parse_exactly(story_list, blank, newline):
    parsed = parse_dump(render(story_list, blank=blank, newline=newline).encode("utf-8"))
    assert_every_byte_accounted_for(parsed)
    assert parsed.articles["title"].to_list() == [s.title for s in story_list]
    assert parsed.articles["paragraph_count"].to_list() == [len(s.paragraphs) for s in story_list]
    assert parsed.articles["title_repeated"].to_list() == [s.repeat_title for s in story_list]
    assert parsed.parse_issues.is_empty()


@FUZZ
@given(
    st.lists(st.one_of(LINE_PIECES, st.text(max_size=80)), max_size=80),
    st.integers(min_value=1, max_value=700),
    st.integers(min_value=64, max_value=4096),
)
def test_chunked_parse_equals_whole_parse(lines, block_bytes, chunk_bytes):
    """Streaming a dump in blocks and chunks gives the whole-file parse, row for row."""
    data = "\n".join(lines).encode("utf-8")
    totals = StreamTotals()
    blocks = (data[at : at + block_bytes] for at in range(0, len(data), block_bytes))
    parts = list(parse_dump_stream(blocks, "dump", chunk_bytes=chunk_bytes, totals=totals))
    whole = parse_dump(data, "dump")
    assert totals.coverage_gaps() == []
    assert totals.size_bytes == len(data)
    if totals.blind_cuts:  # >8 chunks without a story were emitted as they parsed; covered above
        return
    for name in ("articles", "paragraphs", "credits"):
        assert_frame_equal(pl.concat([getattr(part, name) for part in parts]), getattr(whole, name))


@FUZZ
@given(st.lists(st.one_of(st.none(), st.text(max_size=40)), max_size=60), st.integers(0, 10))
def test_content_hash_is_the_sha256_of_each_texts_utf8(texts, skip):
    """Ids are read from polars' own string buffers (inline short strings, long ones in data
    buffers, slices of a column): each must be the sha256 of the text's UTF-8, whatever it is."""
    expected = [hashlib.sha256((text or "").encode()).hexdigest()[:ARTICLE_ID_CHARS] for text in texts]
    series = pl.Series("text", texts, dtype=pl.String)
    assert content_hash(series).to_list() == expected
    assert content_hash(series.slice(skip)).to_list() == expected[skip:]
    long_texts = pl.Series([(text or "") * 40 for text in texts], dtype=pl.String)
    chunked = pl.concat([long_texts.slice(0, skip), long_texts.slice(skip)], rechunk=False)
    assert content_hash(chunked).to_list() == [
        hashlib.sha256(((text or "") * 40).encode()).hexdigest()[:ARTICLE_ID_CHARS] for text in texts
    ]
