"""Malformed dumps, generated here: each gives a clear reason, keeps its good stories and loses no byte.

Every case goes through the production path (landed file → DumpReader → chunked parse) with
small chunks, and is compared with a whole-file parse of the bytes the reader delivered.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ingest.landing import (
    DumpChangedError,
    DumpReader,
    FastInflateStumbledError,
    partition_key_for,
    scan_landing,
    still_changing,
    unusable_entries,
)
from ingest.parser import ParsedDump, parse_dump
from ingest.stream import StreamTotals, consume_landed_file, parse_dump_stream, stream_landed_file
from tests.dumps import render, story

GOOD_TITLES = [f"Talks on trade deal resume in round {n} after delay" for n in range(1, 4)]


def good_text() -> str:
    return render([story(title) for title in GOOD_TITLES])


def _binary(size: int) -> bytes:
    return random.Random(size).randbytes(size)


def _with_invalid_utf8() -> bytes:
    data = good_text().encode()
    at = data.index(b"review the agreement", len(data) // 2)
    return data[:at] + b"\xc3\x28\xff\xfe" + data[at:]


def _truncated() -> bytes:
    data = good_text().encode()
    return data[: data.rindex(b"lead to changes") + 7]


def _unbalanced_quotes() -> bytes:
    paragraphs = [
        "“We will not ‘back down’ on this,” the minister said, “and ‘nobody’ will make us.",
        '"They said "no" and "never" again" a spokesman told reporters on Monday.',
        "”Closing marks first“ and an opening mark that never closes: “the end of the talks is near, he said.",
        "It's the ‘Group of 20’ meeting’s final day', officials said.",
    ]
    return render([story(GOOD_TITLES[0], paragraphs=paragraphs), story(GOOD_TITLES[1])]).encode()


def _huge_paragraph() -> bytes:
    sentence = "Officials from both sides met again on Tuesday to discuss the terms of the deal. "
    huge = sentence * (5_000_000 // len(sentence))
    return render([story(GOOD_TITLES[0]), story(GOOD_TITLES[1], paragraphs=[huge, "It ended."])]).encode()


# name → (bytes, stories expected, a word every reason list must contain, encoding)
CASES: dict[str, tuple[bytes, int, str | None, str]] = {
    "empty": (b"", 0, "empty file", "utf-8"),
    "binary garbage": (_binary(200_000), 0, "binary data", "utf-8"),
    "invalid utf-8 in a good dump": (_with_invalid_utf8(), 3, "invalid UTF-8", "utf-8"),
    "utf-16 with byte-order mark": (good_text().encode("utf-16"), 3, "UTF-16", "utf-16-le"),
    "utf-16 without byte-order mark": (good_text().encode("utf-16-be"), 3, "UTF-16", "utf-16-be"),
    "latin-1": (
        good_text().replace("–", "-").replace("“", '"').replace("”", '"').encode("latin-1"),
        3,
        None,
        "utf-8",
    ),
    "latin-1 with accents": (
        good_text().replace("talks", "négociations à Genève").replace("–", "-").encode("cp1252", "replace"),
        3,
        "Windows-1252",
        "cp1252",
    ),
    "one 50 MB line": (b"x" * (50 << 20), 0, "no headline", "utf-8"),
    "truncated mid-paragraph": (_truncated(), 3, "cut off", "utf-8"),
    "no headlines": (
        "\n\n".join(f"MOSCOW (Reuters) - {p}" for p in story().paragraphs).encode(),
        0,
        "no headline",
        "utf-8",
    ),
    "only credit lines": (
        b"(Reporting by Ann Lee; Editing by Bob Ray)\n\n(Writing by Cy Fox in Paris)\n",
        0,
        "no headline",
        "utf-8",
    ),
    "control characters": (
        good_text().replace("review", "re\x00view\x07").encode(),
        3,
        "control character",
        "utf-8",
    ),
    "unbalanced and nested quotes": (_unbalanced_quotes(), 2, None, "utf-8"),
    "huge paragraph": (_huge_paragraph(), 2, None, "utf-8"),
    "garbage after good stories": (good_text().encode() + b"\n\n" + _binary(3000), 3, None, "utf-8"),
}


def _parse_landed(path: Path, chunk_bytes: int = 64 << 10) -> tuple[ParsedDump, StreamTotals]:
    (dump_id, parts), totals = consume_landed_file(
        path, lambda dump_id, chunks, _totals: (dump_id, list(chunks)), chunk_bytes=chunk_bytes
    )
    frames = {
        name: pl.concat([getattr(part, name) for part in parts])
        for name in ("articles", "paragraphs", "credits", "parse_issues")
    }
    return ParsedDump(dump_id, totals.size_bytes, totals.encoding, **frames), totals


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_parsed_with_every_byte_accounted_for(case, tmp_path):
    data, stories, reason_word, encoding = CASES[case]
    path = tmp_path / "dump.txt"
    path.write_bytes(data)

    parsed, totals = _parse_landed(path)

    assert totals.coverage_gaps() == []
    assert parsed.coverage_gaps() == []
    assert totals.size_bytes == len(data)
    assert parsed.articles.height == stories
    assert totals.encoding == encoding
    reasons = parsed.parse_issues["reason"].to_list()
    assert all(reason.strip() for reason in reasons)
    if reason_word:
        assert any(reason_word in reason for reason in reasons), reasons
    if stories == 0:
        assert parsed.parse_issues.filter(pl.col("severity") == "error").height >= 1
    # The chunked parse gives what a whole-file parse gives.
    whole = parse_dump(data, parsed.dump_id)
    for name in ("articles", "paragraphs", "credits", "parse_issues"):
        assert_frame_equal(getattr(parsed, name), getattr(whole, name))


@pytest.mark.parametrize(
    "case", ["invalid utf-8 in a good dump", "control characters", "latin-1 with accents"]
)
def test_good_stories_of_a_partly_bad_dump_keep_their_text(case):
    data, _, _, _ = CASES[case]
    parsed = parse_dump(data)
    assert parsed.articles["title"].to_list() == GOOD_TITLES
    assert parsed.paragraphs.group_by("ordinal").len()["len"].to_list() == [4, 4, 4]


def test_every_paragraph_slices_back_out_of_the_decoded_dump():
    data, _, _, _ = CASES["utf-16 without byte-order mark"]
    parsed = parse_dump(data)
    text = data.decode("utf-16-be")
    for start, end, joined, piece_starts in parsed.paragraphs.select(
        "char_start", "char_end", "text", "piece_char_starts"
    ).iter_rows():
        assert text[start:end].replace("\n", " ").strip().startswith(joined[:40])
        assert piece_starts[0] == start


def test_issues_of_a_huge_paragraph_story_point_into_it():
    parsed = parse_dump(CASES["huge paragraph"][0])
    longest = parsed.paragraphs.sort(pl.col("text").str.len_chars(), descending=True).row(0, named=True)
    assert len(longest["text"]) > 4_000_000
    assert longest["ordinal"] == 2


def _with_flags(member: bytes, flags: int) -> bytes:
    return member[:3] + bytes([flags]) + member[4:]


DAMAGED_GZIP = {
    "reserved header flags": lambda raw: _with_flags(gzip.compress(raw), 0x20),
    "reserved flags in the second member": lambda raw: (
        gzip.compress(raw[:700]) + _with_flags(gzip.compress(raw[700:]), 0x80)
    ),
    "bad checksum": lambda raw: gzip.compress(raw)[:-8] + b"\0\0\0\0" + gzip.compress(raw)[-4:],
    "damaged data": lambda raw: (
        gzip.compress(raw)[:40] + bytes([gzip.compress(raw)[40] ^ 0xFF]) + gzip.compress(raw)[41:]
    ),
    "cut off": lambda raw: gzip.compress(raw)[: len(gzip.compress(raw)) // 2],
    "trailing garbage": lambda raw: gzip.compress(raw) + b"\0\0\0\0",
}


@pytest.mark.parametrize(
    ("compressed", "reason_word", "complete"),
    [
        (lambda raw: gzip.compress(raw), None, True),
        (lambda raw: gzip.compress(raw[:700]) + gzip.compress(raw[700:]), None, True),
        (DAMAGED_GZIP["cut off"], "cut off", False),
        (lambda raw: raw, "not gzip-compressed", True),
        (DAMAGED_GZIP["trailing garbage"], "trailing garbage", True),
    ],
    ids=["whole", "two members", "truncated", "plain text named .gz", "trailing garbage"],
)
def test_compressed_dumps_are_streamed_and_damage_is_recorded(tmp_path, compressed, reason_word, complete):
    raw = good_text().encode()
    path = tmp_path / "dump.txt.gz"
    path.write_bytes(compressed(raw))
    parsed, totals = _parse_landed(path, chunk_bytes=1024)
    assert totals.coverage_gaps() == []
    reasons = parsed.parse_issues["reason"].to_list()
    if reason_word:
        assert any(reason_word in reason for reason in reasons), reasons
    else:
        assert reasons == []
    assert (totals.size_bytes == len(raw)) is complete
    assert parsed.articles.height >= (3 if complete else 1)


@pytest.mark.parametrize("damage", list(DAMAGED_GZIP))
def test_damaged_gzip_is_judged_by_zlib(tmp_path, damage):
    """ISA-L inflates first, but reads some damage zlib refuses (reserved header flags) and may
    pass bytes on before it stumbles: what a landed file parses to must be exactly zlib's bytes
    and problems, and its dump_id the sha256 of the file as landed."""
    path = tmp_path / "dump.txt.gz"
    path.write_bytes(DAMAGED_GZIP[damage](good_text().encode()))
    parsed, _ = _parse_landed(path, chunk_bytes=1024)
    by_zlib = DumpReader(path)
    expected = list(parse_dump_stream(by_zlib.blocks(), parsed.dump_id, 1024, extra_issues=by_zlib.problems))
    assert by_zlib.problems
    assert parsed.dump_id == hashlib.sha256(path.read_bytes()).hexdigest()
    for name in ("articles", "paragraphs", "credits", "parse_issues"):
        assert_frame_equal(getattr(parsed, name), pl.concat([getattr(part, name) for part in expected]))


@pytest.mark.parametrize("damage", ["reserved flags in the second member", "cut off", "trailing garbage"])
def test_isal_stumbling_after_passing_bytes_on_asks_for_a_fresh_read(tmp_path, damage):
    """Bytes ISA-L passed on before it stumbled may differ from zlib's, so the fast reader stops
    and `consume_landed_file` starts over with zlib (checked above)."""
    path = tmp_path / "dump.txt.gz"
    path.write_bytes(DAMAGED_GZIP[damage](good_text().encode()))
    with pytest.raises(FastInflateStumbledError, match="read it again with zlib"):
        b"".join(DumpReader(path, block_bytes=256, fast_inflate=True).blocks())


def test_a_file_replaced_after_it_was_hashed_is_refused(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_bytes(good_text().encode())
    totals = StreamTotals()
    _, chunks = stream_landed_file(path, totals)
    path.write_bytes(good_text().encode() + b"\n\nA late addition\n")
    with pytest.raises(DumpChangedError, match="changed while it was being read"):
        list(chunks)


def test_a_file_that_grows_while_it_is_read_is_refused(tmp_path):
    path = tmp_path / "growing.txt"
    path.write_bytes(good_text().encode())
    reader = DumpReader(path, block_bytes=256)
    blocks = reader.blocks()
    next(blocks)
    with path.open("ab") as handle:
        handle.write(b"\n\nMore text arriving late\n")
    with pytest.raises(DumpChangedError, match="changed while it was being read"):
        list(blocks)


def test_a_file_still_being_written_is_left_for_the_next_scan(tmp_path):
    settled = tmp_path / "settled.txt"
    settled.write_bytes(good_text().encode())
    growing = tmp_path / "growing.txt"
    growing.write_bytes(b"")
    stop = threading.Event()

    def writer() -> None:
        with growing.open("ab") as handle:
            while not stop.is_set():
                handle.write(b"more text\n")
                handle.flush()
                time.sleep(0.05)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        changing = still_changing(scan_landing(tmp_path), watch_seconds=0.5)
    finally:
        stop.set()
        thread.join()
    assert [landed.name for landed in changing] == ["growing.txt"]


def test_odd_names_links_and_folders_in_the_landing_folder(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    elsewhere = tmp_path / "kept elsewhere.txt"
    elsewhere.write_bytes(good_text().encode())
    (landing / "Ünïcode dump with spaces (1).txt").write_bytes(good_text().encode())
    (landing / "linked.txt").symlink_to(elsewhere)
    (landing / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (landing / "folder.txt").mkdir()
    (landing / "notes.csv").write_text("not a dump")

    found = {landed.name: landed for landed in scan_landing(landing)}
    assert set(found) == {"Ünïcode dump with spaces (1).txt", "linked.txt"}
    key = found["Ünïcode dump with spaces (1).txt"].partition_key
    assert key == partition_key_for("Ünïcode dump with spaces (1).txt")
    assert all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in key)
    assert dict(unusable_entries(landing)) == {
        "broken.txt": f"broken symbolic link (points to {tmp_path / 'missing.txt'})",
        "folder.txt": "a directory, not a file",
    }
    parsed, _ = _parse_landed(found["linked.txt"].path)
    assert parsed.articles.height == 3


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.txt", "..\\..\\win.txt", "a/b.txt", ".hidden.txt", "x" * 300 + ".txt", "'; drop.txt"],
)
def test_partition_keys_never_carry_path_or_quote_characters(name):
    key = partition_key_for(name)
    assert key and len(key) <= 120
    assert "/" not in key and "\\" not in key and "'" not in key and not key.startswith(".")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; permissions cannot be tested")
def test_unreadable_files_are_reported_not_loaded(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_bytes(good_text().encode())
    path.chmod(0)
    assert scan_landing(tmp_path) == []
    assert unusable_entries(tmp_path) == [("locked.txt", "not readable (permission denied)")]


def test_a_long_stretch_without_stories_is_emitted_in_pieces_and_later_stories_still_load():
    """Memory stays bounded before the first headline: the preamble is reported chunk by chunk."""
    preamble = "".join(f"log line {n} without any story layout at all\n" for n in range(12_000))
    data = (preamble + "\n" + good_text()).encode()
    totals = StreamTotals()
    blocks = (data[at : at + 4096] for at in range(0, len(data), 4096))
    parts = list(parse_dump_stream(blocks, "dump", chunk_bytes=16 << 10, totals=totals))
    articles = pl.concat([part.articles for part in parts])
    errors = pl.concat([part.parse_issues for part in parts]).filter(pl.col("severity") == "error")
    assert totals.coverage_gaps() == []
    assert articles["title"].to_list() == GOOD_TITLES
    assert errors.height > 1  # the preamble was emitted in several chunks, not buffered whole
    assert errors["byte_end"].max() == articles["byte_start"].min()


@pytest.mark.parametrize("command", ["ui", "docs"])
def test_servers_listen_on_the_loopback_interface_by_default(command):
    from newswire.cli import build_parser

    assert build_parser().parse_args([command]).host == "127.0.0.1"


def test_file_names_with_quotes_are_stored_verbatim_never_spliced_into_sql(tmp_path):
    import duckdb

    from warehouse.load import load_parsed_dump, loaded_partitions

    name = "o'brien\"; drop table raw.articles; --.txt"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        load_parsed_dump(
            con, parse_dump(good_text().encode()), partition_key=partition_key_for(name), file_name=name
        )
        assert loaded_partitions(con)["file_name"].to_list() == [name]
        assert con.execute("select count(*) from raw.articles").fetchone()[0] == 3
